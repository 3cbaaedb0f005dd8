import path from "node:path";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { expect, test } from "vitest";
import { ConfigSchema } from "../src/config.js";
import { analyzeIssue } from "../src/pipeline.js";
import { localDocsRepo } from "../src/sources/docs-repo.js";
import { unmatched } from "./setup.js";

const docs = localDocsRepo(path.resolve(import.meta.dirname, "fixtures/vite-docs"));
const config = ConfigSchema.parse({ docs: { root: "docs", siteUrl: "https://vite.dev/" } });
const octokit = new Octokit({ request: { retries: 0 } });

test("linked PRs and releases: a merged PR that changed the page makes the recommendation 'already-fixed'", async () => {
  const api = nock("https://api.github.com")
    .get("/repos/vitejs/vite/issues/123")
    .reply(200, {
      number: 123,
      title: "docs: fix env links",
      state: "closed",
      html_url: "https://github.com/vitejs/vite/pull/123",
      pull_request: {},
    })
    .get("/repos/vitejs/vite/pulls/123")
    .reply(200, { number: 123, merged: true })
    .get("/repos/vitejs/vite/pulls/123/files")
    .query(true)
    .reply(200, [{ filename: "docs/guide/env-and-mode.md" }])
    .get("/repos/vitejs/vite/releases/tags/v5.3.1")
    .reply(200, {
      html_url: "https://github.com/vitejs/vite/releases/tag/v5.3.1",
      body: "- fix: `lib` links in env docs\n",
    });
  const result = await analyzeIssue({
    issue: {
      repo: "vitejs/vite",
      number: 200,
      title: "Broken DOM link on https://vite.dev/guide/env-and-mode since v5.3.1",
      body: "The [DOM](https://github.com/microsoft/TypeScript/blob/main/lib/lib.dom.d.ts) link 404s. Maybe #123 fixed it?",
      url: null,
    },
    config,
    docs,
    changelogRepo: docs,
    fetcher: null,
    octokit,
  });
  expect(api.pendingMocks()).toEqual([]);
  expect(unmatched).toEqual([]);
  expect(result.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env-and-mode.md");
  expect(result.analysis.recommendation.action).toBe("already-fixed");
  expect(result.analysis.recommendation.rationale).toContain("#123");
  expect(result.sources).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: "pull", status: "ok", url: "https://github.com/vitejs/vite/pull/123" }),
      expect.objectContaining({ kind: "release", status: "ok", reason: "release v5.3.1" }),
      expect.objectContaining({ kind: "changelog", status: "not-found" }),
    ]),
  );
  expect(result.analysis.evidence).toContainEqual(
    expect.objectContaining({ source: { kind: "changelog", ref: expect.stringContaining("5.3.1") } }),
  );
});

test("an issue with no URL is ranked by what it says, with reasons", async () => {
  const result = await analyzeIssue({
    issue: {
      repo: "vitejs/vite",
      number: 1,
      title: "Docs: IntelliSense for import.meta.env in TypeScript",
      body: "How do I type `ImportMetaEnv` for `VITE_APP_TITLE`?",
      url: null,
    },
    config,
    docs,
    changelogRepo: docs,
    fetcher: null,
    octokit: null,
  });
  const [top] = result.analysis.affectedPages;
  expect(top?.sourcePath).toBe("docs/guide/env-and-mode.md");
  expect(top?.section?.heading).toBe("IntelliSense for TypeScript");
  expect(top?.reasons.join(" ")).toContain("`ImportMetaEnv`");
});
