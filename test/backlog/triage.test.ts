import { afterEach, describe, expect, it } from "vitest";
import { live } from "../helpers/markdown.js";
import { backlogSetup, ISSUES } from "./fixture.js";

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const setup = async (...args: Parameters<typeof backlogSetup>) => {
  const s = await backlogSetup(...args);
  close = () => s.github.close();
  return s;
};

describe("triage of the docs backlog", () => {
  it("groups every open docs issue by what a maintainer can do, and leaves other issues out", async () => {
    const { run } = await setup();
    const { report } = await run({ dashboard: false });
    const by = Object.fromEntries(report.entries.map((e) => [e.number, e]));
    expect(Object.keys(by).map(Number).sort()).toEqual([11, 12, 13, 14]);
    // A real draft: the doubled word, in the file and section the issue means.
    expect(by[11]).toMatchObject({
      group: "ready",
      kind: "typo",
      draftFiles: ["docs/guide/env.md"],
      pages: [
        expect.objectContaining({
          path: "docs/guide/env.md",
          section: "Env Files",
          lines: { start: 5, end: 5 },
        }),
      ],
    });
    // The same page, section and complaint as the older #11.
    expect(by[12]).toMatchObject({ group: "duplicate", duplicateOf: 11 });
    expect(by[14]).toMatchObject({ group: "not-docs", recommendation: "not-docs" });
    expect(report.groups.ready).toEqual([11]);
    expect(report.groups.duplicate).toEqual([12]);
    expect(report.topPages[0]).toEqual({ page: "docs/guide/env.md", issues: [13, 12, 11] });
    expect(report.run).toEqual({ analysed: 4, reused: 0, failed: 0 });
  });

  it("keeps one dashboard issue: created once, not written again when nothing changed", async () => {
    const { github, run, analysed, writes } = await setup();
    const first = await run();
    expect(first.dashboard).toEqual({ number: 16, action: "created" });
    const dashboard = github.issues.get(16);
    expect(dashboard?.title).toBe("Docs dashboard");
    expect(dashboard?.body).toContain("- [ ] <!-- docgap:pr 11 --> acme/docs#11");
    expect(dashboard?.body).toContain("```mermaid\npie showData");
    const writesAfterFirst = writes();
    analysed.length = 0;

    const second = await run();
    expect(second.dashboard).toEqual({ number: 16, action: "unchanged" });
    expect(second.report.run).toEqual({ analysed: 0, reused: 4, failed: 0 });
    expect(analysed).toEqual([]);
    expect(writes()).toBe(writesAfterFirst);
    // The dashboard itself is never taken for a docs issue.
    expect(second.report.entries.map((e) => e.number)).not.toContain(16);
  });

  it("analyses only the issue that changed and edits the dashboard in place", async () => {
    const { github, run, analysed } = await setup();
    await run();
    analysed.length = 0;
    const issue = github.issues.get(14);
    if (issue)
      issue.body = "The Output section of the building page does not say where `dist` can be changed.";
    const again = await run();
    expect(analysed).toEqual([14]);
    expect(again.dashboard).toEqual({ number: 16, action: "updated" });
    expect([...github.issues.values()].filter((i) => i.title === "Docs dashboard")).toHaveLength(1);
  });

  it("reads the reactions on docgap's comments and shows how many found it useful", async () => {
    const { github, run } = await setup(
      ISSUES.map((i) =>
        i.number === 11
          ? { ...i, reactions: { "+1": 2 } }
          : i.number === 13
            ? { ...i, reactions: { "-1": 1 } }
            : i,
      ),
    );
    github.comments.set(11, ["<!-- docgap:comment -->\nthe analysis"]);
    github.comments.set(13, ["<!-- docgap:comment -->\nthe analysis"]);
    const { report } = await run();
    expect(report.feedback).toEqual({
      rated: 2,
      useful: 1,
      byGroup: {
        ready: { up: 2, down: 0, hooray: 0, confused: 0, rated: 1, useful: 1 },
        [report.entries.find((e) => e.number === 13)?.group ?? ""]: {
          up: 0,
          down: 1,
          hooray: 0,
          confused: 0,
          rated: 1,
          useful: 0,
        },
      },
    });
    expect(github.issues.get(16)?.body).toContain("on 2 of these issues: 1 found useful");
  });

  it("lists an issue whose analysis failed with the reason, without its secret, and analyses it again next time", async () => {
    const { github, run, analysed } = await setup();
    const { report } = await run({
      fail: (n) => (n === 13 ? "model answered 401 for key sk-abcdefghijklmnopqrstuvwx" : null),
    });
    const failed = report.entries.find((e) => e.number === 13);
    expect(failed?.group).toBe("failed");
    expect(failed?.error).toContain("model answered 401");
    expect(failed?.error).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(github.issues.get(16)?.body).not.toContain("sk-abcdefghijklmnopqrstuvwx");
    expect(report.groups.ready).toEqual([11]);
    analysed.length = 0;
    await run();
    expect(analysed).toEqual([13]);
  });

  it("posts issue titles as plain text: no mention, link, HTML or broken chart", async () => {
    const { github, run } = await setup([
      {
        number: 21,
        title: 'Docs: @octocat <img src=x> [x](https://evil.example/a) "]\n```',
        body: 'The Env Files section says "Vite loads the the `.env` files".',
        labels: ["documentation"],
      },
    ]);
    await run();
    const body = github.issues.get(22)?.body ?? "";
    const rendered = live(body);
    expect(rendered.mentions).toEqual([]);
    expect(rendered.links).toEqual([]);
    expect(rendered.html.filter((h) => !h.startsWith("<!-- docgap:"))).toEqual([]);
    // Both charts are still whole fenced blocks.
    expect(body.match(/^```mermaid$/gm)).toHaveLength(2);
  });

  it("never takes an issue someone else opened with the dashboard's marker for the dashboard", async () => {
    const impostor = {
      number: 30,
      title: "Docs dashboard",
      body: "<!-- docgap:dashboard -->\n- [x] <!-- docgap:pr 11 --> acme/docs#11",
      labels: [],
      user: { login: "mallory", type: "User" as const },
    };
    const { github, run } = await setup([...ISSUES, impostor]);
    const first = await run();
    expect(first.dashboard?.action).toBe("created");
    expect(first.dashboard?.number).not.toBe(30);
    expect(first.ticked).toEqual([]);
    expect(github.issues.get(30)?.body).toBe(impostor.body);
    expect(first.report.entries.map((e) => e.number)).not.toContain(30);
  });

  it("lists an analysis that does not finish in time as failed, and the rest of the backlog still", async () => {
    const { run } = await setup();
    // Only #13 never ends; the others finish well within the default limit.
    const { report } = await run({ hang: (n) => n === 13, timeoutMs: 3_000 });
    expect(report.entries.find((e) => e.number === 13)).toMatchObject({
      group: "failed",
      error: "the analysis took longer than 3 s",
    });
    expect(report.groups.ready).toEqual([11]);
  }, 30_000);
});
