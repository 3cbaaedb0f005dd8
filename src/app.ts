import type { Octokit } from "@octokit/rest";
import { Redis } from "ioredis";
import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { tokens } from "./analysis/budget.js";
import type { EngineEnv } from "./analysis/engine.js";
import { memoryLedger, redisLedger } from "./analysis/ledger.js";
import { loadPrompts } from "./analysis/prompt-files.js";
import { concurrencyOf, operatorLimits, positiveInt } from "./config/limits.js";
import { httpStatus } from "./github/client.js";
import { defaultCache, type SnapshotCache } from "./github/snapshot.js";
import { scrubbingLog } from "./jobs/log.js";
import { createMetrics } from "./jobs/metrics.js";
import { opsHandler } from "./jobs/ops.js";
import type { AnalysisPool } from "./jobs/pool.js";
import { createMemoryQueue } from "./jobs/queue.js";
import { createRedisQueue } from "./jobs/redis-queue.js";
import { createProcessor } from "./jobs/runner.js";
import { sweepDashboards } from "./jobs/schedule.js";
import { commandOf, eventOf } from "./jobs/triage.js";
import type { IssueEvent, JobEvent, JobQueue, QueueOptions } from "./jobs/types.js";
import { authorFromEnv, type CommentAuthor } from "./publish/comment.js";
import { registerSecret } from "./text/secrets.js";
import { timeLimit } from "./text/time-limit.js";
import type { SafeFetcher } from "./web/fetch.js";

type IssueContext = Context<"issues.labeled" | "issues.edited" | "issue_comment.created">;

const isBot = (context: IssueContext) => context.payload.sender?.type === "Bot" || context.isBot;

export interface AppOptions {
  /** Builds the queue around docgap's job processor (default: Redis when REDIS_URL is set, else in-process). */
  queue?: (options: QueueOptions) => JobQueue;
  /** Page fetcher for every job (tests pass one; production builds a guarded one per job). */
  fetcher?: SafeFetcher;
  /** Who docgap writes as (default: the App id in `APP_ID`). */
  author?: CommentAuthor;
  /** Model endpoint settings (default: OPENAI_API_KEY and OPENAI_BASE_URL from the environment). */
  env?: EngineEnv;
  /** Environment for queue settings (default: the process environment). */
  processEnv?: NodeJS.ProcessEnv;
  /** Docs trees and files kept between analyses (default: Redis when REDIS_URL is set, else in memory). */
  cache?: SnapshotCache;
  /** Exit the process on SIGTERM/SIGINT once the queue is closed (default true unless a queue is given). */
  handleSignals?: boolean;
  /**
   * Receives the app's orderly shutdown: no new job is taken, running ones finish within `DOCGAP_DRAIN_SECONDS`,
   * the rest is handed back (Redis) or logged as lost (in-process), and the worker threads close last.
   */
  onClose?: (close: () => Promise<void>) => void;
  /**
   * Worker threads that run the analyses with a time and memory budget (the server makes one); without it the
   * analyses run on this thread.
   */
  pool?: AnalysisPool;
  /**
   * How often to look for repositories whose dashboard is due (`dashboard.enabled` in their config), in ms; the
   * server sets it from `DOCGAP_DASHBOARD_SWEEP_MINUTES`. Absent or 0: no schedule.
   */
  sweepMs?: number;
}

/** A job the queue could not store in time (Redis unreachable): the webhook is answered 503. */
export class JobNotStored extends Error {}

const storeWithin = <T>(ms: number, add: () => Promise<T>): Promise<T> =>
  timeLimit(add(), ms, () => new JobNotStored(`the job queue did not store the job within ${ms} ms`));

/** The queue the environment asks for. */
export function defaultQueue(env: NodeJS.ProcessEnv, consume = true) {
  return (options: QueueOptions): JobQueue =>
    env.REDIS_URL
      ? createRedisQueue({
          ...options,
          url: env.REDIS_URL,
          prefix: env.DOCGAP_REDIS_PREFIX ?? "docgap",
          worker: consume,
        })
      : createMemoryQueue(options);
}

/**
 * Builds the Probot app. Handlers only filter and enqueue an event job; reading the config, checking permissions,
 * the analysis and publishing all run from the queue.
 */
