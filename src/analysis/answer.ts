import { z } from "zod";
import { code, noMentions } from "../text/escape.js";
import { type GapAnalysis, Recommendation } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import { Edit } from "../types/patch.js";
import type { SourceItem } from "./budget.js";

/** A statement and the ids of the sources that back it. */
const Cited = z.object({
  text: z.string(),
  sources: z.array(z.string()).describe('Ids of the sources that support the statement, such as "S2"'),
});

/** What the model answers (strict JSON Schema: every key required, nullable where it may be absent). */
export const ModelAnswer = z.object({
  tldr: Cited.describe("One or two sentences: what is missing or wrong, and where"),
  guidance: z.array(Cited).describe("What a maintainer should change, most important first"),
  causes: z.array(Cited).describe("Why the docs are out of date: the change, rename or removal behind it"),
  pages: z
    .array(z.object({ sourcePath: z.string(), problem: z.string() }))
    .describe("For each file you may edit that needs a change: what is wrong there"),
  example: z.object({ needed: z.boolean(), content: z.string().nullable(), reason: z.string() }),
  notes: z.array(z.string()),
  recommendation: Recommendation,
  confidence: z.enum(["low", "medium", "high"]),
  edits: z.array(Edit),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

export interface CheckContext {
  gathered: Gathered;
  /** The sources the prompt carried, by id. */
  sources: Map<string, SourceItem>;
  /** The heuristic analysis: where docgap itself located things, and what to fall back on. */
  heuristic: GapAnalysis;
}

/**
 * Links in every spelling a renderer might turn into one: any scheme-like `word://`, scheme-relative `//host`,
 * `www.` hosts; case does not matter. Bounded runs, linear.
 */
const URL_RE =
  /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s<>()[\]"'`]{1,2000}|(?<![:/\w])\/\/[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+[^\s<>()[\]"'`]{0,2000}|\bwww\.[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*[^\s<>()[\]"'`]{0,2000}/gi;

/** Text with at least one letter or digit: what is only punctuation, space or symbols says nothing. */
export const meaningful = (text: string | null | undefined): text is string =>
  !!text && /[\p{L}\p{N}]/u.test(text);

const RANK = { low: 0, medium: 1, high: 2 } as const;

/** Recommendations that rest on something docgap must have found itself; what it says when it did not. */
const NEEDS_EVIDENCE: Partial<Record<GapAnalysis["recommendation"]["action"], string>> = {
  "already-fixed":
    "docgap found neither a merged change behind it nor a page that no longer has what it reports",
  "already-documented": "docgap found no passage that answers the issue",
  "docs-elsewhere": "the config names no other docs repository",
  duplicate: "docgap found no other issue about the same page and complaint",
};

/** What the model's answer may claim, given what survived the check and what docgap verified itself. */
function supportFor(survived: number, gathered: Gathered): GapAnalysis["confidence"] {
  if (survived === 0) return "low";
  const verified =
    gathered.changelog.some((c) => c.status === "verified") ||
    gathered.pages.some((p) => p.published?.quoteChecks?.some((q) => q.found));
  return survived >= 2 && verified ? "high" : "medium";
}

/**
 * Checks a model's answer against what docgap resolved: statements keep only sources that were sent (and are
 * dropped without one), links only to sources docgap read, no mentions, affected pages and edits only for the
 * files docgap mapped. Returns the analysis to post, the edits to try, and what was removed.
 */
export function checkAnswer(
  answer: ModelAnswer,
  ctx: CheckContext,
): { analysis: GapAnalysis; edits: Edit[]; notice: string | null } {
  const { gathered, sources, heuristic } = ctx;
  const linkable = new Set<string>();
  const key = (url: string) => url.replace(/#.*$/, "").replace(/\/$/, "").toLowerCase();
  for (const p of gathered.pages) if (p.url) linkable.add(key(p.url));
  for (const t of gathered.linked) linkable.add(key(t.url));
  for (const s of gathered.sources) if (s.url && s.status === "ok") linkable.add(key(s.url));
  let removedLinks = 0;
  const scrub = (text: string) =>
    noMentions(
      text.replace(URL_RE, (url) => {
        const bare = url.replace(/[.,;:!?]+$/, "");
        if (/^https?:\/\//i.test(bare) && linkable.has(key(bare))) return url;
        removedLinks++;
        return "(link removed)";
      }),
    );
  /** Scrubbed text, or null when nothing meaningful is left. */
  const keep = (text: string | null | undefined) => {
    if (!meaningful(text)) return null;
    const out = scrub(text.trim());
    return meaningful(out.replace(/\(link removed\)/g, "")) ? out : null;
  };
  let dropped = 0;
  const cite = (c: { text: string; sources: string[] }): string | null => {
    const ids = [...new Set(c.sources.map((s) => s.trim()))].filter((id) => sources.has(id));
    const text = keep(c.text);
    if (!ids.length || !text) {
      dropped++;
      return null;
    }
    const refs = ids.map((id) => `${id}: ${sources.get(id)?.ref ?? ""}`).join("; ");
    return `${text} [${refs}]`;
  };
  const tldr = cite(answer.tldr);
  const guidance = answer.guidance.map(cite).filter((g): g is string => g !== null);
  const causes = answer.causes.map(cite).filter((g): g is string => g !== null);
  const survived = (tldr ? 1 : 0) + guidance.length + causes.length;

  const resolved = new Set(gathered.files.keys());
  const notes = answer.notes.map(keep).filter((n): n is string => n !== null);
  const unknownPages = answer.pages.filter((p) => !resolved.has(p.sourcePath)).map((p) => p.sourcePath);
  const affectedPages = heuristic.affectedPages.map((page) => {
    const said = answer.pages.find((p) => p.sourcePath === page.sourcePath);
    const problem = said ? keep(said.problem) : null;
    return problem ? { ...page, problem } : page;
  });
  if (!tldr && survived) notes.push("The model's summary cited no source, so docgap's own summary is shown.");
  if (dropped) notes.push(`${dropped} statement(s) without a source docgap read were left out.`);
  if (removedLinks) notes.push(`${removedLinks} link(s) to pages docgap did not read were removed.`);
  if (unknownPages.length)
    notes.push(
      `Ignored files docgap did not resolve: ${unknownPages
        .slice(0, 10)
        .map((p) => code(p.slice(0, 200)))
        .join(", ")}.`,
    );

  // Nothing the model said survived: docgap's own analysis is posted, and the comment says why.
  if (survived === 0)
    return {
      analysis: { ...heuristic, notes: [...heuristic.notes, ...notes] },
      edits: answer.edits,
      notice: "docgap's own analysis is shown: none of the model's statements cited a source docgap read.",
    };

  // The recommendation must rest on what survived and on what docgap verified.
  const rationale = keep(answer.recommendation.rationale);
  let recommendation = { action: answer.recommendation.action, rationale: rationale ?? "" };
  let notice: string | null = null;
  const said = answer.recommendation.action;
  const unsupported = NEEDS_EVIDENCE[said];
  if (unsupported && heuristic.recommendation.action !== said) {
    recommendation = heuristic.recommendation;
    notice = `docgap's recommendation is shown: the model said ${said}, but ${unsupported}.`;
  } else if (!rationale) {
    recommendation = heuristic.recommendation;
    notice = "docgap's recommendation is shown: the model gave no reason for its own.";
  }
  const support = supportFor(survived, gathered);
  const confidence = notice
    ? heuristic.confidence
    : RANK[answer.confidence] > RANK[support]
      ? support
      : answer.confidence;
  const exampleContent = answer.example.needed ? keep(answer.example.content) : null;
  return {
    analysis: {
      kind: heuristic.kind,
      tldr: tldr ?? heuristic.tldr,
      guidance,
      causes,
      affectedPages,
      evidence: heuristic.evidence,
      example: {
        needed: answer.example.needed && exampleContent !== null,
        content: exampleContent,
        reason: keep(answer.example.reason) ?? heuristic.example.reason,
      },
      notes,
      recommendation,
      answer: recommendation.action === "already-documented" ? heuristic.answer : null,
      confidence,
    },
    edits: answer.edits,
    notice,
  };
}
