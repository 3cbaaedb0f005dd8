import { describe, expect, test } from "vitest";
import { adocId } from "../../src/document/asciidoc.js";
import { includesOf } from "../../src/document/includes.js";
import { readDocument } from "../../src/document/read.js";
import { applyEdit } from "../../src/patch/apply.js";
import { formatRefusal } from "../../src/patch/check.js";
import { analyzeOffline } from "../helpers/offline.js";

const CONFIG = [
  "= Configuration", // 1
  ":page-aliases: settings.adoc", // 2
  ":idprefix:", // 3
  ":idseparator: -", // 4
  "", // 5
  "Acme reads its settings from `acme.yml`.", // 6
  "", // 7
  "== Cache size", // 8
  "", // 9
  "The cache holds at most `cache.max-entries` entries (default: 1000).", // 10
  "", // 11
  "[source,yaml]", // 12
  "----", // 13
  "cache:", // 14
  "== not a title inside a listing", // 15
  "  max-entries: 500", // 16
  "----", // 17
  "", // 18
  "[[eviction]]", // 19
  "=== When entries are evicted", // 20
  "", // 21
  "The oldest entry goes first. See link:https://acme.dev/lru[LRU] and <<cache-size,the size>>.", // 22
  "", // 23
  "== Logging", // 24
  "", // 25
  "include::partial$logging-levels.adoc[]", // 26
  "", // 27
].join("\n");

describe("AsciiDoc pages", () => {
  test("titles, ids as Asciidoctor makes them, header attributes, blocks and links", () => {
    const doc = readDocument("docs/modules/ROOT/pages/config.adoc", CONFIG);
    expect(doc.format).toBe("asciidoc");
    expect(doc.title).toBe("Configuration");
    expect(doc.frontMatter).toMatchObject({ "page-aliases": "settings.adoc", idseparator: "-" });
    expect(doc.sections.map((s) => [s.depth, s.heading, s.slug, s.startLine, s.endLine])).toEqual([
      [1, "Configuration", "configuration", 1, 27],
      [2, "Cache size", "cache-size", 8, 23],
      [3, "When entries are evicted", "eviction", 19, 23],
      [2, "Logging", "logging", 24, 27],
    ]);
    // The id a link from elsewhere may use, with the page's own settings or Asciidoctor's defaults.
    expect(doc.sections.find((s) => s.heading === "Logging")?.ids).toContain("_logging");
    expect(doc.blocks).toContainEqual([12, 17]);
    expect(doc.blocks).toContainEqual([10, 10]);
    expect(doc.links).toEqual([
      { line: 22, text: "LRU", target: "https://acme.dev/lru" },
      { line: 22, text: "the size", target: "#cache-size" },
    ]);
    expect(adocId("Wiley & Sons, Inc.")).toBe("_wiley_sons_inc");
  });

  test("includes: a relative path, and Antora's resource ids in the same or another module", () => {
    const at = "docs/modules/admin/pages/setup/install.adoc";
    const text =
      "include::../shared/intro.adoc[]\ninclude::partial$step.adoc[]\ninclude::ROOT:example$acme.yml[tag=cache]\n";
    expect(includesOf(at, text).map((r) => r.paths)).toEqual([
      ["docs/modules/admin/pages/shared/intro.adoc"],
      ["docs/modules/admin/partials/step.adoc"],
      ["docs/modules/ROOT/examples/acme.yml"],
    ]);
  });

  test("a draft keeps the file valid AsciiDoc: a new section uses = titles; a lost title or an open block is refused", () => {
    const added = applyEdit(CONFIG, {
      path: "config.adoc",
      kind: "append-subsection",
      heading: "Cache size",
      find: null,
      title: "Sizing for large sites",
      text: "Raise the limit when the hit rate drops.",
    });
    expect(added.ok && added.text).toContain("=== Sizing for large sites\n\nRaise the limit");
    expect(formatRefusal("config.adoc", CONFIG, CONFIG.replace("== Logging", "Logging"))).toBe(
      "the patch removes a section title",
    );
    expect(formatRefusal("config.adoc", CONFIG, `${CONFIG}\n----\nacme --verbose\n`)).toBe(
      "the patch leaves a delimited block open",
    );
    expect(formatRefusal("config.adoc", CONFIG, CONFIG.replace("1000", "500"))).toBeNull();
  });

  test("an Antora component: the issue's URL and anchor lead to the module page, its section and line; an old address through page-aliases", async () => {
    const run = (url: string) =>
      analyzeOffline({
        issue: {
          title: "Wrong default for cache.max-entries",
          body: `On ${url} the docs say \`cache.max-entries\` defaults to 1000, but since 2.1 it is 5000.`,
        },
        docs: {
          "docs/antora.yml": "name: acme\nversion: '2.1'\nnav:\n  - modules/ROOT/nav.adoc\n",
          "docs/modules/ROOT/nav.adoc": "* xref:config.adoc[]\n",
          "docs/modules/ROOT/pages/config.adoc": CONFIG,
          "docs/modules/ROOT/pages/index.adoc": "= Acme\n\nWelcome.\n",
          "docs/modules/ROOT/partials/logging-levels.adoc": "Levels: `info`, `debug`.\n",
          "docs/modules/admin/pages/config.adoc": "= Admin configuration\n\nNothing about the cache.\n",
          "antora-playbook.yml":
            "site:\n  title: Acme\n  url: https://docs.acme.dev\ncontent:\n  sources:\n    - url: .\n      start_path: docs\n",
        },
      });
    const result = await run("https://docs.acme.dev/acme/2.1/config.html#cache-size");
    expect(result.site).toMatchObject({ generator: "antora" });
    const [page] = result.analysis.affectedPages;
    expect(page?.sourcePath).toBe("docs/modules/ROOT/pages/config.adoc");
    expect(page?.section).toMatchObject({ heading: "Cache size", startLine: 8 });
    expect(page?.lines?.start).toBeLessThanOrEqual(10);
    expect(page?.lines?.end).toBeGreaterThanOrEqual(10);
    const old = await run("https://docs.acme.dev/acme/2.1/settings.html#cache-size");
    expect(old.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "docs/modules/ROOT/pages/config.adoc",
      section: { heading: "Cache size" },
      reasons: expect.arrayContaining([expect.stringContaining("redirects /acme/2.1/settings to it")]),
    });
  });
});

