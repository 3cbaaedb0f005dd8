import { expect, test } from "vitest";
import { checkQuotes, normaliseProse } from "../../src/text/prose.js";

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
