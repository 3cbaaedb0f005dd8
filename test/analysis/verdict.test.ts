import { describe, expect, test } from "vitest";
import { analyzeOffline } from "../helpers/offline.js";

const page = (title: string, ...body: string[]) => [`# ${title}`, "", ...body, ""].join("\n");

/** A small VitePress site: config, a guide with links, a generated API page. */
const SITE: Record<string, string> = {
  "docs/.vitepress/config.ts": "export default { sitemap: { hostname: 'https://acme.dev' } }\n",
  "docs/index.md": page("Acme", "Start with the [guide](./guide/start.md)."),
  "docs/guide/start.md": page(
    "Getting started", // 1
    "Install the tool first.", // 3
    "", //
    "## Community", // 5
    "",
    "- [Status board](./status-board.md) lists outages.", // 7
    "- [Deploy notes](./deploying.md#cache-headers) explain caching.", // 8
    "",
    "## Cache", // 10
    "",
    "The cache lives in the the home folder.", // 12
    "",
    "Set `cacheDir` to move it. Use `clearCache()` to empty it.", // 14
    "",
    "See the [API reference](https://api.acme-docs.dev/v2/index.html).", // 16
  ),
  "docs/resources/status-board.md": page("Status board", "Outages are listed here."),
  "docs/guide/deploying.md": page("Deploying", "## Cache control", "", "Set the headers."),
  "docs/api/hooks.md": [
    "<!-- This file is auto-generated from the JSDoc comments in packages/acme/lib/hooks.ts, please edit there -->",
    "",
    "# useThing",
    "",
    "Returns the thing.",
    "",
  ].join("\n"),
};

const analyze = (title: string, body: string, config = {}) =>
  analyzeOffline({
    issue: { repo: "acme/site", number: 3, title, body },
    docs: SITE,
    config: { docs: { siteUrl: "https://acme.dev/" }, ...config },
  });

