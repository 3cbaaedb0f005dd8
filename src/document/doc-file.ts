import { tokenize } from "../text/prose.js";
import { type Outline, outlineOf } from "./outline.js";
import { type DocModel, readDocument } from "./read.js";

/** A docs source file: its outline and terms for ranking; its document model built on first use. */
export interface DocFile {
  path: string;
  text: string;
  /** Title, front matter and headings, read in one pass (what ranking needs of every file). */
  outline: Outline;
  /** The full document model (sections, blocks, links), parsed when first read: for candidates only. */
  readonly doc: DocModel;
  /** Term frequencies of the whole file. */
  terms: Map<string, number>;
  length: number;
}

/** A docs file with a lazily parsed document model. */
export function docFileOf(
  path: string,
  text: string,
  known: { outline: Outline; terms: Map<string, number>; length: number },
): DocFile {
  let doc: DocModel | null = null;
  return {
    path,
    text,
    outline: known.outline,
    get doc() {
      doc ??= readDocument(path, text);
      return doc;
    },
    terms: known.terms,
    length: known.length,
  };
}

export function toDocFile(path: string, text: string): DocFile {
  const tokens = tokenize(text);
  const terms = new Map<string, number>();
  for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
  return docFileOf(path, text, { outline: outlineOf(path, text), terms, length: tokens.length });
}
