import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { positiveInt } from "../config/limits.js";
import type { AnalysisResult } from "../types/result.js";
import type { WorkerInput } from "./worker.js";

/** An analysis that went over its budget: the worker was stopped, and the reason is published. */
export class BudgetExceeded extends Error {}

export interface PoolOptions {
  /** Worker threads. */
  threads: number;
  /** Analyses one thread runs at once (they mostly wait on GitHub and the model); default 1. */
  perThread?: number;
  /** Wall-clock budget of one analysis; the worker is terminated when it is spent. */
  timeoutMs: number;
  /** Heap budget of one analysis's worker. */
  memoryMb: number;
  /** Another worker module (tests wrap the real one); default docgap's `worker.js`. */
  worker?: { filename: string; execArgv: string[] };
}

export interface AnalysisPool {
  run(input: WorkerInput): Promise<AnalysisResult>;
  close(): Promise<void>;
  options: PoolOptions;
}

/**
 * The pool from the environment: `concurrency` analyses at once on `DOCGAP_WORKER_THREADS` threads (default one per
 * core but one), with the budgets `DOCGAP_ANALYSIS_TIMEOUT_SECONDS` (300 s per analysis) and
 * `DOCGAP_ANALYSIS_MEMORY_MB` (1024 MB of heap per thread).
 */
export function budgetFromEnv(env: NodeJS.ProcessEnv, concurrency: number): PoolOptions {
  const threads = Math.max(
    1,
    Math.min(concurrency, positiveInt(env.DOCGAP_WORKER_THREADS, availableParallelism() - 1)),
  );
  return {
    threads,
    perThread: Math.ceil(concurrency / threads),
    timeoutMs: positiveInt(env.DOCGAP_ANALYSIS_TIMEOUT_SECONDS, 300) * 1000,
    memoryMb: positiveInt(env.DOCGAP_ANALYSIS_MEMORY_MB, 1024),
  };
}

/** The worker's file: the built `.js` beside this module, or the `.ts` source (run through tsx) in development. */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = new URL(import.meta.url);
  const ts = here.pathname.endsWith(".ts");
  return {
    filename: new URL(ts ? "./worker.ts" : "./worker.js", here).href,
    execArgv: ts ? ["--import", "tsx"] : [],
  };
}

/**
 * Worker threads for analyses (piscina), so the thread that answers webhooks never parses docs. Analyses mostly
 * wait (on GitHub, on the model), so a thread runs several at once; the threads default to one per core but one,
 * which is left to the webhooks. Each analysis has a time budget and each thread a heap budget: an analysis past
 * its time stops the pool (its threads are replaced at once) and says so; the other analyses that were running
 * fail their attempt and are retried. A thread that runs out of memory with one analysis on it stops that
 * analysis the same way; with several, none can be blamed, and all are retried.
 */
export function createAnalysisPool(options: PoolOptions): AnalysisPool {
  const { filename, execArgv } = options.worker ?? workerFile();
  const threads = Math.max(1, options.threads);
  const start = () =>
    new Piscina({
      filename,
      execArgv,
      // Every thread starts (and loads its modules) with the server, not while webhooks arrive.
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: Math.max(1, options.perThread ?? 1),
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
  let pool = start();
  let inflight = 0;
  let closed = false;
  /** Stops every thread (and what runs on them) and starts fresh ones. */
  const restart = () => {
    const old = pool;
    if (!closed) pool = start();
    void old.destroy().catch(() => undefined);
  };
  return {
    options,
    async run(input) {
      if (closed) throw new Error("the analysis pool is closed");
      const current = pool;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      inflight++;
      const alone = () => inflight === 1;
      try {
        return await new Promise<AnalysisResult>((resolve, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(
              new BudgetExceeded(
                `the analysis took longer than its budget of ${Math.round(options.timeoutMs / 1000)} s`,
              ),
            );
            if (current === pool) restart();
          }, options.timeoutMs);
          current.run(input).then(resolve as (v: unknown) => void, (err: unknown) => {
            if (timedOut) return;
            const e = err as Error & { code?: string };
            const oom =
              e.code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory|memory limit/i.test(e.message ?? "");
            reject(
              oom && alone()
                ? new BudgetExceeded(
                    `the analysis needed more memory than its budget of ${options.memoryMb} MB`,
                  )
                : oom
                  ? new Error(
                      "a worker thread ran out of memory with several analyses on it; this one is retried",
                    )
                  : err,
            );
          });
        });
      } finally {
        clearTimeout(timer);
        inflight--;
      }
    },
    close: async () => {
      closed = true;
      await pool.destroy();
    },
  };
}