describe("the complaint checked against the docs", () => {
  test("a broken link: found by its text, checked against the site, the page that exists named and drafted", async () => {
    const r = await analyze(
      "Broken link: Status board",
      "On https://acme.dev/guide/start the Status board link is a 404.",
    );
    const a = r.analysis;
    expect(a.kind).toBe("broken-link");
    expect(a.recommendation.action).toBe("update-docs");
    expect(a.tldr).toBe(
      'The link "Status board" at docs/guide/start.md:7 points to ./status-board.md, a page the site does not publish; the page that exists is ../resources/status-board.md.',
    );
    expect(a.affectedPages[0]?.lines).toEqual({ start: 7, end: 7 });
    expect(a.confidence).toBe("high");
    const diff = r.patch?.files[0]?.diff ?? "";
    expect(diff).toContain("-- [Status board](./status-board.md) lists outages.");
    expect(diff).toContain("+- [Status board](../resources/status-board.md) lists outages.");
  });

  test("a missing anchor: the section that exists is the one with the same words", async () => {
    const r = await analyze(
      "Deploy notes link goes to the wrong place",
      "The Deploy notes link in https://acme.dev/guide/start does not work.",
    );
    const check = r.analysis.evidence.find((e) => e.claim.includes("Deploy notes"));
    expect(check).toMatchObject({ verified: true, source: { ref: "docs/guide/start.md:8" } });
    expect(r.patch?.files[0]?.diff).toContain(
      "+- [Deploy notes](./deploying.md#cache-control) explain caching.",
    );
  });

  test("a doubled word in a typo report is the fix", async () => {
    const r = await analyze(
      "Typo in the cache section",
      "https://acme.dev/guide/start#cache has a repeated word.",
    );
    expect(r.analysis.kind).toBe("typo");
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 12, end: 12 });
    expect(r.patch?.files[0]?.diff).toContain("+The cache lives in the home folder.");
  });

  test("a correction the issue states replaces the text the file has, and nothing else", async () => {
    const r = await analyze(
      "Wrong function name",
      "On https://acme.dev/guide/start `clearCache()` should be `clearCaches()`.",
    );
    const added = (r.patch?.files[0]?.diff ?? "")
      .split("\n")
      .filter((l) => l.startsWith("+") && !l.startsWith("+++"));
    expect(added).toEqual(["+Set `cacheDir` to move it. Use `clearCaches()` to empty it."]);
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 14, end: 14 });
  });

  test("something missing: the lines where it belongs, and no draft, no placeholder, no issue text in the docs", async () => {
    const r = await analyze(
      "Document how big the cache gets",
      "https://acme.dev/guide/start#cache does not say how big the cache can get.",
    );
    expect(r.analysis.kind).toBe("missing");
    expect(r.analysis.recommendation.action).toBe("update-docs");
    expect(r.analysis.affectedPages[0]?.lines?.start).toBeGreaterThanOrEqual(10);
    expect(r.patch?.files).toEqual([]);
    expect(r.analysis.tldr).toMatch(
      /^docs\/guide\/start\.md:1\d(-\d+)? \(section "Cache"\) is where the missing part belongs/,
    );
  });

  test("a generated page: its source is named, and the generated file is never drafted into", async () => {
    const r = await analyze(
      "useThing docs are wrong",
      "On https://acme.dev/api/hooks `thing` should be `things`.",
    );
    expect(r.analysis.tldr).toMatch(/docs\/api\/hooks\.md is generated from packages\/acme\/lib\/hooks\.ts/);
    expect(r.analysis.guidance.join("\n")).toContain("Edit `packages/acme/lib/hooks.ts`");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("a page an OpenAPI plugin writes (its config says so): the spec is named, the page never drafted into", async () => {
    const r = await analyzeOffline({
      issue: {
        repo: "acme/site",
        number: 4,
        title: "Create pet docs are wrong",
        body: "On https://pets.acme.dev/docs/api/create-pet `petName` should be `name`.",
      },
      docs: {
        "docusaurus.config.js": `module.exports = {
          url: 'https://pets.acme.dev', baseUrl: '/',
          presets: [['classic', { docs: { docItemComponent: '@theme/ApiItem' } }]],
          plugins: [['docusaurus-plugin-openapi-docs', { id: 'api', docsPluginId: 'classic',
            config: { pets: { specPath: 'openapi/pets.yaml', outputDir: 'docs/api' } } }]],
        };`,
        "openapi/pets.yaml":
          "openapi: 3.0.0\npaths:\n  /pets:\n    post:\n      summary: Create a pet\n      description: Send petName to name the pet.\n",
        "docs/intro.md": "# Intro\n\nWelcome.\n",
        "docs/api/create-pet.api.mdx":
          "---\nid: create-pet\ntitle: Create a pet\n---\n\n# Create a pet\n\nSend `petName` to name the pet.\n",
      },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("docs/api/create-pet.api.mdx");
    expect(r.analysis.tldr).toContain("is generated from openapi/pets.yaml");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("docs in another repository: the recommendation says where they live", async () => {
    const r = await analyze("Status board page is outdated", "https://acme.dev/guide/start", {
      docs: { siteUrl: "https://acme.dev/", repo: "acme/website" },
    });
    expect(r.analysis.recommendation.action).toBe("docs-elsewhere");
    expect(r.analysis.tldr).toMatch(/^The docs live in acme\/website/);
  });

  test("a report about code is not a docs change", async () => {
    const r = await analyze("Typo in the ErrorPage class docstring", "The docstring says `retrun`.");
    expect(r.analysis.kind).toBe("not-docs");
    expect(r.analysis.recommendation.action).toBe("not-docs");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("nothing ties the issue to a page: needs-info, at low confidence", async () => {
    const r = await analyzeOffline({ issue: { title: "zzz", body: "qqq" }, docs: { "README.md": "# Hi\n" } });
    expect(r.analysis.recommendation.action).toBe("needs-info");
    expect(r.analysis.confidence).toBe("low");
  });
});

describe("a broken link the current page no longer has", () => {
  test("is already fixed: the line that links there now, and a reply to post", async () => {
    const r = await analyze(
      "Broken API reference link on the getting started page",
      "On https://acme.dev/guide/start the API reference link points to https://api.acme-docs.dev/v1/index.html, which is a 404.",
    );
    const a = r.analysis;
    expect(a.recommendation.action).toBe("already-fixed");
    expect(a.recommendation.rationale).toContain(
      "The current docs/guide/start.md no longer has the link the issue reports (https://api.acme-docs.dev/v1/index.html); line 16 now links https://api.acme-docs.dev/v2/index.html",
    );
    expect(a.answer).toMatchObject({ path: "docs/guide/start.md", lines: { start: 16, end: 16 } });
    expect(a.confidence).toBe("medium");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("is not, while the page still has it", async () => {
    const r = await analyze(
      "Broken API reference link on the getting started page",
      "On https://acme.dev/guide/start the API reference link points to https://api.acme-docs.dev/v2/index.html, which is a 404.",
    );
    expect(r.analysis.recommendation.action).toBe("update-docs");
  });
});

describe("a question the docs already answer", () => {
  const DOCS: Record<string, string> = {
    "docs/.vitepress/config.ts": "export default {}\n",
    "docs/guide/errors.md": page(
      "Error handling", // 1
      "Express catches errors that occur while running route handlers.", // 3
      "",
      "## Catching errors in async handlers", // 5
      "",
      "Errors returned from asynchronous functions invoked by route handlers must be passed to next().", // 7
      "With async/await, a rejected promise calls next(err) for you.", // 8
    ),
    "docs/guide/routing.md": page("Routing", "Routes map paths to handlers."),
  };

  test("is answered with the passage, a reply to post, and no draft", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "How do I catch errors in async handlers?",
        body: "Is there a way to handle errors thrown with async/await in route handlers?",
      },
      docs: DOCS,
    });
    const a = r.analysis;
    expect(a.kind).toBe("question");
    expect(a.recommendation.action).toBe("already-documented");
    expect(a.answer).toMatchObject({
      path: "docs/guide/errors.md",
      heading: "Catching errors in async handlers",
    });
    expect(a.answer?.lines.start).toBe(5);
    expect(a.answer?.reply).toContain("docs/guide/errors.md");
    expect(a.confidence).toBe("medium");
    expect(r.patch?.files ?? []).toEqual([]);
  });

  test("a question about a page the reporter links is not answered by that page", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "How do I catch errors in async handlers?",
        body: "https://acme.dev/guide/errors does not say how.",
      },
      docs: DOCS,
      config: { docs: { siteUrl: "https://acme.dev/" } },
    });
    expect(r.analysis.recommendation.action).toBe("update-docs");
  });
});

describe("a line the issue pastes as the page has it, and the line as it should read", () => {
  test("replaces that line, in the page's own indentation and prompt", async () => {
    const docs = {
      "docs/.vitepress/config.ts": "export default {}\n",
      "docs/index.md": page(
        "Acme",
        "Install it:",
        "",
        "```console",
        "$ acme install --global --force",
        "```",
      ),
    };
    const r = await analyzeOffline({
      issue: {
        title: "Outdated install command on the landing page",
        body: [
          "On https://acme.dev/ the command says:",
          "",
          "- acme install --global --force",
          "",
          "but the install guide says:",
          "",
          "- acme install --global --yes --force",
          "",
          "Please update the landing page.",
        ].join("\n"),
      },
      docs,
      config: { docs: { siteUrl: "https://acme.dev/" } },
    });
    const added = (r.patch?.files[0]?.diff ?? "")
      .split("\n")
      .filter((l) => l.startsWith("+") && !l.startsWith("+++"));
    expect(added).toEqual(["+$ acme install --global --yes --force"]);
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 6, end: 6 });
  });
});
