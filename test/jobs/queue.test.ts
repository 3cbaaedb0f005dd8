import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, test } from "vitest";
import { afterFailure, classify, OUTAGE_RETRY_MS, PermanentJobError } from "../../src/jobs/errors.js";
import { createMemoryQueue } from "../../src/jobs/queue.js";
import type { JobEnvelope, JobEvent } from "../../src/jobs/types.js";

const job = (n: number, key = `o/r#${n}`, installationId = 1): JobEnvelope => ({
  id: `${key}@d${n}`,
  key,
  installationId,
  deliveryId: `d${n}`,
  repo: "o/r",
  issue: n,
  label: key,
  data: { kind: "config-error", target: { owner: "o", repo: "r", issue_number: n }, errors: [] },
});

const httpError = (status: number, headers: Record<string, string> = {}, message = "failed") =>
  Object.assign(new Error(message), { status, response: { headers } });

describe("what is retried", () => {
  test.each([
    [httpError(502), true],
    [httpError(429), true],
    [httpError(403, { "retry-after": "7" }, "You have exceeded a secondary rate limit"), true],
    [new TypeError("fetch failed"), true],
    [httpError(404), false],
    [httpError(422), false],
    [httpError(403, {}, "Resource not accessible by integration"), false],
    [new PermanentJobError("invalid config"), false],
  ])("%s -> retry %s", (err, retry) => {
    expect(classify(err).retry).toBe(retry);
  });

  test("a secondary rate limit waits exactly as long as GitHub says", () => {
    expect(classify(httpError(403, { "retry-after": "7" }, "secondary rate limit"))).toMatchObject({
      retry: true,
      delayMs: 7000,
    });
  });
});

describe("the in-process queue", () => {
  test("transient failures are retried with backoff; permanent ones fail once, with the reason", async () => {
    const events: JobEvent[] = [];
    let calls = 0;
    const queue = createMemoryQueue({
      backoffMs: 5,
      onEvent: (e) => events.push(e),
      processor: async (j) => {
        calls++;
        if (j.id === job(1).id && calls < 3) throw httpError(503);
        if (j.id === job(2).id) throw httpError(404, {}, "Not Found");
      },
    });
    await queue.add(job(1));
    await queue.onIdle();
    await queue.add(job(2));
    await queue.onIdle();
    expect(events.map((e) => `${e.type}:${e.job.id}`)).toEqual([
      `retry:${job(1).id}`,
      `retry:${job(1).id}`,
      `completed:${job(1).id}`,
      `failed:${job(2).id}`,
    ]);
    expect(events.at(-1)).toMatchObject({ permanent: true, reason: "Not Found" });
    expect((await queue.stats()).failed).toBe(1);
  });

  test("a newer job for the same issue supersedes a waiting one; a redelivery is a duplicate", async () => {
    const ran: string[] = [];
    const queue = createMemoryQueue({
      concurrency: 1,
      processor: async (j, ctx) => {
        await sleep(20);
        if (await ctx.stillCurrent()) ran.push(j.id);
      },
    });
    await queue.add(job(1, "o/r#9"));
    await queue.add(job(2, "o/r#9"));
    expect(await queue.add(job(2, "o/r#9"))).toBe("duplicate");
    await queue.onIdle();
    expect(ran).toEqual([job(2, "o/r#9").id]);
  });

  test("one installation runs one analysis at a time; others are not held up", async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const queue = createMemoryQueue({
      concurrency: 3,
      installationConcurrency: 1,
      processor: async (j) => {
        if (j.installationId === 1) {
          running++;
          most = Math.max(most, running);
        }
        await sleep(20);
        if (j.installationId === 1) running--;
        order.push(j.id);
      },
    });
    await queue.add(job(1, "a#1", 1));
    await queue.add(job(2, "a#2", 1));
    await queue.add(job(3, "b#3", 2));
    await queue.onIdle();
    expect(most).toBe(1);
    // the other installation's job did not wait for both of installation 1's
    expect(order.indexOf(job(3, "b#3", 2).id)).toBeLessThan(order.indexOf(job(2, "a#2", 1).id));
  });

  test("shutdown finishes the jobs already taken and refuses new ones", async () => {
    const done: string[] = [];
    const queue = createMemoryQueue({
      processor: async (j) => {
        await sleep(30);
        done.push(j.id);
      },
    });
    await queue.add(job(1));
    await queue.close();
    expect(done).toEqual([job(1).id]);
    await expect(queue.add(job(2))).rejects.toThrow("shutting down");
  });
});

