/** The document model every docs format is read into: sections with 1-based line ranges, anchors, blocks. */

export type DocFormat = "markdown" | "mdx" | "rst" | "asciidoc";

export interface Section {
  /** 1 for the page title; 0 for the introduction before the first heading. */
  depth: number;
  heading: string;
  /** The heading's own anchor (GitHub-style slug, `{#custom-id}`, or docutils id). */
  slug: string;
  /** Every anchor that leads to the section: its slug, and labels set on it (`.. _label:`, `<a id>`). */
  ids: string[];
  /** 1-based line where the heading starts (its overline, for an overlined rst title). */
  startLine: number;
  /** 1-based last line of the section (before the next heading of the same or a higher level). */
  endLine: number;
  /** 1-based last line before the first sub-heading. */
  bodyEndLine: number;
  /** Headings above this one, outermost first. */
  parents: string[];
}

export interface DocModel {
  format: DocFormat;
  frontMatter: Record<string, unknown>;
  title: string | null;
  sections: Section[];
  lineCount: number;
  /** Top-level blocks (paragraphs, lists, code, directives) as 1-based inclusive line ranges, in order. */
  blocks: Array<[number, number]>;
  /** Links written in the file: `[text](target)`, rst `` `text <target>`_ `` and `:ref:`/`:doc:` roles. */
  links: DocLink[];
}

export interface DocLink {
  /** 1-based line. */
  line: number;
  text: string;
  target: string;
}

/**
 * Sets each section's `endLine` to the line before the next heading of the same or a higher level (the last
 * line when none follows), in one pass: a file with tens of thousands of headings stays linear.
 */
export function closeSections(sections: Section[], lineCount: number): void {
  const open: Section[] = [];
  for (const s of sections) {
    if (s.depth === 0) continue;
    while (open.length && (open[open.length - 1]?.depth ?? 0) >= s.depth) {
      const done = open.pop() as Section;
      done.endLine = s.startLine - 1;
    }
    open.push(s);
  }
  for (const s of open) s.endLine = lineCount;
}

/** The format a docs file is written in, by its extension. */
export const formatOf = (path: string): DocFormat =>
  /\.rst$/i.test(path)
    ? "rst"
    : /\.mdx$/i.test(path)
      ? "mdx"
      : /\.(adoc|asciidoc)$/i.test(path)
        ? "asciidoc"
        : "markdown";

/** 1-based last line of the top-level block that holds `line` (the line itself when none does). */
export const blockEnd = (doc: Pick<DocModel, "blocks">, line: number): number =>
  doc.blocks.find(([start, end]) => start <= line && line <= end)?.[1] ?? line;

/** The lines `start..end` (1-based, inclusive) of a text. */
/**
 * Slices of one text by line range, the text split once: a loop over every section of a page stays linear in
 * the page (a page of 12,000 headings is not split 12,000 times).
 */
export function lineSlicer(source: string): (start: number, end: number) => string {
  const lines = source.split("\n");
  return (start, end) => lines.slice(Math.max(0, start - 1), Math.max(0, end)).join("\n");
}

export const sliceLines = (source: string, start: number, end: number): string =>
  source
    .split("\n")
    .slice(start - 1, end)
    .join("\n");
