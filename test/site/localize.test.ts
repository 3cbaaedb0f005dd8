import nock from "nock";
import { describe, expect, test } from "vitest";
import type { AnalysisResult } from "../../src/types/result.js";
import { createSafeFetch, defaultPolicy, type SafeFetcher } from "../../src/web/fetch.js";
import { analyzeOffline } from "../helpers/offline.js";
import { repo } from "../helpers/tree.js";

const analyze = async (
  dir: string,
  title: string,
  body: string,
  docs: Record<string, unknown> = {},
  fetcher: SafeFetcher | null = null,
) => {
  return analyzeOffline({ issue: { title, body }, docs: dir, config: { docs }, fetcher });
};
const files = (r: AnalysisResult) => r.analysis.affectedPages.map((p) => p.sourcePath);

const page = (title: string, body: string) => `# ${title}\n\n${body}\n`;

const VITEPRESS: Record<string, string> = {
  "docs/.vitepress/config.ts":
    "export default { sitemap: { hostname: 'https://vp.dev' }, locales: { root: {}, es: { link: '/es/' } } }",
  "docs/index.md": page("VitePress", "Welcome to the docs. Read the guide to get started."),
  "docs/guide/sitemap-generation.md": page(
    "Sitemap Generation",
    "Set `sitemap.hostname` in the config. The `base` option is not added to the URLs yet.",
  ),
  "docs/guide/deploy.md": page(
    "Deploy",
    "Build with `vitepress build` and upload the dist folder. The base option matters for GitHub Pages.",
  ),
  "docs/es/guide/sitemap-generation.md": page(
    "Generación de sitemap",
    "Configure `sitemap.hostname` y `base`. sitemap hostname base base base sitemap.",
  ),
  "docs/es/guide/deploy.md": page("Despliegue", "Use vitepress build."),
  "docs/es/index.md": page("VitePress", "Bienvenido."),
  ".github/ISSUE_TEMPLATE/bug_report.yml":
    "body:\n  - type: checkboxes\n    attributes:\n      options:\n        - label: Read the [docs](https://vp.dev)\n",
};

