import PQueue from "p-queue";

/** A unit of work: a key (one per issue), and the function that does it. */
export interface Job {
  key: string;
  /** Text for logs: repository, issue and trigger. */
  label: string;
  run: () => Promise<void>;
}

export interface JobQueue {
  /** Queues a job. A job still waiting with the same key is replaced: only the newest runs. */
  add(job: Job): void;
  /** Resolves when nothing is queued or running. */
  onIdle(): Promise<void>;
  /** Stops taking jobs and waits for the ones already taken. */
  drain(): Promise<void>;
  size(): { queued: number; running: number };
}

export interface QueueOptions {
  concurrency?: number;
  onError?: (job: Job, err: unknown) => void;
}

/** The in-process queue: bounded concurrency, newest job per issue wins, graceful drain. */
export function createMemoryQueue(options: QueueOptions = {}): JobQueue {
  const queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  const waiting = new Map<string, Job>();
  let closed = false;
  return {
    add(job) {
      if (closed) throw new Error("the job queue is shutting down");
      const superseded = waiting.has(job.key);
      waiting.set(job.key, job);
      if (superseded) return;
      void queue
        .add(async () => {
          const current = waiting.get(job.key);
          waiting.delete(job.key);
          if (!current) return;
          try {
            await current.run();
          } catch (err) {
            options.onError?.(current, err);
          }
        })
        .catch(() => undefined);
    },
    onIdle: () => queue.onIdle(),
    async drain() {
      closed = true;
      await queue.onIdle();
    },
    size: () => ({ queued: queue.size, running: queue.pending }),
  };
}
