import { expect, test, vi } from "vitest";
import { toDocFile } from "../../src/document/doc-file.js";
import { readMarkdown } from "../../src/document/markdown.js";
import { readDocument } from "../../src/document/read.js";
import { parseIssue } from "../../src/issue/parse.js";
import { locateSection } from "../../src/locate/sections.js";

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

test("a broken-link issue points at the section holding the link it describes", () => {
  const rule = [
    "# no-restricted-syntax",
    "",
    "This rule restricts syntax. You may find the full list of AST node names [on GitHub](https://github.com/eslint/espree/blob/master/lib/ast-node-types.js).",
    "",
    "## Options",
    "",
    "The rule takes a list of selectors, such as `FunctionDeclaration`, `WithStatement` and AST node names with messages.",
    "",
    "## Examples",
    "",
    "Examples of incorrect code for this rule with `FunctionDeclaration`.",
  ].join("\n");
  const facts = parseIssue({
    title: "no-restricted-syntax documentation link to AST node names 404s",
    body: "The docs page has a GitHub link to the AST node names, which leads to a 404.",
  });
  const section = locateSection(toDocFile("docs/src/rules/no-restricted-syntax.md", rule), facts);
  expect(section?.heading).toBe("no-restricted-syntax");
  expect(section?.reasons).toContain("the link the issue describes is at line 3");
});

test("links written as reference definitions count, and a word naming the link's host counts twice", () => {
  const diagrams = [
    "# Diagrams",
    "",
    "Material integrates with [Mermaid.js], a popular solution for drawing diagrams.",
    "",
    "  [Mermaid.js]: https://mermaid-js.github.io/mermaid/",
    "",
    "## Configuration",
    "",
    "Enable the `superfences` extension. See [the spec](https://spec.example/superfences) for details.",
    "",
    "## Flowcharts",
    "",
    "Draw [flowcharts] in code blocks.",
    "",
    "  [flowcharts]: https://mermaid-js.github.io/mermaid/#/flowchart",
  ].join("\n");
  expect(readMarkdown(diagrams).links).toContainEqual({
    line: 5,
    text: "Mermaid.js",
    target: "https://mermaid-js.github.io/mermaid/",
  });
  const facts = parseIssue({
    title: "Mermaid changed its homepage, breaking the docs links",
    body: "Mermaid docs are no longer available on the homepage.",
  });
  const section = locateSection(toDocFile("docs/reference/diagrams.md", diagrams), facts);
  expect(section).toMatchObject({ heading: "Diagrams", startLine: 1 });
  expect(section?.reasons).toContain("the link the issue describes is at line 5");
});

test("a one-word heading the title uses is that option's entry", () => {
  const config = [
    "# Site Config",
    "",
    "## title",
    "",
    "The title of the site.",
    "",
    "## base",
    "",
    "The base URL the site will be deployed at. It should always start and end with a slash.",
    "",
    "## lang",
    "",
    "The lang attribute for the site.",
  ].join("\n");
  const facts = parseIssue({
    title: "Please write in the documentation that relative base are not supported.",
    body: "Stop wasting people's time.",
  });
  expect(locateSection(toDocFile("docs/reference/site-config.md", config), facts)).toMatchObject({
    heading: "base",
    startLine: 7,
  });
});

test("a docs file with thousands of underlined headings is read as plain text, not parsed for minutes", () => {
  const text = "Title\n=====\n\nSome text here.\n\n".repeat(5_000);
  const doc = readDocument("docs/underlined.md", text);
  expect(doc.sections).toEqual([]);
  expect(doc.lineCount).toBe(text.split("\n").length);
  // A real page's underlined headings are read as headings.
  expect(
    readDocument("docs/page.md", "Intro\n=====\n\nText.\n\nUsage\n-----\n\nMore.\n").sections.map(
      (s) => s.heading,
    ),
  ).toEqual(["Intro", "Usage"]);
});

test("a docs file with 25,000 headings is read in one pass, every section closed", () => {
  const text = Array.from({ length: 25_000 }, (_, i) => `${i % 3 ? "###" : "##"} H${i}\n\nText ${i}.\n`).join(
    "\n",
  );
  const doc = readDocument("docs/huge.md", text);
  expect(doc.sections).toHaveLength(25_000);
  expect(doc.sections[0]).toMatchObject({ heading: "H0", endLine: 12 });
  expect(doc.sections.at(-1)?.endLine).toBe(doc.lineCount);
});

test("a fetched page of 12,000 headings is split into lines a few times, not once per section", () => {
  const text = Array.from(
    { length: 12_000 },
    (_, i) => `## Heading ${i}\n\nSome words about option${i}.\n`,
  ).join("\n");
  const file = toDocFile("https://example.com/huge", text);
  const facts = parseIssue({
    title: "option11999 is wrong",
    body: "The page says `option11999` does nothing.",
  });
  void file.doc; // the document model is built first, as gathering does
  const split = String.prototype.split;
  let wholeTextSplits = 0;
  const spy = vi.spyOn(String.prototype, "split").mockImplementation(function (this: string, ...args) {
    if (this.length === text.length) wholeTextSplits++;
    return split.apply(this, args as Parameters<typeof split>);
  });
  try {
    const located = locateSection(file, facts);
    expect(located?.heading).toBe("Heading 11999");
  } finally {
    spy.mockRestore();
  }
  expect(wholeTextSplits).toBeLessThan(5);
});
