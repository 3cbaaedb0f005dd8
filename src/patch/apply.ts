import { blockEnd, readDocument, type Section } from "../document/read.js";
import { adornmentFor } from "../document/rst.js";
import type { Edit } from "../types/patch.js";

export type Applied = { ok: true; text: string } | { ok: false; reason: string };

const norm = (s: string) =>
  s
    .replace(/[`*_]/g, "")
    .replace(/\s*\{#[\w-]+\}\s*$/, "")
    .trim()
    .toLowerCase();

/** The section whose heading is `heading` (ignoring case, inline code and emphasis marks). */
export function findSection(sections: Section[], heading: string | null): Section | undefined {
  if (!heading) return undefined;
  const want = norm(heading.replace(/^#+\s*/, ""));
  return sections.find((s) => s.depth > 0 && norm(s.heading) === want);
}

/** Inserts a block after 1-based line `after`, with one blank line on each side. */
function insertBlock(lines: string[], after: number, block: string): string[] {
  const head = lines.slice(0, after);
  const tail = lines.slice(after);
  while (head.length && head[head.length - 1]?.trim() === "") head.pop();
  while (tail.length && tail[0]?.trim() === "") tail.shift();
  const body = block.replace(/^\n+|\n+$/g, "").split("\n");
  return [...head, ...(head.length ? [""] : []), ...body, ...(tail.length ? ["", ...tail] : [""])];
}

/**
 * Where a passage is in the text: verbatim, or else with any run of whitespace standing for any other (a model
 * re-wraps lines and drops indentation). Gives the count of matches and the first one's offsets.
 */
const occurrences = (text: string, find: string): { count: number; start: number; end: number } => {
  let count = 0;
  let at = text.indexOf(find);
  const first = at;
  while (at !== -1) {
    count++;
    at = text.indexOf(find, at + find.length);
  }
  if (count > 0) return { count, start: first, end: first + find.length };
  const words = find
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const loose = [...text.matchAll(new RegExp(words.join("\\s+"), "g"))];
  const hit = loose[0];
  return hit?.index === undefined
    ? { count: 0, start: -1, end: -1 }
    : { count: loose.length, start: hit.index, end: hit.index + hit[0].length };
};

const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

/** Applies one edit to a file's text. Anchors must be in the file as it is; nothing is guessed. */
export function applyEdit(text: string, edit: Edit): Applied {
  const fresh = edit.text.replace(/\r\n?/g, "\n").trimEnd();
  if (!fresh.trim() && edit.kind !== "replace") return { ok: false, reason: "the edit adds no text" };
  if (edit.kind === "replace" || edit.kind === "insert-after") {
    if (!edit.find?.trim()) return { ok: false, reason: `${edit.kind} needs a passage to find` };
    const { count, start, end: stop } = occurrences(text, edit.find);
    if (count === 0) return { ok: false, reason: "the passage to anchor on is not in the file verbatim" };
    if (count > 1) return { ok: false, reason: `the passage to anchor on is in the file ${count} times` };
    if (edit.kind === "replace") {
      return { ok: true, text: text.slice(0, start) + fresh + text.slice(stop) };
    }
    const end = blockEnd(readDocument(edit.path, text), lineOf(text, stop - 1));
    return { ok: true, text: insertBlock(text.split("\n"), end, fresh).join("\n") };
  }
  const doc = readDocument(edit.path, text);
  const { sections } = doc;
  const section = findSection(sections, edit.heading);
  if (!section) return { ok: false, reason: `no heading "${edit.heading ?? ""}" in the file` };
  const lines = text.split("\n");
  switch (edit.kind) {
    case "insert-after-heading":
      return { ok: true, text: insertBlock(lines, section.startLine, fresh).join("\n") };
    case "append-to-section":
      return { ok: true, text: insertBlock(lines, section.bodyEndLine, fresh).join("\n") };
    case "append-subsection": {
      const title = edit.title?.replace(/^#+\s*/, "").trim();
      if (!title) return { ok: false, reason: "append-subsection needs a title" };
      const depth = Math.min(6, Math.max(2, section.depth + 1));
      let heading = `${"#".repeat(depth)} ${title}`;
      if (doc.format === "asciidoc") heading = `${"=".repeat(depth)} ${title}`;
      if (doc.format === "rst") {
        // A new rst title uses the adornment the file already uses at that level; none is invented.
        const style = adornmentFor(text, section.depth + 1);
        if (!style)
          return { ok: false, reason: `the file has no title level below "${section.heading}" to follow` };
        const rule = style.char.repeat(Math.max(title.length, 3));
        heading = style.overline ? `${rule}\n${title}\n${rule}` : `${title}\n${rule}`;
      }
      const block = `${heading}\n\n${fresh}`;
      return { ok: true, text: insertBlock(lines, section.endLine, block).join("\n") };
    }
  }
}
