import { setTimeout as sleep } from "node:timers/promises";
import pLimit, { type LimitFunction } from "p-limit";
import PQueue from "p-queue";
import { afterFailure } from "./errors.js";
import type { JobEnvelope, JobQueue, QueueOptions } from "./types.js";

const SEEN_MAX = 10_000;
const EVENT_CONCURRENCY = 4;

/**
 * The in-process queue (the default): bounded concurrency overall and per installation, the newest job per issue
 * wins, retries with backoff for transient failures, and a drain on shutdown. Jobs do not survive a restart; use
 * the Redis queue for that.
 */
export function createMemoryQueue(options: QueueOptions): JobQueue {
  const queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  // Event jobs (read the config, decide) have their own lane: they never wait behind analyses.
  const events = new PQueue({ concurrency: EVENT_CONCURRENCY });
  const attempts = options.attempts ?? 4;
  const baseMs = options.backoffMs ?? 2_000;
  const latest = new Map<string, string>();
  const seen = new Set<string>();
  const perInstallation = new Map<number, LimitFunction>();
  let delayed = 0;
  let failed = 0;
  let closed = false;
  /** Jobs taken and not yet finished, for what a shutdown gives up. */
  const open = new Map<string, JobEnvelope>();
  const limiter = (id: number) => {
    let limit = perInstallation.get(id);
    if (!limit) {
      limit = pLimit(options.installationConcurrency ?? 1);
      perInstallation.set(id, limit);
    }
    return limit;
  };

  /** Retries waiting for their time, outside the lanes (a wait never holds a slot): their timers and jobs. */
  const waiting = new Map<NodeJS.Timeout, { job: JobEnvelope; done: () => void }>();
  const waits = new Set<Promise<void>>();
  const laneOf = (job: JobEnvelope) => (job.data.kind === "event" ? events : queue);

  /** Runs `then` after `ms`, outside the lanes; counted as delayed, and given up (with its job) on close. */
  const later = (job: JobEnvelope, ms: number, then: () => void) => {
    delayed++;
    let done = () => {};
    const wait = new Promise<void>((resolve) => {
      done = resolve;
    });
    waits.add(wait);
    const timer = setTimeout(() => {
      waiting.delete(timer);
      delayed--;
      then();
      waits.delete(wait);
      done();
    }, ms);
    waiting.set(timer, { job, done });
  };

  const run = async (job: JobEnvelope, attempt = 1, firstTriedAt = Date.now()): Promise<void> => {
    const stillCurrent = async () => latest.get(job.key) === job.id;
    if (!(await stillCurrent())) {
      open.delete(job.id);
      return;
    }
    const t0 = performance.now();
    try {
      // Event jobs only read the config and decide: they skip the installation's limit.
      const work = () => options.processor(job, { attempt, stillCurrent });
      await (job.data.kind === "event" ? work() : limiter(job.installationId)(work));
      options.onEvent?.({ type: "completed", job, ms: Math.round(performance.now() - t0) });
      open.delete(job.id);
    } catch (err) {
      // While shutting down, nothing is tried again: what is left is reported by close().
      const step = afterFailure(
        job,
        err,
        attempt,
        closed ? attempt : attempts,
        baseMs,
        closed ? null : firstTriedAt,
      );
      options.onEvent?.(step.event);
      if (step.event.type === "failed") {
        failed++;
        open.delete(job.id);
        return;
      }
      later(job, step.event.delayMs, () => {
        void laneOf(job)
          .add(() => run(job, attempt + 1, firstTriedAt))
          .catch(() => undefined);
      });
    }
  };

  return {
    async add(job) {
      if (closed) throw new Error("the job queue is shutting down");
      if (seen.has(job.id)) return "duplicate";
      seen.add(job.id);
      if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value as string);
      // A job still waiting (or running) for this issue sees it is superseded and publishes nothing.
      latest.set(job.key, job.id);
      open.set(job.id, job);
      const start = () =>
        void laneOf(job)
          .add(() => run(job))
          .catch(() => undefined);
      if (job.delayMs && job.delayMs > 0) later(job, job.delayMs, start);
      else start();
      return "queued";
    },
    async onIdle() {
      while (events.size + events.pending + queue.size + queue.pending + waits.size > 0) {
        await Promise.all([events.onIdle(), queue.onIdle(), ...waits]);
      }
    },
    async close() {
      // Jobs already taken are finished, for at most the drain deadline; what is left then is reported (a process
      // keeps nothing across a restart) and nothing new starts.
      closed = true;
      // Retries still waiting for their time are not started: their jobs are lost with this process.
      for (const [timer, { done }] of waiting) {
        clearTimeout(timer);
        delayed--;
        done();
      }
      waiting.clear();
      waits.clear();
      // Nothing new starts: jobs not yet taken are lost with this process, and reported below.
      events.clear();
      queue.clear();
      const drained = await Promise.race([
        Promise.all([events.onIdle(), queue.onIdle()]).then(() => true),
        sleep(options.drainMs ?? 25_000, undefined, { ref: false }).then(() => false),
      ]);
      if (!drained) {
        events.clear();
        queue.clear();
      }
      for (const job of open.values()) options.onEvent?.({ type: "abandoned", job, handedBack: false });
      open.clear();
    },
    stats: async () => ({
      backend: "memory",
      waiting: queue.size + events.size,
      running: queue.pending + events.pending - delayed,
      delayed,
      failed,
      redis: null,
    }),
  };
}
