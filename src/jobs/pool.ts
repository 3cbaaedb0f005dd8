import { Piscina } from "piscina";
import type { AnalysisResult } from "../pipeline.js";
import type { WorkerInput } from "./worker.js";

/** An analysis that went over its budget: the worker was stopped, and the reason is published. */
export class BudgetExceeded extends Error {}

export interface PoolOptions {
  /** Worker threads: analyses run at once, one per thread (an abortable task has its thread to itself). */
  threads: number;
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
 * The pool from the environment: `concurrency` threads, each analysis with the budget
 * `DOCGAP_ANALYSIS_TIMEOUT_SECONDS` (300) and `DOCGAP_ANALYSIS_MEMORY_MB` (1024).
 */
export function budgetFromEnv(env: NodeJS.ProcessEnv, concurrency: number): PoolOptions {
  const n = (v: string | undefined, fallback: number) => {
    const x = Number(v);
    return Number.isFinite(x) && x > 0 ? x : fallback;
  };
  return {
    threads: Math.max(1, concurrency),
    timeoutMs: n(env.DOCGAP_ANALYSIS_TIMEOUT_SECONDS, 300) * 1000,
    memoryMb: n(env.DOCGAP_ANALYSIS_MEMORY_MB, 1024),
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
 * Worker threads for analyses (piscina): each analysis runs on its own thread with a time and a heap budget, so
 * the thread that answers webhooks never parses docs, and a blow-up ends that worker, not the process.
 */
export function createAnalysisPool(options: PoolOptions): AnalysisPool {
  const { filename, execArgv } = options.worker ?? workerFile();
  const pool = new Piscina({
    filename,
    execArgv,
    // Every thread starts (and loads its modules) with the server, not while webhooks arrive.
    minThreads: Math.max(1, options.threads),
    maxThreads: Math.max(1, options.threads),
    // One analysis per thread: a task that can be stopped at its budget has its thread to itself.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
  });
  return {
    options,
    async run(input) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        return (await pool.run(input, { signal })) as AnalysisResult;
      } catch (err) {
        const e = err as Error & { code?: string };
        if (signal.aborted || e.name === "AbortError")
          throw new BudgetExceeded(
            `the analysis took longer than its budget of ${Math.round(options.timeoutMs / 1000)} s`,
          );
        if (e.code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory|memory limit/i.test(e.message))
          throw new BudgetExceeded(
            `the analysis needed more memory than its budget of ${options.memoryMb} MB`,
          );
        throw err;
      }
    },
    close: () => pool.destroy(),
  };
}
