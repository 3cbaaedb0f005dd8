import type { DocgapConfig } from "../config/schema.js";
import { issueKind } from "../issue/kind.js";
import type { AffectedPage, GapAnalysis } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import { evidenceOf } from "./evidence.js";
import { type ConcreteFix, concreteFixes } from "./fixes.js";
import { guidanceFor } from "./guidance.js";
import { verdictOf } from "./verdict.js";
import { linesFor } from "./where.js";

/**
 * The built-in engine: judges the issue from its facts and the sources docgap gathered and checked, with no
 * model and no network. It locates, checks and cites; it does not write new documentation prose.
 */

export interface HeuristicContext {
  config?: DocgapConfig | null;
  /** The issue's repository, `owner/name`. */
  issueRepo?: string | null;
}

const firstSentence = (text: string | null, max = 220): string => {
  if (!text) return "";
  const lines = text.split("\n").filter((l) => l.trim());
  // Not a line that only greets or pings people ("cc @someone", "Hi team,"): the first that says something.
  const says = (l: string) =>
    l
      .replace(/(^|\s)@[\w-]{1,39}\b/g, " ")
      .replace(/\b(cc|hi|hello|hey|thanks|team|all|folks)\b[,:!.]*/gi, " ")
      .split(/\s+/)
      .filter((w) => /\w/.test(w)).length >= 3;
  const line = lines.find(says) ?? lines[0] ?? "";
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
};

function affected(gathered: Gathered, fixes: ConcreteFix[]): AffectedPage[] {
  const fallbackProblem = firstSentence(gathered.facts.problem) || gathered.facts.subject;
  return gathered.pages
    .filter((p) => p.sourcePath || p.url)
    .map((p) => ({
      url: p.url,
      sourcePath: p.sourcePath,
      section: p.section
        ? { heading: p.section.heading, startLine: p.section.startLine, endLine: p.section.endLine }
        : null,
      lines: linesFor(p, gathered, fixes),
      problem: p.context || fallbackProblem,
      score: p.score,
      reasons: [...p.reasons, ...(p.section?.reasons.map((r) => `section: ${r}`) ?? [])],
    }));
}

const isFlagLike = (id: string) =>
  /^--?[a-z]|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[a-z]+[A-Z]\w*$|\(|^\/[a-z]/.test(id);

/** An example only when there is something concrete to show: a fix's lines, or the issue's own code for the option. */
function exampleOf(gathered: Gathered, fixes: ConcreteFix[]): GapAnalysis["example"] {
  const fix = fixes.find((f) => f.kind !== "link");
  if (fix)
    return {
      needed: true,
      content: `${fix.replace}`,
      reason: `The corrected ${fix.endLine > fix.startLine ? "lines" : "line"} ${fix.startLine} of ${fix.path}.`,
    };
  const subjects = gathered.facts.identifiers.filter(isFlagLike);
  const block = gathered.facts.codeBlocks.find(
    (b) => b.role !== "current" && subjects.some((s) => b.value.includes(s)),
  );
  if (block)
    return {
      needed: true,
      content: `\`\`\`${block.lang ?? ""}\n${block.value.trim()}\n\`\`\``,
      reason: `The issue's own code, showing ${subjects
        .filter((s) => block.value.includes(s))
        .slice(0, 3)
        .map((s) => `\`${s}\``)
        .join(", ")} in use.`,
    };
  return {
    needed: false,
    content: null,
    reason: "Nothing concrete to show: the issue gives no code or value for an example.",
  };
}

function notesOf(gathered: Gathered, kindWhy: string): string[] {
  const notes = [
    `Heuristic analysis: the kind of issue was read from its words (${kindWhy}); the pages, lines and checks are docgap's own, and any new wording is left to a maintainer.`,
  ];
  const unplaced = gathered.pages.find((p) => p.sourcePath);
  if (unplaced && !unplaced.section && !unplaced.lines)
    notes.push(
      `No section of ${unplaced.sourcePath} matches the issue: where the change goes is only a guess.`,
    );
  const unmapped = gathered.pages.filter((p) => p.url && !p.sourcePath);
  if (unmapped.length && gathered.pages.some((p) => p.sourcePath))
    notes.push(`No source file found for ${unmapped.map((p) => p.url).join(", ")}.`);
  for (const c of gathered.changelog.filter(
    (c) => c.status === "not-found" || c.status === "found-elsewhere",
  ))
    notes.push(`Changelog: ${c.detail}.`);
  return notes;
}

export function heuristicAnalysis(gathered: Gathered, context: HeuristicContext = {}): GapAnalysis {
  const { kind, why } = issueKind(gathered.facts);
  const fixes = concreteFixes(gathered, kind);
  const pages = affected(gathered, fixes);
  const verdict = verdictOf({
    gathered,
    kind,
    kindWhy: why,
    pages,
    fixes,
    config: context.config ?? null,
    issueRepo: context.issueRepo ?? null,
  });
  const changelog = gathered.changelog.find(
    (c) => c.entry && (c.status === "verified" || c.status === "differs" || c.status === "found-elsewhere"),
  );
  return {
    kind,
    tldr: verdict.tldr,
    guidance: guidanceFor(gathered, kind, pages, fixes),
    causes: changelog
      ? [`Changed in ${changelog.foundUnder ?? changelog.version}: "${changelog.entry}" (changelog)`]
      : [],
    affectedPages: pages,
    evidence: evidenceOf(gathered),
    example: exampleOf(gathered, fixes),
    notes: notesOf(gathered, why),
    recommendation: verdict.recommendation,
    answer: verdict.answer,
    confidence: verdict.confidence,
  };
}
