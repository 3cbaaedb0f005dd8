import { describe, expect, test } from "vitest";
import { MAX_COMMENT, renderComment, safeText } from "../../src/publish/render.js";
import type { AnalysisResult } from "../../src/types/result.js";

const result = (over: Partial<AnalysisResult["analysis"]> = {}): AnalysisResult =>
  ({
    schemaVersion: 1,
    issue: { repo: "o/r", number: 1, title: "t", body: "", url: null },
    facts: {} as AnalysisResult["facts"],
    sources: [],
    site: null,
    analysis: {
      kind: "missing",
      answer: null,
      tldr: "Fix it, @octocat and @org/team",
      guidance: ["<!-- docgap:comment --> hidden"],
      causes: [],
      affectedPages: [],
      evidence: [],
      example: { needed: false, content: null, reason: "none" },
      notes: [],
      recommendation: { action: "update-docs", rationale: "because" },
      confidence: "low",
      ...over,
    },
    patch: null,
    engine: { name: "heuristic", model: null, usage: null },
    prompt: null,
    github: null,
    timings: { totalMs: 1 },
  }) as AnalysisResult;

describe("the comment", () => {
  test("never pings anyone and cannot carry a forged marker", () => {
    const body = renderComment(result(), "a".repeat(32));
    expect(body).not.toMatch(/@octocat|@org\/team/);
    expect(body).toContain("@\u200boctocat");
    expect(body.match(/<!-- docgap:comment -->/g)).toHaveLength(1);
    expect(safeText("a|b\nc", true)).toBe("a\\|b c");
  });

  test("stays under GitHub's size limit with a visible note", () => {
    const evidence = Array.from({ length: 3000 }, (_, i) => ({
      claim: `claim ${i} ${"x".repeat(40)}`,
      source: { kind: "issue" as const, ref: "r" },
      verified: true,
      detail: "d",
    }));
    const body = renderComment(result({ evidence }), "b".repeat(32));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body).toContain("left out to stay under GitHub's comment size limit");
    expect(body).toMatch(/<!-- docgap:inputs=b+ -->$/);
  });
});
