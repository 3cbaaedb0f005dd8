import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Octokit } from "@octokit/rest";
import type { ReadConfigFile } from "../config/extends.js";
import type { DocgapConfig } from "../config/schema.js";
import type { AnalysisResult } from "../types/result.js";
import { checkChoice, checkDocsDir, firstLine, UnreachableError, UsageError } from "./errors.js";
import { githubClient, loadIssue, type Unreachable } from "./issue.js";

export async function loadConfig(options: {
  file: string | undefined;
  docsDir: string | undefined;
  repo: string | null;
  client: (() => Promise<Octokit>) | null;
  warn: (line: string) => void;
}): Promise<DocgapConfig> {
  const { CONFIG_PATH, defaultConfig } = await import("../config/schema.js");
  const { formatProblem } = await import("../config/problems.js");
  const { loadConfigFiles } = await import("../config/extends.js");
  const { githubFileReader } = await import("../jobs/triage.js");
  const local = options.file ?? (options.docsDir ? path.join(options.docsDir, CONFIG_PATH) : null);
  const localRepo = options.repo ?? "local/docs";
  const api: ReadConfigFile = async (repo, file) => {
    if (!options.client) {
      options.warn(`${repo}:${file} (named by _extends) was not read: --offline; its settings do not apply`);
      return "";
    }
    try {
      return await githubFileReader(await options.client())(repo, file);
    } catch (err) {
      throw new UnreachableError(`cannot reach GitHub to read ${repo}:${file}: ${firstLine(err)}`);
    }
  };
  let startText: string | null = null;
  if (local) {
    try {
      startText = await readFile(local, "utf8");
    } catch {
      if (options.file) throw new UsageError(`cannot read config ${options.file}`);
    }
  }
  if (startText === null && (!options.repo || !options.client || local)) return defaultConfig();
  const read: ReadConfigFile = async (repo, file) =>
    startText !== null && repo === localRepo && file === CONFIG_PATH ? startText : api(repo, file);
  const loaded = await loadConfigFiles(read, { repo: localRepo, path: CONFIG_PATH });
  if (loaded.ok) return loaded.config;
  const name = startText !== null && local ? local : `${localRepo}:${CONFIG_PATH}`;
  throw new UsageError(
    `invalid config ${name}:\n${loaded.errors.map((e) => `  - ${formatProblem(e)}`).join("\n")}`,
  );
}

/**
 * A fetch that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY, for GitHub and the model endpoint; null when no proxy
 * is set (the global fetch is used).
 */
export async function proxiedFetch(env: NodeJS.ProcessEnv): Promise<typeof fetch | null> {
  const keys = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
  if (!keys.some((k) => env[k])) return null;
  const undici = await import("undici");
  const agent = new undici.EnvHttpProxyAgent({
    httpProxy: env.HTTP_PROXY ?? env.http_proxy,
    httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
    noProxy: env.NO_PROXY ?? env.no_proxy,
  });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undici.fetch(
      input as never,
      { ...(init as object), dispatcher: agent } as never,
    )) as unknown as typeof fetch;
}

export interface Outcome {
  output: string;
  /** Warnings for stderr: a failed source, the model's fallback. */
  warnings: string[];
  /** What was done besides the output (stderr, not warnings). */
  notes?: string[];
  /** `--strict`: a warning makes the exit code 1. */
  strict: boolean;
  unreachable: string | null;
}

/** One line per kind of failure: sources that failed, and the model engine falling back. */
function failuresOf(result: AnalysisResult): string[] {
  const failed = result.sources.filter((s) => s.status === "error");
  const lines = failed
    .slice(0, 5)
    .map((s) =>
      `${s.kind} ${s.url ?? s.path ?? ""} failed: ${s.reason ?? "unknown reason"}`.replace(/\s+/g, " "),
    );
  if (failed.length > 5) lines.push(`${failed.length - 5} more sources failed (see the sources table)`);
  if (result.engine.fallback) lines.push(result.engine.fallback);
  return lines;
}

export async function analyze(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "docs-dir": { type: "string" },
      config: { type: "string" },
      engine: { type: "string" },
      format: { type: "string", default: "markdown" },
      offline: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1)
    throw new UsageError("analyze takes exactly one <issue>; try docgap analyze --help");
  checkChoice("--format", values.format, ["markdown", "json"]);
  checkChoice("--engine", values.engine, ["heuristic", "openai"]);
  const offline = values.offline ?? false;
  const docsDir = values["docs-dir"];
  await checkDocsDir(docsDir);
  const { applyLimits, operatorLimits } = await import("../config/limits.js");
  const limits = operatorLimits(env);
  if (!limits.ok) throw new UsageError(limits.errors.join("; "));
  const proxy = offline ? null : await proxiedFetch(env);
  const unreachable: Unreachable = { count: 0, last: null };
  let octokit: Octokit | null = null;
  const client = offline ? null : async () => (octokit ??= await githubClient(env, unreachable, proxy));
  const warnings: string[] = [];
  const issue = await loadIssue(positionals[0] as string, offline, client ?? (() => Promise.reject()), env);
  const loaded = await loadConfig({
    file: values.config,
    docsDir,
    repo: issue.repo,
    client,
    warn: (line) => warnings.push(line),
  });
  const { config, notes } = applyLimits(loaded, limits.limits);
  if (values.engine) config.analysis.engine = values.engine as "heuristic" | "openai";
  const [{ analyzeIssue }, { inputsHash, renderComment }, repos, fetch] = await Promise.all([
    import("../pipeline/analyze.js"),
    import("../publish/render.js"),
    import("../github/docs-repo.js"),
    import("../web/fetch.js"),
  ]);
  const github = client ? await client() : null;
  const docsRepoName = config.docs.repo ?? issue.repo;
  const local = docsDir ? repos.localDocsRepo(docsDir) : null;
  const remote =
    !local && github && issue.repo && docsRepoName
      ? repos.githubRepos(github, issue.repo, docsRepoName)
      : null;
  const docs =
    local ?? remote?.docs ?? (github && docsRepoName ? repos.githubDocsRepo(github, docsRepoName) : null);
  const progress = process.stderr.isTTY
    ? (step: string) => process.stderr.write(`docgap: ${step}…\n`)
    : undefined;
  const result = await analyzeIssue({
    issue,
    config,
    docs,
    changelogRepo: local ?? remote?.changelogRepo ?? null,
    fetcher: offline ? null : fetch.fetcherFor(config),
    octokit: github,
    openRepo: github && !local ? (repo) => repos.githubDocsRepo(github, repo) : undefined,
    // --offline: no model either, whatever the environment holds.
    engine: {
      env: offline ? {} : { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL },
    },
    offlineReason: offline
      ? "--offline"
      : docsRepoName
        ? undefined
        : "no docs repository: pass --docs-dir or set docs.repo",
    progress,
  });
  if (result.engine.name === "openai") result.analysis.notes.push(...notes);
  warnings.push(...failuresOf(result));
  return {
    output:
      values.format === "json"
        ? JSON.stringify(result, null, 2)
        : renderComment(result, inputsHash({ issue: result.issue, config })),
    warnings,
    strict: values.strict ?? false,
    unreachable:
      unreachable.count && result.sources.some((s) => s.status === "error") ? unreachable.last : null,
  };
}
