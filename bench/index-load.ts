/**
 * A cold docs index under load: the real server (`node lib/server.js`, analyses on worker threads) indexes a
 * generated docs repository of 1,000 / 10,000 / 20,000 pages served by a fake GitHub API on loopback, while
 * webhooks for another repository keep arriving (one every 50 ms). Prints the time to the comment, the server's
 * peak memory, the slowest webhook answer and the web thread's event-loop delay (prom-client's
 * `monitorEventLoopDelay`, read from /metrics).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { serverEnv, somePort } from "../test/helpers/server-env.js";
import { generate } from "./docs-index.js";
import { peakRssMb, sendWebhook } from "./server.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SIZES = (process.env.BENCH_PAGES ?? "1000,10000,20000").split(",").map(Number);
const SECRET = "bench-secret";
const TOKEN = "bench-metrics-token-0123456789";

async function measure(pages: number) {
  const github = await startFakeGitHub({ files: generate(pages), config: "docs:\n  root: docs\n" });
  const port = somePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "lib/server.js")], {
    cwd: ROOT,
    env: serverEnv(github, port, SECRET, {
      METRICS_TOKEN: TOKEN,
      // BENCH_WORKER_THREADS=0 runs the analysis on the server's thread, to compare.
      ...(process.env.BENCH_WORKER_THREADS
        ? { DOCGAP_WORKER_THREADS: process.env.BENCH_WORKER_THREADS }
        : {}),
    }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (
      let i = 0;
      !(await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    ) {
      if (i > 200) throw new Error("the server did not start");
      await sleep(50);
    }
    const fixture = JSON.parse(
      await readFile(path.join(ROOT, "test/fixtures/events/issues.labeled.json"), "utf8"),
    );
    const send = async (payload: object) => {
      const res = await sendWebhook(base, SECRET, payload);
      return { ok: res.status === 200, ms: res.ms };
    };
    const lag = async () => {
      const text = await (
        await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      return Number(/^nodejs_eventloop_lag_max_seconds (\S+)/m.exec(text)?.[1] ?? Number.NaN) * 1000;
    };
    // The fake GitHub runs in this process: it builds its archive now, so the clock measures the server only.
    await (await fetch(`${github.url}/repos/acme/docs/tarball/main`)).arrayBuffer();
    github.counts.clear();
    // A server that has been up a while: its first webhooks (cold code paths) are not the ones measured.
    const other = (n: number) => ({
      ...fixture,
      label: { name: "bug" },
      repository: { ...fixture.repository, name: "other", full_name: "acme/other", owner: { login: "acme" } },
      issue: { ...fixture.issue, number: n, html_url: `https://github.com/acme/other/issues/${n}` },
    });
    for (let n = 0; n < 5; n++) await send(other(100_000 + n));
    await sleep(500);
    await lag(); // resets the event-loop histogram
    // A page in the middle (at 20,000 pages the index's 20,000-file limit leaves the last one out).
    const target = Math.floor(pages / 2);
    const t0 = performance.now();
    const first = await send({
      ...fixture,
      repository: { ...fixture.repository, name: "docs", full_name: "acme/docs", owner: { login: "acme" } },
      issue: {
        ...fixture.issue,
        number: 1,
        html_url: "https://github.com/acme/docs/issues/1",
        title: `Docs: the option${target}_2 option is not explained`,
        body: `The \`option${target}_2\` option on the page is missing its default value.`,
      },
    });
    // Meanwhile, another repository's webhooks (a label that is no trigger: the event job reads its config only).
    const others: Array<{ ok: boolean; ms: number }> = [];
    let done = false;
    const stream = (async () => {
      for (let n = 2; !done; n++) {
        others.push(
          await send({
            ...fixture,
            label: { name: "bug" },
            repository: {
              ...fixture.repository,
              name: "other",
              full_name: "acme/other",
              owner: { login: "acme" },
            },
            issue: { ...fixture.issue, number: n, html_url: `https://github.com/acme/other/issues/${n}` },
          }),
        );
        await sleep(50);
      }
    })();
    await Promise.race([github.waitForComments(1), sleep(180_000)]);
    const analysisMs = performance.now() - t0;
    done = true;
    await stream;
    const posted = github.comments.get(1)?.[0] ?? "";
    return {
      pages,
      analysisMs,
      found: posted.includes(`page-${target}.md`),
      rss: await peakRssMb(child.pid as number),
      webhooks: others.length + 1,
      failed: others.filter((o) => !o.ok).length + (first.ok ? 0 : 1),
      slowest: Math.max(first.ms, ...others.map((o) => o.ms)),
      lagMs: await lag(),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await github.close();
  }
}

const rows = [];
for (const n of SIZES) rows.push(await measure(n));
const f = (n: number) => n.toFixed(1);
console.log(
  [
    `A cold index while webhooks for another repository arrive every 50 ms (real server, analyses ${process.env.BENCH_WORKER_THREADS === "0" ? "on the server's thread" : "on worker threads"}, GitHub API on loopback).`,
    "",
    "| pages | analysis done (s) | right file named | peak RSS (MB) | webhooks answered | slowest webhook (ms) | max event-loop delay (ms) |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.pages} | ${f(r.analysisMs / 1000)} | ${r.found ? "yes" : "no"} | ${r.rss} | ${r.webhooks - r.failed} of ${r.webhooks} | ${f(r.slowest)} | ${f(r.lagMs)} |`,
    ),
  ].join("\n"),
);
