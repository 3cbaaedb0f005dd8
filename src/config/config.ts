import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { z } from "zod";
import { isRepoSlug } from "../text/slug.js";

/** Repository slug `owner/name`. */
const repoSlug = z.string().refine(isRepoSlug, "must be written as owner/name");

/** Schema of `.github/docgap.yml`. Every key is optional; defaults apply. */
export const ConfigSchema = z
  .object({
    trigger: z
      .object({
        labels: z
          .array(z.string().min(1))
          .min(1)
          .default(["documentation"])
          .describe("Labels that start an analysis when added to an issue."),
        onEdit: z
          .boolean()
          .default(true)
          .describe("Re-run when the title or body of a labeled issue is edited."),
      })
      .strict()
      .default({ labels: ["documentation"], onEdit: true }),
    output: z
      .object({
        mode: z
          .enum(["dry-run", "comment", "pull-request", "both"])
          .default("comment")
          .describe(
            "`comment` posts (and edits) one comment; `pull-request` opens a draft pull request with the patch and a short comment linking to it; `both` does both with the full comment; `dry-run` only logs.",
          ),
        pullRequest: z
          .object({
            closingKeyword: z
              .enum(["Closes", "Fixes", "Resolves"])
              .nullable()
              .default("Closes")
              .describe(
                "Keyword that links the pull request to the issue (`null`: mention it without closing it).",
              ),
            draft: z
              .boolean()
              .default(true)
              .describe(
                "Open pull requests as drafts (falls back to a normal one where drafts are not available).",
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    docs: z
      .object({
        repo: repoSlug
          .nullable()
          .default(null)
          .describe("Repository holding the docs source (`owner/name`); default: the issue's repository."),
        root: z
          .string()
          .nullable()
          .default(null)
          .describe(
            'Folder of the docs source inside that repository (`""` for the root). Null: found from the site generator\'s config (Docusaurus, VitePress, Starlight, MkDocs, Sphinx, Mintlify, Eleventy) or the tree.',
          ),
        siteUrl: z
          .url({ protocol: /^https?$/ })
          .nullable()
          .default(null)
          .describe(
            "Base URL where the docs are published, e.g. `https://vite.dev/`. Null: read from the site's config.",
          ),
        siteUrlAliases: z
          .array(z.url({ protocol: /^https?$/ }))
          .default([])
          .describe("Other base URLs that publish the same docs (old domains, versioned prefixes)."),
        map: z
          .array(
            z
              .object({ from: z.string().startsWith("/").max(300), to: z.string().min(1).max(300) })
              .strict()
              .refine(({ from }) => (from.match(/:path\b|:\w+\*/g) ?? []).length <= 1, {
                message: "a pattern takes the rest of the path (`:path`) at most once",
                path: ["from"],
              })
              .refine(({ from, to }) => [...to.matchAll(/:(\w+)/g)].every((m) => from.includes(`:${m[1]}`)), {
                message: "every :name in `to` must stand in `from`",
                path: ["to"],
              }),
          )
          .max(100)
          .default([])
          .describe(
            'Explicit URL path \u2192 source file patterns, e.g. `{ from: "/guide/:path", to: "docs/guide/:path.md" }`.',
          ),
      })
      .strict()
      .default({ repo: null, root: null, siteUrl: null, siteUrlAliases: [], map: [] }),
    sources: z
      .object({
        allowedHosts: z
          .array(
            z
              .string()
              .max(253)
              .regex(
                /^(\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
                "must be a host name such as docs.example.com or *.example.com (at least two labels)",
              ),
          )
          .max(50)
          .default([])
          .describe(
            "Extra hosts whose pages docgap may fetch (the docs site's host and GitHub are always allowed).",
          ),
        changelog: z
          .string()
          .nullable()
          .default(null)
          .describe("Changelog file in the issue's repository; found automatically when null."),
        followLinks: z.boolean().default(true).describe("Follow linked issues and pull requests one hop."),
        maxPages: z.number().int().min(0).max(20).default(8).describe("Most pages fetched per analysis."),
      })
      .strict()
      .default({ allowedHosts: [], changelog: null, followLinks: true, maxPages: 8 }),
    analysis: z
      .object({
        engine: z
          .enum(["auto", "heuristic", "openai"])
          .default("auto")
          .describe("`auto` uses the model when OPENAI_API_KEY is set, the heuristic engine otherwise."),
        model: z
          .string()
          .min(1)
          .default("gpt-4o-mini")
          .describe("Model name for the OpenAI-compatible endpoint."),
        maxPromptTokens: z
          .number()
          .int()
          .min(1000)
          .max(400_000)
          .default(12_000)
          .describe(
            "Most tokens of one prompt; each kind of source gets a share, the least relevant is trimmed first.",
          ),
        maxCompletionTokens: z
          .number()
          .int()
          .min(256)
          .max(32_000)
          .default(3_000)
          .describe("Most tokens of one answer."),
        timeoutSeconds: z
          .number()
          .int()
          .min(5)
          .max(900)
          .default(120)
          .describe(
            "Time limit for the whole model step of one analysis (retries and the repair attempt included).",
          ),
        dailyTokenBudget: z
          .number()
          .int()
          .min(0)
          .nullable()
          .default(null)
          .describe(
            "Tokens one installation may spend per UTC day; after that the heuristic engine answers.",
          ),
        price: z
          .object({ input: z.number().min(0), output: z.number().min(0) })
          .strict()
          .nullable()
          .default(null)
          .describe("Price of the model in USD per million tokens, to report the cost of each analysis."),
      })
      .strict()
      .prefault({}),
    patch: z
      .object({
        enabled: z.boolean().default(true).describe("Draft a patch of the docs source files."),
        maxFiles: z.number().int().min(1).max(10).default(3).describe("Most files one patch may change."),
        maxChangedLines: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(150)
          .describe("Most lines (added plus removed) one patch may change."),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type DocgapConfig = z.infer<typeof ConfigSchema>;
export type DocgapConfigInput = z.input<typeof ConfigSchema>;

export const CONFIG_FILE = "docgap.yml";
/** Where a repository keeps its docgap config. */
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export const defaultConfig = (): DocgapConfig => ConfigSchema.parse({});

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

/** Edit distance, for "did you mean"; both strings are short keys (the unknown one is cut to 40 characters). */
function distance(a: string, b: string): number {
  const x = a.slice(0, 40).toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length] ?? 0;
}

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

const nowhere: Locate = () => ({ line: null, column: null, excerpt: null });

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
    return [{ key: keyPath(issue.path) || null, message: issue.message, ...locate(issue.path) }];
  });
  return { ok: false, errors };
}

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

/**
 * What the operator of a docgap server (or a workflow) allows any repository's config to spend, from the
 * environment. A repository's config can lower these, never raise them.
 */
export interface OperatorLimits {
  maxPromptTokens: number | null;
  maxCompletionTokens: number | null;
  /** Model names a repository may choose; the first is used when it asks for another. */
  allowedModels: string[] | null;
  /** Tokens per installation and UTC day; null: no limit. */
  dailyTokenBudget: number | null;
  maxTimeoutSeconds: number | null;
}

/** A whole number above zero from an environment variable, or the fallback. */
export const positiveInt = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Analyses one process runs at once (`DOCGAP_CONCURRENCY`, default 2). */
export const concurrencyOf = (env: NodeJS.ProcessEnv) => positiveInt(env.DOCGAP_CONCURRENCY, 2);

/** The daily token budget when the operator sets none: about a hundred analyses a day per installation. */
export const DEFAULT_DAILY_TOKEN_BUDGET = 2_000_000;

/** Reads `DOCGAP_MAX_PROMPT_TOKENS`, `DOCGAP_MAX_COMPLETION_TOKENS`, `DOCGAP_ALLOWED_MODELS`, `DOCGAP_DAILY_TOKEN_BUDGET` (`unlimited` for none) and `DOCGAP_MAX_TIMEOUT_SECONDS`. */
export function operatorLimits(
  env: NodeJS.ProcessEnv,
): { ok: true; limits: OperatorLimits } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const count = (name: string, fallback: number | null): number | null => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (name === "DOCGAP_DAILY_TOKEN_BUDGET" && raw.toLowerCase() === "unlimited") return null;
    const n = Number(raw.replace(/_/g, ""));
    if (Number.isInteger(n) && n >= 0) return n;
    errors.push(`${name} must be a whole number, not ${raw.slice(0, 40)}`);
    return fallback;
  };
  const models = env.DOCGAP_ALLOWED_MODELS?.split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  const limits: OperatorLimits = {
    maxPromptTokens: count("DOCGAP_MAX_PROMPT_TOKENS", null),
    maxCompletionTokens: count("DOCGAP_MAX_COMPLETION_TOKENS", null),
    allowedModels: models?.length ? models : null,
    dailyTokenBudget: count("DOCGAP_DAILY_TOKEN_BUDGET", DEFAULT_DAILY_TOKEN_BUDGET),
    maxTimeoutSeconds: count("DOCGAP_MAX_TIMEOUT_SECONDS", null),
  };
  return errors.length ? { ok: false, errors } : { ok: true, limits };
}

/** A repository's config within the operator's limits, and a note for each value that was lowered. */
export function applyLimits(
  config: DocgapConfig,
  limits: OperatorLimits,
): { config: DocgapConfig; notes: string[] } {
  const notes: string[] = [];
  const analysis = { ...config.analysis };
  const cap = <K extends "maxPromptTokens" | "maxCompletionTokens" | "timeoutSeconds">(
    key: K,
    limit: number | null,
  ) => {
    if (limit !== null && analysis[key] > limit) {
      notes.push(`analysis.${key} ${analysis[key]} is over this server's limit; ${limit} applies.`);
      analysis[key] = limit;
    }
  };
  cap("maxPromptTokens", limits.maxPromptTokens);
  cap("maxCompletionTokens", limits.maxCompletionTokens);
  cap("timeoutSeconds", limits.maxTimeoutSeconds);
  if (limits.allowedModels && !limits.allowedModels.includes(analysis.model)) {
    const model = limits.allowedModels[0] as string;
    notes.push(
      `analysis.model ${analysis.model} is not among this server's allowed models; ${model} answered.`,
    );
    analysis.model = model;
  }
  if (limits.dailyTokenBudget !== null)
    analysis.dailyTokenBudget =
      analysis.dailyTokenBudget === null
        ? limits.dailyTokenBudget
        : Math.min(analysis.dailyTokenBudget, limits.dailyTokenBudget);
  return { config: { ...config, analysis }, notes };
}