describe("one ranking of all the evidence", () => {
  test("a link the issue template puts in every issue counts for almost nothing; the words decide", async () => {
    const dir = await repo(VITEPRESS);
    const r = await analyze(
      dir,
      "sitemap generation does not include base url",
      "Setting both `base` and `sitemap.hostname` does not work: the sitemap URLs miss the base path.\n\nRead the [docs](https://vp.dev).",
    );
    expect(files(r)[0]).toBe("docs/guide/sitemap-generation.md");
    expect(r.site).toMatchObject({ generator: "vitepress", siteUrls: ["https://vp.dev/"] });
  });

  test("the default-locale source wins over its translation, which is listed as a copy", async () => {
    const dir = await repo(VITEPRESS);
    const r = await analyze(
      dir,
      "sitemap hostname and base",
      "https://vp.dev/es/guide/sitemap-generation is wrong about `base`.",
    );
    expect(files(r)[0]).toBe("docs/guide/sitemap-generation.md");
    expect(files(r)).not.toContain("docs/es/guide/sitemap-generation.md");
    expect(r.analysis.affectedPages[0]?.reasons.join(" ")).toContain("docs/es/guide/sitemap-generation.md");
  });

  test("a file the issue names in words, without a URL", async () => {
    const dir = await repo(VITEPRESS);
    const r = await analyze(dir, "Wrong build command in `deploy.md`", "The build command is outdated.");
    expect(files(r)[0]).toBe("docs/guide/deploy.md");
  });

  test("zero config on a Docusaurus site with docs in several folders", async () => {
    const dir = await repo({
      "website/docusaurus.config.js":
        "module.exports = { url: 'https://acme.dev', baseUrl: '/', presets: [['classic', { docs: { path: '../docs', routeBasePath: '/' } }]], plugins: [['content-docs', { id: 'community', path: 'community', routeBasePath: 'community' }]] }",
      "docs/intro.md": page("Intro", "Install acme."),
      "website/community/articles.md": page("Articles", "Posts about acme by the community."),
    });
    const r = await analyze(dir, "Broken link", "The link on https://acme.dev/community/articles is dead.");
    expect(files(r)[0]).toBe("website/community/articles.md");
    expect(r.sources.find((s) => s.kind === "docs-tree")).toMatchObject({ status: "ok" });
  });

  test("a tree without docs is reported as a finding (no docs here), not as ok and not as a read failure", async () => {
    const dir = await repo({ "src/index.ts": "export {}\n", "package.json": "{}" });
    const r = await analyze(dir, "Docs are wrong", "The docs say the wrong thing.");
    expect(r.sources.find((s) => s.kind === "docs-tree")).toMatchObject({
      status: "not-found",
      reason: expect.stringContaining("no docs files"),
    });
  });

  test("zero config: the site the repository's config declares is fetched, other hosts are not", async () => {
    const dir = await repo(VITEPRESS);
    const site = nock("https://vp.dev")
      .get("/guide/sitemap-generation.md")
      .reply(404)
      .get("/guide/sitemap-generation")
      .reply(
        200,
        "<html><body><article><h1>Sitemap Generation</h1><p>Set the hostname.</p></article></body></html>",
        {
          "content-type": "text/html",
        },
      );
    // no docs.siteUrl and no allowedHosts: only GitHub would be allowed by the config alone
    const fetcher = createSafeFetch(defaultPolicy(["github.com"], {}));
    const r = await analyze(
      dir,
      "sitemap misses the base",
      "https://vp.dev/guide/sitemap-generation and https://elsewhere.example/x say different things.",
      {},
      fetcher,
    );
    expect(site.pendingMocks()).toEqual([]);
    expect(r.sources).toContainEqual(
      expect.objectContaining({ kind: "page", url: "https://vp.dev/guide/sitemap-generation", status: "ok" }),
    );
    expect(
      r.sources.filter((s) => s.url?.includes("elsewhere.example")).every((s) => s.status !== "ok"),
    ).toBe(true);
  });

  test("the page named in the template's page field outranks a page the title happens to name", async () => {
    const dir = await repo({
      ...VITEPRESS,
      ".github/ISSUE_TEMPLATE/docs.md":
        "---\nname: Docs\n---\n## What docs page is being updated?\n\n## What should change?\n",
    });
    const r = await analyze(
      dir,
      "The deploy guide mentions the sitemap",
      "## What docs page is being updated?\n\nhttps://vp.dev/guide/sitemap-generation\n\n## What should change?\n\nMention the deploy step.",
    );
    expect(files(r)[0]).toBe("docs/guide/sitemap-generation.md");
    expect(r.facts.isForm).toBe(true);
  });

  test("of two linked pages, the one the title names is the subject; the other is there to compare", async () => {
    const dir = await repo({
      ...VITEPRESS,
      "docs/index.md": page(
        "VitePress",
        "## Getting started\n\nRun `npx vitepress init` and then `vitepress dev`.",
      ),
      "docs/guide/deploy.md": page(
        "Deploy",
        "## Build\n\nRun `npx vitepress@latest init --yes` first, then `vitepress build` and upload `dist`.",
      ),
    });
    const body =
      "On https://vp.dev/#getting-started the command is `npx vitepress init`, but " +
      "https://vp.dev/guide/deploy#build says `npx vitepress@latest init --yes`, which is the one that works.";
    const landing = await analyze(dir, "Outdated init command on the landing page", body);
    expect(files(landing).slice(0, 2)).toEqual(["docs/index.md", "docs/guide/deploy.md"]);
    expect(landing.analysis.affectedPages[0]?.reasons.join(" ")).toContain("the page the issue is about");
    // The same body under a title that names neither page: the words and identifiers decide.
    const neutral = await analyze(dir, "Two different init commands", body);
    expect(files(neutral)[0]).toBe("docs/guide/deploy.md");
  });

  test("zero config on a Hugo site whose languages live in config/_default/languages.toml", async () => {
    // One translated page so far: only the languages file says that `content/fr` is a translation.
    const dir = await repo({
      "config/_default/hugo.toml": 'baseURL = "https://acme.io/"\ntitle = "Acme"\n',
      "config/_default/languages.toml": '[en]\ncontentDir = "content/en"\n[fr]\ncontentDir = "content/fr"\n',
      "content/en/docs/setup.md": page("Setup", "Run `acme init`."),
      "content/en/docs/usage.md": page("Usage", "Run `acme go`."),
      "content/fr/docs/setup.md": page("Installation", "Lancez `acme init`."),
    });
    const r = await analyze(
      dir,
      "Wrong command",
      "https://acme.io/fr/docs/setup/ says `acme init`, it is `acme setup`.",
    );
    expect(files(r)[0]).toBe("content/en/docs/setup.md");
    expect(r.analysis.affectedPages[0]?.reasons.join(" ")).toContain("content/fr/docs/setup.md");
    expect(r.site).toMatchObject({
      generator: "hugo",
      evidence: ["config/_default/hugo.toml", "config/_default/languages.toml"],
    });
  });

  test("a page named by its title in quotes or emphasis, and its section, without a URL", async () => {
    const dir = await repo({
      ...VITEPRESS,
      "docs/guide/deploy.md": page(
        "Deploy",
        "## Build and Test Locally\n\nRun `vitepress build` first.\n\n## Platform Guides\n\nNetlify, Vercel.",
      ),
    });
    const r = await analyze(
      dir,
      "Sitemap hostname step is in the wrong order",
      'The *Deploy* page, section "Build and Test Locally", should say to set the sitemap hostname before the sitemap build, because the sitemap needs the hostname.',
    );
    expect(r.facts.phrases).toEqual(expect.arrayContaining(["Deploy", "Build and Test Locally"]));
    expect(files(r)[0]).toBe("docs/guide/deploy.md");
    expect(r.analysis.affectedPages[0]).toMatchObject({
      section: { heading: "Build and Test Locally" },
      reasons: expect.arrayContaining(['the issue names the page "Deploy"']),
    });
  });

  test("a link inside quoted docs text is the quoted page's own link, not a page the issue is about", async () => {
    const dir = await repo(VITEPRESS);
    const r = await analyze(
      dir,
      "Wrong build step",
      "On https://vp.dev/guide/deploy the page says:\n\n> Build with `vitepress build`, then read the [sitemap guide](https://vp.dev/guide/sitemap-generation).\n\nThe dist folder is not where it says.",
    );
    expect(r.facts.pages.find((p) => p.url.includes("sitemap-generation"))?.origin).toBe("quote");
    expect(files(r)).toEqual(["docs/guide/deploy.md"]);
  });
});

