import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createMetrics } from "../../src/jobs/metrics.js";
import { opsHandler } from "../../src/jobs/ops.js";
import { createMemoryQueue } from "../../src/jobs/queue.js";
import type { JobQueue, QueueStats } from "../../src/jobs/types.js";

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(queue: JobQueue) {
  const metrics = createMetrics(() => queue);
  const handle = opsHandler(() => queue, metrics);
  server = createServer(async (req, res) => {
    if (!(await handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, metrics };
}

test("/healthz reports the queue; /metrics speaks Prometheus with job counts, outcomes and tokens", async () => {
  const queue = createMemoryQueue({ processor: async () => {} });
  const { base, metrics } = await serve(queue);
  metrics.queued.inc();
  metrics.outcome("published");
  metrics.tokens({ promptTokens: 1200, completionTokens: 300 });
  metrics.jobEvent({ type: "completed", job: {} as never, ms: 1500 });
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({
    status: "ok",
    queue: { backend: "memory", waiting: 0, running: 0, delayed: 0, failed: 0, redis: null },
  });
  const text = await (await fetch(`${base}/metrics`)).text();
  expect(text).toContain("docgap_jobs_queued_total 1");
  expect(text).toContain('docgap_jobs_completed_total{outcome="published"} 1');
  expect(text).toContain('docgap_model_tokens_total{kind="prompt"} 1200');
  expect(text).toContain("docgap_job_duration_seconds_count 1");
  expect(text).toContain('docgap_queue_jobs{state="waiting"} 0');
  expect((await fetch(`${base}/other`)).status).toBe(404);
});

test("/healthz is 503 when Redis does not answer", async () => {
  const down: QueueStats = { backend: "redis", waiting: 0, running: 0, delayed: 0, failed: 0, redis: false };
  const queue = { stats: async () => down } as unknown as JobQueue;
  const { base } = await serve(queue);
  const res = await fetch(`${base}/healthz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ status: "unavailable", queue: { redis: false } });
});
