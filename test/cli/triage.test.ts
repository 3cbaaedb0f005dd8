import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { DOCS, ISSUES } from "../backlog/fixture.js";
import { type FakeGitHub, startFakeGitHub } from "../helpers/fake-github.js";

let github: FakeGitHub | null = null;
afterEach(async () => {
  vi.restoreAllMocks();
  await github?.close();
  github = null;
});

/** Runs `docgap triage` in this process against a fake GitHub; stdout and stderr as written. */
async function triage(...args: string[]) {
  github ??= await startFakeGitHub({ files: DOCS, config: "docs:\n  root: docs\n", issues: ISSUES });
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await main(["triage", ...args], { GITHUB_API_URL: github.url, GITHUB_TOKEN: "cli-token" });
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe("docgap triage", () => {
  it("prints every open docs issue with its group, pages, sections and lines as JSON, and posts nothing", async () => {
    const run = await triage("acme/docs", "--format", "json");
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.groups.ready).toEqual([11]);
    expect(report.groups.duplicate).toEqual([12]);
    const eleven = report.entries.find((e: { number: number }) => e.number === 11);
    expect(eleven).toMatchObject({
      kind: "typo",
      recommendation: "update-docs",
      draftFiles: ["docs/guide/env.md"],
      pages: [{ path: "docs/guide/env.md", section: "Env Files", lines: { start: 5, end: 5 } }],
    });
    expect(run.stderr).toContain("4 open docs issues: 4 analysed, 0 unchanged");
    expect(github?.counts.get("POST issue") ?? 0).toBe(0);
    expect(github?.counts.get("POST comment") ?? 0).toBe(0);
  });

  it("reuses a saved report: an issue whose inputs did not change is not analysed again", async () => {
    const first = await triage("acme/docs", "--format", "json");
    const file = path.join(await mkdtemp(path.join(tmpdir(), "docgap-triage-")), "report.json");
    await writeFile(file, first.stdout);
    const issue = github?.issues.get(13);
    if (issue) issue.title = "How do I load an env file only in production mode?";
    const second = await triage("acme/docs", "--previous", file);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("4 open docs issues: 1 analysed, 3 unchanged");
    expect(second.stdout).toContain("### Ready: a draft exists (1)");
  });

  it("--dashboard creates the dashboard issue once, then edits nothing when nothing changed", async () => {
    const first = await triage("acme/docs", "--dashboard");
    expect(first.stderr).toContain("dashboard #16 created");
    const second = await triage("acme/docs", "--dashboard");
    expect(second.stderr).toContain("dashboard #16 unchanged");
    expect(second.stderr).toContain("0 analysed, 4 unchanged");
    expect(github?.counts.get("POST issue")).toBe(1);
    expect(github?.counts.get("PATCH issue") ?? 0).toBe(0);
  });

  it("names what is wrong with its arguments", async () => {
    expect((await triage("not a repo")).stderr).toContain("triage takes exactly one owner/repo");
    expect((await triage("acme/docs", "--concurrency", "0")).code).toBe(2);
    const bad = await triage("acme/docs", "--previous", "/nonexistent/report.json");
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toContain("cannot read --previous");
  });
});
