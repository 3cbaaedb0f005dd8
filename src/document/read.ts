import { readAsciidoc } from "./asciidoc.js";
import { readMarkdown } from "./markdown.js";
import { type DocModel, formatOf } from "./model.js";
import { readRst } from "./rst.js";

export {
  blockEnd,
  type DocFormat,
  type DocModel,
  formatOf,
  lineSlicer,
  type Section,
  sliceLines,
} from "./model.js";

/** Reads a docs file of any supported format (Markdown, MDX, reStructuredText, AsciiDoc) into the document model. */
export function readDocument(path: string, text: string): DocModel {
  const format = formatOf(path);
  if (format === "rst") return readRst(text);
  if (format === "asciidoc") return readAsciidoc(text, path);
  return readMarkdown(text, format);
}
