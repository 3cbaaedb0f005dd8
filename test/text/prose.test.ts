import { describe, expect, test } from "vitest";
import { parseIssue } from "../../src/issue/parse.js";
import { checkQuotes, cutLongRuns, MAX_RUN, normaliseProse } from "../../src/text/prose.js";

test("only real HTML tags are stripped: a `<url>` placeholder and a stray < do not swallow the text after them", () => {
  const doc = [
    "Use `{ url = <url> }` for direct URLs; `a < b` is fine too.",
    "",
    "A `subdirectory` may be specified if the package isn't in the repository root:",
    "",
    "Sources -> are resolved in <b>order</b>.",
  ].join("\n");
  expect(normaliseProse("<b>bold</b> and <url>")).toBe("bold and");
  expect(
    checkQuotes(["A subdirectory may be specified if the package isn’t in the repository root."], doc),
  ).toEqual([
    {
      quote: "A subdirectory may be specified if the package isn’t in the repository root.",
      found: true,
      ratio: 1,
      line: 3,
    },
  ]);
});

describe("untrusted runs without spaces", () => {
  test("a URL of 64,000 dots is cut to 2,048 characters before parsing; lines and other words are kept", () => {
    const url = `https://a${".".repeat(64_000)}b`;
    const text = `first line\n${url} tail\nlast line`;
    const cut = cutLongRuns(text);
    expect(cut.split("\n")).toHaveLength(3);
    expect(cut.split("\n")[1]).toBe(`${url.slice(0, MAX_RUN)} tail`);
    expect(cutLongRuns("short words stay")).toBe("short words stay");
    const facts = parseIssue({ title: "Broken link", body: text });
    expect(facts.problem).toContain("last line");
  });
});