describe("redirects the site's host declares", () => {
  const site = (extra: Record<string, string>) =>
    repo({
      "docs/.vitepress/config.ts": "export default { sitemap: { hostname: 'https://acme.dev' } }",
      "docs/index.md": page("Acme", "Welcome."),
      "docs/guide/deploying.md": page("Deploying", "Build, then copy `dist/` to your server."),
      "docs/guide/start.md": page("Getting started", "Install it."),
      ...extra,
    });

  test.each([
    [
      "vercel.json",
      {
        "vercel.json": JSON.stringify({
          redirects: [{ source: "/guide/deploy", destination: "/guide/deploying" }],
        }),
      },
    ],
    ["netlify.toml", { "netlify.toml": '[[redirects]]\nfrom = "/guide/deploy"\nto = "/guide/deploying"\n' }],
    ["_redirects", { "docs/public/_redirects": "# moved pages\n/guide/deploy  /guide/deploying  301\n" }],
  ])("%s: an old URL leads to today's page", async (_name, extra) => {
    const dir = await site(extra);
    const r = await analyze(
      dir,
      "Deploy page is wrong",
      "https://acme.dev/guide/deploy says to copy the wrong folder.",
    );
    expect(files(r)[0]).toBe("docs/guide/deploying.md");
    expect(r.analysis.affectedPages[0]?.reasons.join(" ")).toMatch(
      /redirects \/guide\/deploy to \/guide\/deploying/,
    );
  });
});

describe("a translated page that is wrong while the source is right", () => {
  test("the copy holding the text the issue quotes is the file to fix", async () => {
    const dir = await repo({
      ...VITEPRESS,
      "docs/es/guide/deploy.md": page(
        "Despliegue",
        "Use `vitepress build` y suba la carpeta `dist` a su servidor FTP.",
      ),
    });
    const r = await analyze(
      dir,
      "Spanish deploy page says FTP",
      "https://vp.dev/es/guide/deploy says:\n\n> Use `vitepress build` y suba la carpeta `dist` a su servidor FTP.\n\nThere is no FTP step.",
    );
    expect(files(r)[0]).toBe("docs/es/guide/deploy.md");
    expect(r.analysis.affectedPages[0]?.reasons[0]).toMatch(
      /in the copy docs\/es\/guide\/deploy\.md, not in docs\/guide\/deploy\.md/,
    );
  });

  test("when the source has the quoted text, the source stays the file to fix", async () => {
    const dir = await repo(VITEPRESS);
    const r = await analyze(
      dir,
      "Deploy page",
      "https://vp.dev/es/guide/deploy says:\n\n> Build with `vitepress build` and upload the dist folder.\n\nThis is unclear.",
    );
    expect(files(r)[0]).toBe("docs/guide/deploy.md");
  });
});
