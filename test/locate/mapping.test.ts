import { describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { applyMap, declaredRoutes, locateUrl, mapUrlToFiles } from "../../src/locate/mapping.js";
import { readSite, type SiteModel, siteDocFiles } from "../../src/site/read.js";
import { buildRouteIndex } from "../../src/site/routes.js";
import { readStaticConfig } from "../../src/site/static-js.js";
import { UNKNOWN } from "../../src/site/static-value.js";

const cfg = (docs: Record<string, unknown> = {}) => ConfigSchema.parse({ docs });

/** A repository as a map of path → text; files listed with no text are empty. */
type Tree = Record<string, string>;
const reader = (tree: Tree) => async (p: string) => tree[p] ?? null;

const site = (tree: Tree, rootOverride: string | null = null, siteUrls: string[] = []) =>
  readSite({ files: Object.keys(tree), readText: reader(tree), rootOverride, siteUrls });

const mapper = async (tree: Tree, config = cfg(), repo: string | null = null) => {
  const model = await site(tree, config.docs.root, config.docs.siteUrl ? [config.docs.siteUrl] : []);
  const routes = buildRouteIndex(model, Object.keys(tree));
  return {
    model,
    routes,
    map: (url: string) => {
      const where = locateUrl(url, config, repo, model);
      return where ? mapUrlToFiles(where, { routes, config }) : null;
    },
  };
};

const roots = (m: SiteModel) =>
  m.roots.map((r) => ({ dir: r.dir, route: r.route, locale: r.locale, version: r.version }));

describe("a hash router's URLs (docsify)", () => {
  test("the fragment's path is the page, its ?id= the section", async () => {
    const tree: Tree = {
      "docs/index.html": "<script>window.$docsify = { loadSidebar: true }</script>",
      "docs/README.md": "# Mermaid",
      "docs/n00b-syntaxReference.md": "# Syntax reference\n\n## Getting started\n",
    };
    const { map } = await mapper(
      tree,
      cfg({ root: "docs", siteUrl: "https://mermaid-js.github.io/mermaid/" }),
    );
    expect(map("https://mermaid-js.github.io/mermaid/#/./n00b-syntaxReference")?.[0]?.path).toBe(
      "docs/n00b-syntaxReference.md",
    );
    expect(
      map("https://mermaid-js.github.io/mermaid/#/n00b-syntaxReference?id=getting-started")?.[0]?.path,
    ).toBe("docs/n00b-syntaxReference.md");
    const { parseIssue } = await import("../../src/issue/parse.js");
    const facts = parseIssue({
      title: "Broken link",
      body: "See https://mermaid-js.github.io/mermaid/#/n00b-syntaxReference?id=getting-started",
    });
    expect(facts.urls[0]?.anchor).toBe("getting-started");
  });
});

describe("site model read from the generator's config, never run", () => {
  test("Hugo reads hugo.yaml and ignores a config.yaml stub beside it", async () => {
    const tree: Tree = {
      "config.yaml": "module:\n  hugoVersion:\n    min: 0.160.1\n",
      "hugo.yaml":
        "baseURL: https://example.docsy.dev\ncontentDir: content/en\ndefaultContentLanguage: en\nlanguages:\n  en:\n    title: Docs\n  fa:\n    contentDir: content/fa\n",
      "content/en/docs/start.md": "# Start",
      "content/fa/docs/start.md": "# شروع",
    };
    const { model, map } = await mapper(tree);
    expect(model.evidence[0]).toBe("hugo.yaml");
    expect(map("https://example.docsy.dev/docs/start/")?.[0]?.path).toBe("content/en/docs/start.md");
  });

  test("Docusaurus: several docs instances, versions, a blog, i18n and the published URL", async () => {
    const tree: Tree = {
      "website/docusaurus.config.ts": `
        import type { Config } from '@docusaurus/types'
        const SITE = 'https://acme.dev'
        const config: Config = {
          url: SITE,
          baseUrl: '/docs-site/',
          i18n: { defaultLocale: 'en', locales: ['en', 'fr'] },
          presets: [['classic', { docs: { path: '../docs', routeBasePath: '/' }, blog: false }]],
          plugins: [['@docusaurus/plugin-content-docs', { id: 'cli', path: '../packages/cli/docs', routeBasePath: 'cli' }]],
        }
        export default config`,
      "website/versions.json": '["2.x"]',
      "docs/intro.md": "# Intro",
      "docs/01-setup/02-install.md": "# Install",
      "website/versioned_docs/version-2.x/intro.md": "# Intro (2.x)",
      "website/i18n/fr/docusaurus-plugin-content-docs/current/intro.md": "# Introduction",
      "packages/cli/docs/run.md": "# Run",
    };
    const { model, map } = await mapper(tree);
    expect(model.generator).toBe("docusaurus");
    expect(model.siteUrls).toEqual(["https://acme.dev/docs-site/"]);
    expect(roots(model)).toEqual(
      expect.arrayContaining([
        // With a released version, the current docs are published at `/next/` and the last release at `/`.
        { dir: "docs", route: "next", locale: null, version: null },
        { dir: "packages/cli/docs", route: "cli", locale: null, version: null },
        { dir: "website/versioned_docs/version-2.x", route: "2.x", locale: null, version: "2.x" },
        { dir: "website/versioned_docs/version-2.x", route: "", locale: null, version: "2.x" },
        {
          dir: "website/i18n/fr/docusaurus-plugin-content-docs/current",
          route: "fr",
          locale: "fr",
          version: null,
        },
      ]),
    );
    expect(map("https://acme.dev/docs-site/cli/run")?.[0]?.path).toBe("packages/cli/docs/run.md");
    // number prefixes are not part of the URL
    expect(map("https://acme.dev/docs-site/setup/install")?.[0]?.path).toBe("docs/01-setup/02-install.md");
    // a translated or versioned copy leads to the source maintainers edit
    expect(map("https://acme.dev/docs-site/fr/intro")?.[0]?.path).toBe("docs/intro.md");
    expect(map("https://acme.dev/docs-site/2.x/intro")?.[0]?.path).toBe("docs/intro.md");
    expect(map("https://acme.dev/docs-site/next/intro")?.[0]?.path).toBe("docs/intro.md");
    // the last release's page at the route base leads to the source too
    expect(map("https://acme.dev/docs-site/intro")?.[0]?.reasons.join(" ")).toContain(
      "website/versioned_docs/version-2.x/intro.md",
    );
  });

  test("a config that would run code if it were executed is only read", async () => {
    const marker = `docgap-executed-${process.pid}`;
    const tree: Tree = {
      "docusaurus.config.js": `
        require('child_process').execSync('touch /tmp/${marker}');
        globalThis.${marker.replace(/-/g, "_")} = true;
        module.exports = { url: process.env.SITE || 'https://ok.dev', presets: [['classic', { docs: { path: require('fs').readFileSync('x') } }]] };`,
      "docs/a.md": "# A",
    };
    const model = await site(tree);
    expect((globalThis as Record<string, unknown>)[marker.replace(/-/g, "_")]).toBeUndefined();
    const { existsSync } = await import("node:fs");
    expect(existsSync(`/tmp/${marker}`)).toBe(false);
    // what cannot be known statically falls back to the generator's default
    expect(model.siteUrls).toEqual(["https://ok.dev/"]);
    expect(roots(model)[0]).toMatchObject({ dir: "docs", route: "docs" });
  });

  test("static evaluation: constants, spreads, imports from sibling files, config functions", async () => {
    const tree: Tree = {
      ".vitepress/config/index.ts": `
        import { defineConfig } from 'vitepress'
        import { shared } from './shared'
        export default defineConfig({ ...shared, locales: { root: { label: 'English' }, zh: { label: '中文', link: '/zh/' } } })`,
      ".vitepress/config/shared.ts": `export const shared = { srcDir: 'src', cleanUrls: true, rewrites: { 'en/:rest*': ':rest*' }, sitemap: { hostname: \`https://\${'vp'}.dev\` } }`,
    };
    const { value } = await readStaticConfig(".vitepress/config/index.ts", reader(tree));
    expect(value).toMatchObject({ srcDir: "src", cleanUrls: true, rewrites: { "en/:rest*": ":rest*" } });
    const fn = await readStaticConfig(
      "c.js",
      reader({ "c.js": "module.exports = async () => ({ a: process.env.X, b: 'b' })" }),
    );
    expect(fn.value).toMatchObject({ a: UNKNOWN, b: "b" });
  });

  test("VitePress: srcDir, rewrites, locales; English rewritten to the root wins over its translations", async () => {
    const tree: Tree = {
      "docs/.vitepress/config.mts": `export default { srcDir: '.', rewrites: { 'en/:rest*': ':rest*' }, sitemap: { hostname: 'https://vp.dev' }, locales: { root: {}, zh: { link: '/zh/' } } }`,
      "docs/en/guide/deploy.md": "# Deploy",
      "docs/en/guide/index.md": "# Guide",
      "docs/zh/guide/deploy.md": "# 部署",
      "docs/zh/guide/index.md": "# 指南",
    };
    const { model, map, routes } = await mapper(tree);
    expect(model.generator).toBe("vitepress");
    expect(model.siteUrls).toEqual(["https://vp.dev/"]);
    expect(map("https://vp.dev/guide/deploy")?.[0]?.path).toBe("docs/en/guide/deploy.md");
    expect(map("https://vp.dev/zh/guide/deploy")?.[0]?.path).toBe("docs/en/guide/deploy.md");
    expect(routes.copies.get("docs/en/guide/deploy.md")).toEqual(["docs/zh/guide/deploy.md"]);
  });

  test("Starlight: the content collection, slugged paths and locales", async () => {
    const tree: Tree = {
      "astro.config.mjs": `import starlight from '@astrojs/starlight'; import locales from './locales.json';
        export default defineConfig({ site: 'https://docs.app', integrations: [starlight({ title: 'x', locales, defaultLocale: 'root' })] })`,
      "locales.json": '{ "root": { "lang": "en" }, "fr": { "lang": "fr" } }',
      "src/content/docs/concept/Inter Process/isolation.md": "# Isolation",
      "src/content/docs/fr/concept/Inter Process/isolation.md": "# Isolation (fr)",
    };
    const { model, map } = await mapper(tree);
    expect(model.generator).toBe("starlight");
    expect(map("https://docs.app/concept/inter-process/isolation/")?.[0]?.path).toBe(
      "src/content/docs/concept/Inter Process/isolation.md",
    );
    expect(map("https://docs.app/fr/concept/inter-process/isolation/")?.[0]?.path).toBe(
      "src/content/docs/concept/Inter Process/isolation.md",
    );
  });

  test("Astro without Starlight: every content collection, at the route of the page that renders it", async () => {
    const tree: Tree = {
      "astro.config.mjs":
        "export default defineConfig({ site: 'https://web.example.dev', i18n: { defaultLocale: 'en', locales: ['en', 'fr'] } })",
      "src/content.config.ts": "export const collections = { pages, api, blog }",
      "src/pages/[lang]/[...slug].astro": "const pages = await getCollection('pages');",
      "src/pages/reference/[...slug].astro":
        'const entries = await getCollection("api", ({ data }) => !data.draft);',
      "src/pages/archive/[year]/[slug].astro": "const posts = await getCollection('blog');",
      "src/content/pages/en/guide/routing.md": "# Routing",
      "src/content/pages/fr/guide/routing.md": "# Routage",
      "src/content/api/5x/request.md": "# Request",
      "src/content/blog/2024/release.md": "# Release",
    };
    const { model, map, routes } = await mapper(tree);
    expect(roots(model)).toEqual(
      expect.arrayContaining([
        // the page's `[lang]` parameter is filled by the collection's language folders; i18n.defaultLocale's is
        // the source, the others its translations
        { dir: "src/content/pages/en", route: "en", locale: null, version: null },
        { dir: "src/content/pages/fr", route: "fr", locale: "fr", version: null },
        { dir: "src/content/api", route: "reference", locale: null, version: null },
        // a route with parameters of its own is no fixed address: the collection keeps its name
        { dir: "src/content/blog", route: "blog", locale: null, version: null },
      ]),
    );
    expect(roots(model).some((r) => r.dir === "src/content/docs")).toBe(false);
    expect(model.generator).toBe("astro");
    expect(map("https://web.example.dev/en/guide/routing/")?.[0]?.path).toBe(
      "src/content/pages/en/guide/routing.md",
    );
    expect(map("https://web.example.dev/fr/guide/routing/")?.[0]?.path).toBe(
      "src/content/pages/en/guide/routing.md",
    );
    expect(routes.copies.get("src/content/pages/en/guide/routing.md")).toEqual([
      "src/content/pages/fr/guide/routing.md",
    ]);
    expect(map("https://web.example.dev/reference/5x/request")?.[0]?.path).toBe(
      "src/content/api/5x/request.md",
    );
  });

  test("Starlight beside other collections: the docs collection and the pages that render the rest", async () => {
    const tree: Tree = {
      "astro.config.mjs":
        "export default defineConfig({ site: 'https://docs.app', integrations: [starlight({ title: 'x' })] })",
      "src/pages/changelog/[...slug].astro": "getCollection('changelog')",
      "src/content/docs/start.md": "# Start",
      "src/content/changelog/v2.md": "# v2",
    };
    const { model, map } = await mapper(tree);
    expect(roots(model)).toEqual(
      expect.arrayContaining([
        { dir: "src/content/docs", route: "", locale: null, version: null },
        { dir: "src/content/changelog", route: "changelog", locale: null, version: null },
      ]),
    );
    expect(map("https://docs.app/start/")?.[0]?.path).toBe("src/content/docs/start.md");
    expect(map("https://docs.app/changelog/v2/")?.[0]?.path).toBe("src/content/changelog/v2.md");
  });

  test("Starlight with the default language in its own folder and locales built by a call", async () => {
    const tree: Tree = {
      "astro.config.ts":
        "import { makeLocales } from './config/locales';\nexport default defineConfig({ site: 'https://docs.acme.dev', integrations: [starlight({ defaultLocale: 'en', locales: makeLocales() })] });",
      "src/content/docs/en/tutorial/layouts.mdx": "# Layouts",
      "src/content/docs/en/tutorial/pages.mdx": "# Pages",
      "src/content/docs/zh-cn/tutorial/layouts.mdx": "# 布局",
      "src/content/docs/de/tutorial/pages.mdx": "# Seiten",
    };
    const { model, routes, map } = await mapper(tree);
    expect(roots(model)).toEqual(
      expect.arrayContaining([
        { dir: "src/content/docs/en", route: "en", locale: null, version: null },
        { dir: "src/content/docs/zh-cn", route: "zh-cn", locale: "zh-cn", version: null },
      ]),
    );
    expect(routes.sourceOf.get("src/content/docs/zh-cn/tutorial/layouts.mdx")).toBe(
      "src/content/docs/en/tutorial/layouts.mdx",
    );
    // A translated page leads to its English source; a language with no copy of the page, to the English page.
    expect(map("https://docs.acme.dev/zh-cn/tutorial/layouts/")?.[0]?.path).toBe(
      "src/content/docs/en/tutorial/layouts.mdx",
    );
    expect(map("https://docs.acme.dev/zh-cn/tutorial/pages/")?.[0]?.path).toBe(
      "src/content/docs/en/tutorial/pages.mdx",
    );
    expect(map("https://docs.acme.dev/en/tutorial/pages/")?.[0]?.path).toBe(
      "src/content/docs/en/tutorial/pages.mdx",
    );
  });

  test("MkDocs (INHERIT, docs_dir, Python tags) and Sphinx (literal assignments, Read the Docs prefixes)", async () => {
    const mk = await mapper({
      "mkdocs.public.yml": "INHERIT: mkdocs.template.yml\n",
      "mkdocs.template.yml":
        "site_url: https://docs.acme.io/tool/\ndocs_dir: documentation\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
      "documentation/concepts/cache.md": "# Cache",
      "documentation/concepts/cache.fr.md": "# Cache (fr)",
    });
    expect(mk.model).toMatchObject({ generator: "mkdocs", siteUrls: ["https://docs.acme.io/tool/"] });
    expect(mk.map("https://docs.acme.io/tool/concepts/cache/")?.[0]?.path).toBe(
      "documentation/concepts/cache.md",
    );
    expect(mk.routes.sourceOf.get("documentation/concepts/cache.fr.md")).toBe(
      "documentation/concepts/cache.md",
    );
    const sphinx = await mapper({
      "doc/conf.py":
        "import os\nproject = 'Acme'\nhtml_baseurl = 'https://acme.readthedocs.io/'\nos.system('echo never')\n",
      "doc/topics/settings.rst": "Settings\n========\n",
    });
    expect(sphinx.model.generator).toBe("sphinx");
    expect(sphinx.map("https://acme.readthedocs.io/en/latest/topics/settings.html#x")?.[0]?.path).toBe(
      "doc/topics/settings.rst",
    );
  });

  test("mdBook: book.toml's src folder and its own host; README is the index page", async () => {
    const book = await mapper({
      "guide/book.toml":
        '[book]\ntitle = "Acme"\nsrc = "pages"\n\n[output.html]\ncname = "book.acme.dev"\nsite-url = "/v1/"\n',
      "guide/pages/SUMMARY.md": "- [Intro](README.md)",
      "guide/pages/README.md": "# Intro",
      "guide/pages/ch02-01-install.md": "# Install",
      "src/lib.rs": "",
    });
    expect(book.model).toMatchObject({ generator: "mdbook", siteUrls: ["https://book.acme.dev/v1/"] });
    expect(book.map("https://book.acme.dev/v1/ch02-01-install.html#linux")?.[0]?.path).toBe(
      "guide/pages/ch02-01-install.md",
    );
    expect(book.map("https://book.acme.dev/v1/")?.[0]?.path).toBe("guide/pages/README.md");
  });

  test("Hugo: content folders per language, module mounts, config/_default; a chooser config.yml is not Hugo's", async () => {
    const hugo = await mapper({
      ".github/ISSUE_TEMPLATE/config.yml": "blank_issues_enabled: false\n",
      "website/hugo.toml":
        'baseURL = "https://acme.io/"\ndefaultContentLanguage = "en"\n[languages.en]\ncontentDir = "content/en"\n[languages.zh-cn]\ncontentDir = "content/zh-cn"\n',
      "website/content/en/docs/concepts/_index.md": "# Concepts",
      "website/content/en/docs/concepts/pods.md": "# Pods",
      "website/content/zh-cn/docs/concepts/pods.md": "# Pods (zh)",
    });
    expect(hugo.model).toMatchObject({ generator: "hugo", siteUrls: ["https://acme.io/"] });
    expect(roots(hugo.model)).toEqual([
      { dir: "website/content/en", route: "", locale: null, version: null },
      { dir: "website/content/zh-cn", route: "zh-cn", locale: "zh-cn", version: null },
    ]);
    expect(hugo.map("https://acme.io/docs/concepts/pods/")?.[0]?.path).toBe(
      "website/content/en/docs/concepts/pods.md",
    );
    expect(hugo.map("https://acme.io/zh-cn/docs/concepts/pods/")?.[0]?.path).toBe(
      "website/content/en/docs/concepts/pods.md",
    );
    expect(hugo.map("https://acme.io/docs/concepts/")?.[0]?.path).toBe(
      "website/content/en/docs/concepts/_index.md",
    );
    const mounted = await mapper({
      "config/_default/hugo.yaml":
        "baseURL: https://docs.acme.io/\nmodule:\n  mounts:\n    - source: docs-content\n      target: content\n",
      "docs-content/setup.md": "# Setup",
    });
    expect(mounted.map("https://docs.acme.io/setup/")?.[0]?.path).toBe("docs-content/setup.md");
  });

  test("Jekyll: output collections at their permalink, posts as a blog, underscore folders left out", async () => {
    const jekyll = await mapper({
      "docs/_config.yml":
        'url: https://acme.github.io\nbaseurl: /tool\ncollections:\n  docs:\n    output: true\n    permalink: "/:collection/:path/"\n  drafts_internal:\n    output: false\n',
      "docs/_docs/installation.md": "# Installation",
      "docs/_posts/2024-05-01-release.md": "# Release",
      "docs/_includes/footer.md": "footer",
      "docs/_drafts_internal/secret.md": "# Not published",
      "docs/about.md": "# About",
    });
    expect(jekyll.model).toMatchObject({ generator: "jekyll", siteUrls: ["https://acme.github.io/tool/"] });
    expect(jekyll.map("https://acme.github.io/tool/docs/installation/")?.[0]?.path).toBe(
      "docs/_docs/installation.md",
    );
    expect(jekyll.map("https://acme.github.io/tool/about.html")?.[0]?.path).toBe("docs/about.md");
    expect(jekyll.map("https://acme.github.io/tool/2024/05/01/release.html")?.[0]?.path).toBe(
      "docs/_posts/2024-05-01-release.md",
    );
    const published = siteDocFiles(jekyll.model, [...jekyll.routes.files]);
    expect(published).toContain("docs/_docs/installation.md");
    expect(published).not.toContain("docs/_includes/footer.md");
    expect(published).not.toContain("docs/_drafts_internal/secret.md");
  });

  test("a GitHub Pages `_config.yml` that publishes the whole repository yields to the docs generator's config", async () => {
    const model = await site({
      "_config.yml": "theme: jekyll-theme-cayman\n",
      "README.md": "# Tool",
      "CHANGELOG.md": "# Changes",
      "src/a/README.md": "",
      "src/b/README.md": "",
      "mkdocs.yml": "site_url: https://tool.dev/\n",
      "docs/index.md": "# Tool",
      "docs/usage.md": "# Usage",
    });
    expect(model).toMatchObject({ generator: "mkdocs", siteUrls: ["https://tool.dev/"] });
    const pagesOnly = await site({
      "_config.yml": "theme: minima\n",
      "index.md": "# Home",
      "about.md": "# About",
    });
    expect(pagesOnly.generator).toBe("jekyll");
  });

  test("Read the Docs: the config .readthedocs.yaml builds is the site, whatever else the tree holds", async () => {
    const model = await site({
      ".readthedocs.yaml": "version: 2\nsphinx:\n  configuration: docs/source/conf.py\n",
      "talks/conf.py": "project = 'slides'\n",
      "talks/2023.rst": "Talk\n====\n",
      "talks/2024.rst": "Talk\n====\n",
      "talks/2025.rst": "Talk\n====\n",
      "docs/source/conf.py": "html_baseurl = 'https://tool.readthedocs.io/en/latest/'\n",
      "docs/source/index.rst": "Tool\n====\n",
    });
    expect(model).toMatchObject({
      generator: "sphinx",
      evidence: ["docs/source/conf.py"],
      siteUrls: ["https://tool.readthedocs.io/en/latest/"],
    });
    expect(roots(model).map((r) => r.dir)).toEqual(["docs/source"]);
  });

  test("GitHub Pages: the custom domain in a CNAME file beside the docs is the site's address", async () => {
    const mk = await mapper({
      "mkdocs.yml": "site_name: Tool\n",
      "docs/CNAME": "docs.acme.dev\n",
      "docs/usage/cli.md": "# CLI",
      "other/CNAME": "elsewhere.example\n",
    });
    expect(mk.model).toMatchObject({
      siteUrls: ["https://docs.acme.dev/"],
      evidence: ["mkdocs.yml", "docs/CNAME"],
    });
    expect(mk.map("https://docs.acme.dev/usage/cli/")?.[0]?.path).toBe("docs/usage/cli.md");
    const declared = await site({
      "website/docusaurus.config.js": "module.exports = { url: 'https://acme.dev' }",
      "website/static/CNAME": "ignored.example\n",
      "website/docs/a.md": "# A",
    });
    expect(declared.siteUrls).toEqual(["https://acme.dev/"]);
    const junk = await site({ "docs/CNAME": "<script>alert(1)</script>", "docs/a.md": "# A" });
    expect(junk.siteUrls).toEqual([]);
  });

  test("a site docgap cannot model (a Next.js app rendering src/content): the file whose path ends with the URL's", async () => {
    const { model, map } = await mapper({
      "next.config.js": "module.exports = {}",
      "src/content/learn/state-a-components-memory.md": "# State",
      "src/content/learn/index.md": "# Learn",
      "src/content/reference/react/useState.md": "# useState",
      "src/components/Layout.tsx": "",
    });
    expect(model.generator).toBe("unknown");
    expect(map("https://react.example.dev/learn/state-a-components-memory")?.[0]).toMatchObject({
      path: "src/content/learn/state-a-components-memory.md",
      reasons: [expect.stringContaining("is the end of the path of")],
    });
    expect(map("https://react.example.dev/reference/react/useState#usage")?.[0]?.path).toBe(
      "src/content/reference/react/useState.md",
    );
    expect(map("https://react.example.dev/learn")?.[0]?.path).toBe("src/content/learn/index.md");
  });

  test("without a known generator, order prefixes in file names (Nuxt Content) may be left out of the URL", async () => {
    const { map } = await mapper({
      "docs/1.getting-started/01.introduction.md": "# Introduction",
      "docs/1.getting-started/02.installation.md": "# Installation",
      "docs/4.api/2.composables/use-fetch.md": "# useFetch",
    });
    expect(map("https://nuxt.example.dev/docs/getting-started/installation")?.[0]?.path).toBe(
      "docs/1.getting-started/02.installation.md",
    );
    expect(map("https://nuxt.example.dev/docs/api/composables/use-fetch")?.[0]?.path).toBe(
      "docs/4.api/2.composables/use-fetch.md",
    );
  });

  test("a site that publishes pages flat under their names: the URL's last segment, when it names one file only", async () => {
    const { map } = await mapper({
      "documentation/docs/01-introduction/01-overview.md": "# Overview",
      "documentation/docs/02-runes/02-$state.md": "# $state",
      "documentation/docs/02-runes/index.md": "# Runes",
      "documentation/docs/03-template-syntax/index.md": "# Template syntax",
    });
    expect(map("https://svelte.example.dev/docs/svelte/overview")?.[0]?.path).toBe(
      "documentation/docs/01-introduction/01-overview.md",
    );
    expect(map("https://svelte.example.dev/docs/svelte/$state")?.[0]?.path).toBe(
      "documentation/docs/02-runes/02-$state.md",
    );
    // A name several files share says nothing.
    expect(map("https://svelte.example.dev/docs/svelte/index")).toEqual([]);
  });

  test("zero config: docs folders found from the tree; a tree without docs has no roots with files", async () => {
    const { model, map } = await mapper({
      "README.md": "# Tool",
      "docs/usage/cli.md": "# CLI",
      "src/a.ts": "",
    });
    expect(roots(model)).toEqual([{ dir: "docs", route: "", locale: null, version: null }]);
    // no site URL known: a URL's path still finds the page
    expect(map("https://tool.example/usage/cli")?.[0]?.path).toBe("docs/usage/cli.md");
  });

  test("docs.root overrides the model: only that folder", async () => {
    const model = await site(
      { "docusaurus.config.js": "module.exports = {}", "docs/a.md": "", "other/b.md": "" },
      "other",
    );
    expect(roots(model).map((r) => r.dir)).toContain("other");
    expect(roots(model).map((r) => r.dir)).not.toContain("docs");
  });
});

describe("URL to source file", () => {
  const vite = cfg({ root: "docs", siteUrl: "https://vite.dev/", siteUrlAliases: ["https://vitejs.dev/"] });
  const viteTree: Tree = {
    "docs/.vitepress/config.ts": "export default {}",
    "docs/guide/index.md": "",
    "docs/guide/env-and-mode.md": "",
    "docs/config/index.md": "",
  };

  test("index pages, aliases, anchors and .html", async () => {
    const { map } = await mapper(viteTree, vite, "vitejs/vite");
    expect(map("https://vitejs.dev/guide/#scaffolding")?.[0]).toMatchObject({ path: "docs/guide/index.md" });
    expect(map("https://vite.dev/guide/env-and-mode")?.[0]?.reasons[0]).toBe(
      "vitepress publishes /guide/env-and-mode from docs/guide/env-and-mode.md",
    );
    expect(map("https://vite.dev/guide/env-and-mode.html")?.[0]?.path).toBe("docs/guide/env-and-mode.md");
  });

  test("versioned prefixes and unknown base paths", async () => {
    const eslint = cfg({
      siteUrl: "https://eslint.org/docs/latest/",
      siteUrlAliases: ["https://eslint.org/docs/"],
    });
    const tree: Tree = {
      "docs/.eleventy.js": "module.exports = function () { return { dir: { input: 'src' } } }",
      "docs/src/use/command-line-interface.md": "",
      "docs/src/rules/no-undef.md": "",
    };
    const { map } = await mapper(tree, eslint);
    expect(map("https://eslint.org/docs/latest/use/command-line-interface#ext")?.[0]?.path).toBe(
      "docs/src/use/command-line-interface.md",
    );
    expect(map("https://eslint.org/docs/v8.x/rules/no-undef")?.[0]?.path).toBe("docs/src/rules/no-undef.md");
  });

  test("docs.map: `:path` takes several segments, `*` one, patterns are linear", async () => {
    const map = [
      { from: "/kb/:path", to: "site/articles/:path.md" },
      { from: "/ref/*/:name", to: "site/ref/:name.md" },
    ];
    expect(applyMap(map, "kb/a/b")).toEqual(["site/articles/a/b.md"]);
    expect(applyMap(map, "ref/v2/cli")).toEqual(["site/ref/cli.md"]);
    expect(applyMap(map, "ref/cli")).toEqual([]);
    const stars = [{ from: `/${"*/".repeat(30)}x`, to: "a.md" }];
    expect(applyMap(stars, `${"a/".repeat(40)}y`)).toEqual([]);
    const { map: mapUrl } = await mapper(
      { "site/articles/ssh.md": "", "site/kb/ssh.md": "" },
      cfg({
        root: "site",
        siteUrl: "https://x.dev/",
        map: [{ from: "/kb/:path", to: "site/articles/:path.md" }],
      }),
    );
    expect(mapUrl("https://x.dev/kb/ssh")?.[0]).toMatchObject({ path: "site/articles/ssh.md", score: 1 });
  });

  test("front matter: permalink, relative slug, Docusaurus id", async () => {
    const tree: Tree = {
      "docusaurus.config.js":
        "module.exports = { url: 'https://x.dev', presets: [['classic', { docs: { routeBasePath: '/' } }]] }",
      "docs/pages/setup-guide.md": "",
      "docs/api/combineReducers.md": "",
    };
    const config = cfg();
    const { routes, model } = await mapper(tree, config);
    const declared = declaredRoutes(routes, [
      { path: "docs/pages/setup-guide.md", data: { permalink: "/start/setup/" } },
      { path: "docs/api/combineReducers.md", data: { id: "combinereducers" } },
    ]);
    const map = (url: string) => {
      const where = locateUrl(url, config, null, model);
      return where ? mapUrlToFiles(where, { routes, config, declared }) : null;
    };
    expect(map("https://x.dev/start/setup")?.[0]?.path).toBe("docs/pages/setup-guide.md");
    expect(map("https://x.dev/api/combinereducers")?.[0]?.path).toBe("docs/api/combineReducers.md");
  });

  test("pages that moved: the redirects the config declares, and aliases in front matter", async () => {
    const book = await mapper({
      "book.toml":
        '[output.html]\ncname = "book.acme.dev"\n[output.html.redirect]\n"ch17-03-oo.html" = "ch18-03-oo.html"\n"gone.html" = "https://elsewhere.example/x.html"\n',
      "src/ch18-03-oo.md": "# OO",
    });
    expect(book.map("https://book.acme.dev/ch17-03-oo.html#trade-offs")?.[0]).toMatchObject({
      path: "src/ch18-03-oo.md",
      reasons: [expect.stringContaining("redirects /ch17-03-oo.html to /ch18-03-oo.html")],
    });
    expect(book.model.redirects).toEqual([{ from: "ch17-03-oo.html", to: "ch18-03-oo.html" }]);
    const mk = await mapper({
      "mkdocs.yml":
        "site_url: https://mk.acme.dev/\nplugins:\n  - search\n  - redirects:\n      redirect_maps:\n        old/setup.md: guides/install.md\n",
      "docs/guides/install.md": "# Install",
    });
    expect(mk.map("https://mk.acme.dev/old/setup/")?.[0]?.path).toBe("docs/guides/install.md");
    const docusaurus = await mapper({
      "docusaurus.config.js":
        "module.exports = { url: 'https://d.acme.dev', plugins: [['@docusaurus/plugin-client-redirects', { redirects: [{ from: ['/docs/legacy', '/docs/older'], to: '/docs/current' }] }]] }",
      "docs/current.md": "# Current",
    });
    expect(docusaurus.map("https://d.acme.dev/docs/older")?.[0]?.path).toBe("docs/current.md");
    const mint = await mapper({
      "docs.json": JSON.stringify({
        navigation: [],
        redirects: [{ source: "/api/old-auth", destination: "/api/authentication" }],
      }),
      "api/authentication.mdx": "# Auth",
    });
    expect(mint.map("https://mint.acme.dev/api/old-auth")?.[0]?.path).toBe("api/authentication.mdx");

    const tree: Tree = {
      "hugo.toml": 'baseURL = "https://h.acme.dev/"\n',
      "content/docs/pods.md": "",
      "content/docs/install.md": "",
    };
    const config = cfg();
    const { routes, model } = await mapper(tree, config);
    const declared = declaredRoutes(routes, [
      { path: "content/docs/pods.md", data: { aliases: ["/concepts/workloads/pods/", "old-pods"] } },
      { path: "content/docs/install.md", data: { redirect_from: "/setup/" } },
    ]);
    const map = (url: string) => {
      const where = locateUrl(url, config, null, model);
      return where ? mapUrlToFiles(where, { routes, config, declared }) : null;
    };
    expect(map("https://h.acme.dev/concepts/workloads/pods/")?.[0]?.path).toBe("content/docs/pods.md");
    expect(map("https://h.acme.dev/docs/old-pods/")?.[0]?.path).toBe("content/docs/pods.md");
    expect(map("https://h.acme.dev/setup/")?.[0]?.path).toBe("content/docs/install.md");
  });

  test("front matter ids hold for versioned copies and for the last release at the route base", async () => {
    const tree: Tree = {
      "website/docusaurus.config.js":
        "module.exports = { url: 'https://jest.example.dev', presets: [['classic', { docs: { path: '../docs' } }]] }",
      "website/versions.json": '["30.4", "29.7"]',
      "docs/ExpectAPI.md": "",
      "website/versioned_docs/version-30.4/ExpectAPI.md": "",
      "website/versioned_docs/version-29.7/ExpectAPI.md": "",
    };
    const config = cfg();
    const { routes, model } = await mapper(tree, config);
    const declared = declaredRoutes(routes, [{ path: "docs/ExpectAPI.md", data: { id: "expect" } }]);
    const map = (url: string) => {
      const where = locateUrl(url, config, null, model);
      return where ? mapUrlToFiles(where, { routes, config, declared }) : null;
    };
    for (const url of [
      "https://jest.example.dev/docs/next/expect",
      "https://jest.example.dev/docs/29.7/expect#tobecloseto",
      "https://jest.example.dev/docs/expect",
    ])
      expect(map(url)?.[0]?.path).toBe("docs/ExpectAPI.md");
  });

  test("Docusaurus version paths: each version's declared `path`, the current docs as the last version", async () => {
    const tree: Tree = {
      "www/docusaurus.config.ts": `
        export default {
          url: 'https://rpc.example.dev',
          presets: [['classic', { docs: {
            lastVersion: 'current',
            versions: { current: { label: 'v11' }, '10.x': { label: 'v10', path: 'v10' }, '9.x': { path: '/v9/' } },
          } }]],
        }`,
      "www/versions.json": '["10.x", "9.x"]',
      "www/docs/client/links.md": "# Links",
      "www/versioned_docs/version-10.x/client/links.md": "# Links (v10)",
      "www/versioned_docs/version-9.x/client/links.md": "# Links (v9)",
    };
    const { model, map } = await mapper(tree);
    expect(roots(model)).toEqual(
      expect.arrayContaining([
        { dir: "www/docs", route: "docs", locale: null, version: null },
        { dir: "www/versioned_docs/version-10.x", route: "docs/v10", locale: null, version: "10.x" },
        { dir: "www/versioned_docs/version-9.x", route: "docs/v9", locale: null, version: "9.x" },
      ]),
    );
    // the version name is not a route when the version declares its own path
    expect(roots(model).some((r) => r.route === "docs/10.x")).toBe(false);
    for (const url of [
      "https://rpc.example.dev/docs/v10/client/links",
      "https://rpc.example.dev/docs/client/links",
    ])
      expect(map(url)?.[0]?.path).toBe("www/docs/client/links.md");
  });

  test("GitHub file links with line anchors; other repositories; malformed escapes", async () => {
    const { map } = await mapper(viteTree, vite, "vitejs/vite");
    expect(map("https://github.com/vitejs/vite/blob/main/docs/config/index.md#L571-L573")?.[0]).toMatchObject(
      {
        path: "docs/config/index.md",
        reasons: ["the issue links to docs/config/index.md (lines 571-573) in the repository"],
      },
    );
    expect(map("https://github.com/other/repo/blob/main/docs/config/index.md")).toBeNull();
    for (const raw of [
      "https://raw.githubusercontent.com/vitejs/vite/main/docs/guide/env-and-mode.md",
      "https://raw.githubusercontent.com/vitejs/vite/refs/heads/main/docs/guide/env-and-mode.md",
    ])
      expect(map(raw)?.[0]?.path).toBe("docs/guide/env-and-mode.md");
    expect(map("https://vite.dev/guide/%E0%A4%A")).toEqual([]);
  });
});
