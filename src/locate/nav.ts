import type { DocLink } from "../document/model.js";

/** Site configs and sidebar files that hold the navigation. */
export const NAV_FILE =
  /(?:^|\/)(?:mkdocs\.ya?ml|sidebars?\.(?:js|cjs|mjs|ts|json)|(?:docusaurus|astro)\.config\.(?:m?[jt]s|cjs)|\.vitepress\/config(?:\/index)?\.(?:m?[jt]s|cts))$/i;

/** `- Label: path.md` or `- path.md` in a YAML nav (MkDocs). */
const YAML_ENTRY =
  /^\s*-\s+(?:["']?([^:"'#\n]{1,120}?)["']?\s*:\s+)?["']?([^\s"'#:]{1,300}\.(?:md|markdown|ipynb)|https?:\/\/[^\s"']{1,300})["']?\s*$/i;
/** `{ text: 'Label', link: '/guide/x' }` (VitePress), `{ label: 'Label', link: '/x' }` (Starlight), `href` (Docusaurus). */
const JS_ENTRY =
  /\b(?:text|label)\s*:\s*(["'`])([^"'`\n]{1,120})\1[^{}\n]{0,200}?\b(?:link|href|to)\s*:\s*(["'`])([^"'`\n]{1,300})\3/;

/**
 * The navigation entries of a site config or sidebar file, as links: label, target and 1-based line. YAML: the
 * `nav:` block only; JavaScript and JSON: `{ text | label, link | href | to }` objects written on one line.
 */
export function navEntries(path: string, text: string): DocLink[] {
  const out: DocLink[] = [];
  const lines = text.slice(0, 500_000).split("\n");
  if (/\.ya?ml$/i.test(path)) {
    const start = lines.findIndex((l) => /^nav\s*:\s*$/.test(l));
    if (start < 0) return out;
    for (let i = start + 1; i < lines.length && out.length < 500; i++) {
      const line = lines[i] ?? "";
      if (line.trim() && !/^\s/.test(line)) break;
      const m = YAML_ENTRY.exec(line.slice(0, 500));
      if (m?.[2]) out.push({ line: i + 1, text: (m[1] ?? "").trim(), target: m[2] });
    }
    return out;
  }
  for (const [i, raw] of lines.entries()) {
    const m = JS_ENTRY.exec(raw.slice(0, 1000));
    if (m?.[2] && m[4]) out.push({ line: i + 1, text: m[2], target: m[4] });
    if (out.length >= 500) break;
  }
  return out;
}