test("near-anchors, empty titles and unclosed link macros: no section invented, every line counted", () => {
  const line = `[#${"a".repeat(190)}${"b".repeat(150)}`;
  const text = Array.from({ length: 20_000 }, (_, i) =>
    i % 3 === 0
      ? line
      : i % 3 === 1
        ? `== ${" ".repeat(300)}`
        : `link:${"x".repeat(499)} https://${"y".repeat(499)}`,
  ).join("\n");
  const doc = readDocument("big.adoc", text);
  expect(doc.lineCount).toBe(20_000);
  expect(doc.sections).toEqual([]);
});

test("a cross reference to an anchor the page sets by hand is fine; one to no anchor is the broken link", async () => {
  const page = [
    "= Install",
    "",
    "Follow <<step-two,the second step>>, then read <<gone,the old notes>>.",
    "",
    "[[step-two]]",
    "Second, run `acme init`.",
    "",
  ].join("\n");
  const run = (text: string) =>
    analyzeOffline({
      issue: {
        title: `Broken link: "${text}"`,
        body: `The "${text}" link on https://docs.acme.dev/acme/install.html leads nowhere.`,
      },
      docs: {
        "docs/antora.yml": "name: acme\nversion: ~\n",
        "docs/modules/ROOT/pages/install.adoc": page,
      },
      config: { docs: { siteUrl: "https://docs.acme.dev/" } },
    });
  const broken = await run("the old notes");
  expect(broken.analysis.tldr).toContain(
    'The link "the old notes" at docs/modules/ROOT/pages/install.adoc:3',
  );
  const fine = await run("the second step");
  expect(fine.analysis.tldr).not.toContain("does not exist");
});

test("Antora xrefs name files from the module's pages folder, in this module or another; another component's are left out", () => {
  const at = "docs/modules/admin/pages/setup/install.adoc";
  const text =
    "See xref:config.adoc#cache[the cache], xref:ROOT:index.adoc[home], xref:setup/upgrade.adoc[] and xref:other:ROOT:x.adoc[elsewhere].";
  expect(readDocument(at, text).links).toEqual([
    { line: 1, text: "the cache", target: "../config.adoc#cache" },
    { line: 1, text: "home", target: "../../../ROOT/pages/index.adoc" },
    { line: 1, text: "", target: "./upgrade.adoc" },
  ]);
  // The module's navigation file names pages the same way.
  expect(readDocument("docs/modules/admin/nav.adoc", "* xref:setup/install.adoc[Install]").links).toEqual([
    { line: 1, text: "Install", target: "./pages/setup/install.adoc" },
  ]);
});

test("the reporter's proposed wording goes into an AsciiDoc page under an AsciiDoc comment, and the page stays valid", async () => {
  const result = await analyzeOffline({
    issue: {
      title: "Explain when to raise cache.max-entries",
      body: "### Page\n\nhttps://docs.acme.dev/acme/2.1/config.html#cache-size\n\n### Suggested change\n\n> Raise `cache.max-entries` when the hit rate drops below half.\n",
    },
    docs: {
      "docs/antora.yml": "name: acme\nversion: '2.1'\n",
      "docs/modules/ROOT/pages/config.adoc": CONFIG,
    },
    config: { docs: { siteUrl: "https://docs.acme.dev/" } },
  });
  const diff = result.patch?.files[0]?.diff ?? "";
  expect(result.patch?.files.map((f) => f.path)).toEqual(["docs/modules/ROOT/pages/config.adoc"]);
  expect(diff).toMatch(/^\+\/\/ docgap draft for issue #7: the reporter's proposed wording/m);
  expect(diff).toContain("+Raise `cache.max-entries` when the hit rate drops below half.");
  expect(diff).not.toContain("<!--");
});
