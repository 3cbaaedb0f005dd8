import { z } from "zod";
import { IssueKind, LineRange, Recommendation } from "./analysis.js";

/** What a maintainer can do with an issue of the backlog, one group each. */
export const BacklogGroup = z.enum([
  "ready",
  "already-documented",
  "already-fixed",
  "duplicate",
  "docs-elsewhere",
  "to-write",
  "needs-info",
  "not-docs",
  "failed",
]);

/** Reactions people left on docgap's comment of an issue. */
export const Feedback = z.object({
  up: z.number().int().min(0),
  down: z.number().int().min(0),
  hooray: z.number().int().min(0),
  confused: z.number().int().min(0),
});

/** One open docs issue as the triage read it: the analysis reduced to what a maintainer acts on. */
export const BacklogEntry = z.object({
  number: z.number().int(),
  title: z.string(),
  url: z.string(),
  /** The analysis inputs (title, body, config, engine): an unchanged hash is not analysed again. */
  hash: z.string(),
  group: BacklogGroup,
  kind: IssueKind,
  recommendation: Recommendation.shape.action,
  confidence: z.enum(["low", "medium", "high"]),
  tldr: z.string(),
  pages: z
    .array(
      z.object({
        path: z.string().nullable(),
        url: z.string().nullable(),
        section: z.string().nullable(),
        lines: LineRange.nullable(),
      }),
    )
    .max(3),
  /** For already-documented: the passage and the reply to post. */
  answer: z.object({ path: z.string(), heading: z.string(), lines: LineRange, reply: z.string() }).nullable(),
  /** For already-fixed: the merged change (its URL). */
  fixedBy: z.string().nullable(),
  /** For duplicates: the other issue (another open docs issue with the same page, section and kind, or the one found by search). */
  duplicateOf: z.number().int().nullable(),
  /** Files the draft changes; empty when there is no draft. */
  draftFiles: z.array(z.string()),
  feedback: Feedback.nullable(),
  /** Why the issue could not be analysed (the rest of the backlog still is). */
  error: z.string().nullable(),
});

/** The whole triage: every entry, the groups, and the pages with the most open issues. */
export const BacklogReport = z.object({
  repo: z.string(),
  generatedAt: z.string(),
  entries: z.array(BacklogEntry),
  groups: z.record(BacklogGroup, z.array(z.number().int())),
  topPages: z.array(z.object({ page: z.string(), issues: z.array(z.number().int()) })),
  feedback: z.object({
    rated: z.number().int(),
    useful: z.number().int(),
    /** Per group: the reactions summed, how many analyses were rated and how many found useful. */
    byGroup: z.record(z.string(), Feedback.extend({ rated: z.number().int(), useful: z.number().int() })),
  }),
  /** What this run did: analysed anew, reused unchanged, failed. */
  run: z.object({ analysed: z.number().int(), reused: z.number().int(), failed: z.number().int() }),
});

export type BacklogGroup = z.infer<typeof BacklogGroup>;
export type Feedback = z.infer<typeof Feedback>;
export type BacklogEntry = z.infer<typeof BacklogEntry>;
export type BacklogReport = z.infer<typeof BacklogReport>;
