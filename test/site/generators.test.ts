import { describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { locateUrl, mapUrlToFiles } from "../../src/locate/mapping.js";
import { readSite, siteDocFiles } from "../../src/site/read.js";
import { buildRouteIndex } from "../../src/site/routes.js";
import { analyzeOffline } from "../helpers/offline.js";

type Tree = Record<string, string>;

/** The site as docgap reads it, and the files a docs URL is published from. */
async function site(tree: Tree, siteUrl = "https://docs.acme.dev/") {
  const files = Object.keys(tree);
  const model = await readSite({
    files,
    readText: async (p) => tree[p] ?? null,
    rootOverride: null,
    siteUrls: siteUrl ? [siteUrl] : [],
  });
  const docFiles = siteDocFiles(model, files);
  const routes = buildRouteIndex(model, docFiles);
  const config = ConfigSchema.parse({ docs: { siteUrl: model.siteUrls[0] } });
  const map = (url: string) => {
    const where = locateUrl(url, config, null, model);
    return where ? (mapUrlToFiles(where, { routes, config })?.map((r) => r.path) ?? []) : [];
  };
  return { model, docFiles, routes, map };
}

describe("Next.js sites that publish Markdown", () => {
  test("Nextra's App Router: each page.mdx at its folder; route groups, private folders and partials are no pages", async () => {
    const s = await site({
      "docs/next.config.ts":
        "import nextra from 'nextra'\nconst withNextra = nextra({ latex: true })\nexport default withNextra({ reactStrictMode: true })\n",
      "docs/app/docs/page.mdx": "# Docs",
      "docs/app/docs/guide/search/page.mdx": "# Search\n\n## Indexing\n",
      "docs/app/(home)/about/page.mdx": "# About",
      "docs/app/docs/guide/search/_options.mdx": "| option | default |",
      "docs/app/_components/intro.mdx": "Welcome",
      "packages/nextra/README.md": "# nextra",
    });
    expect(s.model).toMatchObject({ generator: "nextra", evidence: ["docs/next.config.ts"] });
    expect(s.model.roots.map((r) => [r.dir, r.route])).toEqual([["docs/app", ""]]);
    expect(s.docFiles.sort()).toEqual([
      "docs/app/(home)/about/page.mdx",
      "docs/app/docs/guide/search/page.mdx",
      "docs/app/docs/page.mdx",
    ]);
    expect(s.map("https://docs.acme.dev/docs/guide/search#indexing")).toEqual([
      "docs/app/docs/guide/search/page.mdx",
    ]);
    expect(s.map("https://docs.acme.dev/about")).toEqual(["docs/app/(home)/about/page.mdx"]);
    expect(s.map("https://docs.acme.dev/docs")).toEqual(["docs/app/docs/page.mdx"]);
  });

  test("Nextra's content directory at contentDirBasePath, with the languages i18n names", async () => {
    const s = await site({
      "website/next.config.mjs": [
        "import nextra from 'nextra'",
        "import bundleAnalyzer from '@next/bundle-analyzer'",
        "const withNextra = nextra({ contentDirBasePath: '/docs' })",
        "const withBundleAnalyzer = bundleAnalyzer({ enabled: process.env.ANALYZE === 'true' })",
        "export default withBundleAnalyzer(withNextra({ i18n: { locales: ['en', 'zh'], defaultLocale: 'en' } }))",
      ].join("\n"),
      "website/src/content/en/index.mdx": "# Welcome",
      "website/src/content/en/getting-started.mdx": "# Getting started",
      "website/src/content/zh/getting-started.mdx": "# 快速开始",
      "website/src/app/[lang]/[[...mdxPath]]/page.jsx": "export default function Page() {}",
    });
    expect(s.model.generator).toBe("nextra");
    expect(s.model.roots.map((r) => [r.dir, r.route, r.locale])).toEqual([
      ["website/src/content", "docs", null],
      ["website/src/content/en", "docs/en", null],
      ["website/src/content/zh", "docs/zh", "zh"],
    ]);
    expect(s.map("https://docs.acme.dev/docs/en/getting-started")).toEqual([
      "website/src/content/en/getting-started.mdx",
    ]);
    // The translated page leads to the source maintainers edit.
    expect(s.map("https://docs.acme.dev/docs/zh/getting-started")).toEqual([
      "website/src/content/en/getting-started.mdx",
    ]);
    expect(s.routes.copies.get("website/src/content/en/getting-started.mdx")).toEqual([
      "website/src/content/zh/getting-started.mdx",
    ]);
  });

  test("the Pages Router with @next/mdx, basePath and the literal redirects; a Next.js app without Markdown is no docs site", async () => {
    const s = await site({
      "next.config.js": [
        "const withMDX = require('@next/mdx')()",
        "module.exports = withMDX({",
        "  basePath: '/handbook',",
        "  pageExtensions: ['js', 'mdx'],",
        "  redirects: async () => [",
        "    { source: '/handbook/setup', destination: '/handbook/install', permanent: true },",
        "    { source: '/handbook/old/:slug', destination: '/handbook/new/:slug', permanent: true },",
        "  ],",
        "})",
      ].join("\n"),
      "pages/install.mdx": "# Install",
      "pages/index.mdx": "# Handbook",
      "docs/notes.md": "# Notes",
    });
    expect(s.model).toMatchObject({
      generator: "nextjs",
      redirects: [{ from: "handbook/setup", to: "handbook/install" }],
    });
    expect(s.map("https://docs.acme.dev/handbook/install")).toEqual(["pages/install.mdx"]);
    expect(s.map("https://docs.acme.dev/handbook/setup")).toEqual(["pages/install.mdx"]);
    const app = await site({
      "next.config.js": "module.exports = { reactStrictMode: true }",
      "pages/index.tsx": "export default () => null",
      "docs/guide.md": "# Guide",
    });
    expect(app.model.generator).toBe("unknown");
    expect(app.model.roots.map((r) => r.dir)).toEqual(["docs"]);
  });
});

describe("Nextra's Pages Router with languages as file name suffixes", () => {
  test("the default language's page is published without a prefix and is the source; the others under theirs", async () => {
    const s = await site({
      "next.config.js": [
        "const withNextra = require('nextra')({ theme: 'nextra-theme-docs', themeConfig: './theme.config.tsx' })",
        "module.exports = withNextra({ i18n: { locales: ['en-US', 'zh-CN'], defaultLocale: 'en-US' } })",
      ].join("\n"),
      "pages/docs/getting-started.en-US.mdx": "# Getting started",
      "pages/docs/getting-started.zh-CN.mdx": "# 快速开始",
      "pages/index.en-US.mdx": "# SWR",
    });
    expect(s.model.generator).toBe("nextra");
    expect(s.map("https://docs.acme.dev/docs/getting-started")).toEqual([
      "pages/docs/getting-started.en-US.mdx",
    ]);
    expect(s.map("https://docs.acme.dev/zh-CN/docs/getting-started")).toEqual([
      "pages/docs/getting-started.en-US.mdx",
    ]);
    expect(s.routes.copies.get("pages/docs/getting-started.en-US.mdx")).toEqual([
      "pages/docs/getting-started.zh-CN.mdx",
    ]);
    expect(s.routes.sourceFiles.sort()).toEqual([
      "pages/docs/getting-started.en-US.mdx",
      "pages/index.en-US.mdx",
    ]);
  });
});

describe("Fumadocs", () => {
  test("each defineDocs folder at the baseUrl of the loader that serves it; (group) folders are not in the URL", async () => {
    const s = await site({
      "apps/docs/source.config.ts": [
        "import { defineConfig, defineDocs } from 'fumadocs-mdx/config'",
        "export const docs = defineDocs({ dir: 'content/docs' })",
        "export const guides = defineDocs({ dir: 'content/guides' })",
        "export default defineConfig()",
      ].join("\n"),
      "apps/docs/src/lib/source.ts": [
        "import { loader } from 'fumadocs-core/source'",
        "import { docs, guides } from '@/.source'",
        "export const source = loader({ baseUrl: '/docs', source: docs.toFumadocsSource() })",
        "export const guideSource = loader({",
        "  source: guides.toFumadocsSource(),",
        "  baseUrl: '/learn',",
        "})",
      ].join("\n"),
      "apps/docs/content/docs/index.mdx": "# Introduction",
      "apps/docs/content/docs/(setup)/installation.mdx": "# Installation",
      "apps/docs/content/docs/api/client.mdx": "# Client",
      "apps/docs/content/guides/first-steps.mdx": "# First steps",
    });
    expect(s.model).toMatchObject({
      generator: "fumadocs",
      evidence: ["apps/docs/source.config.ts", "apps/docs/src/lib/source.ts"],
    });
    expect(s.model.roots.map((r) => [r.dir, r.route])).toEqual([
      ["apps/docs/content/docs", "docs"],
      ["apps/docs/content/guides", "learn"],
    ]);
    expect(s.map("https://docs.acme.dev/docs/installation#requirements")).toEqual([
      "apps/docs/content/docs/(setup)/installation.mdx",
    ]);
    expect(s.map("https://docs.acme.dev/docs/api/client")).toEqual(["apps/docs/content/docs/api/client.mdx"]);
    expect(s.map("https://docs.acme.dev/learn/first-steps")).toEqual([
      "apps/docs/content/guides/first-steps.mdx",
    ]);
  });
});

describe("VuePress", () => {
  test("the folder holding .vuepress, its base, the sitemap's host and the locales keyed by path", async () => {
    const s = await site(
      {
        "docs/.vuepress/config.ts": [
          "import { defineUserConfig } from 'vuepress'",
          "import { sitemapPlugin } from '@vuepress/plugin-sitemap'",
          "export default defineUserConfig({",
          "  base: '/acme/',",
          "  locales: { '/': { lang: 'en-US' }, '/zh/': { lang: 'zh-CN' } },",
          "  plugins: [sitemapPlugin({ hostname: 'https://acme.github.io' })],",
          "})",
        ].join("\n"),
        "docs/README.md": "# Acme",
        "docs/guide/getting-started.md": "# Getting started",
        "docs/zh/guide/getting-started.md": "# 快速上手",
      },
      "",
    );
    expect(s.model).toMatchObject({ generator: "vuepress", siteUrls: ["https://acme.github.io/acme/"] });
    expect(s.model.roots.map((r) => [r.dir, r.route, r.locale])).toEqual([
      ["docs", "", null],
      ["docs/zh", "zh", "zh-CN"],
    ]);
    expect(s.map("https://acme.github.io/acme/guide/getting-started.html#install")).toEqual([
      "docs/guide/getting-started.md",
    ]);
    expect(s.map("https://acme.github.io/acme/zh/guide/getting-started.html")).toEqual([
      "docs/guide/getting-started.md",
    ]);
  });
});

describe("GitBook", () => {
  test("the root .gitbook.yaml names, README as a folder's page, and its redirects", async () => {
    const s = await site({
      ".gitbook.yaml":
        "root: ./handbook/\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\nredirects:\n  setup/old-install: getting-started/install.md\n",
      "handbook/README.md": "# Handbook",
      "handbook/SUMMARY.md": "* [Install](getting-started/install.md)",
      "handbook/getting-started/README.md": "# Getting started",
      "handbook/getting-started/install.md": "# Install",
      "docs/notes.md": "# Unrelated notes",
    });
    expect(s.model).toMatchObject({ generator: "gitbook", evidence: [".gitbook.yaml"] });
    expect(s.map("https://docs.acme.dev/getting-started/install")).toEqual([
      "handbook/getting-started/install.md",
    ]);
    expect(s.map("https://docs.acme.dev/getting-started")).toEqual(["handbook/getting-started/README.md"]);
    expect(s.map("https://docs.acme.dev/setup/old-install")).toEqual(["handbook/getting-started/install.md"]);
    // An empty file keeps GitBook's defaults: the repository's root.
    const empty = await site({ ".gitbook.yaml": "", "README.md": "# Home", "guides/start.md": "# Start" });
    expect(empty.model.generator).toBe("gitbook");
    expect(empty.map("https://docs.acme.dev/guides/start")).toEqual(["guides/start.md"]);
  });
});

describe("Rspress", () => {
  test("root beside the config (path.join(__dirname, ...)), one folder per language, the default one without a prefix", async () => {
    const s = await site({
      "website/rspress.config.ts": [
        "import * as path from 'node:path'",
        "import { defineConfig } from 'rspress/config'",
        "export default defineConfig({",
        "  root: path.join(__dirname, 'content'),",
        "  lang: 'en',",
        "  themeConfig: { locales: [{ lang: 'en', label: 'English' }, { lang: 'zh', label: '简体中文' }] },",
        "})",
      ].join("\n"),
      "website/content/en/guide/start/introduction.mdx": "# Introduction",
      "website/content/zh/guide/start/introduction.mdx": "# 介绍",
    });
    expect(s.model.generator).toBe("rspress");
    expect(s.model.roots.map((r) => [r.dir, r.route, r.locale])).toEqual([
      ["website/content/en", "", null],
      ["website/content/zh", "zh", "zh"],
    ]);
    expect(s.map("https://docs.acme.dev/guide/start/introduction.html")).toEqual([
      "website/content/en/guide/start/introduction.mdx",
    ]);
    expect(s.map("https://docs.acme.dev/zh/guide/start/introduction")).toEqual([
      "website/content/en/guide/start/introduction.mdx",
    ]);
  });
});

describe("Zola", () => {
  test("a config.toml with base_url is Zola's (one with baseURL stays Hugo's): content/ at the site's address", async () => {
    const s = await site(
      {
        "site/config.toml":
          'base_url = "https://zola.acme.dev"\ncompile_sass = true\n[markdown]\nhighlight_code = true\n',
        "site/content/_index.md": '+++\ntitle = "Acme"\n+++\n',
        "site/content/docs/getting-started/installation.md":
          '+++\ntitle = "Installation"\n+++\n\n## From source\n',
      },
      "",
    );
    expect(s.model).toMatchObject({ generator: "zola", siteUrls: ["https://zola.acme.dev/"] });
    expect(s.map("https://zola.acme.dev/docs/getting-started/installation/#from-source")).toEqual([
      "site/content/docs/getting-started/installation.md",
    ]);
    const hugo = await site(
      { "config.toml": 'baseURL = "https://hugo.acme.dev/"\n', "content/a.md": "# A" },
      "",
    );
    expect(hugo.model.generator).toBe("hugo");
  });
});

describe("Quarto", () => {
  test("the project's .qmd pages as .html at its site-url; an old address in the page's aliases", async () => {
    const tree = {
      "docs/_quarto.yml":
        "project:\n  type: website\nwebsite:\n  title: Acme\n  site-url: https://acme.github.io/py/\n",
      "docs/index.qmd": "---\ntitle: Acme\n---\n",
      "docs/guide/plotting.qmd":
        "---\ntitle: Plotting\naliases:\n  - ../plots.html\n---\n\n## Axes\n\n```{python}\nplot()\n```\n",
    };
    const s = await site(tree, "");
    expect(s.model).toMatchObject({ generator: "quarto", siteUrls: ["https://acme.github.io/py/"] });
    expect(s.map("https://acme.github.io/py/guide/plotting.html#axes")).toEqual(["docs/guide/plotting.qmd"]);
    const moved = await analyzeOffline({
      issue: {
        title: "Plot axes",
        body: "https://acme.github.io/py/plots.html#axes does not say how to label them",
      },
      docs: tree,
    });
    expect(moved.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "docs/guide/plotting.qmd",
      section: { heading: "Axes" },
      reasons: expect.arrayContaining([expect.stringContaining("redirects /plots")]),
    });
  });
});