describe("shutdown", () => {
  test("close() waits for running jobs at most the drain deadline, then reports what it gave up", async () => {
    const events: JobEvent[] = [];
    let finished = 0;
    const queue = createMemoryQueue({
      concurrency: 1,
      drainMs: 200,
      processor: async (j) => {
        if (j.issue === 1) await new Promise(() => undefined); // never ends
        finished++;
      },
      onEvent: (e) => events.push(e),
    });
    await queue.add(job(1));
    await queue.add(job(2));
    // Returns although one job never ends: the drain deadline gives up on it.
    await queue.close();
    expect(
      events
        .filter((e) => e.type === "abandoned")
        .map((e) => [e.job.issue, "handedBack" in e && e.handedBack]),
    ).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(finished).toBe(0);
    await expect(queue.add(job(3))).rejects.toThrow(/shutting down/);
  });

  test("on shutdown, the running job finishes; jobs not yet started never start and are each reported lost", async () => {
    const events: JobEvent[] = [];
    const started: number[] = [];
    const queue = createMemoryQueue({
      concurrency: 1,
      drainMs: 5_000,
      processor: async (j) => {
        started.push(j.issue);
        await sleep(50);
      },
      onEvent: (e) => events.push(e),
    });
    for (const n of [1, 2, 3, 4]) await queue.add(job(n));
    await sleep(10);
    await queue.close();
    expect(started).toEqual([1]);
    expect(events.map((e) => `${e.type}:${e.job.repo}#${e.job.issue}`)).toEqual([
      "completed:o/r#1",
      "abandoned:o/r#2",
      "abandoned:o/r#3",
      "abandoned:o/r#4",
    ]);
  });

  test("a quick job finishes before close() returns", async () => {
    let finished = false;
    const queue = createMemoryQueue({
      drainMs: 5_000,
      processor: async () => {
        await sleep(50);
        finished = true;
      },
    });
    await queue.add(job(1));
    await queue.close();
    expect(finished).toBe(true);
  });
});

describe("an outage ends in an answer", () => {
  const MIN = 60_000;
  const start = 1_000_000;
  /** The waits a job that keeps failing with `err` gets, attempt after attempt, until it fails for good. */
  const schedule = (err: unknown, attempts = 4) => {
    const waits: number[] = [];
    let now = start;
    for (let attempt = 1; attempt < 100; attempt++) {
      const step = afterFailure(job(1), err, attempt, attempts, 2_000, start, now);
      if (step.event.type === "failed") return { waits, failedAfter: now - start };
      waits.push(step.event.delayMs);
      now += step.event.delayMs;
    }
    throw new Error("never gave up");
  };

  test("GitHub answering 502 is tried again for over an hour, no wait longer than 20 minutes, then given up", () => {
    const { waits, failedAfter } = schedule(httpError(502));
    expect(failedAfter).toBeGreaterThanOrEqual(60 * MIN);
    expect(failedAfter).toBeLessThanOrEqual(OUTAGE_RETRY_MS);
    expect(Math.max(...waits)).toBeLessThanOrEqual(20 * MIN);
    expect(waits.slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
  });

  test("a permanent failure is not an outage: it fails at once; a rejected request is not retried for an hour", () => {
    expect(schedule(httpError(404)).waits).toEqual([]);
    expect(schedule(new PermanentJobError("bad config")).waits).toEqual([]);
    expect(schedule(httpError(429)).failedAfter).toBeLessThan(MIN);
  });

  test("a job waiting for its retry holds no slot: the next job runs meanwhile", async () => {
    const order: string[] = [];
    let tries = 0;
    const queue = createMemoryQueue({
      concurrency: 1,
      backoffMs: 50,
      processor: async (j) => {
        if (j.id === job(1).id && tries++ === 0) throw httpError(503);
        order.push(j.id);
      },
    });
    await queue.add(job(1));
    await queue.add(job(2));
    await queue.onIdle();
    expect(order).toEqual([job(2).id, job(1).id]);
  });
});
