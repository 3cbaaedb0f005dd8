import type { AffectedPage, Evidence, GapAnalysis } from "../types/analysis.js";
import type { Gathered, ResolvedPage } from "../types/gathered.js";

/**
 * The built-in engine: fills the gap analysis from the issue's facts and the sources docgap gathered, with no
 * model and no network. It locates and cites; it does not write new documentation prose.
 */

const firstSentence = (text: string | null, max = 220): string => {
  if (!text) return "";
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
};

const lines = (p: ResolvedPage) => (p.section ? `:${p.section.startLine}-${p.section.endLine}` : "");

const verb = (docType: string | null): string => {
  const t = (docType ?? "").toLowerCase();
  if (/broken link/.test(t)) return "Fix the broken link in";
  if (/incorrect|outdated/.test(t)) return "Correct";
  if (/unclear|confusing/.test(t)) return "Clarify";
  if (/typo|format/.test(t)) return "Fix the wording in";
  if (/example/.test(t)) return "Add an example to";
  return "Document the missing behaviour in";
};

const isFlagLike = (id: string) =>
  /^--?[a-z]|^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^[a-z]+[A-Z]\w*$|\(|^\/[a-z]/.test(id);

function affected(gathered: Gathered): AffectedPage[] {
  const fallbackProblem = firstSentence(gathered.facts.problem) || gathered.facts.subject;
  return gathered.pages
    .filter((p) => p.sourcePath || p.url)
    .map((p) => ({
      url: p.url,
      sourcePath: p.sourcePath,
      section: p.section
        ? { heading: p.section.heading, startLine: p.section.startLine, endLine: p.section.endLine }
        : null,
      problem: p.context || fallbackProblem,
      score: p.score,
      reasons: [...p.reasons, ...(p.section?.reasons.map((r) => `section: ${r}`) ?? [])],
    }));
}

function evidenceOf(gathered: Gathered): Evidence[] {
  const out: Evidence[] = [];
  const { facts } = gathered;
  for (const p of gathered.pages) {
    if (p.sourcePath) {
      out.push({
        claim: p.url
          ? `${p.url} is published from ${p.sourcePath}`
          : `${p.sourcePath} is the likeliest file for this issue`,
        source: { kind: "docs-file", ref: `${p.sourcePath}${lines(p)}` },
        verified: p.score >= 0.8,
        detail: p.reasons[0] ?? "",
      });
    }
    if (p.section && p.sourcePath) {
      out.push({
        claim: `The relevant section is "${p.section.heading}" (lines ${p.section.startLine}-${p.section.endLine})`,
        source: { kind: "docs-file", ref: `${p.sourcePath}${lines(p)}` },
        verified: p.section.score >= 0.5,
        detail: p.section.reasons.join("; "),
      });
    }
    if (p.published?.section && p.url) {
      out.push({
        claim: `On the published page, the issue is about the section "${p.published.section.heading}"`,
        source: { kind: "page", ref: p.url },
        verified: true,
        detail: p.published.section.reasons.join("; "),
      });
    }
    for (const q of p.published?.quoteChecks ?? []) {
      out.push({
        claim: `The published page says "${q.quote.slice(0, 120)}"`,
        source: { kind: "page", ref: p.url ?? "" },
        verified: q.found,
        detail: q.found ? "found on the fetched page" : "not found on the fetched page",
      });
    }
  }
  // Each quoted passage once: where it is, or that none of the mapped files has it.
  for (const quote of facts.docQuotes) {
    const checks = gathered.pages.flatMap((p) =>
      p.sourceQuoteChecks.filter((q) => q.quote === quote).map((q) => ({ ...q, path: p.sourcePath })),
    );
    if (checks.length === 0) continue;
    const hit = checks.find((c) => c.found);
    const best = [...checks].sort((a, b) => b.ratio - a.ratio)[0];
    const short = `${quote.slice(0, 120)}${quote.length > 120 ? "…" : ""}`;
    out.push({
      claim: `The docs say "${short}"`,
      source: {
        kind: "docs-file",
        ref: hit ? `${hit.path}:${hit.line}` : checks.map((c) => c.path).join(", "),
      },
      verified: !!hit,
      detail: hit
        ? `found in ${hit.path} at line ${hit.line}`
        : `not in ${checks.map((c) => c.path).join(", ")} as they are now (best match ${Math.round((best?.ratio ?? 0) * 100)}% of its words in ${best?.path}); it may have moved or changed`,
    });
  }
  for (const f of gathered.changelog) {
    const ref = `${gathered.changelogPath ?? "changelog"}${f.line ? `:${f.line}` : ""}${f.foundUnder ? ` (${f.foundUnder})` : ""}`;
    out.push({
      claim: f.quote
        ? `Changelog ${f.version ?? ""}: "${f.quote}"`.replace("  ", " ")
        : `Changelog ${f.version} is cited`,
      source: { kind: "changelog", ref },
      verified: f.status === "verified" || f.status === "version-found",
      detail:
        f.status === "differs" || f.status === "found-elsewhere" ? `${f.detail}: "${f.entry}"` : f.detail,
    });
  }
  for (const t of gathered.linked) {
    const touched = t.files.filter((f) => gathered.pages.some((p) => p.sourcePath === f));
    out.push({
      claim:
        t.kind === "pull"
          ? `#${t.number} "${t.title}" is ${t.merged ? "merged" : t.state}${touched.length ? ` and changed ${touched.join(", ")}` : ""}`
          : `#${t.number} "${t.title}" is ${t.state}`,
      source: { kind: t.kind === "pull" ? "linked-pull" : "linked-issue", ref: t.url },
      verified: true,
      detail: t.files.length ? `changed files: ${t.files.slice(0, 5).join(", ")}` : "",
    });
  }
  return out;
}

function recommend(gathered: Gathered, pages: AffectedPage[]): GapAnalysis["recommendation"] {
  const fixing = gathered.linked.find(
    (t) => t.kind === "pull" && t.merged && t.files.some((f) => pages.some((p) => p.sourcePath === f)),
  );
  if (fixing) {
    return {
      action: "already-fixed",
      rationale: `Pull request #${fixing.number} ("${fixing.title}") is merged and changed ${fixing.files.filter((f) => pages.some((p) => p.sourcePath === f)).join(", ")}; check whether it covers this issue before writing more.`,
    };
  }
  const text = `${gathered.facts.problem ?? ""} ${gathered.facts.suggestion ?? ""}`.trim();
  if (pages.length === 0 || text.length < 25) {
    return {
      action: "needs-info",
      rationale:
        pages.length === 0
          ? "docgap could not tie this issue to a page or a source file; ask the reporter for the page URL and the passage that is wrong or missing."
          : "The issue says too little about what is wrong; ask the reporter what the page should say.",
    };
  }
  const top = pages[0];
  return {
    action: "update-docs",
    rationale: `The issue points at ${top?.sourcePath ?? top?.url}${top?.section ? ` ("${top.section.heading}")` : ""}${gathered.changelog.some((c) => c.status === "verified") ? " and the changelog entry it cites is verified" : ""}; the page needs the change the reporter describes.`,
  };
}

function exampleOf(gathered: Gathered): GapAnalysis["example"] {
  const { facts } = gathered;
  const subjects = facts.identifiers.filter(isFlagLike);
  if (subjects.length === 0) {
    return {
      needed: false,
      content: null,
      reason: "The gap is about explanation, not a flag, option, API or command.",
    };
  }
  const block = facts.codeBlocks.find((b) => subjects.some((s) => b.value.includes(s)));
  const content = block
    ? `\`\`\`${block.lang ?? ""}\n${block.value.trim()}\n\`\`\``
    : (facts.suggestedText ?? null);
  return {
    needed: true,
    content,
    reason: content
      ? `Drawn from the issue; it shows ${subjects
          .slice(0, 3)
          .map((s) => `\`${s}\``)
          .join(", ")} in use.`
      : `Show ${subjects
          .slice(0, 3)
          .map((s) => `\`${s}\``)
          .join(", ")} in use; the issue gives no example to start from.`,
  };
}

export function heuristicAnalysis(gathered: Gathered): GapAnalysis {
  const { facts } = gathered;
  const pages = affected(gathered);
  const top = pages[0];
  const where = top
    ? `\`${top.sourcePath ?? top.url}\`${top.section ? ` (section "${top.section.heading}")` : ""}`
    : "the docs";
  const changelog = gathered.changelog.find(
    (c) => c.entry && (c.status === "verified" || c.status === "differs" || c.status === "found-elsewhere"),
  );
  const recommendation = recommend(gathered, pages);

  const guidance: string[] = [];
  for (const p of pages.slice(0, 5)) {
    const at = p.sourcePath
      ? `\`${p.sourcePath}\`${p.section ? `, "${p.section.heading}" (lines ${p.section.startLine}-${p.section.endLine})` : ""}`
      : p.url;
    guidance.push(`${at}: ${p.problem}`);
  }
  if (changelog) {
    guidance.push(
      `Base the new text on the changelog entry under ${changelog.foundUnder}: "${changelog.entry}".`,
    );
  }
  for (const line of (facts.suggestion ?? "")
    .split("\n")
    .filter((l) => l.length > 15)
    .slice(0, 4)) {
    guidance.push(`Reporter's suggestion: ${line}`);
  }

  const notes = [
    "Heuristic analysis: docgap located the pages, sections and sources without a language model; the wording of any fix is left to a maintainer.",
  ];
  const stale = gathered.pages.flatMap((p) =>
    p.sourceQuoteChecks.filter((q) => !q.found).map(() => p.sourcePath),
  );
  if (stale.length)
    notes.push(
      `Some quoted text is not in ${[...new Set(stale)].join(", ")} as it is now: the page may have changed since the issue was filed.`,
    );
  const unplaced = gathered.pages.find((p) => p.sourcePath);
  if (unplaced && !unplaced.section)
    notes.push(
      `docgap could not place the change in ${unplaced.sourcePath}: no section of it matches the issue, so where the draft sits is only a guess.`,
    );
  const unmapped = gathered.pages.filter((p) => p.url && !p.sourcePath);
  if (unmapped.length && gathered.pages.some((p) => p.sourcePath)) {
    notes.push(`No source file found for ${unmapped.map((p) => p.url).join(", ")}.`);
  }
  for (const c of gathered.changelog.filter(
    (c) => c.status === "not-found" || c.status === "found-elsewhere",
  )) {
    notes.push(`Changelog: ${c.detail}.`);
  }

  const confidence: GapAnalysis["confidence"] =
    top && top.score >= 0.8 && top.section ? "high" : top && top.score >= 0.4 ? "medium" : "low";
  const tldr =
    recommendation.action === "update-docs"
      ? `${verb(facts.docType)} ${where}: ${facts.subject}.`
      : recommendation.action === "already-fixed"
        ? `This may already be fixed: ${recommendation.rationale}`
        : `Not enough to act on yet: ${recommendation.rationale}`;

  const causes = changelog
    ? [`Changed in ${changelog.foundUnder ?? changelog.version}: "${changelog.entry}" (changelog)`]
    : [];
  return {
    tldr,
    guidance,
    causes,
    affectedPages: pages,
    evidence: evidenceOf(gathered),
    example: exampleOf(gathered),
    notes,
    recommendation,
    confidence,
  };
}
