import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { ledgerKey, redisLedger } from "../../src/analysis/ledger.js";
import { createMemoryQueue } from "../../src/jobs/queue.js";
import { createRedisQueue } from "../../src/jobs/redis-queue.js";
import type { JobEnvelope, JobQueue, QueueOptions } from "../../src/jobs/types.js";
import { MARKER } from "../../src/publish/render.js";
import {
  analysisReads,
  CONFIG_PATH,
  fixtureText,
  github,
  HEAD_SHA,
  loadJson,
  REPO,
  reacts,
  type TestApp,
  tarball,
  testApp,
  tokenMock,
  viteDocs,
} from "../helpers/probot.js";
import { unmatched } from "../setup.js";

/** CI starts Redis and sets REDIS_TEST_URL; these tests run against it for real. */
const REDIS = process.env.REDIS_TEST_URL;
const opened: JobQueue[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await Promise.all(opened.splice(0).map((q) => q.close()));
});

afterAll(async () => {
  if (!REDIS) return;
  const redis = new Redis(REDIS);
  const keys = await redis.keys("docgap-test-*");
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const redisQueue = (o: QueueOptions & { prefix: string; worker?: boolean }) => {
  const q = createRedisQueue({ url: REDIS ?? "", lockMs: 1_000, backoffMs: 50, ...o });
  opened.push(q);
  return q;
};

const envelope = (n: number, key = `o/r#${n}`): JobEnvelope => ({
  id: `${key}@d${n}`,
  key,
  installationId: n,
  deliveryId: `d${n}`,
  repo: "o/r",
  issue: n,
  label: key,
  data: { kind: "config-error", target: { owner: "o", repo: "r", issue_number: n }, errors: [] },
});

describe.skipIf(!REDIS)("Redis queue", () => {
  test("two workers share the jobs, each job runs once", async () => {
    const prefix = `docgap-test-${randomUUID()}`;
    const ran: Array<{ worker: string; job: string }> = [];
    const worker = (name: string) =>
      redisQueue({
        prefix,
        concurrency: 1,
        processor: async (job) => {
          ran.push({ worker: name, job: job.id });
          await sleep(60);
        },
      });
    const a = worker("a");
    worker("b");
    for (let i = 1; i <= 8; i++) expect(await a.add(envelope(i))).toBe("queued");
    expect(await a.add(envelope(3))).toBe("duplicate");
    await a.onIdle();
    expect(ran.map((r) => r.job).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => envelope(i + 1).id).sort(),
    );
    expect(new Set(ran.map((r) => r.worker))).toEqual(new Set(["a", "b"]));
  });

  test("a worker killed mid-job: the job is picked up again and completes once", async () => {
    const prefix = `docgap-test-${randomUUID()}`;
    const producer = redisQueue({ prefix, worker: false, processor: async () => {} });
    await producer.add(envelope(1));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "../helpers/redis-worker.ts")],
      {
        env: { ...process.env, REDIS_URL: REDIS, QUEUE_PREFIX: prefix },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => d.toString().includes("started") && resolve());
      child.on("exit", (code) => reject(new Error(`worker exited early (${code})`)));
    });
    child.removeAllListeners("exit");
    process.kill(child.pid as number, "SIGKILL");
    const done: string[] = [];
    const rescuer = redisQueue({ prefix, processor: async (job) => void done.push(job.id) });
    const deadline = Date.now() + 15_000;
    while (done.length === 0 && Date.now() < deadline) await sleep(100);
    await rescuer.onIdle();
    expect(done).toEqual([envelope(1).id]);
  }, 20_000);
});

describe.skipIf(!REDIS)("Redis queue shutdown", () => {
  test("a job still running at the drain deadline is handed back and another worker finishes it", async () => {
    const prefix = `docgap-test-${randomUUID()}`;
    const events: string[] = [];
    const stuck = createRedisQueue({
      url: REDIS ?? "",
      prefix,
      lockMs: 1_000,
      drainMs: 300,
      processor: () => new Promise(() => undefined), // never ends
      onEvent: (e) => events.push(`${e.type}${"handedBack" in e ? `:${e.handedBack}` : ""}`),
    });
    await stuck.add(envelope(1));
    while ((await stuck.stats()).running === 0) await sleep(50);
    // Returns although the job never ends: the drain deadline hands it back.
    await stuck.close();
    expect(events).toEqual(["abandoned:true"]);
    const done: string[] = [];
    redisQueue({ prefix, processor: async (job) => void done.push(job.id) });
    const deadline = Date.now() + 15_000;
    while (done.length === 0 && Date.now() < deadline) await sleep(100);
    expect(done).toEqual([envelope(1).id]);
  }, 25_000);
});

