import type { DocLink } from "../document/model.js";
import { readDocument } from "../document/read.js";

/** Site configs and sidebar files that hold the navigation. */
export const NAV_FILE =
  /(?:^|\/)(?:mkdocs\.ya?ml|sidebars?\.(?:js|cjs|mjs|ts|json)|(?:docusaurus|astro)\.config\.(?:m?[jt]s|cjs)|\.vitepress\/config(?:\/index)?\.(?:m?[jt]s|cts)|_?data\/[\w-]*(?:nav|menu|sidebar|toc)[\w-]*\.ya?ml|menus?\.(?:[a-z]{2}\.)?ya?ml|nav\.adoc)$/i;

/** `- Label: path.md` or `- path.md` in a YAML nav (MkDocs). */
const YAML_ENTRY =
  /^\s*-\s+(?:["']?([^:"'#\n]{1,120}?)["']?\s*:\s+)?["']?([^\s"'#:]{1,300}\.(?:md|markdown|ipynb)|https?:\/\/[^\s"']{1,300})["']?\s*$/i;
/** A YAML item's label key (`- title: Install`) and, within the next lines, its target key (`url: /docs/install/`). */
const YAML_LABEL = /^\s*-?\s*(?:title|text|label|name)\s*:\s*["']?([^"'#\n]{1,120}?)["']?\s*$/i;
const YAML_TARGET = /^\s*-?\s*(?:url|link|href|path|pageRef)\s*:\s*["']?([^\s"'#]{1,300})["']?\s*$/i;

/** `{ text: 'Label', link: '/guide/x' }` (VitePress), `{ label: 'Label', link: '/x' }` (Starlight), `to`/`href` (Docusaurus). */
const JS_LABEL = /\b(?:text|label)\s*:\s*(["'`])([^"'`\n]{1,120})\1/;
const JS_TARGET = /\b(?:link|href|to)\s*:\s*(["'`])([^"'`\n]{1,300})\1/;

/**
 * The navigation entries of a site config or sidebar file, as links: label, target and 1-based line. YAML: the
 * `nav:` block, or navigation data; JavaScript and JSON: `{ text | label, link | href | to }` objects, on one line
 * or with the label and the target on lines of their own.
 */
export function navEntries(path: string, text: string): DocLink[] {
  // An Antora module's `nav.adoc`: its `xref:`s, as paths from the file, and its URLs.
  if (/\.adoc$/i.test(path)) return readDocument(path, text.slice(0, 500_000)).links.slice(0, 500);
  const out: DocLink[] = [];
  const lines = text.slice(0, 500_000).split("\n");
  if (/\.ya?ml$/i.test(path)) {
    const start = lines.findIndex((l) => /^nav\s*:\s*$/.test(l));
    // Navigation data (Jekyll `_data/navigation.yml`, Hugo menus): items with a label and a target.
    if (start < 0) return yamlItems(lines);
    for (let i = start + 1; i < lines.length && out.length < 500; i++) {
      const line = lines[i] ?? "";
      if (line.trim() && !/^\s/.test(line)) break;
      const m = YAML_ENTRY.exec(line.slice(0, 500));
      if (m?.[2]) out.push({ line: i + 1, text: (m[1] ?? "").trim(), target: m[2] });
    }
    return out;
  }
  // A label and a target of one object: on one line in either order (`{ to: '/x', label: 'X' }`), or
  // formatted on lines of their own, at most three apart.
  let label: { text: string; line: number } | null = null;
  let target: { value: string; line: number } | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.slice(0, 1000);
    const named = JS_LABEL.exec(line)?.[2];
    const link = JS_TARGET.exec(line)?.[2];
    if (named) label = { text: named, line: i };
    if (link) target = { value: link, line: i };
    if (label && target && Math.abs(label.line - target.line) <= 3 && (named || link)) {
      out.push({ line: target.line + 1, text: label.text, target: target.value });
      label = null;
      target = null;
    }
    if (out.length >= 500) break;
  }
  return out;
}

/** Items of navigation data: each target key, with the label key just above it in its item, if any. */
function yamlItems(lines: string[]): DocLink[] {
  const out: DocLink[] = [];
  let label: { text: string; line: number } | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.slice(0, 500);
    const named = YAML_LABEL.exec(line)?.[1];
    if (named) label = { text: named.trim(), line: i };
    const target = YAML_TARGET.exec(line)?.[1];
    if (!target) continue;
    out.push({ line: i + 1, text: label && i - label.line <= 3 ? label.text : "", target });
    label = null;
    if (out.length >= 500) break;
  }
  return out;
}
