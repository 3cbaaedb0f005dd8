import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { outlineOf, plainHeading } from "../../src/document/outline.js";
import { readDocument } from "../../src/document/read.js";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

async function docsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await docsFiles(p)));
    else if (/\.(md|mdx|rst)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("the outline ranking reads of every file", () => {
  test("agrees with the full document model on the fixtures' docs files", async () => {
    // Excerpts of real docs pages (Markdown with front matter, MDX); `npm run eval` reads whole trees.
    const files = (await docsFiles(FIXTURES)).sort();
    expect(files.length).toBeGreaterThan(5);
    // The outline drops inline HTML on purpose (a `<Badge>` says nothing about the section).
    const clean = (h: string) =>
      h
        .replace(/<[^<>]*>/g, "")
        .replace(/\s+/g, " ")
        .trim();
    let headings = 0;
    let titles = 0;
    for (const file of files) {
      const text = await readFile(file, "utf8");
      const doc = readDocument(file, text);
      const outline = outlineOf(file, text);
      const model = doc.sections
        .filter((s) => s.depth > 0)
        .map((s) => clean(s.heading))
        .filter(Boolean);
      if (JSON.stringify(outline.headings.map(clean)) === JSON.stringify(model)) headings++;
      if (clean(outline.title ?? "") === clean(doc.title ?? "")) titles++;
      expect(outline.frontMatter).toEqual(doc.frontMatter);
    }
    expect(headings / files.length).toBeGreaterThan(0.95);
    expect(titles / files.length).toBeGreaterThan(0.99);
  }, 60_000);

  test("headings inside fences, quotes and lists are not headings; setext ones are", () => {
    const text = [
      "---",
      "title: Page",
      "---",
      "Intro",
      "",
      "```md",
      "# not a heading",
      "```",
      "> # quoted",
      "- # in a list",
      "Real *setext* `title`",
      "===",
      "## [Linked](https://x.dev) heading {#custom}",
    ].join("\n");
    expect(outlineOf("a.md", text)).toEqual({
      title: "Page",
      frontMatter: { title: "Page" },
      headings: ["Real setext title", "Linked heading"],
    });
    expect(plainHeading("The **bold** and __strong__ ~~old~~ `code` <Badge/> ##")).toBe(
      "The bold and strong old code",
    );
  });

  test("an id written in an MDX comment at a heading's end (react.dev) is the anchor, not the heading's text", async () => {
    const { readMarkdown } = await import("../../src/document/markdown.js");
    const text = "# useState\n\n## Reference {/*reference*/}\n\n### Caveats {/*caveats*/}\n\nText.\n";
    const doc = readMarkdown(text);
    expect(doc.sections.map((s) => s.heading)).toEqual(["useState", "Reference", "Caveats"]);
    expect(doc.sections[2]?.ids).toContain("caveats");
    expect(outlineOf("a.md", text).headings).toEqual(["useState", "Reference", "Caveats"]);
  });

  test("reads 50,000 lines of hostile text in linear time", () => {
    const hostile = `${"# ".repeat(20_000)}\n${"[a](b".repeat(20_000)}\n${"**x".repeat(20_000)}\n`.repeat(10);
    // The point is that it returns (a super-linear pattern would take minutes, past the test's time limit).
    const outline = outlineOf("a.md", hostile);
    expect(outline.headings.length).toBeGreaterThan(0);
  });
});