describe.skipIf(!REDIS)("web and worker processes", () => {
  test("the web role only enqueues; a worker role takes the job from Redis and posts the one comment", async () => {
    const { sign } = await import("@octokit/webhooks-methods");
    const { readSettings, startServer } = await import("../../src/server.js");
    const { privateKey } = await import("../helpers/keys.js");
    const env: NodeJS.ProcessEnv = {
      APP_ID: "123",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: "s3cret",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "fatal" as const,
      REDIS_URL: REDIS,
      DOCGAP_REDIS_PREFIX: `docgap-test-${randomUUID()}`,
      DOCGAP_WORKER_THREADS: "0",
    };
    const settings = (role: "web" | "worker") => {
      const read = readSettings(env, role);
      if (!read.ok) throw new Error(read.errors.join("; "));
      return read.settings;
    };
    expect(readSettings({ ...env, REDIS_URL: undefined }, "web")).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^docgap web needs REDIS_URL/)],
    });
    const files = await viteDocs();
    const scope = tokenMock(github())
      .get(CONFIG_PATH)
      .reply(200, await fixtureText("vite-docs/docgap.yml"))
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, []);
    analysisReads(scope, files);
    reacts(scope);
    let posted = "";
    scope
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [])
      .post(`${REPO}/issues/17488/comments`, (b: { body: string }) => {
        posted = b.body;
        return true;
      })
      .reply(201, { id: 1 });

    const web = await startServer(settings("web"), { handleSignals: false });
    try {
      const body = JSON.stringify(await loadJson("events/issues.labeled.json"));
      const res = await fetch(`${web.url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": randomUUID(),
          "x-hub-signature-256": await sign("s3cret", body),
        },
        body,
      });
      expect(res.status).toBe(200);
      // The web process runs nothing: GitHub is not asked for anything.
      await sleep(800);
      expect(scope.pendingMocks().length).toBeGreaterThan(5);
      expect(posted).toBe("");
      const worker = await startServer(settings("worker"), { handleSignals: false });
      try {
        const deadline = Date.now() + 20_000;
        while (!posted && Date.now() < deadline) await sleep(100);
      } finally {
        await worker.close();
      }
    } finally {
      await web.close();
    }
    expect(posted).toMatch(new RegExp(`^${MARKER}`));
    expect(posted).toContain("docs/guide/env-and-mode.md");
  }, 40_000);
});

describe.skipIf(!REDIS)("shared daily token budget", () => {
  test("tokens spent through one instance count for every instance", async () => {
    const prefix = `docgap-test-${randomUUID()}`;
    const a = new Redis(REDIS ?? "");
    const b = new Redis(REDIS ?? "");
    try {
      await redisLedger(a, prefix).add(ledgerKey(42), 1500);
      await redisLedger(a, prefix).add(ledgerKey(42), 500);
      expect(await redisLedger(b, prefix).spent(ledgerKey(42))).toBe(2000);
      expect(await redisLedger(b, prefix).spent(ledgerKey(43))).toBe(0);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});

/** The app, against each queue: the same outcomes. */
const queues: Array<[string, ((o: QueueOptions) => JobQueue) | null]> = [
  ["in-process queue", (o) => createMemoryQueue({ ...o, backoffMs: 20 })],
  ["Redis queue", REDIS ? (o) => redisQueue({ ...o, prefix: `docgap-test-${randomUUID()}` }) : null],
];

describe.each(queues)("exactly one outcome per change (%s)", (_name, makeQueue) => {
  let app: TestApp;
  let labeled: Record<string, unknown> & { issue: Record<string, unknown> };
  let files: Record<string, string>;
  let config: string;

  beforeEach(async (ctx) => {
    if (!makeQueue) ctx.skip();
    app = await testApp({}, makeQueue ?? undefined);
    labeled = await loadJson("events/issues.labeled.json");
    files = await viteDocs();
    config = await fixtureText("vite-docs/docgap.yml");
  });

  const comments = (scope: nock.Scope, reply: () => object[], times = 1) =>
    scope.get(`${REPO}/issues/17488/comments`).query(true).times(times).reply(200, reply);

  /** Counts comment POSTs; `status` answers each in turn (default 201). */
  function posts(scope: nock.Scope, ...statuses: Array<[number, object?, Record<string, string>?]>) {
    const bodies: string[] = [];
    for (const [status, reply, headers] of statuses) {
      scope
        .post(`${REPO}/issues/17488/comments`, (b: { body: string }) => {
          bodies.push(b.body);
          return true;
        })
        .reply(status, reply ?? { id: 1 }, headers);
    }
    return bodies;
  }

  test("the same delivery twice: one analysis, one comment", async () => {
    const scope = reacts(tokenMock(github()).get(CONFIG_PATH).reply(200, config));
    comments(scope, () => [], 2);
    analysisReads(scope, files);
    const bodies = posts(scope, [201]);
    await app.receive("issues", labeled, "same-delivery");
    await app.receive("issues", labeled, "same-delivery");
    await app.queue.onIdle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(bodies).toHaveLength(1);
  });

  test("an edit while the analysis runs: one final comment, with the newest text", async () => {
    // A short quiet period: the edit's analysis waits it out, then runs with the newest text.
    config = `${config}\ntrigger:\n  quietSeconds: 0.2\n`;
    const scope = reacts(tokenMock(github()).get(CONFIG_PATH).times(2).reply(200, config));
    comments(scope, () => [], 3);
    // The first analysis is slow to read the docs: the edit arrives meanwhile. The second finds them cached.
    scope
      .get(`${REPO}/issues/17488/timeline`)
      .query(true)
      .times(2)
      .reply(200, [])
      .get(`${REPO}/commits/main`)
      .delay(400)
      .reply(200, HEAD_SHA)
      .get(`${REPO}/commits/main`)
      .reply(200, HEAD_SHA)
      .get(REPO)
      .reply(200, { size: 100 })
      .get(`${REPO}/tarball/${HEAD_SHA}`)
      .reply(200, () => tarball({}), { "content-type": "application/x-gzip" })
      .get("/search/issues")
      .query(true)
      .times(2)
      .reply(200, { total_count: 0, items: [] });
    nock("https://vitejs.dev").get("/guide/env-and-mode.md").times(2).reply(404, "");
    nock("https://vitejs.dev").get("/guide/env-and-mode").times(2).reply(404, "");
    const bodies = posts(scope, [201]);
    await app.probot.receive({ id: "d1", name: "issues", payload: labeled } as never);
    await sleep(100);
    const edited = {
      ...labeled,
      action: "edited",
      changes: { title: { from: labeled.issue.title } },
      issue: { ...labeled.issue, title: "Broken DOM and WebWorker links (edited title)" },
    };
    await app.receive("issues", edited, "d2");
    await app.queue.onIdle();
    expect(unmatched).toEqual([]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain("edited title");
  });

  test("GitHub answers 502 twice, then the job completes with one comment", async () => {
    const scope = reacts(tokenMock(github()).get(CONFIG_PATH).reply(200, config));
    scope.get(`${REPO}/issues/17488/comments`).query(true).times(2).reply(502, { message: "Bad Gateway" });
    comments(scope, () => [], 2);
    analysisReads(scope, files);
    const bodies = posts(scope, [201]);
    await app.receive("issues", labeled);
    await app.queue.onIdle();
    expect(scope.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(app.failures).toEqual([]);
    expect(bodies).toHaveLength(1);
  });

  test("a comment POST that GitHub performed but answered 502: still one comment", async () => {
    const scope = reacts(tokenMock(github()).get(CONFIG_PATH).reply(200, config));
    let made: object[] = [];
    comments(scope, () => made, 4);
    analysisReads(scope, files);
    scope
      .post(`${REPO}/issues/17488/comments`, (b: { body: string }) => {
        made = [
          {
            id: 5,
            body: b.body,
            user: { login: "docgap[bot]", type: "Bot" },
            performed_via_github_app: { id: 123 },
          },
        ];
        return true;
      })
      .reply(502, { message: "Bad Gateway" });
    await app.receive("issues", labeled);
    await app.queue.onIdle();
    expect(unmatched).toEqual([]);
    expect(app.failures).toEqual([]);
    expect(made).toHaveLength(1);
    expect(JSON.stringify(made)).toContain(MARKER.replace(/"/g, '\\"'));
  });

  test("a secondary rate limit with retry-after is waited out, then the job completes", async () => {
    const scope = reacts(tokenMock(github()).get(CONFIG_PATH).reply(200, config));
    comments(scope, () => [], 4);
    analysisReads(scope, files);
    analysisReads(scope, files, { docsCached: true });
    const bodies = posts(
      scope,
      [403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" }],
      [201],
    );
    const t0 = Date.now();
    await app.receive("issues", labeled);
    await app.queue.onIdle();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(unmatched).toEqual([]);
    expect(app.failures).toEqual([]);
    expect(bodies).toHaveLength(2);
    expect(scope.pendingMocks()).toEqual([]);
  });
});
