/**
 * The GitHub Action entry: the workflow's `issues` or `issue_comment` event goes through the same triage, analysis
 * and one comment as the App, authenticated with the workflow's token, reading the docs from the checked-out
 * workspace when it holds the docs repository.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@actions/core";
import { memoryLedger } from "./analysis/ledger.js";
import { loadPrompts } from "./analysis/prompt-files.js";
import { runBacklog } from "./backlog/main.js";
import { renderBacklog } from "./backlog/render.js";
import type { ReadConfigFile } from "./config/extends.js";
import { operatorLimits } from "./config/limits.js";
import { formatProblem } from "./config/problems.js";
import { CONFIG_PATH } from "./config/schema.js";
import { tokenClient } from "./github/client.js";
import { githubDocsRepo, localDocsRepo, pinnedVersion } from "./github/docs-repo.js";
import {
  type AnalysisTask,
  type JobOutcome,
  type Logger,
  privateDocsOnPublicIssue,
  runAnalysisJob,
  runConfigErrorJob,
} from "./jobs/analyze.js";
import { runDashboardPr } from "./jobs/dashboard.js";
import { react } from "./jobs/runner.js";
import {
  commandOf,
  eventOf,
  githubFileReader,
  type IssuePayload,
  loadConfig,
  triage,
} from "./jobs/triage.js";
import { analyzeIssue } from "./pipeline/analyze.js";
import type { CommentAuthor } from "./publish/comment.js";
import { analysisHash } from "./publish/render.js";
import { registerSecret, scrubDeep, scrubSecrets } from "./text/secrets.js";
import { fetcherFor } from "./web/fetch.js";

type Env = NodeJS.ProcessEnv;

/** An input as the workflow sets it; blank is unset. */
const input = (name: string): string | null => core.getInput(name) || null;

/** Log lines for the workflow log: one line each, fields as JSON; warnings and errors as workflow annotations. */
export function actionLogger(): Logger {
  const line = (obj: object, msg?: string) => {
    const fields = Object.entries(obj).filter(([k]) => k !== "body");
    const json = fields.length
      ? ` ${JSON.stringify(Object.fromEntries(fields), (k, v) => (k === "err" && v instanceof Error ? v.message : v))}`
      : "";
    return `${msg ?? ""}${json}`;
  };
  return {
    info: (obj, msg) => core.info(scrubSecrets(line(obj, msg))),
    warn: (obj, msg) => core.warning(scrubSecrets(line(obj, msg))),
    error: (obj, msg) => core.error(scrubSecrets(line(obj, msg))),
  };
}

const MODES = ["dry-run", "comment", "pull-request", "both"] as const;

/** GitHub Models' OpenAI-compatible endpoint, reached with the workflow's token (`permissions: models: read`). */
export const GITHUB_MODELS_URL = "https://models.github.ai/inference";

/** The model endpoint: the key given, or GitHub Models through the workflow's token when asked; else none. */
function modelEnv(apiKey: string | null, token: string) {
  if (apiKey) return { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: input("openai-base-url") ?? undefined };
  if (input("github-models") === "true")
    return { OPENAI_API_KEY: token, OPENAI_BASE_URL: input("openai-base-url") ?? GITHUB_MODELS_URL };
  return {};
}
/** Outputs are capped at 1 MB per job; a larger result is only in the file. */
const MAX_OUTPUT = 512 * 1024;

/** Whether the workspace holds a checkout of the repository (the docs are read from there, not downloaded). */
async function checkedOut(workspace: string | undefined): Promise<boolean> {
  if (!workspace) return false;
  const git = await stat(path.join(workspace, ".git")).catch(() => null);
  return git !== null;
}

/** A config reader that takes the workspace's file for the repository's own config, the API for the rest. */
function configReader(api: ReadConfigFile, repo: string, local: string | null): ReadConfigFile {
  return async (name, file) => {
    if (local && name.toLowerCase() === repo.toLowerCase() && file === CONFIG_PATH)
      return readFile(local, "utf8").catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") return null;
        throw err;
      });
    return api(name, file);
  };
}