export function createApp(options: AppOptions = {}) {
  return (app: Probot, appOptions?: Partial<ApplicationFunctionOptions>) => {
    // Log lines never carry a credential, whatever a remote answer echoed.
    const log = scrubbingLog(app.log);
    const env = options.processEnv ?? process.env;
    for (const name of ["OPENAI_API_KEY", "WEBHOOK_SECRET", "GITHUB_TOKEN", "METRICS_TOKEN"])
      registerSecret(env[name]);
    // The operator's limits are checked now: a bad value stops the app at start.
    const limits = operatorLimits(env);
    if (!limits.ok) throw new Error(`docgap: ${limits.errors.join("; ")}`);
    // Prompt files are checked now, so a broken one stops the app at start, not an analysis later.
    const prompts = loadPrompts();
    // The tokenizer's first use costs ~200 ms of CPU: pay it at start, not while a webhook waits; with worker
    // threads the prompt is built there, and each thread pays it when it starts.
    if (!options.pool && (options.env ?? (env as EngineEnv)).OPENAI_API_KEY) tokens("warm up");
    // Daily token budgets hold across instances when they share Redis.
    const ledger = env.REDIS_URL
      ? redisLedger(
          new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 }),
          env.DOCGAP_REDIS_PREFIX ?? "docgap",
        )
      : memoryLedger();
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
        if (httpStatus(err) === 404) return null;
        throw err;
      }
    };

    const processor = createProcessor({
      auth: async (id) => (await app.auth(id)) as unknown as Octokit,
      enqueue: (job) => {
        if (!queue) throw new Error("the queue is not ready");
        return queue.add(job).then((outcome) => {
          if (outcome === "queued") metrics.queued.inc();
          return outcome;
        });
      },
      octokitFor,
      log: log,
      metrics,
      author: options.author ?? authorFromEnv(),
      limits: limits.limits,
      pool: options.pool,
      fetcher: options.fetcher,
      cache: options.cache ?? defaultCache(env),
      engine: (installation) => ({
        env: options.env ?? (env as EngineEnv),
        prompts,
        ledger,
        installation,
      }),
    });
    const onEvent = (event: JobEvent) => {
      metrics.jobEvent(event);
      const fields = {
        delivery: event.job.deliveryId,
        repo: event.job.repo,
        issue: event.job.issue,
        job: event.job.id,
      };
      if (event.type === "retry")
        log.warn(
          { ...fields, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason },
          "docgap: job will be retried",
        );
      else if (event.type === "abandoned")
        log.error(
          { ...fields, handedBack: event.handedBack },
          event.handedBack
            ? "docgap: job unfinished at the drain deadline, handed back to the queue"
            : "docgap: job not finished before shutdown, lost (the in-process queue keeps nothing): label the issue again or comment /docgap analyze",
        );
      else if (event.type === "failed")
        log.error(
          { ...fields, attempt: event.attempt, reason: event.reason, permanent: event.permanent },
          "docgap: job failed",
        );
    };
    const drainMs = positiveInt(env.DOCGAP_DRAIN_SECONDS, 25) * 1000;
    queue = (options.queue ?? defaultQueue(env))({
      processor,
      onEvent,
      concurrency: concurrencyOf(env),
      installationConcurrency: positiveInt(env.DOCGAP_INSTALLATION_CONCURRENCY, 1),
      drainMs,
    });
    const jobs = queue;
    try {
      appOptions?.addHandler?.(opsHandler(() => queue, metrics));
    } catch {
      // No HTTP server (probot.receive, tests): nothing to serve /healthz from.
    }

    // GitHub waits 10 s for an answer: a job that cannot be stored by then is refused, so the delivery can be
    // redelivered, instead of left unanswered.
    const enqueueMs = positiveInt(env.DOCGAP_ENQUEUE_TIMEOUT_MS, 5_000);
    let sweeps: NodeJS.Timeout[] = [];
    if (options.sweepMs) {
      const sweep = () =>
        sweepDashboards({
          app: async () => (await app.auth()) as unknown as Octokit,
          auth: async (id) => (await app.auth(id)) as unknown as Octokit,
          enqueue: (job) => jobs.add(job),
          log,
        })
          .then((queued) => queued && log.info({ queued }, "docgap: dashboards due, backlog jobs queued"))
          .catch((err) => log.warn({ err }, "docgap: the dashboard schedule could not list installations"));
      sweeps = [setTimeout(sweep, 60_000), setInterval(sweep, options.sweepMs)];
      for (const t of sweeps) t.unref();
    }
    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        for (const t of sweeps) clearTimeout(t);
        log.info(
          "docgap: shutting down: no new jobs; running ones finish, the rest is handed back or logged",
        );
        // The drain has its deadline; a queue whose store does not answer (Redis down) must not hold the exit.
        let timer: NodeJS.Timeout | undefined;
        const stuck = new Promise<"stuck">((resolve) => {
          timer = setTimeout(() => resolve("stuck"), drainMs + 5_000);
          timer.unref();
        });
        const closed = await Promise.race([jobs.close().then(() => "closed" as const), stuck]);
        clearTimeout(timer);
        if (closed === "stuck")
          log.error({}, "docgap: the job queue did not close in time (is Redis reachable?)");
        await options.pool?.close().catch(() => undefined);
      })());
    options.onClose?.(close);
    if (options.handleSignals ?? !options.queue) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          log.info(`docgap: ${signal}`);
          void close().finally(() => process.exit(0));
        });
      }
    }

    /** Handlers only filter and queue: the config is read, and permissions checked, by the queued job. */
    const take = async (
      context: IssueContext,
      trigger: IssueEvent["trigger"],
      command: string | null = null,
    ) => {
      const installationId = context.payload.installation?.id;
      if (!installationId) return;
      const event = eventOf(context.payload, trigger, command);
      const key = `event@${context.id}`;
      const outcome = await storeWithin(enqueueMs, () =>
        jobs.add({
          id: key,
          key,
          installationId,
          deliveryId: context.id,
          repo: event.repository.fullName,
          issue: event.issue.number,
          label: `${event.repository.fullName}#${event.issue.number} (${trigger})`,
          data: { kind: "event", event },
        }),
      );
      log.info({ delivery: context.id, trigger, outcome }, `docgap: event ${outcome}`);
    };

    app.on("issues.labeled", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      await take(context, "labeled");
    });

    app.on("issues.edited", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      const { changes } = context.payload;
      if (!changes.title && !changes.body) return;
      await take(context, "edited");
    });

    app.on("issue_comment.created", async (context) => {
      if (isBot(context) || context.payload.issue.pull_request) return;
      const command = commandOf(context.payload.comment.body);
      if (!command) return;
      await take(context, "command", command);
    });
  };
}

export default createApp();
