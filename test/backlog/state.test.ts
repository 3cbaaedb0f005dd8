import { describe, expect, it } from "vitest";
import { sameComplaint } from "../../src/backlog/groups.js";
import { decodeState, encodeState, newlyTicked, tickedIn, untick } from "../../src/backlog/state.js";
import type { BacklogEntry } from "../../src/types/backlog.js";

const entry = (number: number): BacklogEntry => ({
  number,
  title: `Issue ${number}`,
  url: `https://github.com/acme/docs/issues/${number}`,
  hash: `h${number}`,
  group: "ready",
  kind: "typo",
  recommendation: "update-docs",
  confidence: "high",
  tldr: "x".repeat(1000),
  pages: [{ path: "docs/a.md", url: null, section: "A", lines: { start: 3, end: 3 } }],
  answer: null,
  fixedBy: null,
  duplicateOf: null,
  draftFiles: ["docs/a.md"],
  feedback: null,
  error: null,
});

describe("the dashboard's state", () => {
  it("reads back the entries it wrote, for 500 issues within the issue body limit", () => {
    const entries = Array.from({ length: 500 }, (_, i) => entry(i + 1));
    const state = encodeState(entries);
    expect(state.length).toBeLessThan(60_000);
    const back = decodeState(`<!-- docgap:dashboard -->\nlists\n${state}\n`);
    expect(back.size).toBe(500);
    expect(back.get(7)).toMatchObject({ hash: "h7", group: "ready", draftFiles: ["docs/a.md"] });
  });

  it("reads nothing from a body someone edited into garbage", () => {
    expect(decodeState("<!-- docgap:state !!!not base64 -->").size).toBe(0);
    expect(decodeState("<!-- docgap:state QUJD -->").size).toBe(0);
    expect(decodeState(`<!-- docgap:state ${"A".repeat(70_000)} -->`).size).toBe(0);
    expect(decodeState("no state at all").size).toBe(0);
  });
});

describe("the dashboard's boxes", () => {
  const before =
    "- [ ] <!-- docgap:pr 11 --> acme/docs#11 A\n- [x] <!-- docgap:pr 12 --> acme/docs#12 B\n- [ ] plain box";
  it("finds the boxes a maintainer just ticked", () => {
    const after = before
      .replace("[ ] <!-- docgap:pr 11", "[x] <!-- docgap:pr 11")
      .replace("[ ] plain", "[x] plain");
    expect([...tickedIn(after)]).toEqual([11, 12]);
    expect(newlyTicked(before, after)).toEqual([11]);
    expect(newlyTicked(after, after)).toEqual([]);
  });
  it("unticks only the boxes whose request was taken", () => {
    const after = before.replace("[ ] <!-- docgap:pr 11", "[x] <!-- docgap:pr 11");
    expect([...tickedIn(untick(after, [11]))]).toEqual([12]);
  });
});

describe("same complaint", () => {
  it("holds for titles that share most of their distinctive words, not for ones about other things", () => {
    const context = "docs guide env md Env Files";
    const same = sameComplaint(
      'Doubled word in Env Files: "the the"',
      'Env Files page has a doubled "the"',
      context,
    );
    expect(same).toBe(true);
    const other = sameComplaint(
      "Env Files: mode files not explained",
      "Env Files: wrong default directory",
      context,
    );
    expect(other).toBe(false);
  });
});
