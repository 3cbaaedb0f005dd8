import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { timeLimit } from "../text/time-limit.js";
import { afterFailure } from "./errors.js";
import type { JobEnvelope, JobQueue, QueueOptions } from "./types.js";

export interface RedisQueueOptions extends QueueOptions {
  url: string;
  /** Key prefix in Redis, so several deployments (or tests) can share one server. */
  prefix?: string;
  /** A worker that stops renewing its lock for this long is presumed dead; its job runs again elsewhere. */
  lockMs?: number;
  /** False: only add jobs (no worker in this process). */
  worker?: boolean;
}

/** Two lanes: events (read the config, decide; quick) never wait behind analyses. */
const LANES = { event: "docgap-events", work: "docgap-jobs" } as const;
const EVENT_CONCURRENCY = 4;

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  timeLimit(promise, ms, () => new Error(`no answer within ${ms} ms`));
const WEEK = 7 * 24 * 3600;

/**
 * The durable queue (BullMQ on Redis, when `REDIS_URL` is set): jobs survive restarts, several instances share
 * them, a job whose worker died is picked up again, transient failures are retried with exponential backoff and
 * permanent ones are kept as failed with their reason. Same interface as the in-process queue.
 */
export function createRedisQueue(options: RedisQueueOptions): JobQueue {
  const prefix = options.prefix ?? "docgap";
  const attempts = options.attempts ?? 5;
  const lockMs = options.lockMs ?? 60_000;
  // Connection errors are reported by /healthz (and retried by ioredis), not thrown as unhandled events.
  const connect = () =>
    new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false }).on("error", () => undefined);
  const redis = connect();
  const queues = {
    event: new Queue(LANES.event, { connection: connect(), prefix }),
    work: new Queue(LANES.work, { connection: connect(), prefix }),
  };
  const laneOf = (job: JobEnvelope) => (job.data.kind === "event" ? "event" : "work");
  const latestKey = (key: string) => `${prefix}:latest:${key}`;
  const runningKey = (installation: number) => `${prefix}:running:${installation}`;
  const stillCurrentOf = (job: JobEnvelope) => async () =>
    job.data.kind === "event" || (await redis.get(latestKey(job.key))) === job.id;

  const workers: Worker[] = [];
  /** Jobs this process is running, for what a shutdown hands back; and their slot renewals. */
  const running = new Map<string, JobEnvelope>();
  const renewals = new Set<NodeJS.Timeout>();
  const run = async (bullJob: Job, token?: string) => {
    const job = bullJob.data as JobEnvelope;
    running.set(job.id, job);
    try {
      return await runJob(bullJob, job, token);
    } finally {
      running.delete(job.id);
    }
  };
  const runJob = async (bullJob: Job, job: JobEnvelope, token?: string) => {
    const attempt = bullJob.attemptsMade + 1;
    // Per-installation concurrency, shared by every instance: a lease per running job, renewed while it runs,
    // so a worker that dies does not hold its slot for longer than two lock periods. Event jobs only read the
    // config and decide: they take no slot.
    const limited = job.data.kind !== "event";
    const slots = runningKey(job.installationId);
    const lease = lockMs * 2;
    const member = bullJob.id ?? job.id;
    if (limited) {
      const now = Date.now();
      await redis.zremrangebyscore(slots, 0, now - lease);
      await redis.zadd(slots, now, member);
      await redis.pexpire(slots, lease);
      if ((await redis.zcard(slots)) > (options.installationConcurrency ?? 1)) {
        await redis.zrem(slots, member);
        await bullJob.moveToDelayed(Date.now() + 500 + Math.floor(Math.random() * 500), token);
        throw new DelayedError();
      }
    }
    const renew = limited
      ? setInterval(() => {
          void redis
            .zadd(slots, Date.now(), member)
            .then(() => redis.pexpire(slots, lease))
            .catch(() => undefined);
        }, lockMs / 2)
      : undefined;
    if (renew) renewals.add(renew);
    const t0 = performance.now();
    try {
      await options.processor(job, { attempt, stillCurrent: stillCurrentOf(job) });
      options.onEvent?.({ type: "completed", job, ms: Math.round(performance.now() - t0) });
    } catch (err) {
      const step = afterFailure(job, err, attempt, attempts, options.backoffMs ?? 2_000, bullJob.timestamp);
      options.onEvent?.(step.event);
      if (step.event.type === "failed") {
        throw step.event.permanent ? new UnrecoverableError(step.event.reason) : err;
      }
      if ("told" in step && step.told) {
        // A rate limit says when to come back: wait exactly that long, without using up an attempt.
        await bullJob.moveToDelayed(Date.now() + step.event.delayMs, token);
        throw new DelayedError();
      }
      throw err; // BullMQ retries with the same exponential backoff
    } finally {
      clearInterval(renew);
      if (renew) renewals.delete(renew);
      if (limited) await redis.zrem(slots, member);
    }
  };
  if (options.worker !== false) {
    for (const lane of ["event", "work"] as const) {
      const worker = new Worker(LANES[lane], run, {
        connection: connect(),
        prefix,
        concurrency: lane === "event" ? EVENT_CONCURRENCY : (options.concurrency ?? 2),
        lockDuration: lockMs,
        stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
        maxStalledCount: 2,
      });
      worker.on("error", () => undefined); // connection errors surface through /healthz
      workers.push(worker);
    }
  }

  return {
    async add(job) {
      const queue = queues[laneOf(job)];
      if (job.data.kind !== "event") {
        // One id is taken once, by whichever instance gets there first; the job then becomes the newest for its
        // issue before it can start, so a worker never sees it as superseded.
        const fresh = await redis.set(`${prefix}:seen:${job.id}`, "1", "EX", WEEK, "NX");
        if (fresh === null) return "duplicate";
        await redis.set(latestKey(job.key), job.id, "EX", WEEK);
      }
      // Webhook events (the handler's only Redis write: one round trip) rely on BullMQ's job ids: a redelivered
      // webhook has the same delivery id, and adding a job id that exists does nothing.
      await queue.add(job.data.kind, job, {
        jobId: job.id,
        attempts,
        ...(job.delayMs && job.delayMs > 0 ? { delay: job.delayMs } : {}),
        backoff: { type: "exponential", delay: options.backoffMs ?? 2_000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: WEEK },
      });
      return "queued";
    },
    async onIdle() {
      for (;;) {
        const counts = await Promise.all(
          Object.values(queues).map((q) => q.getJobCounts("waiting", "active", "delayed", "prioritized")),
        );
        if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
        await sleep(50);
      }
    },
    async close() {
      // Nothing new is taken; running jobs (also one a worker fetched but has not started yet) have until the
      // drain deadline. Then the workers stop without them, and each job they held goes back to the queue once
      // its lock expires (another instance, or this one restarted, runs it).
      const drained = Promise.all(workers.map((w) => w.pause()));
      await withTimeout(drained, options.drainMs ?? 25_000).catch(() => undefined);
      await Promise.all(workers.map((w) => w.close(true)));
      for (const job of running.values()) options.onEvent?.({ type: "abandoned", job, handedBack: true });
      // A job given up stops holding its installation's slot.
      for (const r of renewals) clearInterval(r);
      await Promise.all(Object.values(queues).map((q) => q.close()));
      redis.disconnect();
    },
    async stats() {
      try {
        // Commands wait for a reconnect; a health check must not.
        const [e, c, pong] = await withTimeout(
          Promise.all([
            queues.event.getJobCounts("waiting", "active", "delayed", "failed", "prioritized"),
            queues.work.getJobCounts("waiting", "active", "delayed", "failed", "prioritized"),
            redis.ping(),
          ]),
          1_000,
        );
        const sum = (k: string) => (e[k] ?? 0) + (c[k] ?? 0);
        return {
          backend: "redis",
          waiting: sum("waiting") + sum("prioritized"),
          running: sum("active"),
          delayed: sum("delayed"),
          failed: sum("failed"),
          redis: pong === "PONG",
        };
      } catch {
        return { backend: "redis", waiting: 0, running: 0, delayed: 0, failed: 0, redis: false };
      }
    },
  };
}
