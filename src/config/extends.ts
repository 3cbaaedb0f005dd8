import { type ConfigProblem, type Locate, nowhere, parseConfig } from "./problems.js";
import { readConfigText } from "./read.js";
import { type DocgapConfig, defaultConfig } from "./schema.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

/** Deep merge for `_extends`: objects merge, arrays and scalars of the extending file replace. */
export function mergeConfigs(files: object[]): object {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isObject(a) || !isObject(b)) return b === undefined ? a : b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return files.reduce<object>((acc, f) => merge(acc, f) as object, {});
}

/** Reads one file of a repository: its text, or null when there is none. Other failures are thrown. */
export type ReadConfigFile = (repo: string, path: string) => Promise<string | null>;

/** A config file docgap read. */
export interface ConfigFileRef {
  repo: string;
  path: string;
}

export type LoadedConfig =
  | { ok: true; config: DocgapConfig; files: ConfigFileRef[] }
  | { ok: false; errors: ConfigProblem[]; labels: string[] };

/** `_extends: name`, `owner/name` or `owner/name:path/file.yml`, as Probot's config plugin reads it. */
const EXTENDS = /^(?:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/)?([A-Za-z0-9._-]{1,100})(?::([^\0:]{1,300}))?$/;

const MAX_EXTENDS = 5;

/**
 * Reads `.github/docgap.yml` as Probot apps do: the repository's file, else the one in the owner's `.github`
 * repository; `_extends` followed (at most 5 files, no cycles); objects merged, arrays and values replaced. Every
 * problem names its file, line and column; `link` makes a link to that line.
 */
export async function loadConfigFiles(
  read: ReadConfigFile,
  start: { repo: string; path: string },
  link: (file: ConfigFileRef, line: number | null) => string | null = () => null,
): Promise<LoadedConfig> {
  const [owner = ""] = start.repo.split("/");
  const fail = (file: ConfigFileRef | null, errors: ConfigProblem[]): LoadedConfig => ({
    ok: false,
    errors: errors.map((e) => ({
      ...e,
      file: file ? `${file.repo}:${file.path}` : null,
      url: file ? link(file, e.line) : null,
    })),
    labels: defaultConfig().trigger.labels,
  });
  let ref: ConfigFileRef = start;
  let text = await read(ref.repo, ref.path);
  if (text === null && !start.repo.endsWith("/.github")) {
    ref = { repo: `${owner}/.github`, path: start.path };
    text = await read(ref.repo, ref.path);
  }
  if (text === null) return { ok: true, config: defaultConfig(), files: [] };
  const chain: Array<{ ref: ConfigFileRef; raw: Record<string, unknown>; locate: Locate }> = [];
  for (;;) {
    const parsed = readConfigText(text);
    if (!parsed.ok) return fail(ref, parsed.errors);
    if (!isObject(parsed.raw)) {
      const checked = parseConfig(parsed.raw, parsed.locate);
      if (!checked.ok) return fail(ref, checked.errors);
      break;
    }
    const { _extends: parent, ...raw } = parsed.raw;
    chain.push({ ref, raw, locate: parsed.locate });
    if (parent === undefined) break;
    const problem = (message: string) =>
      fail(ref, [{ key: "_extends", message, ...parsed.locate(["_extends"]) }]);
    const m = typeof parent === "string" ? EXTENDS.exec(parent.trim()) : null;
    if (!m?.[2]) return problem("must name a repository: name, owner/name or owner/name:path");
    const next = { repo: `${m[1] ?? owner}/${m[2]}`, path: m[3] ?? start.path };
    if (chain.some((c) => c.ref.repo === next.repo && c.ref.path === next.path))
      return problem(`${next.repo}:${next.path} is already in the chain of _extends`);
    if (chain.length >= MAX_EXTENDS) return problem(`more than ${MAX_EXTENDS} files through _extends`);
    const nextText = await read(next.repo, next.path);
    if (nextText === null) return problem(`${next.repo}:${next.path} does not exist or cannot be read`);
    ref = next;
    text = nextText;
  }
  const merged = mergeConfigs(chain.map((c) => c.raw).reverse());
  // A problem is shown in the file that sets the key: the extending file first.
  const locate: Locate = (path) => {
    const owner = chain.find((c) => hasPath(c.raw, path)) ?? chain[0];
    if (!owner) return nowhere(path);
    const at = owner.locate(path);
    return { ...at, file: `${owner.ref.repo}:${owner.ref.path}`, url: link(owner.ref, at.line) };
  };
  const checked = parseConfig(merged, locate);
  if (checked.ok) return { ok: true, config: checked.config, files: chain.map((c) => c.ref) };
  const labels = (merged as { trigger?: { labels?: unknown } }).trigger?.labels;
  return {
    ok: false,
    errors: checked.errors,
    labels:
      Array.isArray(labels) && labels.length && labels.every((l) => typeof l === "string")
        ? labels
        : defaultConfig().trigger.labels,
  };
}

/** Whether a parsed file sets the value at a key path. */
function hasPath(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node = raw;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === "number") node = node[part];
    else if (isObject(node) && typeof part === "string" && Object.hasOwn(node, part)) node = node[part];
    else return false;
  }
  return node !== undefined;
}