/** Runs the Action once; returns the process exit code. */
export async function runAction(env: Env = process.env, log: Logger = actionLogger()): Promise<number> {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  // Every run sets `outcome`: `skipped` until something else happens (a later value replaces it).
  core.setOutput("outcome", "skipped");
  const token = input("github-token") ?? env.GITHUB_TOKEN ?? null;
  const apiKey = input("openai-api-key");
  // Never printed, whatever a remote answer echoes: the runner masks them in the log.
  for (const secret of [token, apiKey]) {
    if (!secret) continue;
    core.setSecret(secret);
    registerSecret(secret);
  }
  if (!token) {
    log.error({}, "docgap: no github-token input (and no GITHUB_TOKEN): nothing can be read or posted");
    return 1;
  }
  if (eventName === "schedule" || eventName === "workflow_dispatch") return runBacklogAction(env, token, log);
  if (eventName !== "issues" && eventName !== "issue_comment") {
    log.info(
      { event: eventName },
      "docgap: runs on issues and issue_comment events (and schedule or workflow_dispatch for the dashboard); nothing to do",
    );
    return 0;
  }
  let payload: IssuePayload & { action?: string; sender?: { type?: string }; changes?: object };
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH ?? "", "utf8"));
  } catch (err) {
    log.error({ err }, "docgap: cannot read the event file GITHUB_EVENT_PATH");
    return 1;
  }
  if (!payload?.issue || !payload.repository) {
    log.info({}, "docgap: the event carries no issue; nothing to do");
    return 0;
  }
  if ((payload.issue as { pull_request?: unknown }).pull_request || payload.sender?.type === "Bot") {
    log.info({}, "docgap: pull requests and bots are not analysed");
    return 0;
  }
  const action = payload.action ?? "";
  const command = eventName === "issue_comment" ? commandOf(payload.comment?.body) : null;
  const trigger =
    eventName === "issue_comment"
      ? action === "created" && command
        ? "command"
        : null
      : action === "labeled"
        ? "labeled"
        : action === "edited" && payload.changes && ("title" in payload.changes || "body" in payload.changes)
          ? "edited"
          : null;
  if (!trigger) {
    log.info({ event: eventName, action }, "docgap: not a trigger (a label, an edit, or a /docgap command)");
    return 0;
  }
  const event = eventOf(payload, trigger, command);
  const octokit = tokenClient({
    token,
    baseUrl: env.GITHUB_API_URL || "https://api.github.com",
    userAgent: "docgap-action",
  });
  const workspace = (await checkedOut(env.GITHUB_WORKSPACE)) ? (env.GITHUB_WORKSPACE as string) : null;
  const repo = event.repository.fullName;
  const configPath = input("config-path") ?? CONFIG_PATH;
  const read = configReader(
    githubFileReader(octokit),
    repo,
    workspace ? path.resolve(workspace, configPath) : null,
  );
  const author: CommentAuthor = { appId: null, login: input("comment-author") ?? "github-actions[bot]" };
  const mode = input("mode");
  if (mode && !(MODES as readonly string[]).includes(mode)) {
    log.error({ mode }, `docgap: the mode input must be one of ${MODES.join(", ")}`);
    return 1;
  }

  const limits = operatorLimits(env);
  if (!limits.ok) {
    log.error({}, `docgap: ${limits.errors.join("; ")}`);
    return 1;
  }
  const jobDeps = () => ({
    octokit,
    log,
    author,
    limits: limits.limits,
    engine: {
      env: { ...modelEnv(apiKey, token) },
      prompts: loadPrompts(fileURLToPath(new URL("../prompts/", import.meta.url))),
      ledger: memoryLedger(),
      installation: repo,
    },
    localDocs: (docsRepo: string) =>
      workspace && docsRepo.toLowerCase() === repo.toLowerCase() ? localDocsRepo(workspace) : null,
  });
  try {
    const decision = await triage(octokit, event, log, read);
    if (!decision.act) {
      log.info({ reason: decision.reason }, "docgap: nothing to do");
      core.setOutput("outcome", "skipped");
      return 0;
    }
    if (decision.data.kind === "config-error") {
      await runConfigErrorJob({ octokit, log, author }, decision.data.target, decision.data.errors);
      core.setOutput("outcome", "config-error");
      return 1;
    }
    if (decision.data.kind === "dashboard-pr") {
      // Each ticked issue gets its pull request now, in this run.
      const tasks: AnalysisTask[] = [];
      await runDashboardPr({ octokit, log }, decision.data, async (t) => tasks.push(t));
      for (const t of tasks) await runAnalysisJob(jobDeps(), t);
      core.setOutput("outcome", tasks.length ? "published" : "skipped");
      return 0;
    }
    if (decision.data.kind === "backlog") {
      if (decision.react) await react(octokit, event, log);
      return runBacklogAction(env, token, log);
    }
    if (decision.data.kind !== "analyze") return 0;
    const task = decision.data.task;
    if (mode) task.config.output.mode = mode as (typeof MODES)[number];
    // GitHub Models names models by publisher: `gpt-4o-mini` is `openai/gpt-4o-mini` there.
    const model = task.config.analysis.model;
    if (!apiKey && input("github-models") === "true" && !model.includes("/"))
      task.config.analysis.model = `openai/${model}`;
    if (decision.react && task.config.output.mode !== "dry-run") await react(octokit, event, log);
    const done: JobOutcome = await runAnalysisJob(jobDeps(), task);
    if (done.body && env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(scrubSecrets(done.body), true).write();
    core.setOutput("outcome", done.outcome);
    if (done.result) {
      const json = JSON.stringify(scrubDeep(done.result));
      const file = path.join(env.RUNNER_TEMP || workspace || ".", "docgap-result.json");
      await writeFile(file, json);
      core.setOutput("result-path", file);
      if (json.length <= MAX_OUTPUT) core.setOutput("result", json);
      else log.warn({ bytes: json.length }, "docgap: the result is too large for an output; see result-path");
    }
    if (done.commentId) core.setOutput("comment-id", String(done.commentId));
    log.info({ outcome: done.outcome }, `docgap: ${done.outcome}`);
    return 0;
  } catch (err) {
    log.error({ err }, "docgap: failed");
    core.setOutput("outcome", "failed");
    return 1;
  }
}

