import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { isDashboard } from "../../src/backlog/select.js";
import { tokenClient } from "../../src/github/client.js";
import type { AnalysisTask } from "../../src/jobs/analyze.js";
import { createMetrics } from "../../src/jobs/metrics.js";
import { createProcessor } from "../../src/jobs/runner.js";
import { sweepDashboards } from "../../src/jobs/schedule.js";
import type { IssueEvent, JobEnvelope } from "../../src/jobs/types.js";
import { DOCS, ISSUES } from "../backlog/fixture.js";
import { type FakeGitHub, startFakeGitHub } from "../helpers/fake-github.js";

const quiet = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => quiet,
} as never;

let github: FakeGitHub | null = null;
afterEach(async () => {
  await github?.close();
  github = null;
  nock.cleanAll();
});

/** The job processor against a fake GitHub; the jobs it queues are collected. */
async function processorWith(
  permission: "write" | "read",
  config = "dashboard:\n  enabled: true\ndocs:\n  root: docs\n",
  repos?: Parameters<typeof startFakeGitHub>[0]["repos"],
  more: { extra?: Parameters<typeof startFakeGitHub>[0]["extra"]; log?: typeof quiet } = {},
) {
  github = await startFakeGitHub({
    files: repos ? {} : DOCS,
    config,
    issues: ISSUES,
    permission,
    repos,
    extra: more.extra,
  });
  const octokit = tokenClient({
    token: "installation-token",
    baseUrl: github.url,
    userAgent: "docgap-test",
    retries: 0,
  });
  const queued: JobEnvelope[] = [];
  const metrics = createMetrics(() => null);
  const processor = createProcessor({
    auth: async () => octokit,
    enqueue: async (job) => {
      queued.push(job);
      return "queued";
    },
    octokitFor: async () => null,
    log: more.log ?? quiet,
    metrics,
    engine: () => ({ env: {} }),
  });
  const run = (job: Omit<JobEnvelope, "installationId" | "deliveryId">) =>
    processor(
      { installationId: 7, deliveryId: "d1", ...job },
      { attempt: 1, stillCurrent: async () => true },
    );
  return { github, octokit, queued, run, metrics };
}

const dashboardEvent = (before: string, after: string, sender: string): IssueEvent => ({
  trigger: "edited",
  label: null,
  pullRequest: false,
  sender,
  commenter: null,
  commentId: null,
  previousBody: before,
  repository: { owner: "acme", name: "docs", fullName: "acme/docs", defaultBranch: "main" },
  issue: {
    number: 16,
    title: "Docs dashboard",
    body: after,
    html_url: "https://github.com/acme/docs/issues/16",
    labels: [],
  },
});

/** The envelope of an event job for an issue of acme/docs. */
const eventJob = (id: string, issue: number, event: IssueEvent) => ({
  id,
  key: id,
  repo: "acme/docs",
  issue,
  label: "x",
  data: { kind: "event" as const, event },
});

/** The envelope of a scheduled backlog job of acme/docs. */
const backlogJob = (period: number) => ({
  id: `backlog:acme/docs@${period}`,
  key: "backlog:acme/docs",
  repo: "acme/docs",
  issue: 0,
  label: "acme/docs (dashboard)",
  data: { kind: "backlog" as const, repo: { owner: "acme", name: "docs", defaultBranch: "main" } },
});

