import { z } from "zod";

/** One fetch or lookup docgap made while gathering, and what came of it. */
export const SourceRecord = z.object({
  kind: z.enum([
    "page",
    "docs-tree",
    "docs-file",
    "changelog",
    "release",
    "issue",
    "pull",
    "issue-template",
    "timeline",
    "comments",
    "search",
  ]),
  url: z.string().nullable(),
  path: z.string().nullable(),
  status: z.enum(["ok", "skipped", "blocked", "not-found", "error"]),
  reason: z.string().nullable(),
});
export type SourceRecord = z.infer<typeof SourceRecord>;

export const record = (r: Partial<SourceRecord> & Pick<SourceRecord, "kind" | "status">): SourceRecord => ({
  url: null,
  path: null,
  reason: null,
  ...r,
});
