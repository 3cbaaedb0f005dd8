import { readFileSync } from "node:fs";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { ConfigSchema } from "../../src/config/schema.js";
import { localDocsRepo } from "../../src/github/docs-repo.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import { createSafeFetch, defaultPolicy } from "../../src/web/fetch.js";
import { analyzeOffline } from "../helpers/offline.js";
import { unmatched } from "../setup.js";

const docs = localDocsRepo(path.resolve(import.meta.dirname, "../fixtures/vite-docs"));
const config = ConfigSchema.parse({ docs: { root: "docs", siteUrl: "https://vite.dev/" } });
const octokit = new Octokit({ request: { retries: 0 } });

test("linked PRs and releases: a merged PR that changed the page makes the recommendation 'already-fixed'", async () => {
  const api = nock("https://api.github.com")
    // the timeline cross-references #130; a person's comment repeats #123; a bot's comment is not read for links
    .get("/repos/vitejs/vite/issues/200/timeline")
    .query(true)
    .reply(200, [
      { event: "labeled" },
      {
        event: "cross-referenced",
        source: { issue: { number: 130, pull_request: {}, repository: { full_name: "vitejs/vite" } } },
      },
    ])
    .get("/repos/vitejs/vite/issues/200/comments")
    .query(true)
    .reply(200, [
      { body: "Duplicate of #123?", user: { type: "User" } },
      { body: "Related: #999", user: { type: "Bot" } },
    ])
    .get("/repos/vitejs/vite/issues/130")
    .reply(200, {
      number: 130,
      title: "docs: env page wording",
      state: "open",
      html_url: "https://github.com/vitejs/vite/pull/130",
      pull_request: {},
    })
    .get("/repos/vitejs/vite/pulls/130")
    .reply(200, { number: 130, merged: false })
    .get("/repos/vitejs/vite/pulls/130/files")
    .query(true)
    .reply(200, [{ filename: "docs/guide/env-and-mode.md" }])
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
    })
    .get("/search/issues")
    .query(true)
    .reply(200, { total_count: 0, items: [] });
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
      expect.objectContaining({ kind: "timeline", status: "ok", reason: "1 cross-reference(s)" }),
      expect.objectContaining({ kind: "pull", url: "https://github.com/vitejs/vite/pull/130" }),
    ]),
  );
  // #123 once, though the body and a comment both cite it; nothing from the bot's comment
  expect(result.sources.filter((s) => s.url?.endsWith("/123"))).toHaveLength(1);
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

test("a fetched HTML page: the issue's #anchor picks the section of the published page", async () => {
  const html = `<!doctype html><html><head><title>Env Variables and Modes | Vite</title></head><body>
    <nav><a href="/">Home</a></nav>
    <main><article>
      <h1>Env Variables and Modes</h1>
      <p>Vite exposes env variables on the special <code>import.meta.env</code> object.</p>
      <h2 id="html-env-replacement">HTML Env Replacement</h2>
      <p>Vite also supports replacing env variables in HTML files. Any properties in
      <code>import.meta.env</code> can be used in HTML files with a special <code>%ENV_NAME%</code> syntax.</p>
      <h2 id="modes">Modes</h2>
      <p>By default, the dev server runs in development mode.</p>
    </article></main></body></html>`;
  const site = nock("https://vite.dev")
    .get("/guide/env-and-mode.md")
    .reply(404, "")
    .get("/guide/env-and-mode")
    .reply(200, html, { "content-type": "text/html; charset=utf-8" });
  const result = await analyzeIssue({
    issue: {
      repo: "vitejs/vite",
      number: null,
      title: "HTML env replacement does not say what happens to undefined variables",
      body: "See https://vite.dev/guide/env-and-mode#html-env-replacement — it should say that missing variables are left as is.",
      url: null,
    },
    config,
    docs,
    changelogRepo: null,
    fetcher: createSafeFetch(defaultPolicy(["vite.dev"], {})),
    octokit: null,
  });
  expect(site.pendingMocks()).toEqual([]);
  expect(result.analysis.evidence).toContainEqual(
    expect.objectContaining({
      claim: 'On the published page, the issue is about the section "HTML Env Replacement"',
      source: { kind: "page", ref: "https://vite.dev/guide/env-and-mode" },
    }),
  );
  expect(result.analysis.affectedPages[0]?.section?.heading).toBe("HTML Env Replacement");
});