describe("the dashboard", () => {
  it("is triaged by the scheduled backlog job: one issue, created, then left alone", async () => {
    const { github, run, metrics } = await processorWith("write");
    // People found docgap's comment on #11 useful.
    github.comments.set(11, ["<!-- docgap:comment -->\nthe analysis"]);
    const eleven = github.issues.get(11);
    if (eleven) eleven.reactions = { "+1": 3, hooray: 1 };
    await run(backlogJob(1));
    const dashboards = [...github.issues.values()].filter((i) => isDashboard(i.body));
    expect(dashboards.map((d) => d.title)).toEqual(["Docs dashboard"]);
    expect(dashboards[0]?.body).toContain("<!-- docgap:pr 11 -->");
    const scraped = await metrics.registry.metrics();
    expect(scraped).toContain('docgap_feedback_analyses{group="ready",verdict="rated"} 1');
    expect(scraped).toContain('docgap_feedback_analyses{group="ready",verdict="useful"} 1');
    const writes = (github.counts.get("POST issue") ?? 0) + (github.counts.get("PATCH issue") ?? 0);
    await run(backlogJob(2));
    expect((github.counts.get("POST issue") ?? 0) + (github.counts.get("PATCH issue") ?? 0)).toBe(writes);
  });

  it("a run stopped before the dashboard was written is taken up again without analysing the issues twice", async () => {
    const triaged: Array<{ analysed: number; reused: number }> = [];
    const log = {
      warn: () => {},
      error: () => {},
      debug: () => {},
      info: (o: { analysed?: number; reused?: number }, msg?: string) => {
        if (msg === "docgap: docs backlog triaged")
          triaged.push({ analysed: o.analysed ?? -1, reused: o.reused ?? -1 });
      },
      child: () => log,
    } as never;
    let failures = 1;
    const extra = (req: { method?: string }, res: import("node:http").ServerResponse, path: string) => {
      if (req.method !== "POST" || path !== "/repos/acme/docs/issues" || failures-- <= 0) return false;
      res.writeHead(502, { "content-type": "application/json" }).end('{"message":"Bad Gateway"}');
      return true;
    };
    const { github, run } = await processorWith("write", undefined, undefined, { extra, log });
    await expect(run(backlogJob(1))).rejects.toThrow();
    expect([...github.issues.values()].filter((i) => isDashboard(i.body))).toEqual([]);
    await run(backlogJob(1));
    expect([...github.issues.values()].filter((i) => isDashboard(i.body))).toHaveLength(1);
    expect(triaged).toHaveLength(1);
    expect(triaged[0]?.analysed).toBe(0);
    expect(triaged[0]?.reused).toBeGreaterThan(0);
  });

  it("a ticked box from a maintainer queues the pull request for that issue and is unticked", async () => {
    const { github, queued, run } = await processorWith("write");
    const before =
      "<!-- docgap:dashboard -->\n- [ ] <!-- docgap:pr 11 --> acme/docs#11 typo\n- [ ] <!-- docgap:pr 13 --> acme/docs#13";
    const after = before.replace("[ ] <!-- docgap:pr 11", "[x] <!-- docgap:pr 11");
    github.issues.set(16, { number: 16, title: "Docs dashboard", body: after, labels: [] });
    const event = dashboardEvent(before, after, "maintainer");
    await run(eventJob("event@d1", 16, event));
    // The event job queues one job; that job queues the pull request job of #11.
    const [decided] = queued.splice(0);
    expect(decided?.data.kind).toBe("dashboard-pr");
    await run({ ...(decided as JobEnvelope) });
    expect(queued).toHaveLength(1);
    const task = (queued[0]?.data as { task?: AnalysisTask } | undefined)?.task;
    expect(task).toMatchObject({ target: { issue_number: 11 }, pullRequest: true, force: true });
    expect(queued[0]?.key).toBe("acme/docs#11");
    expect(github.issues.get(16)?.body).toContain("- [ ] <!-- docgap:pr 11 -->");
  });

  it("/docgap dashboard from a maintainer triages the backlog now, even with the schedule off", async () => {
    const { github, queued, run } = await processorWith("write", "docs:\n  root: docs\n");
    const event: IssueEvent = {
      ...dashboardEvent("", "", "maintainer"),
      trigger: "command",
      previousBody: null,
      dashboard: true,
      commenter: "maintainer",
      commentId: 99,
      issue: {
        number: 13,
        title: "x",
        body: "y",
        html_url: "https://github.com/acme/docs/issues/13",
        labels: [],
      },
    };
    await run(eventJob("event@d2", 13, event));
    const [decided] = queued.splice(0);
    expect(decided).toMatchObject({ key: "backlog:acme/docs", data: { kind: "backlog", force: true } });
    await run({ ...(decided as JobEnvelope) });
    expect([...github.issues.values()].filter((i) => isDashboard(i.body))).toHaveLength(1);
  });

  it("names nothing of a private docs repository on a public repository's dashboard", async () => {
    const { github, run } = await processorWith(
      "write",
      "dashboard:\n  enabled: true\ndocs:\n  repo: acme/private-docs\n  root: docs\n",
      { "acme/private-docs": { files: DOCS, private: true } },
    );
    await run(backlogJob(1));
    const body = [...github.issues.values()].find((i) => isDashboard(i.body))?.body ?? "";
    expect(body).toContain("acme/docs#11");
    for (const secret of ["docs/guide/env.md", "docs/guide/build.md", "private-docs"])
      expect(body).not.toContain(secret);
    // Not in the hidden state either.
    const { decodeState } = await import("../../src/backlog/state.js");
    expect(JSON.stringify([...decodeState(body).values()])).not.toContain("docs/guide/env.md");
  });

  it("ignores a box ticked by someone without write access", async () => {
    const { queued, run } = await processorWith("read");
    const before = "<!-- docgap:dashboard -->\n- [ ] <!-- docgap:pr 11 --> acme/docs#11";
    const event = dashboardEvent(before, before.replace("[ ]", "[x]"), "passer-by");
    await run(eventJob("event@d1", 16, event));
    expect(queued).toEqual([]);
  });
});

describe("the dashboard schedule", () => {
  const API = "https://api.github.test";
  const client = () => tokenClient({ token: "t", baseUrl: API, userAgent: "docgap-test", retries: 0 });
  const sweepOnce = async (now: number) => {
    nock(API)
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: 7 }])
      .get("/installation/repositories")
      .query(true)
      .reply(200, {
        total_count: 2,
        repositories: [
          { name: "docs", full_name: "acme/docs", owner: { login: "acme" }, default_branch: "main" },
          { name: "app", full_name: "acme/app", owner: { login: "acme" }, default_branch: "main" },
        ],
      })
      .get("/repos/acme/docs/contents/.github%2Fdocgap.yml")
      .reply(200, "dashboard:\n  enabled: true\n  everyHours: 24\n")
      .get("/repos/acme/app/contents/.github%2Fdocgap.yml")
      .reply(404, { message: "Not Found" })
      .get("/repos/acme/.github/contents/.github%2Fdocgap.yml")
      .reply(404, { message: "Not Found" });
    const jobs: JobEnvelope[] = [];
    await sweepDashboards({
      app: async () => client(),
      auth: async () => client(),
      enqueue: async (job) => {
        jobs.push(job);
        return "queued";
      },
      log: quiet,
      now: () => now,
    });
    return jobs;
  };

  it("queues a backlog job for each repository whose config turns the dashboard on, once per period", async () => {
    const day = 24 * 3_600_000;
    const morning = await sweepOnce(100 * day + 1_000);
    expect(morning.map((j) => [j.repo, j.data.kind, j.installationId])).toEqual([
      ["acme/docs", "backlog", 7],
    ]);
    const evening = await sweepOnce(100 * day + 20 * 3_600_000);
    const tomorrow = await sweepOnce(101 * day + 1_000);
    // The same period, the same job id: the queue takes it once.
    expect(evening[0]?.id).toBe(morning[0]?.id);
    expect(tomorrow[0]?.id).not.toBe(morning[0]?.id);
  });
});
