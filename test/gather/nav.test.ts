import { describe, expect, it } from "vitest";
import { navEntries } from "../../src/locate/nav.js";
import { analyzeOffline } from "../helpers/offline.js";

describe("navigation entries", () => {
  it("are read from a MkDocs nav and from one-line JS objects, with their lines", () => {
    const yml =
      "site_name: Acme\nnav:\n  - Home: index.md\n  - Guide:\n      - Deploying: guide/deploy.md\n  - Forum: https://forum.acme.dev\ntheme: material\n";
    expect(navEntries("mkdocs.yml", yml)).toEqual([
      { line: 3, text: "Home", target: "index.md" },
      { line: 5, text: "Deploying", target: "guide/deploy.md" },
      { line: 6, text: "Forum", target: "https://forum.acme.dev" },
    ]);
    const vp =
      "export default {\n  themeConfig: {\n    sidebar: [\n      { text: 'Deploy', link: '/guide/deploy' },\n    ],\n  },\n}\n";
    expect(navEntries("docs/.vitepress/config.ts", vp)).toEqual([
      { line: 4, text: "Deploy", target: "/guide/deploy" },
    ]);
    const formatted =
      "export default {\n  themeConfig: {\n    sidebar: [\n      {\n        text: 'Deploying to production',\n        link: '/guide/deploy',\n      },\n    ],\n  },\n}\n";
    expect(navEntries("docs/.vitepress/config.ts", formatted)).toEqual([
      { line: 6, text: "Deploying to production", target: "/guide/deploy" },
    ]);
    const docusaurus =
      "module.exports = {\n  themeConfig: {\n    navbar: { items: [{ to: '/docs/intro', label: 'Docs', position: 'left' }] },\n  },\n};\n";
    expect(navEntries("docusaurus.config.js", docusaurus)).toEqual([
      { line: 3, text: "Docs", target: "/docs/intro" },
    ]);
  });
});

/** An issue about one navigation entry: its label, and that it leads nowhere. */
const DEPLOYING_404 = {
  title: "Broken link: Deploying in the navigation",
  body: "The Deploying entry of the navigation leads to a 404 page.",
};

describe("a broken link in the site's navigation", () => {
  it("MkDocs: the nav line is the place, and the page that moved is drafted in", async () => {
    const r = await analyzeOffline({
      issue: DEPLOYING_404,
      docs: {
        "mkdocs.yml":
          "site_name: Acme\nsite_url: https://acme.dev/\nnav:\n  - Home: index.md\n  - Guide:\n      - Deploying: guide/deploying.md\n",
        "docs/index.md": "# Acme\n\nWelcome.\n",
        "docs/ops/deploying.md": "# Deploying\n\nShip it.\n",
      },
    });
    const top = r.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("mkdocs.yml");
    expect(top?.lines).toEqual({ start: 6, end: 6 });
    expect(r.analysis.recommendation.action).toBe("update-docs");
    const diff = r.patch?.files[0]?.diff ?? "";
    expect(r.patch?.files.map((f) => f.path)).toEqual(["mkdocs.yml"]);
    expect(diff).toContain("-      - Deploying: guide/deploying.md");
    expect(diff).toContain("+      - Deploying: ops/deploying.md");
  });

  it("an entry that leads to a page the site has is left alone", async () => {
    const r = await analyzeOffline({
      issue: DEPLOYING_404,
      docs: {
        "mkdocs.yml":
          "site_name: Acme\nsite_url: https://acme.dev/\nnav:\n  - Deploying: guide/deploying.md\n",
        "docs/index.md": "# Acme\n",
        "docs/guide/deploying.md": "# Deploying\n\nShip it.\n",
      },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).not.toBe("mkdocs.yml");
    expect(r.patch?.files ?? []).toEqual([]);
  });
});

describe("an Antora module's nav.adoc", () => {
  it("an xref entry to a page the module does not have is the place to fix; one to a page it has is left alone", async () => {
    const docs = {
      "docs/antora.yml": "name: acme\nversion: ~\nnav:\n  - modules/ROOT/nav.adoc\n",
      "docs/modules/ROOT/nav.adoc": "* xref:index.adoc[Home]\n* xref:ops/deploying.adoc[Deploying]\n",
      "docs/modules/ROOT/pages/index.adoc": "= Acme\n\nWelcome.\n",
      "docs/modules/ROOT/pages/ops/deployment.adoc": "= Deployment\n\nShip it.\n",
    };
    const r = await analyzeOffline({
      issue: DEPLOYING_404,
      docs,
      config: { docs: { siteUrl: "https://docs.acme.dev/" } },
    });
    const top = r.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("docs/modules/ROOT/nav.adoc");
    expect(top?.lines).toEqual({ start: 2, end: 2 });
    const fine = await analyzeOffline({
      issue: DEPLOYING_404,
      docs: { ...docs, "docs/modules/ROOT/pages/ops/deploying.adoc": "= Deploying\n\nShip it.\n" },
      config: { docs: { siteUrl: "https://docs.acme.dev/" } },
    });
    expect(fine.analysis.affectedPages[0]?.sourcePath).not.toBe("docs/modules/ROOT/nav.adoc");
  });
});

describe("navigation data (Jekyll, Hugo menus)", () => {
  it("an item whose target leads nowhere is the place to fix", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken link: Installation in the sidebar",
        body: "The Installation link in the docs sidebar of https://acme.dev/docs/ gives a 404.",
      },
      docs: {
        "_config.yml":
          "url: https://acme.dev\ncollections:\n  docs:\n    output: true\n    permalink: /docs/:path/\n",
        "_data/docs_nav.yml":
          "- title: Getting started\n  docs:\n    - title: Quickstart\n      url: /docs/quickstart/\n    - title: Installation\n      url: /docs/install/\n",
        "_docs/quickstart.md": "---\ntitle: Quickstart\n---\n# Quickstart\n",
        "_docs/installation.md": "---\ntitle: Installation\n---\n# Installation\n\nRun the installer.\n",
        "index.md": "# Acme\n",
      },
    });
    const top = r.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("_data/docs_nav.yml");
    expect(top?.lines).toEqual({ start: 6, end: 6 });
  });

  it("an item with only a link (its page's title shows) is named by its target", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken link in the docs sidebar",
        body: "The sidebar link to /docs/ruby-102/ on https://acme.dev/docs/ leads to a 404.",
      },
      docs: {
        "_config.yml":
          "url: https://acme.dev\ncollections:\n  docs:\n    output: true\n    permalink: /docs/:path/\n",
        "_data/docs_nav.yml":
          "- title: Getting started\n  docs:\n    - link: /docs/quickstart/\n    - link: /docs/ruby-102/\n",
        "_docs/quickstart.md": "---\ntitle: Quickstart\n---\n# Quickstart\n",
        "_docs/ruby-101.md": "---\ntitle: Ruby 101\n---\n# Ruby 101\n",
        "index.md": "# Acme\n",
      },
    });
    expect(r.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "_data/docs_nav.yml",
      lines: { start: 4, end: 4 },
    });
    expect(r.analysis.tldr).toContain('The link "/docs/ruby-102/" at _data/docs_nav.yml:4');
  });
});
