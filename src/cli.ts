#!/usr/bin/env node
/**
 * `docgap analyze` and `docgap eval`. Only argument parsing and help live at the top: the pipeline is imported
 * when a command runs, so `--help` and `--version` answer at once.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Octokit } from "@octokit/rest";
import type { ReadConfigFile } from "./config/extends.js";
import type { DocgapConfig } from "./config/schema.js";
import { isRepoSlug } from "./text/slug.js";
import type { AnalysisResult, IssueRef } from "./types/result.js";

const ENV_HELP = `Environment:
  GITHUB_TOKEN        token for the GitHub API (public repositories work without one, at a low rate limit)
  GITHUB_API_URL      GitHub API base, for GitHub Enterprise Server (its host's issue URLs are accepted too)
  OPENAI_API_KEY      key of an OpenAI-compatible endpoint; without it the heuristic engine answers
  OPENAI_BASE_URL     that endpoint's base URL (default OpenAI's own)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                      proxy for GitHub and the model endpoint (docs pages are fetched directly, as their
                      address is checked before each request)
  DOCGAP_MAX_PROMPT_TOKENS, DOCGAP_MAX_COMPLETION_TOKENS, DOCGAP_ALLOWED_MODELS, DOCGAP_DAILY_TOKEN_BUDGET,
  DOCGAP_MAX_TIMEOUT_SECONDS
                      limits the config cannot raise (README, "Operator limits")`;

const EXIT_HELP = `Exit codes:
  0  done
  1  done, but a source or the model failed (with --strict; without it, a warning on stderr)
  2  usage error or unreadable input (an option, a file, the config, the issue)
  3  GitHub or the network could not be reached`;

const HELP = {
  main: `docgap: the first pass on documentation issues.

Usage:
  docgap analyze <issue> [options]    analyse one issue and print the comment docgap would post
  docgap eval [--cases DIR] [--corpora DIR] [options]
                                      measure localization on a set of real issues
  docgap web                          the webhook server only (with REDIS_URL; workers run the jobs)
  docgap worker                       run the jobs from Redis (with REDIS_URL)
  docgap <command> --help             every option of a command
  docgap --version

${EXIT_HELP}`,
  analyze: `Usage: docgap analyze <issue> [options]

Analyses one documentation issue: the pages and source files it means, the sections, the changelog evidence,
and a draft patch. Prints the comment docgap would post (or the whole analysis as JSON).

<issue>  a JSON file (a GitHub issue object or a webhook payload), owner/repo#N, or a GitHub issue URL

Options:
  --docs-dir DIR     read the docs (and the changelog) from this checkout, not through the GitHub API
  --config FILE      docgap's config (default: DIR/.github/docgap.yml with --docs-dir, otherwise the
                     issue repository's .github/docgap.yml, as the app reads it; _extends is followed)
  --engine NAME      heuristic or openai (default: the config's analysis.engine)
  --format FORMAT    markdown (the comment, default) or json (the whole analysis)
  --offline          make no request of any kind: no GitHub, no pages, no model
  --strict           exit 1 when a source or the model failed
  -h, --help         this help

${ENV_HELP}

${EXIT_HELP}`,
  eval: `Usage: docgap eval [--cases DIR] [--corpora DIR] [options]

Runs docgap offline on every case (a real issue and the file its maintainers fixed) and prints how often the
right file and section came first. The cases and docs trees are not part of docgap: see docs/evaluation.md,
and scripts/fetch-corpora.ts to download each case's docs tree by repository and commit.

Options:
  --cases DIR        the case files (default: ../shared/eval/dev, or DOCGAP_EVAL_CASES)
  --corpora DIR      the docs trees of the cases' repositories, one folder per repository@commit
                     (default: ../shared/corpora, or DOCGAP_EVAL_CORPORA)
  --mode MODE        both (default), configured (each case's docs.root and siteUrl) or zero (no config)
  --case ID          one case only
  --format FORMAT    table (default) or json
  -h, --help         this help

${EXIT_HELP}`,
};

/** An error the user can fix; printed as one line, exit code 2. */
export class UsageError extends Error {}

/** GitHub or the network could not be reached; exit code 3. */
export class UnreachableError extends Error {}

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
};

