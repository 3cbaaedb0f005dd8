import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { classify } from "./errors.js";
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

const QUEUE = "docgap-jobs";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
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
  const connect = () => new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
  const redis = connect();
  const queue = new Queue(QUEUE, { connection: connect(), prefix });
  const latestKey = (key: string) => `${prefix}:latest:${key}`;
  const runningKey = (installation: number) => `${prefix}:running:${installation}`;
  const stillCurrentOf = (job: JobEnvelope) => async () => (await redis.get(latestKey(job.key))) === job.id;

  let worker: Worker | null = null;
  if (options.worker !== false) {
    worker = new Worker(
      QUEUE,
      async (bullJob, token) => {
        const job = bullJob.data as JobEnvelope;
        const attempt = bullJob.attemptsMade + 1;
        // Per-installation concurrency, shared by every instance: a lease per running job, renewed while it runs,
        // so a worker that dies does not hold its slot for longer than two lock periods.
        const limit = options.installationConcurrency ?? 1;
        const slots = runningKey(job.installationId);
        const lease = lockMs * 2;
        const now = Date.now();
        await redis.zremrangebyscore(slots, 0, now - lease);
        await redis.zadd(slots, now, bullJob.id ?? job.id);
        await redis.pexpire(slots, lease);
        if ((await redis.zcard(slots)) > limit) {
          await redis.zrem(slots, bullJob.id ?? job.id);
          await bullJob.moveToDelayed(Date.now() + 500 + Math.floor(Math.random() * 500), token);
          throw new DelayedError();
        }
        const renew = setInterval(() => {
          void redis.zadd(slots, Date.now(), bullJob.id ?? job.id).then(() => redis.pexpire(slots, lease));
        }, lockMs / 2);
        const t0 = performance.now();
        try {
          await options.processor(job, { attempt, stillCurrent: stillCurrentOf(job) });
          options.onEvent?.({ type: "completed", job, ms: Math.round(performance.now() - t0) });
        } catch (err) {
          const decision = classify(err);
          if (!decision.retry || attempt >= attempts) {
            options.onEvent?.({
              type: "failed",
              job,
              attempt,
              reason: decision.reason,
              permanent: !decision.retry,
            });
            throw decision.retry ? err : new UnrecoverableError(decision.reason);
          }
          if (decision.delayMs !== null) {
            // A rate limit says when to come back: wait exactly that long, without using up an attempt.
            options.onEvent?.({
              type: "retry",
              job,
              attempt,
              delayMs: decision.delayMs,
              reason: decision.reason,
            });
            await bullJob.moveToDelayed(Date.now() + decision.delayMs, token);
            throw new DelayedError();
          }
          options.onEvent?.({
            type: "retry",
            job,
            attempt,
            delayMs: (options.backoffMs ?? 2_000) * 2 ** (attempt - 1),
            reason: decision.reason,
          });
          throw err;
        } finally {
          clearInterval(renew);
          await redis.zrem(slots, bullJob.id ?? job.id);
        }
      },
      {
        connection: connect(),
        prefix,
        concurrency: options.concurrency ?? 2,
        lockDuration: lockMs,
        stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
        maxStalledCount: 2,
      },
    );
    worker.on("error", () => undefined); // connection errors surface through /healthz
  }

  return {
    async add(job) {
      if (await queue.getJob(job.id)) return "duplicate";
      // Mark as newest before it can start, so a worker never sees it as superseded.
      await redis.set(latestKey(job.key), job.id, "EX", WEEK);
      await queue.add(job.data.kind, job, {
        jobId: job.id,
        attempts,
        backoff: { type: "exponential", delay: options.backoffMs ?? 2_000 },
        removeOnComplete: { age: 24 * 3600, count: 10_000 },
        removeOnFail: { age: WEEK },
      });
      return "queued";
    },
    async onIdle() {
      for (;;) {
        const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
        if (Object.values(c).every((n) => n === 0)) return;
        await sleep(50);
      }
    },
    async close() {
      // Running jobs finish; a job cut off by a hard kill is handed back when its lock expires.
      await worker?.close();
      await queue.close();
      redis.disconnect();
    },
    async stats() {
      try {
        // Commands wait for a reconnect; a health check must not.
        const [c, pong] = await withTimeout(
          Promise.all([queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized"), redis.ping()]),
          1_000,
        );
        return {
          backend: "redis",
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          running: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
          redis: pong === "PONG",
        };
      } catch {
        return { backend: "redis", waiting: 0, running: 0, delayed: 0, failed: 0, redis: false };
      }
    },
  };
}
