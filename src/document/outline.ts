import { parse as parseYaml } from "yaml";
import { HEADING_COMMENT_ID } from "./markdown.js";
import { formatOf } from "./model.js";
import { readDocument } from "./read.js";

/**
 * What ranking reads of every docs file: its title, front matter and headings. For Markdown and MDX it comes from
 * one linear pass over the lines (front matter, ATX and setext headings outside fenced code), so an index of
 * thousands of files never builds a syntax tree per file; the full document model is built only for the files
 * that become candidates.
 */
export interface Outline {
  title: string | null;
  frontMatter: Record<string, unknown>;
  /** Heading texts, top-level only, in order, inline markup removed. */
  headings: string[];
}

/** Inline Markdown (outside code spans) reduced to its text: emphasis, links and images, HTML tags, escapes, entities. */
function plainProse(raw: string): string {
  return (
    raw
      // An escaped angle bracket is text, never the start of a tag.
      .replace(/\\</g, "&lt;")
      .replace(/\\>/g, "&gt;")
      .replace(/!?\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)/g, "$1")
      .replace(/<[^<>\n]{0,500}>/g, "")
      .replace(/(\*\*|\*|~~)(?=\S)([^*~\n]{0,500}?\S)\1/g, "$2")
      // `_` and `__` are emphasis only at word edges (`UV_LOG_LEVEL` keeps its underscores).
      .replace(/(?<![\p{L}\p{N}_])(__|_)(?=\S)([^_\n]{0,500}?\S)\1(?![\p{L}\p{N}_])/gu, "$2")
      .replace(/\\([!-/:-@[-`{-~])/g, "$1")
      .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (m, e: string) => {
        const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: " " };
        if (e[0] !== "#") return named[e.toLowerCase()] ?? m;
        const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      })
  );
}

/** A heading's text as the document model reads it: code spans kept as they are, the rest reduced to text. */
export function plainHeading(raw: string): string {
  const line = raw
    .slice(0, 1000)
    .replace(/\s+#+\s*$/, "")
    .replace(/\s*\{#[\w-]+\}\s*$/, "")
    .replace(HEADING_COMMENT_ID, "");
  let out = "";
  let at = 0;
  // Code spans (a run of backticks up to the same run) are text as they are.
  for (const m of line.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    out += plainProse(line.slice(at, m.index)) + (m[2] ?? "").replace(/^ (.*) $/, "$1");
    at = m.index + m[0].length;
  }
  return (out + plainProse(line.slice(at))).replace(/\s+/g, " ").trim();
}

const asObject = (data: unknown): Record<string, unknown> =>
  data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};

/** The outline of a Markdown or MDX file, in one pass over its lines. */
function markdownOutline(text: string): Outline {
  const lines = text.split("\n");
  let i = 0;
  let frontMatter: Record<string, unknown> = {};
  if (/^---\s*$/.test(lines[0] ?? "")) {
    const end = lines.findIndex((l, n) => n > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) {
      try {
        frontMatter = asObject(parseYaml(lines.slice(1, end).join("\n")));
      } catch {
        frontMatter = {};
      }
      i = end + 1;
    }
  }
  const headings: Array<{ depth: number; text: string }> = [];
  let fence: string | null = null;
  let paragraph: string | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (fence !== null) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length) fence = null;
      continue;
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open?.[1]) {
      fence = open[1];
      paragraph = null;
      continue;
    }
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(line);
    if (atx?.[1]) {
      headings.push({ depth: atx[1].length, text: plainHeading(atx[2] ?? "") });
      paragraph = null;
      continue;
    }
    const setext = /^ {0,3}(=+|-+)\s*$/.exec(line);
    if (setext?.[1] && paragraph !== null) {
      headings.push({ depth: setext[1][0] === "=" ? 1 : 2, text: plainHeading(paragraph) });
      paragraph = null;
      continue;
    }
    // A paragraph line can become a setext heading; list items, quotes, tables, HTML and indented code cannot.
    paragraph =
      line.trim() && !/^( {4}|\t| {0,3}([-*+>|<]|\d{1,9}[.)])(\s|$))/.test(line) ? line.trim() : null;
  }
  const fmTitle = typeof frontMatter.title === "string" ? frontMatter.title : null;
  return {
    title: fmTitle ?? headings.find((h) => h.depth === 1)?.text ?? null,
    frontMatter,
    headings: headings.map((h) => h.text).filter(Boolean),
  };
}

/** The outline of a docs file of any supported format. The reStructuredText and AsciiDoc readers are one pass. */
export function outlineOf(path: string, text: string): Outline {
  const format = formatOf(path);
  if (format === "markdown" || format === "mdx") return markdownOutline(text);
  const doc = readDocument(path, text);
  return {
    title: doc.title,
    frontMatter: doc.frontMatter,
    headings: doc.sections.filter((s) => s.depth > 0).map((s) => s.heading),
  };
}
