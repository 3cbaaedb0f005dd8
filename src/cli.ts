#!/usr/bin/env node
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import { parse as parseYaml } from "yaml";
import { type DocgapConfig, defaultConfig, parseConfig } from "./config.js";
import { type EvalMode, runEval } from "./eval.js";
import { analyzeIssue, type IssueRef } from "./pipeline.js";
import { inputsHash, renderComment } from "./publish/render.js";
import { githubDocsRepo, githubRepos, localDocsRepo } from "./sources/docs-repo.js";
import { createSafeFetch, defaultPolicy } from "./sources/fetch.js";
import { allowedHostsFor } from "./sources/hosts.js";

const USAGE = `Usage:
  docgap analyze <issue> [--docs-dir DIR] [--config FILE] [--engine heuristic|openai] [--format markdown|json] [--offline]
  docgap eval <cases-dir> --corpora DIR [--mode both|configured|zero] [--case ID] [--format table|json]

<issue> is a JSON file (a GitHub issue object or a webhook payload), owner/repo#N, or an issue URL.`;

/** An error the user can fix; printed as one line, exit code 2. */
export class UsageError extends Error {}

const ISSUE_URL = /^https?:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/issues\/(\d+)\/?(?:[?#].*)?$/;
const ISSUE_SLUG = /^([\w.-]+\/[\w.-]+)#(\d+)$/;

const githubClient = () =>
  new Octokit({
    auth: process.env.GITHUB_TOKEN || undefined,
    baseUrl: process.env.GITHUB_API_URL || "https://api.github.com",
    userAgent: "docgap-cli",
  });

/** Reads `<issue>`: a JSON file, owner/repo#N or an issue URL. */
export async function loadIssue(arg: string, offline: boolean): Promise<IssueRef> {
  const remote = ISSUE_URL.exec(arg) ?? ISSUE_SLUG.exec(arg);
  if (remote?.[1] && remote[2]) {
    if (offline)
      throw new UsageError(`${arg} is on GitHub, and --offline forbids reading it; pass a JSON file instead`);
    const [owner = "", repo = ""] = remote[1].split("/");
    try {
      const { data } = await githubClient().rest.issues.get({ owner, repo, issue_number: Number(remote[2]) });
      return {
        repo: remote[1],
        number: data.number,
        title: data.title,
        body: data.body ?? null,
        url: data.html_url,
      };
    } catch (err) {
      throw new UsageError(`cannot read ${arg} from GitHub: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  let text: string;
  try {
    text = await readFile(arg, "utf8");
  } catch {
    throw new UsageError(`cannot read ${arg}: not a file, owner/repo#N or an issue URL`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${arg} is not valid JSON (${(err as Error).message})`);
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
  const fromUrl = typeof issue.html_url === "string" ? ISSUE_URL.exec(issue.html_url)?.[1] : undefined;
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

async function loadConfig(file: string | undefined): Promise<DocgapConfig> {
  if (!file) return defaultConfig();
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  const result = parseConfig(raw);
  if (!result.ok) throw new UsageError(`invalid config ${file}: ${result.errors.join("; ")}`);
  return result.config;
}

async function analyze(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "docs-dir": { type: "string" },
      config: { type: "string" },
      engine: { type: "string" },
      format: { type: "string", default: "markdown" },
      offline: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("analyze takes exactly one <issue>");
  if (!["markdown", "json"].includes(values.format ?? ""))
    throw new UsageError(`--format must be markdown or json, not ${values.format}`);
  if (values.engine && !["heuristic", "openai"].includes(values.engine)) {
    throw new UsageError(`--engine must be heuristic or openai, not ${values.engine}`);
  }
  const offline = values.offline ?? false;
  const config = await loadConfig(values.config);
  if (values.engine) config.analysis.engine = values.engine as "heuristic" | "openai";
  const issue = await loadIssue(positionals[0] as string, offline);
  const docsDir = values["docs-dir"];
  const docsRepoName = config.docs.repo ?? issue.repo;
  const client = offline ? null : githubClient();
  if (docsDir) {
    const info = await stat(docsDir).catch(() => null);
    if (!info?.isDirectory()) throw new UsageError(`--docs-dir ${docsDir} is not a folder`);
  }
  const local = docsDir ? localDocsRepo(docsDir) : null;
  const remote =
    !local && client && issue.repo && docsRepoName ? githubRepos(client, issue.repo, docsRepoName) : null;
  const docs =
    local ?? remote?.docs ?? (client && docsRepoName ? githubDocsRepo(client, docsRepoName) : null);
  const changelogRepo = local ?? remote?.changelogRepo ?? null;
  const result = await analyzeIssue({
    issue,
    config,
    docs,
    changelogRepo,
    fetcher: offline ? null : createSafeFetch(defaultPolicy(allowedHostsFor(config))),
    octokit: client,
    offlineReason: offline
      ? "--offline"
      : docsRepoName
        ? undefined
        : "no docs repository: pass --docs-dir or set docs.repo",
  });
  return values.format === "json"
    ? JSON.stringify(result, null, 2)
    : renderComment(result, inputsHash({ issue: result.issue, config }));
}

async function evaluate(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      corpora: { type: "string" },
      format: { type: "string", default: "table" },
      mode: { type: "string", default: "both" },
      case: { type: "string" },
    },
  });
  if (positionals.length !== 1 || !values.corpora)
    throw new UsageError("eval takes <cases-dir> and --corpora DIR");
  const MODES: Record<string, EvalMode[]> = {
    both: ["configured", "zero"],
    configured: ["configured"],
    zero: ["zero"],
  };
  const mode = values.mode ?? "both";
  const modes = Object.hasOwn(MODES, mode) ? MODES[mode] : undefined;
  if (!modes) throw new UsageError(`--mode must be both, configured or zero, not ${values.mode}`);
  return runEval(
    positionals[0] as string,
    values.corpora,
    values.format === "json" ? "json" : "table",
    modes,
    values.case ?? null,
  );
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "analyze") process.stdout.write(`${await analyze(rest)}\n`);
    else if (command === "eval") process.stdout.write(`${await evaluate(rest)}\n`);
    else if (command === "--help" || command === "-h" || command === "help")
      process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(command ? `unknown command ${command}; try docgap --help` : USAGE);
    return 0;
  } catch (err) {
    const typeError =
      err instanceof TypeError && (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (err instanceof UsageError || typeError) {
      process.stderr.write(`docgap: ${(err as Error).message.split("\n")[0]}\n`);
      return 2;
    }
    process.stderr.write(`docgap: failed: ${(err as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
