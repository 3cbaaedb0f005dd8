/**
 * Webhook and queue benchmark: starts the real docgap server (`npm start`: `node lib/server.js`) on loopback against a
 * fake GitHub API and a stub model that answers after a fixed time, sends signed `issues.labeled` webhooks for
 * 100 issues (one installation each), and prints webhook response times while they queue, the time to work
 * through all of them against the ideal, and the server's memory. Runs with the in-process queue, and with the
 * Redis queue when a Redis server answers (REDIS_URL, default redis://127.0.0.1:6379).
 * BENCH_LOG=info (or debug) shows the server's log lines.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { answer, chatReply } from "../test/helpers/model.js";
import { serverEnv, somePort } from "../test/helpers/server-env.js";
import { peakRssMb, sendWebhook } from "./server.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const ISSUES = Number(process.env.BENCH_ISSUES ?? 100);
const MODEL_MS = Number(process.env.BENCH_MODEL_MS ?? 250);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const SECRET = "bench-secret";
const DOCS = ["docs/.vitepress/config.ts", "docs/guide/env-and-mode.md", "docs/guide/index.md"];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

async function stubModel() {
  const body = JSON.stringify(chatReply({ content: JSON.stringify(answer()) }));
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(body), MODEL_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

async function redisAnswers(url: string) {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function run(backend: "memory" | "redis", redisUrl: string) {
  const files = Object.fromEntries(
    await Promise.all(
      DOCS.map(async (p) => [p, await readFile(path.join(ROOT, "test/fixtures/vite-docs", p), "utf8")]),
    ),
  );
  const github = await startFakeGitHub({
    files,
    config: "docs:\n  root: docs\n  siteUrl: https://vite.dev/\n",
  });
  const model = await stubModel();
  const port = somePort();
  const env: NodeJS.ProcessEnv = serverEnv(github, port, SECRET, {
    OPENAI_API_KEY: "bench",
    OPENAI_BASE_URL: model.url,
    DOCGAP_CONCURRENCY: String(CONCURRENCY),
    ...(process.env.BENCH_LOG ? { LOG_LEVEL: process.env.BENCH_LOG as NodeJS.ProcessEnv["LOG_LEVEL"] } : {}),
    // BENCH_WORKER_THREADS=0 runs the analyses on the server's thread, to compare.
    ...(process.env.BENCH_WORKER_THREADS ? { DOCGAP_WORKER_THREADS: process.env.BENCH_WORKER_THREADS } : {}),
    ...(backend === "redis"
      ? { REDIS_URL: redisUrl, DOCGAP_REDIS_PREFIX: `docgap-bench-${randomUUID()}` }
      : {}),
  });
  const child: ChildProcess = spawn(
    process.execPath,
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server
    [...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), path.join(ROOT, "lib/server.js")],
    {
      cwd: ROOT,
      env,
      stdio: ["ignore", process.env.BENCH_LOG ? "inherit" : "ignore", "inherit"],
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (i > 200) throw new Error("the server did not start");
      if (
        await fetch(`${base}/healthz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await sleep(50);
    }
    const fixture = JSON.parse(
      await readFile(path.join(ROOT, "test/fixtures/events/issues.labeled.json"), "utf8"),
    );
    const rssBefore = await peakRssMb(child.pid as number);
    const times: number[] = [];
    const t0 = performance.now();
    for (let n = 1; n <= ISSUES; n++) {
      const payload = {
        ...fixture,
        issue: {
          ...fixture.issue,
          number: n,
          title: `Docs: IntelliSense for import.meta.env does not mention vite/client (${n})`,
          body: "The IntelliSense for TypeScript section does not say that `vite/client` types must be referenced for `ImportMetaEnv`.",
        },
        installation: { id: n },
      };
      const res = await sendWebhook(base, SECRET, payload);
      times.push(res.ms);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    }
    if (process.env.BENCH_SLOWEST)
      console.error(
        backend,
        times
          .map((t, i) => [i, Math.round(t)])
          .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
          .slice(0, 6),
      );
    await github.waitForComments(ISSUES);
    const total = performance.now() - t0;
    const ideal = Math.ceil(ISSUES / CONCURRENCY) * MODEL_MS;
    return {
      backend,
      p50: pct(times, 50),
      p90: pct(times, 90),
      p99: pct(times, 99),
      total,
      ideal,
      rssBefore,
      rssPeak: await peakRssMb(child.pid as number),
      requests: [...github.counts.values()].reduce((a, b) => a + b, 0) / ISSUES,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await github.close();
    model.server.close();
  }
}

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const backends: Array<"memory" | "redis"> = [
  "memory",
  ...((await redisAnswers(redisUrl)) ? (["redis"] as const) : []),
];
const rows = [];
for (const b of backends) rows.push(await run(b, redisUrl));
const f = (n: number) => n.toFixed(1);
console.log(
  [
    `${ISSUES} labeled issues, one installation each; stub model answers in ${MODEL_MS} ms; DOCGAP_CONCURRENCY=${CONCURRENCY}`,
    "",
    "| queue | webhook p50 (ms) | webhook p90 (ms) | webhook p99 (ms) | all analysed (s) | ideal (s) | ideal / actual | GitHub requests per issue | peak RSS (MB) |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.total / 1000)} | ${f(r.ideal / 1000)} | ${Math.round((r.ideal / r.total) * 100)} % | ${f(r.requests)} | ${r.rssPeak} |`,
    ),
  ].join("\n"),
);
process.exit(0);
