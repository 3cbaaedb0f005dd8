import { editDistance } from "../text/distance.js";
import { ConfigSchema, type DocgapConfig, defaultConfig } from "./schema.js";

/** One thing wrong with a config file, located where the YAML allows it. */
export interface ConfigProblem {
  /** The key path (`docs.map[0].from`), or null for the file as a whole. */
  key: string | null;
  message: string;
  /** 1-based line and column in the file, when the key or the syntax error can be located. */
  line: number | null;
  column: number | null;
  /** The file's line at that place, trimmed to 120 characters. */
  excerpt: string | null;
  /** The file the problem is in (`owner/name:path`), and a link to that line where one can be made. */
  file?: string | null;
  url?: string | null;
}

export type ConfigResult = { ok: true; config: DocgapConfig } | { ok: false; errors: ConfigProblem[] };

/** Formats a zod issue path as a YAML key path: `docs.map[0].from`. */
const keyPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );

/** One problem as one line: `docs.map[0].from (line 7, column 9): must start with "/"`. */
export const formatProblem = (p: ConfigProblem): string => {
  const where = p.line !== null ? ` (line ${p.line}${p.column !== null ? `, column ${p.column}` : ""})` : "";
  return p.key ? `${p.key}${where}: ${p.message}` : `${p.message}${where}`;
};

type Schemaish = { _zod?: { def?: Record<string, unknown> } };

/** The keys the schema allows at a path of objects (through defaults, nullables and arrays). */
function keysAt(path: readonly PropertyKey[]): string[] {
  let node = ConfigSchema as unknown as Schemaish;
  const unwrap = () => {
    for (let i = 0; i < 10 && node?._zod?.def?.innerType; i++) node = node._zod.def.innerType as Schemaish;
  };
  for (const part of path) {
    unwrap();
    const def = node?._zod?.def;
    if (typeof part === "number" && def?.type === "array") node = def.element as Schemaish;
    else if (typeof part === "string" && def?.type === "object")
      node = (def.shape as Record<string, Schemaish>)[part] as Schemaish;
    else return [];
  }
  unwrap();
  const def = node?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

/** Edit distance, for "did you mean": the unknown key is cut to 40 characters. */
const distance = (a: string, b: string) => editDistance(a.slice(0, 40), b);

/** The allowed key closest to an unknown one, when it is close enough to be a typo. */
export function didYouMean(unknown: string, allowed: string[]): string | null {
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const key of allowed) {
    const d = distance(unknown, key);
    if (d < bestScore) [best, bestScore] = [key, d];
  }
  return best !== null && bestScore <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** Where a key path stands in a file: its line, column and that line's text. */
export type Locate = (
  path: readonly PropertyKey[],
) => Pick<ConfigProblem, "line" | "column" | "excerpt" | "file" | "url">;

export const nowhere: Locate = () => ({ line: null, column: null, excerpt: null });

/** The value a parsed file holds at a key path, or undefined. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Validates a parsed config object; errors name the key, say what is wrong, and suggest the key meant. */
export function parseConfig(raw: unknown, locate: Locate = nowhere): ConfigResult {
  if (raw === null || raw === undefined) return { ok: true, config: defaultConfig() };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [
        {
          key: null,
          message: "the file must be a YAML mapping of keys (trigger, output, docs, ...)",
          ...locate([]),
        },
      ],
    };
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const errors = result.error.issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(issue.path);
      return issue.keys.map((k) => {
        const guess = didYouMean(k, allowed);
        return {
          key: keyPath([...issue.path, k]),
          message: `unknown key${guess ? `; did you mean ${guess}?` : allowed.length ? ` (known here: ${allowed.join(", ")})` : ""}`,
          ...locate([...issue.path, k]),
        };
      });
    }
    if (issue.code === "invalid_value" && issue.values.every((v) => typeof v === "string")) {
      // The value written, what is allowed, and the allowed value it is closest to.
      const given = valueAt(raw, issue.path);
      const allowed = issue.values as string[];
      const guess = typeof given === "string" ? didYouMean(given, allowed) : null;
      const shown = typeof given === "string" ? `"${given.slice(0, 60)}"` : JSON.stringify(given ?? null);
      return [
        {
          key: keyPath(issue.path) || null,
          message: `${shown} is not allowed here${guess ? `; did you mean "${guess}"?` : ""} (one of ${allowed.map((v) => `"${v}"`).join(", ")})`,
          ...locate(issue.path),
        },
      ];
    }
    return [{ key: keyPath(issue.path) || null, message: issue.message, ...locate(issue.path) }];
  });
  return { ok: false, errors };
}