/**
 * A scheduled (or manual) run: the repository's docs backlog triaged and its dashboard issue kept current, with the
 * heuristic engine: a backlog is hundreds of analyses.
 */
async function runBacklogAction(env: Env, token: string, log: Logger): Promise<number> {
  const repo = env.GITHUB_REPOSITORY ?? "";
  const [owner = "", name = ""] = repo.split("/");
  const octokit = tokenClient({
    token,
    baseUrl: env.GITHUB_API_URL || "https://api.github.com",
    userAgent: "docgap-action",
  });
  try {
    const loaded = await loadConfig(octokit, owner, name);
    if (!loaded.ok) {
      log.error({ errors: loaded.errors.map(formatProblem) }, "docgap: invalid .github/docgap.yml");
      core.setOutput("outcome", "config-error");
      return 1;
    }
    const { config } = loaded;
    config.analysis.engine = "heuristic";
    const workspace = (await checkedOut(env.GITHUB_WORKSPACE)) ? (env.GITHUB_WORKSPACE as string) : null;
    const docsRepoName = config.docs.repo ?? repo;
    const docs =
      workspace && docsRepoName.toLowerCase() === repo.toLowerCase()
        ? localDocsRepo(workspace)
        : pinnedVersion(githubDocsRepo(octokit, docsRepoName));
    const fetcher = fetcherFor(config);
    const outcome = await runBacklog({
      octokit,
      publicOnly: await privateDocsOnPublicIssue(octokit, repo, docsRepoName),
      repo,
      config,
      hashOf: (issue) => analysisHash(issue, config, null),
      analyze: (issue, comments) =>
        analyzeIssue({
          issue: { repo, number: issue.number, title: issue.title, body: issue.body, url: issue.url },
          config,
          docs,
          changelogRepo: docs,
          fetcher,
          octokit,
          comments,
          searchDuplicates: false,
        }),
      concurrency: 4,
      author: { appId: null, login: input("comment-author") ?? "github-actions[bot]" },
      dashboard: true,
    });
    if (env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(scrubSecrets(renderBacklog(outcome.report)), true).write();
    core.setOutput("outcome", outcome.dashboard?.action === "unchanged" ? "unchanged" : "published");
    if (outcome.dashboard) core.setOutput("dashboard", String(outcome.dashboard.number));
    log.info({ ...outcome.report.run, dashboard: outcome.dashboard }, "docgap: docs backlog triaged");
    return 0;
  } catch (err) {
    log.error({ err }, "docgap: the backlog triage failed");
    core.setOutput("outcome", "failed");
    return 1;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runAction().then((code) => {
    process.exitCode = code;
  });
}
