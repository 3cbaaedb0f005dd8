import { z } from "zod";

/** Schemas here are also sent to models as strict JSON Schema: nullable instead of optional, no transforms. */

export const SectionRef = z.object({
  heading: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
});

export const AffectedPage = z.object({
  url: z.string().nullable().describe("Published URL of the page, when known"),
  sourcePath: z.string().nullable().describe("Source file in the docs repository"),
  section: SectionRef.nullable(),
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

export const Recommendation = z.object({
  action: z.enum(["update-docs", "needs-info", "already-fixed", "not-a-docs-gap"]),
  rationale: z.string(),
});

export const GapAnalysis = z.object({
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
  confidence: z.enum(["low", "medium", "high"]),
});

export type GapAnalysis = z.infer<typeof GapAnalysis>;
export type AffectedPage = z.infer<typeof AffectedPage>;
export type Evidence = z.infer<typeof Evidence>;
export type SectionRef = z.infer<typeof SectionRef>;
