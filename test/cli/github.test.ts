import path from "node:path";
import nock from "nock";
import { afterEach, expect, test, vi } from "vitest";
import { main } from "../../src/cli.js";
import { docsArchive, loadJson, noDuplicates, REPO, viteDocs } from "../helpers/probot.js";
import { unmatched } from "../setup.js";

afterEach(() => vi.restoreAllMocks());

test("docgap analyze owner/repo#N reads the issue and the docs through the GitHub API and counts its requests", async () => {
  const files = await viteDocs();
  const event = await loadJson<{ issue: Record<string, unknown> }>("events/issues.labeled.json");
  const scope = nock("https://api.github.com")
    .get(`${REPO}/issues/17488`)
    .reply(200, event.issue)
    .get(`${REPO}/issues/17488/timeline`)
    .query(true)
    .reply(200, [])
    .get(`${REPO}/issues/17488/comments`)
    .query(true)
    .reply(200, []);
  docsArchive(scope, files, REPO, "HEAD");
  noDuplicates(scope);
  nock("https://vitejs.dev")
    .get("/guide/env-and-mode.md")
    .reply(200, files["docs/guide/env-and-mode.md"], { "content-type": "text/markdown" });
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const code = await main([
    "analyze",
    "vitejs/vite#17488",
    "--format",
    "json",
    "--config",
    path.resolve(import.meta.dirname, "../fixtures/vite-docs/docgap.yml"),
  ]);
  expect(code).toBe(0);
  expect(scope.pendingMocks()).toEqual([]);
  expect(unmatched).toEqual([]);
  const result = JSON.parse(out);
  expect(result.analysis.affectedPages[0].sourcePath).toBe("docs/guide/env-and-mode.md");
  // the issue itself is read before the count starts: timeline, comments, head commit, size, archive, the search
  // for other issues about the page
  expect(result.github.requests).toBe(6);
  expect(result.timings.docsMs).toBeGreaterThanOrEqual(0);
});
