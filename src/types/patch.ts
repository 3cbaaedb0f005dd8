import { z } from "zod";

/**
 * One anchored edit to a docs source file. Every edit is tied to something that is in the file as it is: a
 * heading, or a passage quoted verbatim. Also sent to models as strict JSON Schema (nullable, not optional).
 */
export const Edit = z.object({
  path: z.string().describe("Source file to change; one of the files docgap resolved"),
  kind: z
    .enum(["replace", "insert-after", "insert-after-heading", "append-to-section", "append-subsection"])
    .describe(
      "replace: swap `find` for `text`; insert-after: add `text` after the block holding `find`; " +
        "insert-after-heading: add `text` right under `heading`; append-to-section: add `text` at the end of " +
        "the section's own text, before its sub-headings; append-subsection: add a new sub-heading `title` " +
        "with `text` at the end of the section `heading`",
    ),
  heading: z.string().nullable().describe("Existing heading text the edit is anchored to"),
  find: z
    .string()
    .nullable()
    .describe("For replace and insert-after: a passage copied verbatim from the file"),
  title: z.string().nullable().describe("For append-subsection: the new heading's text, without #"),
  text: z.string().describe("The new Markdown"),
});
export type Edit = z.infer<typeof Edit>;

/** A file's patch as shown to maintainers and written to `patch.files`. */
export const FilePatch = z.object({
  path: z.string(),
  diff: z.string().describe("Unified diff against the file as docgap read it"),
  additions: z.number().int(),
  deletions: z.number().int(),
});
export type FilePatch = z.infer<typeof FilePatch>;

export const PatchResult = z.object({
  /** `draft` patches are built without a model and leave the wording to a maintainer. */
  kind: z.enum(["draft", "model"]),
  files: z.array(FilePatch),
  /** Edits that were not applied, with the reason. */
  rejected: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type PatchResult = z.infer<typeof PatchResult>;