test("a reference into a private repository is not followed from a public one; nothing of it is published", async () => {
  const api = nock("https://api.github.com")
    .get("/repos/acme/secret")
    .reply(200, { private: true })
    .get("/repos/vitejs/vite")
    .reply(200, { private: false });
  const result = await analyzeIssue({
    issue: {
      repo: "vitejs/vite",
      number: null,
      title: "env page is wrong",
      body: "Related to acme/secret#1 and a/..#2. See https://vite.dev/guide/env-and-mode",
      url: null,
    },
    config,
    docs,
    changelogRepo: docs,
    fetcher: null,
    octokit,
  });
  expect(api.pendingMocks()).toEqual([]);
  // no request for the private issue, none for a path-like "repository"
  expect(unmatched).toEqual([]);
  expect(result.facts.references.map((r) => r.repo)).toEqual(["acme/secret"]);
  expect(result.sources).toContainEqual(
    expect.objectContaining({
      kind: "issue",
      status: "skipped",
      reason: "a private reference was not followed",
    }),
  );
  // the reporter's own words stay as written; no thread of the private repository is cited
  expect(
    result.analysis.evidence.filter(
      (e) => e.source.kind === "linked-issue" || e.source.kind === "linked-pull",
    ),
  ).toEqual([]);
});

test("another issue about the same page with the same complaint: duplicate, linked, at medium confidence", async () => {
  let asked = "";
  const api = nock("https://api.github.com")
    .get("/repos/vitejs/vite/issues/300/timeline")
    .query(true)
    .reply(200, [])
    .get("/repos/vitejs/vite/issues/300/comments")
    .query(true)
    .reply(200, [])
    .get("/search/issues")
    .query((q) => {
      asked = String(q.q);
      return true;
    })
    .reply(200, {
      total_count: 2,
      items: [
        {
          number: 300,
          title: "Broken DOM link",
          state: "open",
          html_url: "https://github.com/vitejs/vite/issues/300",
        },
        {
          number: 250,
          title: "The DOM link on the env page is broken",
          state: "open",
          html_url: "https://github.com/vitejs/vite/issues/250",
        },
        {
          number: 251,
          title: "Typo on the env page",
          state: "open",
          html_url: "https://github.com/vitejs/vite/issues/251",
        },
        {
          number: 252,
          title: "Broken DOM link too",
          state: "open",
          html_url: "https://github.com/vitejs/vite/pull/252",
          pull_request: {},
        },
      ],
    });
  const result = await analyzeIssue({
    issue: {
      repo: "vitejs/vite",
      number: 300,
      title: "Broken DOM link",
      body: "The DOM link on https://vite.dev/guide/env-and-mode is a 404.",
      url: null,
    },
    config,
    docs,
    changelogRepo: null,
    fetcher: null,
    octokit,
  });
  expect(api.pendingMocks()).toEqual([]);
  expect(unmatched).toEqual([]);
  // one search, for issues of this repository naming the page
  expect(asked).toBe('repo:vitejs/vite is:issue "guide/env-and-mode"');
  const a = result.analysis;
  expect(a.recommendation.action).toBe("duplicate");
  expect(a.recommendation.rationale).toMatch(/^#250 \("The DOM link on the env page is broken", open\)/);
  expect(a.tldr).toBe("This looks like a duplicate of #250 (open): the same page and the same complaint.");
  expect(a.confidence).toBe("medium");
});

test("pages the reporter lists in a table keep the reporter's order", async () => {
  const cc = path.resolve(import.meta.dirname, "../fixtures/claude-code");
  const issue = JSON.parse(
    readFileSync(path.join(cc, "issues/form-four-pages-changelog-quote.json"), "utf8"),
  );
  const result = await analyzeOffline({
    issue: { title: issue.title, body: issue.body },
    docs: path.join(cc, "docs-repo"),
    config: parse(readFileSync(path.join(cc, "docgap.yml"), "utf8")),
  });
  expect(result.analysis.affectedPages.map((p) => p.sourcePath)).toEqual([
    "en/authentication.md",
    "en/troubleshooting.md",
    "en/env-vars.md",
    "en/cli-reference.md",
  ]);
});
