// A worker process for the crash test: it takes one job, says so, and never finishes it.
import { createRedisQueue } from "../../src/jobs/redis-queue.js";

createRedisQueue({
  url: process.env.REDIS_URL ?? "",
  prefix: process.env.QUEUE_PREFIX ?? "",
  lockMs: 1_000,
  processor: async (job) => {
    process.stdout.write(`started ${job.id}\n`);
    await new Promise(() => {});
  },
});
