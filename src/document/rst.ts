import { closeSections, type DocLink, type DocModel, type Section } from "./model.js";

/**
 * reStructuredText as Sphinx docs use it, read into the document model: section titles by their adornment
 * (underline, or overline and underline, of one punctuation character; levels in order of first use), `.. _label:`
 * targets set on the title that follows them, `:orphan:`-style field lists before the first title as front
 * matter, and top-level blocks (paragraphs, lists, directives with their indented bodies, literal blocks). One
 * pass over the lines; no regular expression backtracks.
 */

const ADORNMENT_CHARS = "=-`:.'\"~^_*+#<>";
const LABEL = /^\.\. _([^:`]{1,200}):\s*$/;
const FIELD = /^:([\w-]{1,60}):\s*(.*)$/;

const isAdornment = (line: string) => {
  const t = line.trimEnd();
  if (t.length < 3 || !ADORNMENT_CHARS.includes(t[0] ?? "")) return false;
  for (const ch of t) if (ch !== t[0]) return false;
  return true;
};

const blank = (line: string | undefined) => line === undefined || line.trim() === "";

/** docutils' id of a title: lower case, runs of anything but letters and digits as one `-`. */
export const docutilsId = (title: string) =>
  title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");

/** Inline markup dropped from a title: ``code``, *emphasis*, :role:`text`, `link <url>`_. */
export const plainTitle = (title: string) =>
  title
    .replace(/:[\w:+-]+:`([^`]*)`/g, "$1")
    .replace(/`([^`<]*?)\s*<[^>]*>`_{1,2}/g, "$1")
    .replace(/``([^`]*)``/g, "$1")
    .replace(/`([^`]*)`_{0,2}/g, "$1")
    .replace(/\*\*?([^*]+)\*\*?/g, "$1")
    .trim();

interface Title {
  /** 0-based line of the title text. */
  textLine: number;
  /** 0-based first line (the overline when there is one). */
  startLine: number;
  style: string;
  text: string;
}

function titles(lines: string[]): Title[] {
  const out: Title[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const prev = lines[i - 1] ?? "";
    // Indented text (directive bodies, literal blocks, quotes) holds no section titles.
    if (/^\s/.test(prev) || blank(prev) || !isAdornment(line) || isAdornment(prev)) continue;
    const char = line.trim()[0] ?? "";
    const over = lines[i - 2];
    const overlined = over !== undefined && isAdornment(over) && over.trim()[0] === char;
    const beforeTitle = overlined ? lines[i - 3] : over;
    if (!blank(beforeTitle) && !overlined) continue;
    if (line.trimEnd().length < prev.trimEnd().length && !overlined) continue;
    out.push({
      textLine: i - 1,
      startLine: overlined ? i - 2 : i - 1,
      style: `${overlined ? "o" : "u"}${char}`,
      text: plainTitle(prev.trim()),
    });
  }
  return out;
}

function blocksOf(lines: string[], skip: Set<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < lines.length) {
    if (blank(lines[i]) || skip.has(i) || /^\s/.test(lines[i] ?? "")) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    i++;
    // A block runs to the last line before a blank line followed by an unindented line (or a title).
    while (i < lines.length && !skip.has(i)) {
      if (blank(lines[i])) {
        let j = i;
        while (j < lines.length && blank(lines[j])) j++;
        if (j >= lines.length || !/^\s/.test(lines[j] ?? "")) break;
        i = j;
        continue;
      }
      end = i;
      i++;
    }
    out.push([start + 1, end + 1]);
  }
  return out;
}

export function readRst(source: string): DocModel {
  const lines = source.split("\n");
  const lineCount = lines.length;
  const found = titles(lines);
  const levels: string[] = [];
  const heads = found.map((t) => {
    if (!levels.includes(t.style)) levels.push(t.style);
    return { ...t, depth: levels.indexOf(t.style) + 1 };
  });
  const skip = new Set<number>();
  for (const h of heads) for (let l = h.startLine; l <= h.textLine + 1; l++) skip.add(l);
  const sections: Section[] = [];
  const stack: Section[] = [];
  const used = new Map<string, number>();
  heads.forEach((h, i) => {
    const nextAny = heads[i + 1];
    // Labels written right above the title (blank lines and other labels between are allowed).
    const labels: string[] = [];
    for (let l = h.startLine - 1; l >= 0; l--) {
      const line = lines[l] ?? "";
      if (blank(line)) continue;
      const m = LABEL.exec(line.trim());
      if (!m?.[1]) break;
      labels.unshift(m[1].trim().toLowerCase().replace(/\s+/g, "-"));
    }
    const base = docutilsId(h.text) || `section-${i + 1}`;
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    const slug = n ? `${base}-${n}` : base;
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= h.depth) stack.pop();
    const section: Section = {
      depth: h.depth,
      heading: h.text,
      slug,
      ids: [...new Set([slug, ...labels])],
      startLine: h.startLine + 1,
      endLine: lineCount,
      bodyEndLine: nextAny ? nextAny.startLine : lineCount,
      parents: stack.map((s) => s.heading),
    };
    stack.push(section);
    sections.push(section);
  });
  closeSections(sections, lineCount);
  const frontMatter: Record<string, unknown> = {};
  const firstHead = heads[0]?.startLine ?? lineCount;
  for (let l = 0; l < firstHead; l++) {
    const m = FIELD.exec(lines[l] ?? "");
    if (m?.[1]) frontMatter[m[1]] = m[2] ?? "";
  }
  const blocks = blocksOf(lines, skip);
  // Labels and `:field:` lines before the first title are metadata, not an introduction.
  const firstBlock = blocks.find(([start]) => {
    const line = (lines[start - 1] ?? "").trim();
    return !LABEL.test(line) && !FIELD.test(line);
  });
  if (firstBlock && firstBlock[0] - 1 < firstHead && heads.length) {
    sections.unshift({
      depth: 0,
      heading: "(introduction)",
      slug: "",
      ids: [],
      startLine: firstBlock[0],
      endLine: firstHead,
      bodyEndLine: firstHead,
      parents: [],
    });
  }
  return {
    format: "rst",
    frontMatter,
    title: sections.find((s) => s.depth === 1)?.heading ?? null,
    sections,
    lineCount,
    blocks,
    links: linksOf(lines),
  };
}

const HYPERLINK = /`([^`<]{0,200}?)\s*<([^<>`\s]{1,500})>`__?/g;
const ROLE = /:(ref|doc):`([^`<]{0,200}?)(?:\s*<([^<>`]{1,300})>)?`/g;
const TARGET = /^\.\. _([^:`]{1,200}):\s+(\S{1,500})$/;

