import { describe, expect, test } from "vitest";
import { ConfigSchema } from "../src/config.js";
import { locateUrl, mapUrlToFiles } from "../src/sources/mapping.js";
import { detectSite } from "../src/sources/site.js";

const cfg = (docs: Record<string, unknown>) => ConfigSchema.parse({ docs });

describe("site generator detection", () => {
  test.each([
    [["docs/.vitepress/config.ts", "docs/guide/index.md"], "docs", "vitepress", "docs"],
    [["website/docusaurus.config.js", "website/docs/intro.md"], "website", "docusaurus", "website/docs"],
    [
      ["docs/astro.config.mjs", "docs/src/content/docs/index.mdx"],
      "docs",
      "starlight",
      "docs/src/content/docs",
    ],
    [["mkdocs.yml", "docs/index.md"], "docs", "mkdocs", "docs"],
    [["docs/.eleventy.js", "docs/src/use/cli.md"], "docs", "eleventy", "docs/src"],
    [["docs.json", "en/auth.mdx"], "", "mintlify", ""],
    [["doc/conf.py", "doc/index.rst"], "doc", "sphinx", "doc"],
    [["docs/a.md"], "docs", "unknown", "docs"],
  ])("%j", (files, root, generator, contentDir) => {
    expect(detectSite(files, root)).toMatchObject({ generator, contentDir });
  });
});

describe("URL to source file", () => {
  const vite = cfg({ root: "docs", siteUrl: "https://vite.dev/", siteUrlAliases: ["https://vitejs.dev/"] });
  const viteFiles = [
    "docs/.vitepress/config.ts",
    "docs/guide/index.md",
    "docs/guide/env-and-mode.md",
    "docs/config/index.md",
  ];
  const map = (url: string, config = vite, files = viteFiles, repo: string | null = "vitejs/vite") => {
    const where = locateUrl(url, config, repo);
    return where
      ? mapUrlToFiles(where, { files, layout: detectSite(files, config.docs.root), config })
      : null;
  };

  test("index pages, aliases and anchors", () => {
    expect(map("https://vitejs.dev/guide/#scaffolding")?.[0]).toMatchObject({ path: "docs/guide/index.md" });
    expect(map("https://vite.dev/guide/env-and-mode")?.[0]?.reasons[0]).toBe(
      "vitepress convention: /guide/env-and-mode is published from docs/guide/env-and-mode.md",
    );
    expect(map("https://vite.dev/guide/env-and-mode.html")?.[0]?.path).toBe("docs/guide/env-and-mode.md");
  });

  test("versioned prefixes", () => {
    const eslint = cfg({
      root: "docs",
      siteUrl: "https://eslint.org/docs/latest/",
      siteUrlAliases: ["https://eslint.org/docs/"],
    });
    const files = [
      "docs/.eleventy.js",
      "docs/src/use/command-line-interface.md",
      "docs/src/rules/no-undef.md",
    ];
    expect(
      map("https://eslint.org/docs/latest/use/command-line-interface#ext", eslint, files)?.[0]?.path,
    ).toBe("docs/src/use/command-line-interface.md");
    expect(map("https://eslint.org/docs/v8.x/rules/no-undef", eslint, files)?.[0]?.path).toBe(
      "docs/src/rules/no-undef.md",
    );
  });

  test("explicit docs.map patterns win", () => {
    const config = cfg({
      root: "site",
      siteUrl: "https://x.dev/",
      map: [{ from: "/kb/:path", to: "site/articles/:path.md" }],
    });
    const files = ["site/articles/ssh.md", "site/kb/ssh.md"];
    expect(map("https://x.dev/kb/ssh", config, files)?.[0]).toMatchObject({
      path: "site/articles/ssh.md",
      score: 1,
    });
  });

  test("front matter permalinks", () => {
    const config = cfg({ root: "docs", siteUrl: "https://x.dev/" });
    const files = ["docs/pages/setup-guide.md"];
    const where = locateUrl("https://x.dev/start/setup", config, null);
    const out =
      where &&
      mapUrlToFiles(where, {
        files,
        layout: detectSite(files, "docs"),
        config,
        permalinks: new Map([["docs/pages/setup-guide.md", "/start/setup/"]]),
      });
    expect(out?.[0]?.path).toBe("docs/pages/setup-guide.md");
  });

  test("GitHub file links into the docs repository, and pages of other sites", () => {
    expect(map("https://github.com/vitejs/vite/blob/main/docs/config/index.md")?.[0]?.path).toBe(
      "docs/config/index.md",
    );
    expect(map("https://github.com/other/repo/blob/main/docs/config/index.md")).toBeNull();
    expect(map("https://www.typescriptlang.org/tsconfig#lib")).toBeNull();
  });
});
