import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { type AnalysisTask, runAnalysisJob } from "../../src/jobs/analyze.js";
import { type AnalysisPool, createAnalysisPool } from "../../src/jobs/pool.js";
import { createMemoryQueue } from "../../src/jobs/queue.js";
import type { JobEvent } from "../../src/jobs/types.js";
import { MARKER } from "../../src/publish/render.js";
import { type FakeGitHub, startFakeGitHub } from "../helpers/fake-github.js";
import { viteDocs } from "../helpers/probot.js";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
let github: FakeGitHub;
let pool: AnalysisPool;
let dir: string;
let next = 100;

const double = {
  filename: new URL("../helpers/worker-double.ts", import.meta.url).href,
  execArgv: ["--import", "tsx"],
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "docgap-worker-"));
  github = await startFakeGitHub({ files: await viteDocs(), config: "" });
  pool = createAnalysisPool({ threads: 1, timeoutMs: 10_000, memoryMb: 512, worker: double });
});
afterAll(async () => {
  await pool?.close();
  await github?.close();
  await rm(dir, { recursive: true, force: true });
});

/** An analysis task for a new issue of the fake repository. */
function task(title: string): AnalysisTask {
  const n = next++;
  return {
    target: { owner: "acme", repo: "docs", issue_number: n },
    issue: {
      title,
      body: "The page docs/guide/env-and-mode.md does not say that `vite/client` types must be referenced.",
      html_url: `https://github.com/acme/docs/issues/${n}`,
    },
    config: ConfigSchema.parse({ docs: { root: "docs" }, sources: { maxPages: 0, followLinks: false } }),
    defaultBranch: "main",
    force: false,
  };
}

const deps = (stillCurrent = async () => true) => ({
  octokit: new Octokit({ auth: "ghs_installation", baseUrl: github.url }),
  log: quiet,
  pool,
  stillCurrent,
  engine: { env: {} },
});

describe("analyses on worker threads", () => {
  test("the analysis runs on a worker and its comment is published by the job", async () => {
    const t = task("IntelliSense docs miss vite/client");
    const done = await runAnalysisJob(deps(), t);
    expect(done.outcome).toBe("published");
    const posted = github.comments.get(t.target.issue_number) ?? [];
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(new RegExp(`^${MARKER}`));
    expect(posted[0]).toContain("docs/guide/env-and-mode.md");
  });

  test("a job superseded while its worker ran publishes nothing", async () => {
    const t = task("IntelliSense docs miss vite/client, again");
    const done = await runAnalysisJob(
      deps(async () => false),
      t,
    );
    expect(done.outcome).toBe("superseded");
    expect(github.comments.get(t.target.issue_number)).toBeUndefined();
  });

  test("an analysis over its time budget is stopped, says so, and frees the worker for the next job", async () => {
    const hang = task("hang: this analysis never ends");
    const stopped = await runAnalysisJob(deps(), hang);
    expect(stopped.outcome).toBe("published");
    const said = github.comments.get(hang.target.issue_number)?.[0] ?? "";
    expect(said).toContain("### docgap: analysis stopped");
    expect(said).toContain("took longer than its budget of 10 s");
    // The pool has one thread: the next analysis runs only if the stopped one freed it.
    const after = task("IntelliSense docs miss vite/client, after the stop");
    expect((await runAnalysisJob(deps(), after)).outcome).toBe("published");
  }, 30_000);

  test("an analysis over its memory budget ends its worker, not the process, and says so", async () => {
    const small = createAnalysisPool({ threads: 1, timeoutMs: 60_000, memoryMb: 128, worker: double });
    try {
      const grow = task("grow: this analysis never stops allocating");
      const stopped = await runAnalysisJob({ ...deps(), pool: small }, grow);
      expect(stopped.outcome).toBe("published");
      expect(github.comments.get(grow.target.issue_number)?.[0]).toContain(
        "needed more memory than its budget of 128 MB",
      );
    } finally {
      await small.close();
    }
  }, 60_000);

  test("a job whose worker crashes is retried by the queue and published once", async () => {
    const marker = path.join(dir, "crashed");
    const t = task(`crash-once:${marker} IntelliSense docs miss vite/client`);
    const events: JobEvent[] = [];
    const queue = createMemoryQueue({
      processor: async (_job, ctx) => {
        await runAnalysisJob(deps(ctx.stillCurrent), t);
      },
      backoffMs: 10,
      onEvent: (e) => events.push(e),
    });
    await queue.add({
      id: "crash",
      key: "acme/docs#crash",
      installationId: 1,
      deliveryId: "d",
      repo: "acme/docs",
      issue: t.target.issue_number,
      label: "crash",
      data: { kind: "analyze", task: t },
    });
    await queue.onIdle();
    await queue.close();
    expect(events.map((e) => e.type)).toEqual(["retry", "completed"]);
    expect(github.comments.get(t.target.issue_number)).toHaveLength(1);
  }, 30_000);
});