const ISSUE_URL = /^https?:\/\/([^/\s]+)\/([\w.-]+\/[\w.-]+)\/issues\/(\d+)\/?(?:[?#].*)?$/;
const ISSUE_SLUG = /^([\w.-]+\/[\w.-]+)#(\d+)$/;

const apiBase = (env: NodeJS.ProcessEnv) => env.GITHUB_API_URL || "https://api.github.com";

/** Hosts whose issue URLs are GitHub's: github.com, and the host of `GITHUB_API_URL` (GitHub Enterprise Server). */
function githubHosts(env: NodeJS.ProcessEnv): Set<string> {
  const hosts = new Set(["github.com", "www.github.com"]);
  try {
    const api = new URL(apiBase(env)).host.toLowerCase();
    hosts.add(api);
    hosts.add(api.replace(/^api\./, ""));
  } catch {
    // an invalid GITHUB_API_URL is reported when the API is used
  }
  return hosts;
}

/** Requests that reached no GitHub (no answer at all, or a 5xx), so the CLI can tell "unreachable" apart. */
interface Unreachable {
  count: number;
  last: string | null;
}

/** The GitHub client of the CLI: quiet (no request log lines on stderr), failures that reached no server counted. */
async function githubClient(
  env: NodeJS.ProcessEnv,
  unreachable: Unreachable,
  fetcher: typeof fetch | null,
): Promise<Octokit> {
  const { tokenClient } = await import("./github/client.js");
  const octokit = tokenClient({
    token: env.GITHUB_TOKEN,
    baseUrl: apiBase(env),
    userAgent: `docgap-cli/${version()}`,
    fetch: fetcher,
  });
  octokit.hook.error("request", (err) => {
    if (reachedNoGitHub(err)) {
      unreachable.count++;
      unreachable.last = firstLine(err) || "no answer";
    }
    throw err;
  });
  return octokit;
}

/** A request that got no answer from GitHub, or a 5xx: GitHub or the network is down, not the input wrong. */
const reachedNoGitHub = (err: unknown) => {
  const e = err as { status?: number; response?: unknown };
  return !e.response || (e.status ?? 0) >= 500;
};

const firstLine = (err: unknown) => ((err as Error).message ?? String(err)).split("\n")[0] ?? "";

/** Reads `<issue>`: a JSON file, owner/repo#N or a GitHub issue URL. */
export async function loadIssue(
  arg: string,
  offline: boolean,
  client: () => Promise<Octokit>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IssueRef> {
  const url = ISSUE_URL.exec(arg);
  if (url && !githubHosts(env).has((url[1] ?? "").toLowerCase()))
    throw new UsageError(
      `${arg} is not a GitHub issue URL: only github.com (or GITHUB_API_URL's host, for GitHub Enterprise Server) is read`,
    );
  const remote = url ? [url[2], url[3]] : ISSUE_SLUG.exec(arg)?.slice(1);
  // Only a name GitHub allows is sent to GitHub; anything else is read as a file name.
  if (remote?.[0] && remote[1] && isRepoSlug(remote[0])) {
    if (offline)
      throw new UsageError(`${arg} is on GitHub, and --offline forbids reading it; pass a JSON file instead`);
    const [owner = "", repo = ""] = remote[0].split("/");
    try {
      const octokit = await client();
      const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: Number(remote[1]) });
      return {
        repo: remote[0],
        number: data.number,
        title: data.title,
        body: data.body ?? null,
        url: data.html_url,
      };
    } catch (err) {
      if (reachedNoGitHub(err))
        throw new UnreachableError(`cannot reach GitHub to read ${arg}: ${firstLine(err)}`);
      throw new UsageError(
        (err as { status?: number }).status === 404
          ? `${arg} does not exist, or is private (set GITHUB_TOKEN to read private repositories)`
          : `cannot read ${arg} from GitHub: ${firstLine(err)}`,
      );
    }
  }
  let text: string;
  try {
    text = await readFile(arg, "utf8");
  } catch {
    throw new UsageError(`cannot read ${arg}: not a file, owner/repo#N or a GitHub issue URL`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${arg} is not valid JSON (${firstLine(err)})`);
  }
  return issueFromJson(json, arg);
}

/** Accepts a GitHub issue object, a webhook payload (`issue` + `repository`) or an eval case (`issue` + `repo`). */
export function issueFromJson(json: unknown, name = "input"): IssueRef {
  const obj = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const issue = (obj.issue && typeof obj.issue === "object" ? obj.issue : obj) as Record<string, unknown>;
  if (typeof issue.title !== "string")
    throw new UsageError(`${name} holds no issue: expected an object with a "title"`);
  const repository = obj.repository as { full_name?: string } | undefined;
  const fromUrl = typeof issue.html_url === "string" ? ISSUE_URL.exec(issue.html_url)?.[2] : undefined;
  const repo =
    repository?.full_name ?? (typeof obj.repo === "string" ? obj.repo : undefined) ?? fromUrl ?? null;
  return {
    repo,
    number: typeof issue.number === "number" ? issue.number : null,
    title: issue.title,
    body: typeof issue.body === "string" ? issue.body : null,
    url: typeof issue.html_url === "string" ? issue.html_url : null,
  };
}

/**
 * The config the app would read: `--config`, else `<docs-dir>/.github/docgap.yml`, else the issue repository's
 * (through the API); `_extends` is followed through the API when online, and said when it cannot be.
 */
async function loadConfig(options: {
  file: string | undefined;
  docsDir: string | undefined;
  repo: string | null;
  client: (() => Promise<Octokit>) | null;
  warn: (line: string) => void;
}): Promise<DocgapConfig> {
  const { CONFIG_PATH, defaultConfig } = await import("./config/schema.js");
  const { formatProblem } = await import("./config/problems.js");
  const { loadConfigFiles } = await import("./config/extends.js");
  const { githubFileReader } = await import("./jobs/triage.js");
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
  throw new UsageError(`invalid config ${name}: ${loaded.errors.map(formatProblem).join("; ")}`);
}

/**
 * A fetch that honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY, for GitHub and the model endpoint; null when no proxy
 * is set (the global fetch is used).
 */
async function proxiedFetch(env: NodeJS.ProcessEnv): Promise<typeof fetch | null> {
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

interface Outcome {
  output: string;
  /** Warnings for stderr: a failed source, the model's fallback. */
  warnings: string[];
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

async function analyze(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
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
  if (!["markdown", "json"].includes(values.format ?? ""))
    throw new UsageError(`--format must be markdown or json, not ${values.format}`);
  if (values.engine && !["heuristic", "openai"].includes(values.engine))
    throw new UsageError(`--engine must be heuristic or openai, not ${values.engine}`);
  const offline = values.offline ?? false;
  const docsDir = values["docs-dir"];
  if (docsDir) {
    const info = await stat(docsDir).catch(() => null);
    if (!info?.isDirectory()) throw new UsageError(`--docs-dir ${docsDir} is not a folder`);
  }
  const { applyLimits, operatorLimits } = await import("./config/limits.js");
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
    import("./pipeline/analyze.js"),
    import("./publish/render.js"),
    import("./github/docs-repo.js"),
    import("./web/fetch.js"),
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

async function evaluate(args: string[]): Promise<Outcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cases: { type: "string" },
      corpora: { type: "string" },
      format: { type: "string", default: "table" },
      mode: { type: "string", default: "both" },
      case: { type: "string" },
    },
  });
  if (positionals.length > 1 || (positionals.length === 1 && values.cases))
    throw new UsageError("eval takes one folder of cases (--cases DIR); try docgap eval --help");
  const cases = values.cases ?? positionals[0] ?? process.env.DOCGAP_EVAL_CASES ?? "../shared/eval/dev";
  const corpora = values.corpora ?? process.env.DOCGAP_EVAL_CORPORA ?? "../shared/corpora";
  for (const [flag, dir] of [
    ["--cases", cases],
    ["--corpora", corpora],
  ] as const)
    if (!existsSync(dir))
      throw new UsageError(
        `${flag} ${dir}: no such folder; the evaluation data is not part of docgap (see docs/evaluation.md)`,
      );
  const MODES = { both: ["configured", "zero"], configured: ["configured"], zero: ["zero"] } as const;
  const mode = values.mode ?? "both";
  const modes = Object.hasOwn(MODES, mode) ? MODES[mode as keyof typeof MODES] : undefined;
  if (!modes) throw new UsageError(`--mode must be both, configured or zero, not ${values.mode}`);
  if (values.format !== "table" && values.format !== "json")
    throw new UsageError(`--format must be table or json, not ${values.format}`);
  const { runEval } = await import("./eval/run.js");
  const output = await runEval(cases, corpora, values.format, [...modes], values.case ?? null);
  return { output, warnings: [], strict: false, unreachable: null };
}

const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");

/** Runs the CLI; returns the exit code (0 done, 1 failed with --strict, 2 usage, 3 unreachable). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const err = (text: string) => process.stderr.write(`docgap: ${text}\n`);
  try {
    if (command === "--version" || command === "-v" || command === "version") {
      out(version());
      return 0;
    }
    if (!command) {
      process.stderr.write(`${HELP.main}\n`);
      return 2;
    }
    if (command === "--help" || command === "-h" || command === "help") {
      out(HELP.main);
      return 0;
    }
    if (command === "web" || command === "worker") {
      // The server reads its settings from the environment (README, "Install as a GitHub App").
      const { main: serve } = await import("./server.js");
      await serve(command);
      return await new Promise<number>(() => undefined);
    }
    if (command !== "analyze" && command !== "eval")
      throw new UsageError(`unknown command ${command}; try docgap --help`);
    if (wantsHelp(rest)) {
      out(HELP[command]);
      return 0;
    }
    const done = command === "analyze" ? await analyze(rest, env) : await evaluate(rest);
    out(done.output);
    for (const w of done.warnings) err(`warning: ${w}`);
    if (done.unreachable) {
      err(`GitHub could not be reached: ${done.unreachable}`);
      return 3;
    }
    return done.warnings.length && done.strict ? 1 : 0;
  } catch (error) {
    const parseError =
      error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (error instanceof UsageError || parseError) {
      err(`${firstLine(error)}${parseError ? `; try docgap ${command} --help` : ""}`);
      return 2;
    }
    if (error instanceof UnreachableError) {
      err(firstLine(error));
      return 3;
    }
    err(`failed: ${firstLine(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
