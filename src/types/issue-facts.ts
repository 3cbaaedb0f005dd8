import { z } from "zod";

/** Where a URL was found in the issue. */
export const UrlOrigin = z.enum(["title", "location", "table", "link", "text", "quote"]);

export const IssueUrl = z.object({
  /** The URL as written, trailing punctuation stripped, anchor kept. */
  url: z.string(),
  /** The `#fragment` without `#`, or null. */
  anchor: z.string().nullable(),
  origin: UrlOrigin,
  /** Text around the URL: its table row's context cell, or the sentence it stands in. */
  context: z.string(),
  /** Written in a task-list item (`- [x] I have read the docs`): form boilerplate more often than the page meant. */
  checklist: z.boolean(),
});

export const IssueReference = z.object({
  /** `owner/name` when written or implied by a URL; null means the issue's own repository. */
  repo: z.string().nullable(),
  number: z.number().int().positive(),
  kind: z.enum(["issue", "pull", "unknown"]),
});

export const FormField = z.object({
  label: z.string(),
  /** The answer; null when GitHub rendered `_No response_` or it was left empty. */
  value: z.string().nullable(),
  role: z.enum([
    "docType",
    "location",
    "section",
    "current",
    "problem",
    "suggestion",
    "impact",
    "context",
    "other",
  ]),
});

/** What docgap understood from an issue's title and body. */
export const IssueFacts = z.object({
  title: z.string(),
  /** Title without a `[DOCS]`-style prefix. */
  subject: z.string(),
  isForm: z.boolean(),
  fields: z.array(FormField),
  docType: z.string().nullable(),
  impact: z.string().nullable(),
  /** The "Section/Topic" the reporter named. */
  sectionHint: z.string().nullable(),
  /** Every http(s) URL, de-duplicated, in order of first appearance. */
  urls: z.array(IssueUrl),
  /** URLs that look like the documentation pages the issue is about, with what the reporter says of each. */
  pages: z.array(IssueUrl),
  /** Versions the issue cites (changelog, release notes, "since", title). */
  versions: z.array(z.string()),
  /** Changelog entries the issue quotes. */
  changelogQuotes: z.array(z.string()),
  /** Passages the issue quotes as what the documentation currently says. */
  docQuotes: z.array(z.string()),
  /** Text the reporter proposes, when quoted or fenced in the suggestion. */
  suggestedText: z.string().nullable(),
  /** What the reporter says is wrong or missing (plain text). */
  problem: z.string().nullable(),
  /** What the reporter asks for (plain text). */
  suggestion: z.string().nullable(),
  references: z.array(IssueReference),
  /** Corrections the issue states: "`A` should be `B`", "replace `A` with `B`". */
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  /** Code spans, flags, environment variables and option names. */
  identifiers: z.array(z.string()),
  /** Short phrases the issue sets apart (in quotes, emphasized): often the name of a page or a section. */
  phrases: z.array(z.string()),
  /**
   * Fenced code the issue shows; `current` when the text before it says it is what the docs show now, `suggested`
   * when it says it is what they should show.
   */
  codeBlocks: z.array(
    z.object({
      lang: z.string().nullable(),
      value: z.string(),
      role: z.enum(["current", "suggested"]).nullable(),
    }),
  ),
});

export type IssueFacts = z.infer<typeof IssueFacts>;
export type IssueUrl = z.infer<typeof IssueUrl>;
export type IssueReference = z.infer<typeof IssueReference>;
export type FormField = z.infer<typeof FormField>;
