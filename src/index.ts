import type { Octokit } from "@octokit/rest";
import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import type { EngineEnv } from "./analysis/engine.js";
import { memoryLedger } from "./analysis/ledger.js";
import { loadPrompts } from "./analysis/prompts.js";
import { CONFIG_FILE, type DocgapConfig, defaultConfig, parseConfig } from "./config.js";
import type { AnalysisTask } from "./jobs/analyze.js";
import { createMetrics } from "./jobs/metrics.js";
import { opsHandler } from "./jobs/ops.js";
import { createMemoryQueue } from "./jobs/queue.js";
import { createRedisQueue } from "./jobs/redis-queue.js";
import { createProcessor } from "./jobs/runner.js";
import type { JobData, JobEnvelope, JobEvent, JobQueue, QueueOptions } from "./jobs/types.js";
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
  /** Builds the queue around docgap's job processor (default: Redis when REDIS_URL is set, else in-process). */
  queue?: (options: QueueOptions) => JobQueue;
  /** Page fetcher for every job (tests pass one; production builds a guarded one per job). */
  fetcher?: SafeFetcher;
  /** Model endpoint settings (default: OPENAI_API_KEY and OPENAI_BASE_URL from the environment). */
  env?: EngineEnv;
  /** Environment for queue settings (default: the process environment). */
  processEnv?: NodeJS.ProcessEnv;
  /** Exit the process on SIGTERM/SIGINT once the queue is closed (default true unless a queue is given). */
  handleSignals?: boolean;
}

const intFrom = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The queue the environment asks for. */
export function defaultQueue(env: NodeJS.ProcessEnv) {
  return (options: QueueOptions): JobQueue =>
    env.REDIS_URL
      ? createRedisQueue({ ...options, url: env.REDIS_URL, prefix: env.DOCGAP_REDIS_PREFIX ?? "docgap" })
      : createMemoryQueue(options);
}

/** Builds the Probot app. Handlers only decide, load config and enqueue; the analysis runs from the queue. */
export function createApp(options: AppOptions = {}) {
  return (app: Probot, appOptions?: Partial<ApplicationFunctionOptions>) => {
    const env = options.processEnv ?? process.env;
    // Prompt files are checked now, so a broken one stops the app at start, not an analysis later.
    const prompts = loadPrompts();
    const ledger = memoryLedger();
    let queue: JobQueue | null = null;
    const metrics = createMetrics(() => queue);

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

    const processor = createProcessor({
      auth: async (id) => (await app.auth(id)) as unknown as Octokit,
      octokitFor,
      log: app.log,
      metrics,
      fetcher: options.fetcher,
      engine: (installation) => ({
        env: options.env ?? (env as EngineEnv),
        prompts,
        ledger,
        installation,
      }),
    });
    const onEvent = (event: JobEvent) => {
      metrics.jobEvent(event);
      const fields = { delivery: event.job.deliveryId, job: event.job.id, issue: event.job.label };
      if (event.type === "retry")
        app.log.warn(
          { ...fields, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
          "docgap: job will be retried",
        );
      else if (event.type === "failed")
        app.log.error(
          { ...fields, attempt: event.attempt, reason: event.reason, permanent: event.permanent },
          "docgap: job failed",
        );
    };
    queue = (options.queue ?? defaultQueue(env))({
      processor,
      onEvent,
      concurrency: intFrom(env.DOCGAP_CONCURRENCY, 2),
      installationConcurrency: intFrom(env.DOCGAP_INSTALLATION_CONCURRENCY, 1),
    });
    const jobs = queue;
    try {
      appOptions?.addHandler?.(opsHandler(() => queue, metrics));
    } catch {
      // No HTTP server (probot.receive, tests): nothing to serve /healthz from.
    }

    if (options.handleSignals ?? !options.queue) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          app.log.info(`docgap: ${signal}, finishing running jobs`);
          void jobs.close().finally(() => process.exit(0));
        });
      }
    }

    const add = async (context: IssueContext, key: string, label: string, data: JobData) => {
      const installationId = context.payload.installation?.id;
      if (!installationId) return "duplicate" as const;
      const envelope: JobEnvelope = {
        id: `${key}@${context.id}`,
        key,
        installationId,
        deliveryId: context.id,
        label,
        data,
      };
      const outcome = await jobs.add(envelope);
      if (outcome === "queued") metrics.queued.inc();
      context.log.info({ delivery: context.id, job: envelope.id, outcome }, `docgap: job ${outcome}`);
      return outcome;
    };

    /** An "eyes" reaction tells the person who asked that the work was taken. Best effort. */
    const react = async (context: IssueContext) => {
      try {
        if (context.name === "issue_comment") {
          const { comment } = context.payload as { comment: { id: number } };
          await context.octokit.rest.reactions.createForIssueComment(
            context.repo({ comment_id: comment.id, content: "eyes" }),
          );
        } else {
          await context.octokit.rest.reactions.createForIssue(context.issue({ content: "eyes" }));
        }
      } catch (err) {
        context.log.warn({ err }, "docgap: could not add the reaction");
      }
    };

    const enqueue = async (context: IssueContext, trigger: string, force: boolean, pullRequest = false) => {
      const { issue, repository } = context.payload;
      const target = context.issue();
      const key = `${repository.full_name}#${issue.number}`;
      const label = `${key} (${trigger})`;
      const loaded = await loadConfig(context);
      if (!loaded.ok) {
        const applies =
          trigger === "command" ||
          (context.name === "issues" &&
            "label" in context.payload &&
            loaded.labels.includes(context.payload.label?.name ?? ""));
        if (applies)
          await add(context, `${key}:config`, label, { kind: "config-error", target, errors: loaded.errors });
        else context.log.warn({ errors: loaded.errors }, "docgap: invalid .github/docgap.yml");
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
      const outcome = await add(context, key, label, { kind: "analyze", task });
      if (outcome === "queued" && trigger !== "edited" && config.output.mode !== "dry-run")
        await react(context);
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
