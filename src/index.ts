import type { Octokit } from "@octokit/rest";
import type { Context, Probot } from "probot";
import type { EngineEnv } from "./analysis/engine.js";
import { memoryLedger } from "./analysis/ledger.js";
import { loadPrompts } from "./analysis/prompts.js";
import { CONFIG_FILE, type DocgapConfig, defaultConfig, parseConfig } from "./config.js";
import { type AnalysisTask, runAnalysisJob, runConfigErrorJob } from "./jobs/analyze.js";
import { createMemoryQueue, type JobQueue } from "./jobs/queue.js";
import type { SafeFetcher } from "./sources/fetch.js";

const COMMAND = /^\s*\/docgap\s+(analyze|analyse|pr)\b/im;
const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

type IssueContext = Context<"issues.labeled" | "issues.edited" | "issue_comment.created">;
type ConfigLoad = { ok: true; config: DocgapConfig } | { ok: false; errors: string[]; labels: string[] };

/** Reads `.github/docgap.yml` (repository, then the org's `.github` repository, with `_extends`) and validates it. */
async function loadConfig(context: IssueContext): Promise<ConfigLoad> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (err) {
    const reason = (err as Error).message.split("\n")[0] ?? "unreadable";
    return {
      ok: false,
      errors: [`the file could not be read as YAML: ${reason}`],
      labels: defaultConfig().trigger.labels,
    };
  }
  const result = parseConfig(raw);
  if (result.ok) return result;
  const labels = (raw as { trigger?: { labels?: unknown } })?.trigger?.labels;
  const validLabels =
    Array.isArray(labels) && labels.every((l) => typeof l === "string")
      ? labels
      : defaultConfig().trigger.labels;
  return { ok: false, errors: result.errors, labels: validLabels };
}

const isBot = (context: IssueContext) => context.payload.sender?.type === "Bot" || context.isBot;

async function hasWriteAccess(context: IssueContext, username: string): Promise<boolean> {
  try {
    const { data } = await context.octokit.rest.repos.getCollaboratorPermissionLevel(
      context.repo({ username }),
    );
    const role = (data as { role_name?: string }).role_name ?? "";
    return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(role);
  } catch (err) {
    context.log.warn(
      { err, username },
      "docgap: could not read the commenter's permission; ignoring the command",
    );
    return false;
  }
}

export interface AppOptions {
  queue?: JobQueue;
  /** Page fetcher for every job (tests pass one; production builds a guarded one per job). */
  fetcher?: SafeFetcher;
  /** Model endpoint settings (default: OPENAI_API_KEY and OPENAI_BASE_URL from the environment). */
  env?: EngineEnv;
}

/** Builds the Probot app. Handlers only decide, load config and enqueue; the analysis runs from the queue. */
export function createApp(options: AppOptions = {}) {
  return (app: Probot) => {
    // Prompt files are checked now, so a broken one stops the app at start, not an analysis later.
    const prompts = loadPrompts();
    const ledger = memoryLedger();
    const queue =
      options.queue ??
      createMemoryQueue({
        concurrency: Number(process.env.DOCGAP_CONCURRENCY ?? 2),
        onError: (job, err) => app.log.error({ err, job: job.label }, "docgap: job failed"),
      });
    if (!options.queue) {
      // Finish the analyses already taken before the process exits.
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          app.log.info({ ...queue.size() }, `docgap: ${signal}, finishing running jobs`);
          void queue.drain().finally(() => process.exit(0));
        });
      }
    }

    /** docgap's installation on another repository, or null when it is not installed there. */
    const octokitFor = async (fullName: string): Promise<Octokit | null> => {
      const [owner = "", repo = ""] = fullName.split("/");
      const appOctokit = await app.auth();
      try {
        const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner, repo });
        return (await app.auth(data.id)) as unknown as Octokit;
      } catch (err) {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      }
    };

    const enqueue = async (context: IssueContext, trigger: string, force: boolean, pullRequest = false) => {
      const { issue, repository } = context.payload;
      const target = context.issue();
      const label = `${repository.full_name}#${issue.number} (${trigger})`;
      const loaded = await loadConfig(context);
      const octokit = context.octokit as unknown as Octokit;
      const log = context.log;
      if (!loaded.ok) {
        const applies =
          trigger === "command" ||
          (context.name === "issues" &&
            "label" in context.payload &&
            loaded.labels.includes(context.payload.label?.name ?? ""));
        if (applies)
          queue.add({
            key: `${label}:config`,
            label,
            run: () => runConfigErrorJob({ octokit, log }, target, loaded.errors),
          });
        else log.warn({ errors: loaded.errors }, "docgap: invalid .github/docgap.yml");
        return;
      }
      const { config } = loaded;
      if (
        trigger === "labeled" &&
        !config.trigger.labels.includes((context.payload as { label?: { name: string } }).label?.name ?? "")
      )
        return;
      if (trigger === "edited") {
        const labels = (issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name));
        if (!config.trigger.onEdit || !labels.some((l) => config.trigger.labels.includes(l ?? ""))) return;
      }
      const task: AnalysisTask = {
        target,
        issue: { title: issue.title, body: issue.body ?? null, html_url: issue.html_url },
        config,
        defaultBranch: repository.default_branch ?? null,
        force,
        pullRequest,
      };
      queue.add({
        key: `${repository.full_name}#${issue.number}`,
        label,
        run: () =>
          runAnalysisJob(
            {
              octokit,
              log,
              fetcher: options.fetcher,
              octokitFor,
              engine: {
                env: options.env ?? (process.env as EngineEnv),
                prompts,
                ledger,
                installation: context.payload.installation?.id ?? null,
              },
            },
            task,
          ),
      });
      log.info({ job: label }, "docgap: analysis queued");
    };

    app.on("issues.labeled", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      await enqueue(context, "labeled", false);
    });

    app.on("issues.edited", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      const { changes } = context.payload;
      if (!changes.title && !changes.body) return;
      await enqueue(context, "edited", false);
    });

    app.on("issue_comment.created", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      const command = COMMAND.exec(context.payload.comment.body ?? "")?.[1]?.toLowerCase();
      if (!command) return;
      if (!(await hasWriteAccess(context, context.payload.comment.user?.login ?? ""))) {
        context.log.info(
          { user: context.payload.comment.user?.login },
          "docgap: command from a user without write access ignored",
        );
        return;
      }
      await enqueue(context, "command", true, command === "pr");
    });
  };
}

export default createApp();
