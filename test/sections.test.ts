import { expect, test } from "vitest";
import { parseIssue } from "../src/issue/parse.js";
import { readMarkdown } from "../src/markdown.js";
import { locateSection } from "../src/patch/locate.js";
import { toDocFile } from "../src/sources/docs-index.js";

const page = [
  "---",
  "title: no-foo",
  "---",
  "",
  "Disallows foo.",
  "",
  "See [the list](https://x.dev/list).",
  "",
  "## Rule Details",
  "",
  "Details.",
  "",
  "### Options {#opts}",
  "",
  "- `bar`",
].join("\n");

test("sections carry 1-based line ranges, custom ids, and the introduction before the first heading", () => {
  const doc = readMarkdown(page);
  expect(doc.title).toBe("no-foo");
  expect(doc.sections.map((s) => [s.heading, s.slug, s.startLine, s.endLine])).toEqual([
    ["(introduction)", "", 5, 8],
    ["Rule Details", "rule-details", 9, 15],
    ["Options", "opts", 13, 15],
  ]);
});

test("the section an issue is about: its anchor, or the passage it quotes", () => {
  const file = toDocFile("docs/rules/no-foo.md", page);
  const byAnchor = locateSection(
    file,
    parseIssue({ title: "x", body: "https://x.dev/rules/no-foo#opts is wrong" }),
    ["opts"],
  );
  expect(byAnchor).toMatchObject({ heading: "Options", startLine: 13 });
  const byQuote = locateSection(
    file,
    parseIssue({ title: "Broken link", body: "The page says:\n\n> See the list.\n\nbut the link 404s." }),
  );
  expect(byQuote).toMatchObject({ heading: "(introduction)", startLine: 5, endLine: 8 });
});
