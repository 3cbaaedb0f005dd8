import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import nock from "nock";
import { describe, expect, test } from "vitest";
import { createSafeFetch, defaultPolicy } from "../../src/web/fetch.js";
import { analyzeOffline } from "../helpers/offline.js";
import { unmatched } from "../setup.js";

/** A product's repository as many are on GitHub: a README, a changelog, plugins with notes; no docs source. */
const PRODUCT: Record<string, string> = {
  "README.md": "# Acme CLI\n\nInstall with npm. The documentation is at https://docs.acme.dev/.\n",
  "CHANGELOG.md":
    "# Changelog\n\n## 2.1.118\n\n- Fixed OAuth token refresh failing when the server revokes a token before its local expiry time\n\n## 2.1.117\n\n- Faster start\n",
  "plugins/auth-helper/README.md": "# Auth helper\n\nA plugin that helps with authentication.\n",
  "plugins/auth-helper/skills/references/authentication.md":
    "# Authentication\n\nHow the plugin's skill authenticates with OAuth tokens and refreshes them.\n",
  "src/index.ts": "export {};\n",
};

const ISSUE = {
  repo: "acme/cli",
  number: 52,
  title: "[DOCS] Authentication docs omit what happens when the server revokes a token",
  body: [
    'Since 2.1.118 the CLI refreshes a token the server revoked early (CHANGELOG 2.1.118: "Fixed OAuth token refresh failing when the server revokes a token before its local expiry time").',
    "",
    "Pages to update:",
    "",
    "| Page | What |",
    "|---|---|",
    "| https://docs.acme.dev/en/authentication | does not describe refresh after revocation |",
    "| https://docs.acme.dev/en/troubleshooting | expired-token guidance jumps straight to /login |",
  ].join("\n"),
};

describe("docs that do not live in the issue's repository", () => {
  test("no config: the pages are listed in the issue's order, no other file of the repository is taken for them or edited", async () => {
    const r = await analyzeOffline({ issue: ISSUE, docs: PRODUCT });
    const a = r.analysis;
    expect(a.affectedPages.map((p) => [p.url, p.sourcePath])).toEqual([
      ["https://docs.acme.dev/en/authentication", null],
      ["https://docs.acme.dev/en/troubleshooting", null],
    ]);
    expect(r.patch?.files ?? []).toEqual([]);
    expect(a.recommendation.action).toBe("update-docs");
    expect(a.tldr).toMatch(/^The 2 pages this issue names are not published from this repository: /);
    expect(a.guidance.join("\n")).toContain("https://docs.acme.dev/en/troubleshooting");
    // the changelog entry behind it is still found and verified
    expect(a.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: expect.objectContaining({ kind: "changelog" }), verified: true }),
      ]),
    );
  });

  test("a link to the site's home page does not make the repository's README its page", async () => {
    const r = await analyzeOffline({
      issue: { ...ISSUE, body: `${ISSUE.body}\n\nThe docs home is https://docs.acme.dev/ for reference.` },
      docs: PRODUCT,
    });
    expect(r.analysis.affectedPages.map((p) => p.sourcePath)).not.toContain("README.md");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("a repository with only a README and a changelog: neither is taken for a docs page", async () => {
    const r = await analyzeOffline({
      issue: ISSUE,
      docs: { "README.md": PRODUCT["README.md"] ?? "", "CHANGELOG.md": PRODUCT["CHANGELOG.md"] ?? "" },
    });
    expect(r.analysis.affectedPages.map((p) => p.sourcePath)).toEqual([null, null]);
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("a page named by its last segment alone is found where docs live, not in a plugin's notes", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Authentication page is wrong",
        body: "https://docs.acme.dev/en/authentication is wrong about refresh.",
      },
      docs: { ...PRODUCT, "documentation/02-security/01-authentication.md": "# Authentication\n\nTokens.\n" },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("documentation/02-security/01-authentication.md");
  });
});

