import fc from "fast-check";
import type { Root } from "mdast";
import { toString as plainText } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { prBody } from "../../src/publish/pull-request.js";
import { renderComment, safeText } from "../../src/publish/render.js";
import { cell, inline, link } from "../../src/text/escape.js";
import type { AnalysisResult } from "../../src/types/result.js";
import { HOSTILE, live } from "../helpers/markdown.js";

const text = fc
  .array(fc.oneof(fc.string(), fc.constantFrom(...HOSTILE)), { maxLength: 8 })
  .map((parts) => parts.join(" "));

const result = (t: string): AnalysisResult =>
  ({
    schemaVersion: 1,
    issue: { repo: "o/r", number: 1, title: t, body: t, url: "https://github.com/o/r/issues/1" },
    facts: { subject: t } as AnalysisResult["facts"],
    sources: [{ kind: "page", url: t, path: null, status: "blocked", reason: t }],
    site: null,
    analysis: {
      kind: "missing",
      answer: { path: t, url: null, heading: t, lines: { start: 1, end: 2 }, reply: t },
      tldr: t,
      guidance: [t],
      causes: [t],
      affectedPages: [
        {
          url: null,
          sourcePath: t,
          section: { heading: t, startLine: 1, endLine: 2 },
          lines: { start: 1, end: 1 },
          problem: t,
          score: 0.5,
          reasons: [t],
        },
      ],
      evidence: [{ claim: t, source: { kind: "issue", ref: t }, verified: true, detail: t }],
      example: { needed: true, content: t, reason: t },
      notes: [t],
      recommendation: { action: "update-docs", rationale: t },
      confidence: "low",
    },
    patch: {
      kind: "draft",
      files: [{ path: t, diff: t, additions: 1, deletions: 0 }],
      rejected: [{ path: t, reason: t }],
    },
    engine: { name: "heuristic", model: null, usage: null },
    prompt: null,
    github: null,
    timings: { totalMs: 1 },
  }) as unknown as AnalysisResult;

describe("one escaping path for everything published", () => {
  test("the comment: no link, mention, HTML or heading that the input carried survives outside code", () => {
    const own = renderComment(result("plain"), "a".repeat(32));
    const baseline = live(own);
    fc.assert(
      fc.property(text, (t) => {
        const seen = live(renderComment(result(t), "a".repeat(32)));
        expect(seen.links).toEqual(baseline.links);
        expect(seen.html).toEqual(baseline.html);
        expect(seen.headings).toEqual(baseline.headings);
        expect(seen.mentions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("a redacted credential next to a URL makes no link", () => {
    const own = live(renderComment(result("plain"), "a".repeat(32)));
    const seen = live(renderComment(result("AKIAABCDEFGHIJKLMNOP(https://evil.example/a)"), "a".repeat(32)));
    expect(seen.links).toEqual(own.links);
  });

  test("the pull request body goes through the same path", () => {
    const config = ConfigSchema.parse({});
    const own = live(
      prBody({
        result: result("plain"),
        issue: { repo: "o/r", number: 1, url: "https://github.com/o/r/issues/1" },
        config,
        docsRepo: "o/r",
      } as Parameters<typeof prBody>[0]),
    );
    fc.assert(
      fc.property(text, (t) => {
        const body = prBody({
          result: result(t),
          issue: { repo: "o/r", number: 1, url: "https://github.com/o/r/issues/1" },
          config,
          docsRepo: "o/r",
        } as Parameters<typeof prBody>[0]);
        const seen = live(body);
        expect(seen.links).toEqual(own.links);
        expect(seen.html).toEqual(own.html);
        expect(seen.mentions).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test("links are rebuilt from parsed URLs; cells cannot split a row; bidi and control characters go", () => {
    expect(link("https://x.dev/a)b|c", "p")).toBe("[p](https://x.dev/a%29b%7Cc)");
    expect(link("javascript:alert(1)", "p")).toBe("p");
    expect(cell("a|b\nc")).toBe("a\\|b c");
    expect(inline("x\u202ey\u0000z")).toBe("xyz");
    expect(inline("keep `a_b` and *b*")).toBe("keep `a_b` and \\*b\\*");
  });
});

describe("fuzzing what reads untrusted text", () => {
  const markdownish = fc
    .array(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          "> ",
          "- ",
          "### ",
          "```",
          "[a](b",
          "](",
          "https://x.dev/a",
          "`",
          "\n",
          "|",
          "@u",
          "#1",
          "a/..#2",
        ),
      ),
      { maxLength: 60 },
    )
    .map((p) => p.join(""));

  test("the issue parser returns facts for any body, keeps no repository name GitHub would refuse", async () => {
    const { parseIssue } = await import("../../src/issue/parse.js");
    const { isRepoSlug } = await import("../../src/text/slug.js");
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), markdownish, (title, body) => {
        const facts = parseIssue({ title, body });
        for (const r of facts.references) if (r.repo) expect(isRepoSlug(r.repo)).toBe(true);
        for (const u of facts.urls) expect(() => new URL(u.url)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test("docs.map patterns of any shape match any path without backtracking", async () => {
    const { applyMap } = await import("../../src/locate/mapping.js");
    const segment = fc.oneof(
      fc.constantFrom("*", ":path", ":name", ":x*", "a", "b"),
      fc.stringMatching(/^[a-z]{1,3}$/),
    );
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 40 }),
        fc.array(fc.stringMatching(/^[a-z]{1,3}$/), { maxLength: 60 }),
        (from, path) => {
          const out = applyMap([{ from: `/${from.join("/")}`, to: "docs/:path.md" }], path.join("/"));
          expect(Array.isArray(out)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("text renders as written on GitHub (checked with a GFM parser)", () => {
  const rendered = (markdown: string) => {
    const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
    return { text: plainText(tree), tree };
  };

  test("a numbered heading keeps its number, without a visible backslash, and is no list", () => {
    for (const out of [safeText("2. Add middleware"), safeText("2. Add middleware", true)]) {
      const { text, tree } = rendered(out);
      expect(text).toBe("2. Add middleware");
      expect(tree.children[0]?.type).toBe("paragraph");
    }
    expect(rendered(safeText("# not a heading")).text).toBe("# not a heading");
  });

  test("a URL in untrusted text is shown as code, copyable as written: no zero-width space, no link", () => {
    const out = safeText("See https://example.com/a_b?x=1 and www.example.org/docs for details");
    const { text } = rendered(out);
    expect(text).toBe("See https://example.com/a_b?x=1 and www.example.org/docs for details");
    expect(out).not.toContain("\u200b");
    expect(live(out).links).toEqual([]);
  });
});
