import { z } from "zod";
import { Edit } from "../patch/edit.js";
import { noMentions } from "../publish/escape.js";
import type { Gathered } from "../sources/gather.js";
import type { SourceItem } from "./budget.js";
import { type GapAnalysis, Recommendation } from "./schema.js";

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

const URL_RE = /\bhttps?:\/\/[^\s<>()[\]"'`]+/g;

/**
 * Checks a model's answer against what docgap resolved: statements keep only sources that were sent (and are
 * dropped without one), links only to sources docgap read, no mentions, affected pages and edits only for the
 * files docgap mapped. Returns the analysis to post, the edits to try, and what was removed.
 */
export function checkAnswer(
  answer: ModelAnswer,
  ctx: CheckContext,
): { analysis: GapAnalysis; edits: Edit[] } {
  const { gathered, sources, heuristic } = ctx;
  const linkable = new Set<string>();
  for (const p of gathered.pages) if (p.url) linkable.add(p.url.replace(/#.*$/, ""));
  for (const t of gathered.linked) linkable.add(t.url);
  for (const s of gathered.sources) if (s.url && s.status === "ok") linkable.add(s.url);
  let removedLinks = 0;
  const scrub = (text: string) =>
    noMentions(
      text.replace(URL_RE, (url) => {
        const bare = url.replace(/[.,;:!?]+$/, "");
        if (linkable.has(bare.replace(/#.*$/, ""))) return url;
        removedLinks++;
        return "(link removed)";
      }),
    );
  let dropped = 0;
  const cite = (c: { text: string; sources: string[] }): string | null => {
    const ids = [...new Set(c.sources.map((s) => s.trim()))].filter((id) => sources.has(id));
    if (!ids.length || !c.text.trim()) {
      dropped++;
      return null;
    }
    const refs = ids.map((id) => `${id}: ${sources.get(id)?.ref ?? ""}`).join("; ");
    return `${scrub(c.text.trim())} [${refs}]`;
  };
  const tldr = cite(answer.tldr);
  const guidance = answer.guidance.map(cite).filter((g): g is string => g !== null);
  const causes = answer.causes.map(cite).filter((g): g is string => g !== null);

  const resolved = new Set(gathered.files.keys());
  const notes = answer.notes.map(scrub);
  const unknownPages = answer.pages.filter((p) => !resolved.has(p.sourcePath)).map((p) => p.sourcePath);
  const affectedPages = heuristic.affectedPages.map((page) => {
    const said = answer.pages.find((p) => p.sourcePath === page.sourcePath);
    return said ? { ...page, problem: scrub(said.problem) } : page;
  });
  if (!tldr) notes.push("The model's summary cited no source, so docgap's own summary is shown.");
  if (dropped) notes.push(`${dropped} statement(s) without a source docgap read were left out.`);
  if (removedLinks) notes.push(`${removedLinks} link(s) to pages docgap did not read were removed.`);
  if (unknownPages.length)
    notes.push(`Ignored files docgap did not resolve: ${unknownPages.map((p) => `\`${p}\``).join(", ")}.`);
  return {
    analysis: {
      tldr: tldr ?? heuristic.tldr,
      guidance,
      causes,
      affectedPages,
      evidence: heuristic.evidence,
      example: {
        needed: answer.example.needed,
        content: answer.example.content ? scrub(answer.example.content) : null,
        reason: scrub(answer.example.reason),
      },
      notes,
      recommendation: {
        action: answer.recommendation.action,
        rationale: scrub(answer.recommendation.rationale),
      },
      confidence: answer.confidence,
    },
    edits: answer.edits,
  };
}
