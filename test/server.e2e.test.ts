import { spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { sign } from "@octokit/webhooks-methods";
import nock from "nock";
import { pino } from "pino";
import { afterEach, describe, expect, onTestFinished, test } from "vitest";
import type { JobEnvelope, JobQueue } from "../src/jobs/types.js";
import { MAX_WEBHOOK_BYTES, type RunningServer, startServer } from "../src/server.js";
import { readSettings } from "../src/settings.js";
import { privateKey } from "./helpers/keys.js";
import { loadJson } from "./helpers/probot.js";

const SECRET = "a-webhook-secret";
const BASE_ENV = {
  APP_ID: "1",
  PRIVATE_KEY: privateKey,
  WEBHOOK_SECRET: SECRET,
  HOST: "127.0.0.1",
  PORT: "0",
};

describe("production defaults", () => {
  test("without WEBHOOK_SECRET the server refuses to start, unless NODE_ENV=development", () => {
    const { WEBHOOK_SECRET: _, ...noSecret } = BASE_ENV;
    const refused = readSettings(noSecret);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors.join("\n")).toMatch(/WEBHOOK_SECRET is not set/);
    const dev = readSettings({ ...noSecret, NODE_ENV: "development" });
    expect(dev.ok && dev.settings.secret).toBe("development");
    expect(dev.ok && dev.settings.warnings.join()).toMatch(/"development" are accepted/);
  });

  test("logs are JSON unless told otherwise; every bad setting is named at once", () => {
    expect(readSettings({ ...BASE_ENV, NODE_ENV: "production" })).toMatchObject({
      ok: true,
      settings: { logFormat: "json", metricsPort: null, metricsToken: null, sweepMs: 3_600_000 },
    });
    expect(readSettings({ ...BASE_ENV, DOCGAP_DASHBOARD_SWEEP_MINUTES: "0" })).toMatchObject({
      settings: { sweepMs: 0 },
    });
    expect(readSettings({ ...BASE_ENV, NODE_ENV: "development" })).toMatchObject({
      settings: { logFormat: "pretty" },
    });
    const bad = readSettings({
      APP_ID: "x",
      PORT: "http",
      LOG_LEVEL: "loud" as never,
      METRICS_TOKEN: "short",
      DOCGAP_CONCURRENCY: "zero",
      DOCGAP_DASHBOARD_SWEEP_MINUTES: "hourly",
      REDIS_URL: "notaurl",
    });
    expect(!bad.ok && bad.errors).toEqual([
      expect.stringMatching(/^APP_ID must be/),
      expect.stringMatching(/^PRIVATE_KEY or PRIVATE_KEY_PATH/),
      expect.stringMatching(/^WEBHOOK_SECRET is not set/),
      expect.stringMatching(/^PORT must be a port number/),
      expect.stringMatching(/^METRICS_TOKEN must be at least 16/),
      expect.stringMatching(/^LOG_LEVEL must be one of/),
      'DOCGAP_CONCURRENCY must be a whole number above zero, not "zero"',
      'DOCGAP_DASHBOARD_SWEEP_MINUTES must be a whole number of minutes (0 turns the dashboard schedule off), not "hourly"',
      'REDIS_URL must be a redis:// or rediss:// URL, not "notaurl"',
    ]);
  });

  test("the server process exits 1 with the reason on stderr when WEBHOOK_SECRET is missing", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("src/server.ts")], {
      env: {
        PATH: process.env.PATH,
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        PORT: "0",
        NODE_ENV: "production",
      },
    });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^docgap: WEBHOOK_SECRET is not set/m);
  }, 30_000);
});

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A pino logger whose lines are kept, one per entry, for the test to read. */
function capturedLog() {
  const lines: string[] = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).trim().split("\n"));
        done();
      },
    }),
  );
  return { lines, log };
}

/** Starts the real server with a queue that records what the handlers enqueue, and captures its log lines. */
async function start(env: Record<string, string> = {}, { queueDown = false } = {}) {
  const read = readSettings({ ...BASE_ENV, ...env });
  if (!read.ok) throw new Error(read.errors.join("; "));
  const { lines, log } = capturedLog();
  const added: JobEnvelope[] = [];
  const queue: JobQueue = {
    add: async (job) => {
      // A queue whose store does not answer (Redis down) never settles.
      if (queueDown) return new Promise<never>(() => undefined);
      added.push(job);
      return "queued";
    },
    onIdle: async () => {},
    close: async () => {},
    stats: async () => ({
      backend: "memory",
      waiting: added.length,
      running: 0,
      delayed: 0,
      failed: 0,
      redis: null,
    }),
  };
  server = await startServer(
    read.settings,
    { queue: () => queue, handleSignals: false, processEnv: { DOCGAP_ENQUEUE_TIMEOUT_MS: "300" } },
    log,
  );
  return { server, lines, added };
}

/**
 * A raw HTTP/1.1 POST over a socket (below any HTTP interception), so the test controls the headers (a declared
 * length) and how much body is sent; resolves with the status line's code once the server answers or hangs up.
 */
