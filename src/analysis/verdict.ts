import type { DocgapConfig } from "../config/schema.js";
import { sliceLines } from "../document/read.js";
import { tokenize } from "../text/prose.js";
import type { AffectedPage, Answer, GapAnalysis, IssueKind } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import type { ConcreteFix } from "./fixes.js";

/** Words every question has: they say nothing about what it asks. */
const QUESTION_WORDS = new Set([
  "what",
  "which",
  "when",
  "where",
  "does",
  "should",
  "would",
  "could",
  "there",
  "anyone",
  "possible",
]);

/**
 * What should happen, decided from what was checked: the recommendation, its one-sentence TL;DR and the
 * confidence the checks allow. A claim docgap did not check is never stated as fact.
 */

export interface VerdictInput {
  gathered: Gathered;
  kind: IssueKind;
  kindWhy: string;
  pages: AffectedPage[];
  fixes: ConcreteFix[];
  config: DocgapConfig | null;
  /** The issue's repository, `owner/name`, when known. */
  issueRepo: string | null;
}

export interface Verdict {
  recommendation: GapAnalysis["recommendation"];
  tldr: string;
  confidence: GapAnalysis["confidence"];
  answer: Answer | null;
}

const at = (p: AffectedPage) =>
  `${p.sourcePath ?? p.url}${p.lines ? `:${p.lines.start}${p.lines.end > p.lines.start ? `-${p.lines.end}` : ""}` : ""}`;
const sectionOf = (p: AffectedPage) =>
  p.section && p.section.heading !== "(introduction)" ? ` (section "${p.section.heading}")` : "";
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};
const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A passage that answers a question: the located section of the page the words lead to, when it is a strong match. */
function answerOf(input: VerdictInput): Answer | null {
  const { gathered, pages } = input;
  if (input.kind !== "question") return null;
  const top = pages[0];
  const page = gathered.pages.find((p) => p.sourcePath && p.sourcePath === top?.sourcePath);
  if (!top?.sourcePath || !page?.section || page.section.depth === 0) return null;
  const text = gathered.files.get(top.sourcePath);
  if (!text) return null;
  // The question's own words, nearly all in the section, most of them in its heading: the section is about it.
  const asked = new Set(
    tokenize(gathered.facts.subject).filter((w) => w.length >= 4 && !QUESTION_WORDS.has(w)),
  );
  if (asked.size < 2) return null;
  const heading = new Set(tokenize(page.section.heading));
  const body = new Set(tokenize(sliceLines(text, page.section.startLine, page.section.endLine)));
  const inBody = [...asked].filter((w) => body.has(w) || heading.has(w)).length;
  const inHeading = [...asked].filter((w) => heading.has(w)).length;
  if (inBody / asked.size < 0.75 || inHeading < Math.min(2, asked.size)) return null;
  // A page the reporter links is one they have read: it does not answer them.
  if (page.url && gathered.facts.pages.some((u) => u.url.startsWith(page.url ?? "\0"))) return null;
  const start = page.section.startLine;
  const end = Math.min(page.section.endLine, start + 40);
  const where = page.url
    ? `${page.url}${page.section.depth > 1 ? ` (${top.sourcePath})` : ""}`
    : `\`${top.sourcePath}\``;
  return {
    path: top.sourcePath,
    url: page.url,
    heading: page.section.heading,
    lines: { start, end },
    reply: `This looks covered in ${where}, section "${page.section.heading}" (lines ${start}-${end}). Does that answer your question? If something there is unclear or missing, say what, and we will improve it.`,
  };
}

/** The docs repository, when the config names one other than the issue's, or the issue's repository declares one. */
const elsewhere = (input: VerdictInput): string | null => {
  const repo = input.config?.docs.repo ?? input.gathered.site?.docsRepo?.repo ?? null;
  return repo && input.issueRepo && repo.toLowerCase() !== input.issueRepo.toLowerCase() ? repo : null;
};

/** Where the current source has the link now, and a reply that says so. */
function fixedPassage(
  path: string,
  now: { url: string; line: number },
  top: AffectedPage | undefined,
  read: string,
): Answer {
  const section = top?.sourcePath === path ? top.section : null;
  return {
    path,
    url: top?.url ?? null,
    heading: section && now.line >= section.startLine && now.line <= section.endLine ? section.heading : "",
    lines: { start: now.line, end: now.line },
    reply: `The current version of this page links ${now.url} there instead${read}. Could you check the latest version of the page? If it still shows the old link, say where, and we will fix it.`,
  };
}

