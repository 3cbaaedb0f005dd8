import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { type ConfigProblem, type Locate, nowhere } from "./problems.js";

/** Most bytes of one config file: a config is a few hundred bytes; more is refused before YAML reads it. */
export const MAX_CONFIG_BYTES = 64 * 1024;

const lineOf = (text: string, line: number) => {
  const found = text.split("\n", line)[line - 1];
  return found === undefined ? null : found.slice(0, 120).trimEnd();
};

export type ConfigText = { ok: true; raw: unknown; locate: Locate } | { ok: false; errors: ConfigProblem[] };

/** Reads a config file's YAML: syntax errors with their line and column, and a locator for schema errors. */
export function readConfigText(text: string): ConfigText {
  if (text.length > MAX_CONFIG_BYTES)
    return {
      ok: false,
      errors: [
        {
          key: null,
          message: `the file is over ${MAX_CONFIG_BYTES} bytes`,
          line: null,
          column: null,
          excerpt: null,
        },
      ],
    };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col, excerpt: lineOf(text, line) };
  };
  if (doc.errors.length)
    return {
      ok: false,
      errors: doc.errors.slice(0, 5).map((e) => ({
        key: null,
        message: `not valid YAML: ${(e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
        ...at(e.pos[0]),
      })),
    };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return {
      ok: false,
      errors: [
        {
          key: null,
          message: `not valid YAML: ${(err as Error).message.split("\n")[0]}`,
          line: null,
          column: null,
          excerpt: null,
        },
      ],
    };
  }
  const locate: Locate = (path) => {
    let node: unknown = doc.contents;
    let place: [number, number, number] | undefined = (doc.contents as Node | null)?.range ?? undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === part);
        if (!pair) break;
        place = (isScalar(pair.key) ? pair.key.range : undefined) ?? place;
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        node = node.items[part];
        place = (node as Node | undefined)?.range ?? place;
      } else break;
    }
    return place ? at(place[0]) : nowhere(path);
  };
  return { ok: true, raw, locate };
}
