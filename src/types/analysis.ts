import { z } from "zod";

/** Schemas here are also sent to models as strict JSON Schema: nullable instead of optional, no transforms. */

export const SectionRef = z.object({
  heading: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
});

/** Lines of a file (1-based, inclusive): where a change goes, or the passage that answers an issue. */
export const LineRange = z.object({ start: z.number().int(), end: z.number().int() });

export const AffectedPage = z.object({
  url: z.string().nullable().describe("Published URL of the page, when known"),
  sourcePath: z.string().nullable().describe("Source file in the docs repository"),
  section: SectionRef.nullable(),
  lines: LineRange.nullable().describe(
    "Where the change goes: the quoted line, the link, the place to add to",
  ),
  problem: z.string().describe("What is wrong or missing on this page"),
  score: z.number().describe("0..1 confidence that this is the file to edit"),
  reasons: z.array(z.string()).describe("Why this file and section were chosen"),
});

export const Evidence = z.object({
  claim: z.string(),
  source: z.object({
    kind: z.enum(["issue", "page", "docs-file", "changelog", "release", "linked-issue", "linked-pull"]),
    ref: z.string().describe("URL, path with lines, or changelog version"),
  }),
  verified: z.boolean().describe("True when docgap checked the claim against the source itself"),
  detail: z.string(),
});

/** What kind of docs issue it is. */
export const IssueKind = z.enum([
  "broken-link",
  "typo",
  "wrong",
  "outdated",
  "missing",
  "unclear",
  "question",
  "not-docs",
]);

export const Recommendation = z.object({
  action: z.enum([
    "update-docs",
    "already-documented",
    "already-fixed",
    "needs-info",
    "not-docs",
    "duplicate",
    "docs-elsewhere",
  ]),
  rationale: z.string(),
});

/** A passage of the docs that already answers the issue, and a reply a maintainer can post. */
export const Answer = z.object({
  path: z.string(),
  url: z.string().nullable(),
  heading: z.string(),
  lines: LineRange,
  reply: z.string(),
});

export const GapAnalysis = z.object({
  kind: IssueKind,
  tldr: z.string(),
  guidance: z.array(z.string()),
  /** Why the docs are wrong or missing this (a change, a rename, a removed feature). */
  causes: z.array(z.string()),
  affectedPages: z.array(AffectedPage).describe("Most likely first"),
  evidence: z.array(Evidence),
  example: z.object({
    needed: z.boolean(),
    content: z.string().nullable(),
    reason: z.string(),
  }),
  notes: z.array(z.string()),
  recommendation: Recommendation,
  /** For `already-documented`: the passage, and the reply to post. */
  answer: Answer.nullable(),
  confidence: z.enum(["low", "medium", "high"]),
});

export type IssueKind = z.infer<typeof IssueKind>;
export type LineRange = z.infer<typeof LineRange>;
export type Answer = z.infer<typeof Answer>;
export type GapAnalysis = z.infer<typeof GapAnalysis>;
export type AffectedPage = z.infer<typeof AffectedPage>;
export type Evidence = z.infer<typeof Evidence>;
export type SectionRef = z.infer<typeof SectionRef>;