/** Links of an rst file: `text <url>`_, :ref:`label` / :doc:`path` roles, and `.. _name: url` targets. */
function linksOf(lines: string[]): DocLink[] {
  const out: DocLink[] = [];
  lines.forEach((raw, i) => {
    if (out.length >= 5_000 || raw.length > 2_000) return;
    for (const m of raw.matchAll(HYPERLINK)) out.push({ line: i + 1, text: m[1] ?? "", target: m[2] ?? "" });
    for (const m of raw.matchAll(ROLE))
      out.push({ line: i + 1, text: m[2] ?? "", target: m[3] ?? m[2] ?? "" });
    const t = TARGET.exec(raw.trim());
    if (t) out.push({ line: i + 1, text: t[1] ?? "", target: t[2] ?? "" });
  });
  return out;
}

/** The adornment a new section at `depth` would use in this file, or null when the file has no such level. */
export function adornmentFor(source: string, depth: number): { char: string; overline: boolean } | null {
  const levels: string[] = [];
  for (const t of titles(source.split("\n"))) if (!levels.includes(t.style)) levels.push(t.style);
  const style = levels[depth - 1];
  return style ? { char: style.slice(1), overline: style.startsWith("o") } : null;
}

/**
 * Section titles, labels and directives of a file: what a patch must not break (a title whose underline became
 * too short, or a lost adornment, is no title any more).
 */
export function rstStructure(source: string) {
  const lines = source.split("\n");
  let labels = 0;
  let directives = 0;
  for (const line of lines) {
    const t = line.trim();
    if (LABEL.test(t)) labels++;
    else if (t.startsWith(".. ") && t.includes("::")) directives++;
  }
  return { titles: titles(lines).length, labels, directives };
}