function post(
  url: string,
  headers: Record<string, string | number>,
  body: Buffer | string | null,
  chunks = 1,
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let received = "";
    const socket = connect(Number(port), hostname, () => {
      const chunked = !("content-length" in headers);
      const head = Object.entries({
        host: `${hostname}:${port}`,
        ...headers,
        ...(chunked ? { "transfer-encoding": "chunked" } : {}),
      })
        .map(([k, v]) => `${k}: ${v}`)
        .join("\r\n");
      socket.write(`POST /api/github/webhooks HTTP/1.1\r\n${head}\r\nconnection: close\r\n\r\n`);
      const send = (i: number) => {
        if (i >= chunks || body === null || socket.destroyed) {
          if (chunked && !socket.destroyed) socket.write("0\r\n\r\n");
          return;
        }
        const data = Buffer.from(body);
        const frame = chunked
          ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")])
          : data;
        if (socket.write(frame)) setImmediate(() => send(i + 1));
        else socket.once("drain", () => send(i + 1));
      };
      send(0);
    });
    const done = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, text: received.split("\r\n\r\n").slice(1).join("\r\n\r\n") });
    };
    socket.on("data", (c) => {
      received += c;
    });
    socket.on("error", done);
    socket.on("close", done);
  });
}

const deliveryHeaders = (signature: string) => ({
  "content-type": "application/json",
  "x-github-event": "issues",
  "x-github-delivery": "d-1",
  "x-hub-signature-256": signature,
});

describe("the webhook route", () => {
  test("a signed delivery is answered and its event queued", async () => {
    const { server, added } = await start();
    const body = JSON.stringify(await loadJson("events/issues.labeled.json"));
    const res = await post(server.url, deliveryHeaders(await sign(SECRET, body)), body);
    expect(res.status).toBe(200);
    expect(added.map((j) => j.data.kind)).toEqual(["event"]);
  });

  test("a job queue that cannot store the job (Redis down): 503 within the enqueue limit, so the delivery can be redelivered", async () => {
    const { server, lines, added } = await start({}, { queueDown: true });
    const body = JSON.stringify(await loadJson("events/issues.labeled.json"));
    const res = await post(server.url, deliveryHeaders(await sign(SECRET, body)), body);
    expect(res.status).toBe(503);
    expect(res.text).toContain("redeliver this webhook later");
    expect(added).toEqual([]);
    expect(lines.join("\n")).toContain("job queue unavailable, webhook refused with 503");
  });

  test("a bad signature is refused and logged in one line, without the payload", async () => {
    const { server, lines, added } = await start();
    const body = JSON.stringify({
      ...(await loadJson<object>("events/issues.labeled.json")),
      secret: "x".repeat(5000),
    });
    const res = await post(server.url, deliveryHeaders(await sign("wrong", body)), body);
    expect(res.status).toBe(401);
    const refused = lines.filter((l) => l.includes("signature"));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('"delivery":"d-1"');
    expect(lines.join("\n")).not.toContain("xxxxx");
    expect(added).toEqual([]);
  });

  test("a body declared over 25 MB is refused before it is read; one streamed over 25 MB is cut off", async () => {
    // nock's socket interception holds a request body until it is complete: step aside, so the server is seen as
    // GitHub would see it (everything still stays on 127.0.0.1).
    nock.restore();
    onTestFinished(() => {
      nock.activate();
    });
    const { server, added } = await start();
    const declared = await post(
      server.url,
      { ...deliveryHeaders("sha256=00"), "content-length": MAX_WEBHOOK_BYTES + 1 },
      Buffer.alloc(1024, 32),
    );
    expect(declared.status).toBe(413);
    const streamed = await post(server.url, deliveryHeaders("sha256=00"), Buffer.alloc(1024 * 1024, 32), 26);
    expect(streamed.status).toBe(413);
    // The server still answers.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(added).toEqual([]);
  });

  test("a request without GitHub's headers or JSON is a 400 or a 415", async () => {
    const { server } = await start();
    expect((await post(server.url, { "content-type": "application/json" }, "{}")).status).toBe(400);
    expect((await post(server.url, { "content-type": "text/plain" }, "{}")).status).toBe(415);
  });
});

describe("/metrics", () => {
  test("is not served on the webhook port without a token", async () => {
    const { server } = await start();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  test("with METRICS_TOKEN it needs the bearer token", async () => {
    const token = "t0ken-of-sixteen-chars";
    const { server } = await start({ METRICS_TOKEN: token });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("docgap_jobs_queued_total");
  });

  test("with METRICS_PORT it is served there and only there", async () => {
    const { server } = await start({ METRICS_PORT: "0" });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect(server.metricsUrl).not.toBeNull();
    const res = await fetch(`${server.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect((await fetch(`${server.metricsUrl}/api/github/webhooks`, { method: "POST" })).status).toBe(404);
  });
});

describe("shutdown with Redis unreachable", () => {
  test("a worker whose Redis never answered still shuts down when asked, and says why it could not drain", async () => {
    const read = readSettings(
      { ...BASE_ENV, REDIS_URL: "redis://127.0.0.1:1", DOCGAP_WORKER_THREADS: "0", METRICS_PORT: "0" },
      "worker",
    );
    if (!read.ok) throw new Error(read.errors.join("; "));
    const { lines, log } = capturedLog();
    const running = await startServer(read.settings, { processEnv: { DOCGAP_DRAIN_SECONDS: "1" } }, log);
    // resolves: the first request to stop is enough (the drain's deadline bounds a queue that cannot close)
    await running.close();
    expect(lines.join("\n")).toMatch(/shutting down/);
  }, 60_000);
});