export function verdictOf(input: VerdictInput): Verdict {
  const { gathered, kind, pages, fixes } = input;
  const top = pages[0];
  const facts = gathered.facts;
  const brokenLinks = gathered.checks.links.filter(
    (l) => l.status === "missing-page" || l.status === "missing-anchor",
  );
  const generated = top?.sourcePath
    ? gathered.checks.generated.find((g) => g.path === top.sourcePath)
    : undefined;
  const quoteFound = gathered.pages.some((p) => p.sourceQuoteChecks.some((q) => q.found));
  const quoteGone =
    facts.docQuotes.length > 0 &&
    !quoteFound &&
    gathered.pages.some(
      (p) => p.sourceQuoteChecks.length > 0 && p.sourceQuoteChecks.every((q) => q.ratio < 0.5),
    );
  const changelogVerified = gathered.changelog.some((c) => c.status === "verified");
  const merged = gathered.linked.find(
    (t) => t.kind === "pull" && t.merged && t.files.some((f) => pages.some((p) => p.sourcePath === f)),
  );

  // Confidence follows the checks: high only when one confirmed the claim.
  const confirmed = fixes.length > 0 || brokenLinks.length > 0 || quoteFound || (changelogVerified && !!top);
  // The page is placed when the issue names it, or when a check found the fault on it.
  const onTop = (path: string) => path === top?.sourcePath;
  const placed =
    !!top && (top.score >= 0.8 || fixes.some((f) => onTop(f.path)) || brokenLinks.some((l) => onTop(l.path)));
  const confidence: GapAnalysis["confidence"] =
    confirmed && placed ? "high" : placed || confirmed ? "medium" : "low";
  const verdict = (
    action: GapAnalysis["recommendation"]["action"],
    rationale: string,
    tldr: string,
    conf: GapAnalysis["confidence"] = confidence,
    answer: Answer | null = null,
  ): Verdict => ({ recommendation: { action, rationale }, tldr, confidence: conf, answer });

  if (kind === "not-docs")
    return verdict(
      "not-docs",
      `This reads as a report about the code, not the docs: ${input.kindWhy}.`,
      `Not a docs change: ${input.kindWhy}; handle it as a code issue.`,
      "medium",
    );
  const answer = answerOf(input);
  if (answer)
    return verdict(
      "already-documented",
      `${answer.path}, section "${answer.heading}" (lines ${answer.lines.start}-${answer.lines.end}), covers what the issue asks; reply with it, and improve the page only if the reporter says it does not answer them.`,
      `The docs may already answer this: ${answer.path}, section "${answer.heading}" (lines ${answer.lines.start}-${answer.lines.end}).`,
      "medium",
      answer,
    );

  const other = elsewhere(input);
  if (other)
    return verdict(
      "docs-elsewhere",
      `The docs are published from ${other}, not from ${input.issueRepo}${input.gathered.site?.docsRepo ? ` (${input.gathered.site.docsRepo.why})` : ""}: the change belongs there (transfer the issue, or open the fix there).`,
      `The docs live in ${other}: ${top ? `the page is ${at(top)}` : "the pages the issue names are published from there"}; the fix belongs in that repository.`,
    );
  if (merged) {
    const files = merged.files.filter((f) => pages.some((p) => p.sourcePath === f));
    return verdict(
      "already-fixed",
      `Pull request #${merged.number} ("${merged.title}") is merged and changed ${files.join(", ")}; check whether it covers this issue before writing more.`,
      `This may already be fixed: #${merged.number} is merged and changed ${files.join(", ")}.`,
    );
  }
  // The link the issue reports is not in the current source: the page changed since the reporter read it.
  const gone = gathered.checks.gone?.[0];
  if (kind === "broken-link" && gone && brokenLinks.length === 0 && fixes.length === 0) {
    const now = gone.now ? `; line ${gone.now.line} now links ${gone.now.url}` : "";
    const read = gone.pinned ? ` (the reporter read version ${gone.pinned} of the docs)` : "";
    return verdict(
      "already-fixed",
      `The current ${gone.path} no longer has the link the issue reports (${gone.url})${now}${read}: the page was changed since. Check the published page and close the issue if it is right.`,
      `This may already be fixed: ${gone.path} no longer links ${gone.url}${now}${read}.`,
      "medium",
      gone.now ? fixedPassage(gone.path, gone.now, top, read) : null,
    );
  }
  const twin = gathered.duplicates[0];
  if (twin)
    return verdict(
      "duplicate",
      `#${twin.number} ("${twin.title}", ${twin.state}) is about the same page and says the same: ${twin.why}. Close one as a duplicate of the other, keeping the one with more detail.`,
      `This looks like a duplicate of #${twin.number} (${twin.state}): the same page and the same complaint.`,
      "medium",
    );
  if (!top) {
    return verdict(
      "needs-info",
      "docgap could not tie this issue to a page or a source file; ask the reporter for the page URL and the passage that is wrong or missing.",
      "Not enough to act on yet: no page or source file could be tied to this issue; ask for the page URL.",
      "low",
    );
  }
  // Pages named only by their published URL: their source is not in this repository.
  if (!pages.some((p) => p.sourcePath) && top.url) {
    const live = gathered.pages.find((p) => p.url === top.url)?.published?.section?.heading;
    const host = hostOf(top.url);
    // Only a docs tree docgap read can show that it does not publish the pages; unread, it says so.
    const read = gathered.site !== null;
    const named = pages.length > 1 ? `${pages.length} pages this issue names` : "page this issue names";
    const what = `${PAGE_VERB[kind].toLowerCase()} ${top.url}${live ? ` after "${clip(live, 60)}" on the live page` : ""}${pages.length > 1 ? `, then the others it lists` : ""}`;
    return verdict(
      "update-docs",
      read
        ? `The pages the issue names are published at ${host ?? "a site"}, and nothing in this repository publishes them (no site config, no docs file with their routes): the change goes to their source wherever it lives.`
        : `The docs source was not read, so the pages the issue names are listed as published at ${host ?? "a site"}; the change goes to their source.`,
      read
        ? `The ${named} ${pages.length > 1 ? "are" : "is"} not published from this repository: ${what}.`
        : `The docs source was not read; from the ${named}: ${what}.`,
      confidence === "high" ? "medium" : confidence,
    );
  }
  const where = `${at(top)}${sectionOf(top)}`;
  let tldr: string;
  const fix = fixes[0];
  const link = brokenLinks[0];
  if (generated)
    tldr = `${top.sourcePath} is generated${generated.source ? ` from ${generated.source}` : ""} (its header says "${clip(generated.marker, 80)}"): the fix belongs in ${generated.source ?? "its source"}, not in the generated page.`;
  else if (link)
    tldr = `The link "${clip(link.text, 60)}" at ${link.path}:${link.line} points to ${clip(link.target, 80)}, ${link.status === "missing-anchor" ? "a section that does not exist" : "a page the site does not publish"}${link.suggestion ? `; the page that exists is ${link.suggestion}` : ""}.`;
  else if (fix) tldr = `${fix.path}:${fix.startLine} needs the change the issue states: ${fix.why}.`;
  else if (quoteFound)
    tldr = `The passage the issue quotes is at ${where}: ${PASSAGE_VERB[kind]} it as the issue describes.`;
  else if (quoteGone)
    tldr = `The passage the issue quotes is no longer in ${top.sourcePath}: the page may have changed since the issue was filed; check ${where} before editing.`;
  else if (kind === "missing" || kind === "question")
    tldr = `${where} is where the missing part belongs: ${clip(facts.subject)}.`;
  else tldr = `${PAGE_VERB[kind]} ${where}: ${clip(facts.subject)}.`;

  const evidence = [
    changelogVerified ? "the changelog entry it cites is verified" : null,
    quoteFound ? "the quoted text is in the file" : null,
    link ? "the link leads nowhere on the site" : null,
    fix ? "the correction is determined" : null,
  ].filter(Boolean);
  return verdict(
    "update-docs",
    `The issue points at ${where}${evidence.length ? `, and ${evidence.join(", ")}` : ""}; the page needs the change the reporter describes.`,
    tldr,
  );
}

/** What to do to a page, by kind: "Correct docs/x.md", and to a passage: "correct it". */
const PAGE_VERB: Record<IssueKind, string> = {
  "broken-link": "Fix the link in",
  typo: "Fix the typo in",
  wrong: "Correct",
  outdated: "Update",
  missing: "Add what is missing to",
  unclear: "Clarify",
  question: "Answer the question in",
  "not-docs": "Check",
};
const PASSAGE_VERB: Record<IssueKind, string> = {
  "broken-link": "fix",
  typo: "fix",
  wrong: "correct",
  outdated: "update",
  missing: "extend",
  unclear: "clarify",
  question: "extend",
  "not-docs": "check",
};
