import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Octokit } from "@octokit/rest";
import type { OpenIssue } from "../backlog/entry.js";
import { isRepoSlug } from "../text/slug.js";
import { BacklogReport } from "../types/backlog.js";
import { loadConfig, type Outcome, proxiedFetch } from "./analyze.js";
import { checkChoice, checkDocsDir, UsageError } from "./errors.js";
import { githubClient, loadIssue, type Unreachable } from "./issue.js";

/** Entries of a report saved by an earlier `--format json` run, to skip issues whose inputs did not change. */
async function previousEntries(file: string | undefined) {
  if (!file) return [];
  const text = await readFile(file, "utf8").catch(() => {
    throw new UsageError(`cannot read --previous ${file}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--previous ${file} is not JSON (save the output of docgap triage --format json)`);
  }
  const parsed = BacklogReport.safeParse(json);
  if (!parsed.success) throw new UsageError(`--previous ${file} is not a docgap triage report`);
  return parsed.data.entries;
}

/** The issues of `--issues`: one JSON file (an issue, or a webhook payload), or a folder of them. */
async function issuesFrom(where: string, env: NodeJS.ProcessEnv): Promise<OpenIssue[]> {
  const info = await stat(where).catch(() => null);
  if (!info) throw new UsageError(`--issues ${where} does not exist`);
  const files = info.isDirectory()
    ? (await readdir(where))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(where, f))
    : [where];
  const out: OpenIssue[] = [];
  for (const [i, file] of files.entries()) {
    const issue = await loadIssue(file, true, () => Promise.reject(new Error("offline")), env);
    out.push({
      number: issue.number ?? i + 1,
      title: issue.title,
      body: issue.body,
      url: issue.url ?? file,
      labels: [],
      comments: 0,
    });
  }
  return out;
}

export async function triageCommand(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "docs-dir": { type: "string" },
      config: { type: "string" },
      engine: { type: "string", default: "heuristic" },
      format: { type: "string", default: "markdown" },
      dashboard: { type: "boolean", default: false },
      previous: { type: "string" },
      concurrency: { type: "string", default: "4" },
      issues: { type: "string" },
      offline: { type: "boolean", default: false },
    },
  });
  const repo = positionals[0];
  if (positionals.length !== 1 || !repo || !isRepoSlug(repo))
    throw new UsageError("triage takes exactly one owner/repo; try docgap triage --help");
  checkChoice("--format", values.format, ["markdown", "json"]);
  checkChoice("--engine", values.engine, ["heuristic", "openai"]);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UsageError(`--concurrency must be a whole number from 1 to 16, not ${values.concurrency}`);
  const docsDir = values["docs-dir"];
  await checkDocsDir(docsDir);
  const previous = await previousEntries(values.previous);
  const offline = values.offline ?? false;
  if (offline && !values.issues)
    throw new UsageError("--offline needs --issues: the open issues come from GitHub");
  if (offline && values.dashboard) throw new UsageError("--dashboard writes to GitHub: not with --offline");
  const fromFiles = values.issues ? await issuesFrom(values.issues, env) : undefined;

  const unreachable: Unreachable = { count: 0, last: null };
  let octokit: Octokit | null = null;
  // GitHub through the proxy the environment names, as `docgap analyze` reads it.
  const proxy = offline ? null : await proxiedFetch(env);
  const client = offline ? null : async () => (octokit ??= await githubClient(env, unreachable, proxy));
  const warnings: string[] = [];
  const loaded = await loadConfig({
    file: values.config,
    docsDir,
    repo,
    client,
    warn: (line) => warnings.push(line),
  });
  const [{ applyLimits, operatorLimits }, { analyzeIssue }, render, repos, fetch, engine, backlog, snapshot] =
    await Promise.all([
      import("../config/limits.js"),
      import("../pipeline/analyze.js"),
      import("../publish/render.js"),
      import("../github/docs-repo.js"),
      import("../web/fetch.js"),
      import("../analysis/engine.js"),
      import("../backlog/main.js"),
      import("../github/snapshot.js"),
    ]);
  const limits = operatorLimits(env);
  if (!limits.ok) throw new UsageError(limits.errors.join("; "));
  const { config } = applyLimits(loaded, limits.limits);
  // A model answers only when asked for: a backlog is hundreds of analyses.
  config.analysis.engine = values.engine as "heuristic" | "openai";
  const github = client ? await client() : null;
  const docsRepoName = config.docs.repo ?? repo;
  const docs = docsDir
    ? repos.localDocsRepo(docsDir)
    : github && repos.pinnedVersion(repos.githubDocsRepo(github, docsRepoName));
  const changelogRepo =
    docsDir || docsRepoName === repo
      ? docs
      : github && repos.pinnedVersion(repos.githubDocsRepo(github, repo));
  const cache = snapshot.defaultCache(env);
  const fetcher = offline ? null : fetch.fetcherFor(config);
  const engineEnv = { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL };
  const model = engine.modelFor(config, engineEnv);
  const tty = process.stderr.isTTY;
  // The dashboard is found by who wrote it: the token's user (an App's or a workflow's token has none: any bot).
  const login = github
    ? await github.rest.users
        .getAuthenticated()
        .then((r) => r.data.login)
        .catch(() => null)
    : null;
  const outcome = await backlog.runBacklog({
    octokit: github,
    issues: fromFiles,
    publicOnly:
      github && values.dashboard
        ? await (await import("../jobs/analyze.js")).privateDocsOnPublicIssue(github, repo, docsRepoName)
        : false,
    repo,
    config,
    hashOf: (issue) => render.analysisHash(issue, config, model),
    analyze: (issue, comments) =>
      analyzeIssue({
        issue: { repo, number: issue.number, title: issue.title, body: issue.body, url: issue.url },
        config,
        docs,
        changelogRepo,
        fetcher,
        octokit: github,
        engine: { env: offline ? {} : engineEnv },
        offlineReason: offline ? "--offline" : undefined,
        cache,
        comments,
        searchDuplicates: false,
      }),
    concurrency,
    author: { appId: null, login },
    dashboard: values.dashboard ?? false,
    previous,
    progress: tty ? (done, total) => process.stderr.write(`\rdocgap: triage ${done}/${total}`) : undefined,
  });
  if (tty) process.stderr.write("\n");
  const { analysed, reused, failed } = outcome.report.run;
  const notes = [
    `${outcome.report.entries.length} open docs issues: ${analysed} analysed, ${reused} unchanged${failed ? `, ${failed} failed` : ""}`,
  ];
  if (outcome.dashboard) notes.push(`dashboard #${outcome.dashboard.number} ${outcome.dashboard.action}`);
  if (outcome.ticked.length)
    notes.push(
      `ticked on the dashboard, not yet taken: ${outcome.ticked.map((n) => `#${n}`).join(", ")} (the App or the Action opens their pull requests)`,
    );
  return {
    output:
      values.format === "json"
        ? JSON.stringify(outcome.report, null, 2)
        : (await import("../backlog/render.js")).renderBacklog(outcome.report),
    warnings,
    notes,
    strict: false,
    unreachable: unreachable.count ? unreachable.last : null,
  };
}
