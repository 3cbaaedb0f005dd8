import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { asciidocStructure } from "../document/asciidoc.js";
import { parseMarkdown } from "../document/markdown.js";
import { formatOf } from "../document/read.js";
import { rstStructure } from "../document/rst.js";
import { NAV_FILE } from "../locate/nav.js";
import { isDocFile, trimSlashes } from "../site/model.js";

/** Paths a docs patch may never touch, whatever a model or an issue asks for. */
const FORBIDDEN = [
  /(^|\/)\.github\//i,
  /(^|\/)\.git(\/|$)/i,
  /(^|\/)(package(-lock)?\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?)$/i,
  /(^|\/)\.[^/]+rc(\.\w+)?$/i,
  /(^|\/)(node_modules|vendor)\//i,
];
/** Modules whose docstrings an API page renders (autodoc, mkdocstrings): patched only inside their docstrings. */
const DOCSTRING_SOURCE = /\.py$/i;

/**
 * Why a patch may not touch `path`, or null when it may: only documentation files docgap itself mapped,
 * under `docs.root`, never workflows, manifests or anything else.
 */
export function pathRefusal(path: string, mapped: ReadonlySet<string>, root: string): string | null {
  const clean = trimSlashes(root);
  if (!path || path.startsWith("/") || path.split("/").some((s) => s === ".." || s === "."))
    return "not a plain relative path";
  if (FORBIDDEN.some((re) => re.test(path))) return "docgap never changes this kind of file";
  // A module docgap resolved as the source of an API page: its docstrings are docs (checked by formatRefusal).
  if (DOCSTRING_SOURCE.test(path) && mapped.has(path)) return null;
  // A site config or sidebar whose navigation entry docgap found broken: that one line (checked by formatRefusal).
  if (NAV_FILE.test(path) && mapped.has(path)) return null;
  if (!isDocFile(path)) return "not a Markdown, MDX, reStructuredText or AsciiDoc documentation file";
  if (clean && !path.startsWith(`${clean}/`)) return `outside docs.root (${clean})`;
  if (!mapped.has(path)) return "not one of the files docgap resolved for this issue";
  return null;
}

const mdx = unified().use(remarkParse).use(remarkMdx);

const fences = (text: string) => (text.match(/^\s{0,3}(```|~~~)/gm) ?? []).length;

/**
 * Why the patched file is not valid in its format any more, or null when it still reads as before: MDX still
 * parses, no code fence left open, no heading lost; in reStructuredText no section title (a too-short underline
 * is no title), `.. _label:` target or directive lost.
 */
export function formatRefusal(path: string, before: string, after: string): string | null {
  if (NAV_FILE.test(path))
    return oneLineChanged(before, after) ? null : "the patch changes more than one line of a site config";
  if (DOCSTRING_SOURCE.test(path))
    return onlyDocstrings(before, after) ? null : "the patch changes code, not only a docstring";
  if (formatOf(path) === "rst") {
    const [was, now] = [rstStructure(before), rstStructure(after)];
    if (now.titles < was.titles) return "the patch removes or breaks a section title";
    if (now.labels < was.labels) return "the patch removes a label other pages may link to";
    if (now.directives < was.directives) return "the patch breaks a directive";
    return null;
  }
  if (formatOf(path) === "asciidoc") {
    const [was, now] = [asciidocStructure(before), asciidocStructure(after)];
    if (now.titles < was.titles) return "the patch removes a section title";
    if (now.anchors < was.anchors) return "the patch removes an anchor other pages may link to";
    if (now.open && !was.open) return "the patch leaves a delimited block open";
    return null;
  }
  if (/\.mdx$/i.test(path)) {
    // Compared with the file before, as the fence check is: a file the strict MDX parser already rejects (a
    // Docusaurus heading id `{#id}` is an expression to it) is not made worse by a patch that leaves it so.
    const parses = (text: string) => {
      try {
        mdx.parse(text);
        return null;
      } catch (err) {
        return (err as Error).message.split("\n")[0] ?? "parse error";
      }
    };
    const now = parses(after);
    if (now !== null && parses(before) === null) {
      return `the patched MDX does not parse: ${now}`;
    }
  }
  if (fences(after) % 2 !== fences(before) % 2) return "the patch leaves a code fence open";
  const headings = (t: string) => parseMarkdown(t).children.filter((n) => n.type === "heading").length;
  if (headings(after) < headings(before)) return "the patch removes headings";
  return null;
}

/** 0-based lines inside a triple-quoted string (its delimiter lines included). Linear. */
function docstringLines(lines: string[]): boolean[] {
  let open: string | null = null;
  return lines.map((line) => {
    let inside = open !== null;
    for (const m of line.matchAll(/"""|'''/g)) {
      inside = true;
      if (open === null) open = m[0];
      else if (open === m[0]) open = null;
    }
    return inside;
  });
}

/** Whether the two texts differ in exactly one line, replaced in place. */
function oneLineChanged(before: string, after: string): boolean {
  const [a, b] = [before.split("\n"), after.split("\n")];
  return a.length === b.length && a.filter((l, i) => l !== b[i]).length === 1;
}

/** Whether every line that differs between the two texts lies inside a docstring, before and after. */
function onlyDocstrings(before: string, after: string): boolean {
  const [a, b] = [before.split("\n"), after.split("\n")];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  const [inA, inB] = [docstringLines(a), docstringLines(b)];
  for (let i = start; i <= endA; i++) if (!inA[i]) return false;
  for (let i = start; i <= endB; i++) if (!inB[i]) return false;
  return true;
}