describe("pages on a host the repository declares", () => {
  test("are fetched, and the change is anchored to a heading of the live page", async () => {
    const page = [
      "# Authentication",
      "",
      "## Authentication precedence",
      "",
      "1. Cloud provider credentials",
      "2. OAuth credentials from `/login`, refreshed when the local expiry time passes.",
      "",
      "## Sharing credentials",
      "",
      "Teams share credentials through the console.",
    ].join("\n");
    const site = nock("https://docs.acme.dev")
      .get("/en/authentication.md")
      .reply(200, page, { "content-type": "text/markdown; charset=utf-8" })
      .get("/en/troubleshooting.md")
      .reply(404, "")
      .get("/en/troubleshooting")
      .reply(404, "");
    const r = await analyzeOffline({
      issue: ISSUE,
      docs: PRODUCT,
      // an ordinary fetcher: no docs host allowed by config; the README's link is what allows this one
      fetcher: createSafeFetch(defaultPolicy([], {})),
    });
    expect(site.pendingMocks()).toEqual([]);
    expect(r.analysis.tldr).toContain('after "Authentication precedence" on the live page');
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("a host the repository does not link is not fetched", async () => {
    const r = await analyzeOffline({
      issue: { ...ISSUE, body: ISSUE.body.replaceAll("docs.acme.dev", "docs.elsewhere.example") },
      docs: PRODUCT,
      fetcher: createSafeFetch(defaultPolicy([], {})),
    });
    expect(r.sources.filter((s) => s.kind === "page").map((s) => s.status)).not.toContain("ok");
    expect(unmatched).toEqual([]);
  });
});

describe("the real issues filed through a product's docs issue form, against a repository without the docs", () => {
  const dir = path.resolve(import.meta.dirname, "../fixtures/claude-code/issues");
  const cases = readdirSync(dir).filter((f) => f.endsWith(".json"));
  test.each(cases)(
    "%s: every page it names is listed, nothing is drafted, no needs-info when it names one",
    async (name) => {
      const issue = JSON.parse(readFileSync(path.join(dir, name), "utf8")) as {
        title: string;
        body: string | null;
      };
      const r = await analyzeOffline({
        issue: { title: issue.title, body: issue.body ?? "" },
        docs: PRODUCT,
      });
      expect(r.patch?.files ?? []).toEqual([]);
      const named = r.facts.pages.filter(
        (p) => !p.checklist && p.origin !== "quote" && !p.url.includes("github.com"),
      );
      if (named.length) {
        expect(r.analysis.recommendation.action).not.toBe("needs-info");
        const page = (u: string | null) => (u ?? "").replace(/[?#].*$/, "");
        const listed = r.analysis.affectedPages.map((p) => page(p.url));
        for (const p of named.filter((n) => new URL(n.url).pathname.length > 1))
          expect(listed).toContain(page(p.url));
      }
      for (const p of r.analysis.affectedPages)
        expect(p.sourcePath ?? "").not.toMatch(/^plugins\/|README|CHANGELOG/);
    },
  );
});

test("offline with no docs tree: the pages are still listed and the seed is update-docs, and it says the docs were not read", async () => {
  const { analyzeIssue } = await import("../../src/pipeline/analyze.js");
  const { ConfigSchema } = await import("../../src/config/schema.js");
  const r = await analyzeIssue({
    issue: { ...ISSUE, url: null },
    config: ConfigSchema.parse({ analysis: { engine: "heuristic" } }),
    docs: null,
    changelogRepo: null,
    fetcher: null,
    octokit: null,
    offlineReason: "--offline",
  });
  expect(r.analysis.recommendation.action).toBe("update-docs");
  expect(r.analysis.affectedPages.map((p) => p.url)).toEqual([
    "https://docs.acme.dev/en/authentication",
    "https://docs.acme.dev/en/troubleshooting",
  ]);
  expect(r.analysis.tldr).toMatch(/^The docs source was not read; from the 2 pages this issue names: /);
});
