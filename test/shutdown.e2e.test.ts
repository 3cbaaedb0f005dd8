import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test } from "vitest";
import { sendWebhook } from "../bench/server.js";
import { type FakeGitHub, startFakeGitHub } from "./helpers/fake-github.js";
import { answer, chatReply } from "./helpers/model.js";
import { viteDocs } from "./helpers/probot.js";
import { serverEnv, somePort } from "./helpers/server-env.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "shutdown-secret";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A model that answers each request after `ms`, and says when the first request arrived. */
async function slowModel(ms: number) {
  let first: () => void = () => {};
  const asked = new Promise<void>((r) => {
    first = r;
  });
  const body = JSON.stringify(chatReply({ content: JSON.stringify(answer()) }));
  const server = createServer((req, res) => {
    first();
    req.resume();
    req.on("end", () => {
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(body), ms);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { asked, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

test("SIGTERM to npm start with analyses queued: the running one is published, each queued one is logged lost, exit 0", async () => {
  const github: FakeGitHub = await startFakeGitHub({
    files: await viteDocs(),
    config: "docs:\n  root: docs\n  siteUrl: https://vite.dev/\n",
    // the label's sender is a maintainer: the model may be asked
    extra: (_req, res, path) => {
      if (!path.endsWith("/collaborators/maintainer/permission")) return false;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ permission: "write" }));
      return true;
    },
  });
  closers.push(() => github.close());
  const model = await slowModel(1_500);
  const port = somePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src/server.ts")], {
    cwd: ROOT,
    env: serverEnv(github, port, SECRET, {
      LOG_LEVEL: "info",
      OPENAI_API_KEY: "sk-shutdown-test-key-0123456789",
      OPENAI_BASE_URL: model.url,
      DOCGAP_CONCURRENCY: "1",
      DOCGAP_DRAIN_SECONDS: "60",
    }),
  });
  let out = "";
  child.stdout.on("data", (c) => {
    out += c;
  });
  child.stderr.on("data", (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((r) => child.on("close", r));
  closers.push(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error(`the server did not start:\n${out}`);
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(50);
  }
  const fixture = JSON.parse(
    await readFile(path.join(ROOT, "test/fixtures/events/issues.labeled.json"), "utf8"),
  );
  for (const n of [1, 2, 3, 4]) {
    const payload = { ...fixture, issue: { ...fixture.issue, number: n }, installation: { id: 1 } };
    expect((await sendWebhook(base, SECRET, payload)).status).toBe(200);
  }
  // The first analysis is waiting for the model: stop the server now.
  await model.asked;
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  // The running analysis finished and was published; nothing else started.
  const published = [...github.comments.entries()].filter(([, bodies]) => bodies.length).map(([n]) => n);
  expect(published).toHaveLength(1);
  const lines = out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string; repo?: string; issue?: number });
  const lost = lines.filter((l) => l.msg?.includes("lost"));
  const others = [1, 2, 3, 4].filter((n) => n !== published[0]).map((n) => `vitejs/vite#${n}`);
  expect(lost.map((l) => `${l.repo}#${l.issue}`).sort()).toEqual(others);
  expect(out).not.toContain("Terminating worker thread");
  // one JSON object per line, each key once
  expect(out).not.toMatch(/"name":"probot","name"/);
  expect(out).not.toContain("sk-shutdown-test-key");
}, 120_000);
