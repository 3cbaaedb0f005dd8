import { describe, expect, test } from "vitest";
import { includesOf } from "../../src/document/includes.js";
import { analyzeOffline } from "../helpers/offline.js";

describe("the files a page pulls in", () => {
  test.each([
    [
      "docs/guide/install.mdx",
      'import Steps from "./_install-steps.mdx";\n\n<Steps />',
      "docs/guide/_install-steps.mdx",
    ],
    ["docs/a.mdx", "import Part from '@site/docs/_partials/note.md';", "docs/_partials/note.md"],
    ["quickstart.mdx", '<Snippet file="install.mdx" />', "snippets/install.mdx"],
    ["docs/guide/a.md", "<!--@include: ./parts/basics.md#intro-->", "docs/guide/parts/basics.md"],
    ["src/ch01.md", "{{#include ../listings/ch01/main.md:intro}}", "listings/ch01/main.md"],
    ["docs/usage.rst", ".. include:: ../README.rst", "README.rst"],
    ["content/docs/x.md", '{{< include "shared/y.md" >}}', "content/docs/shared/y.md"],
    ["docs/x.md", "{% include_relative parts/y.md %}", "docs/parts/y.md"],
    ["docs/x.md", "{% include note.md %}", "_includes/note.md"],
  ])("%s: %s", (file, text, target) => {
    expect(includesOf(file, text).flatMap((r) => r.paths)).toContain(target);
  });
});

describe("a quote found in an included file", () => {
  test("names that file, not the page that includes it", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Install steps are wrong",
        body: "On https://acme.dev/guide/install:\n\n> Run `acme setup --all` before the first build.\n\nThat flag does not exist.",
      },
      docs: {
        "docs/.vitepress/config.ts": "export default {}\n",
        "docs/guide/install.md":
          "# Install\n\n<!--@include: ./parts/steps.md-->\n\n{% include_relative parts/steps.md %}\n",
        "docs/guide/parts/steps.md": "## Steps\n\nRun `acme setup --all` before the first build.\n",
      },
      config: { docs: { siteUrl: "https://acme.dev/" } },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/parts/steps.md");
    expect(r.analysis.affectedPages[0]?.reasons[0]).toBe(
      "the text the issue quotes is in docs/guide/parts/steps.md, which docs/guide/install.md includes",
    );
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 3, end: 3 });
  });
});

describe("a link written in a site data file", () => {
  test("names the data file the page renders and the line that holds the link", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken link on the community page",
        body: "The forum link on https://acme.dev/community/ points to https://forum.acme.dev/old, which is a 404.",
      },
      docs: {
        "_config.yml": "url: https://acme.dev\nmarkdown: kramdown\n",
        "community.md":
          "---\ntitle: Community\n---\n# Community\n\n{% for l in site.data.links %}\n- [{{ l.name }}]({{ l.url }})\n{% endfor %}\n",
        "_data/links.yml":
          "- name: Chat\n  url: https://chat.acme.dev\n- name: Forum\n  url: https://forum.acme.dev/old\n",
        "_data/team.yml": "- name: Ada\n  url: https://forum.acme.dev/old\n",
      },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("_data/links.yml");
    expect(r.analysis.affectedPages[0]?.reasons[0]).toBe(
      "the link the issue gives is in _data/links.yml, the data file community.md renders",
    );
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 4, end: 4 });
  });

  test("Eleventy: a page names a data file by its bare name ({{ links.forum }})", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken forum link in the footer of the help page",
        body: "The forum link on https://acme.dev/help/ points to https://forum.acme.dev/old, which is a 404.",
      },
      docs: {
        "eleventy.config.js": 'export default function (config) {\n  return { dir: { input: "src" } };\n}\n',
        "src/help.md":
          "---\ntitle: Help\n---\n# Help\n\nAsk on [the forum]({{ links.forum }}) or read the guide.\n",
        "src/_data/links.json":
          '{\n  "chat": "https://chat.acme.dev",\n  "forum": "https://forum.acme.dev/old"\n}\n',
        "src/_data/site.json": '{ "title": "Acme", "forum": "https://forum.acme.dev/old" }\n',
      },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("src/_data/links.json");
    expect(r.analysis.affectedPages[0]?.lines).toEqual({ start: 3, end: 3 });
  });

  test("a link in the site's navigation (a MkDocs nav) names the config file and its line", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken link in the navigation",
        body: "On https://acme.dev/guide/ the Forum entry of the navigation points to https://forum.acme.dev/old, which is a 404.",
      },
      docs: {
        "mkdocs.yml":
          "site_name: Acme\nsite_url: https://acme.dev/\nnav:\n  - Home: index.md\n  - Guide: guide.md\n  - Forum: https://forum.acme.dev/old\n",
        "docs/index.md": "# Acme\n\nWelcome.\n",
        "docs/guide.md": "# Guide\n\nHow to use Acme.\n",
      },
    });
    const top = r.analysis.affectedPages[0];
    expect(top?.sourcePath).toBe("mkdocs.yml");
    expect(top?.lines).toEqual({ start: 6, end: 6 });
    expect(top?.reasons[0]).toContain("is not in docs/guide.md but in mkdocs.yml");
  });

  test("a link in an Antora component's nav.adoc names that file and its line", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Broken link in the sidebar",
        body: "On https://docs.acme.dev/acme/guide.html the Forum entry of the sidebar points to https://forum.acme.dev/old, which is a 404.",
      },
      docs: {
        "docs/antora.yml": "name: acme\nversion: ~\nnav:\n  - modules/ROOT/nav.adoc\n",
        "docs/modules/ROOT/nav.adoc": "* xref:guide.adoc[Guide]\n* https://forum.acme.dev/old[Forum]\n",
        "docs/modules/ROOT/pages/guide.adoc": "= Guide\n\nHow to use Acme.\n",
      },
      config: { docs: { siteUrl: "https://docs.acme.dev/" } },
    });
    expect(r.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "docs/modules/ROOT/nav.adoc",
      lines: { start: 2, end: 2 },
    });
  });

  test("a link the issue mentions without calling it broken leaves the page as the file", async () => {
    const r = await analyzeOffline({
      issue: {
        title: "Guide: explain the retry option",
        body: "https://acme.dev/guide/ does not explain retries. Our forum (https://forum.acme.dev/old) has the details.",
      },
      docs: {
        "mkdocs.yml":
          "site_name: Acme\nsite_url: https://acme.dev/\nnav:\n  - Guide: guide.md\n  - Forum: https://forum.acme.dev/old\n",
        "docs/guide.md": "# Guide\n\nHow to use Acme.\n",
      },
    });
    expect(r.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide.md");
  });
});
