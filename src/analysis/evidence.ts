import type { Evidence } from "../types/analysis.js";
import type { Gathered, ResolvedPage } from "../types/gathered.js";

const lines = (p: ResolvedPage) => (p.section ? `:${p.section.startLine}-${p.section.endLine}` : "");

/** What each source docgap read says, and whether docgap checked it itself. */
export function evidenceOf(gathered: Gathered): Evidence[] {
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
  for (const l of gathered.checks.links) {
    if (l.status === "external" || l.status === "unchecked") continue;
    out.push({
      claim:
        l.status === "ok"
          ? `The link "${l.text}" (${l.target}) leads to a page that exists`
          : `The link "${l.text}" (${l.target}) leads to no ${l.status === "missing-anchor" ? "section" : "page"} of the site`,
      source: { kind: "docs-file", ref: `${l.path}:${l.line}` },
      verified: true,
      detail: l.why,
    });
  }
  for (const d of gathered.duplicates)
    out.push({
      claim: `#${d.number} "${d.title}" (${d.state}) is about the same page`,
      source: { kind: "linked-issue", ref: d.url },
      verified: true,
      detail: d.why,
    });
  for (const g of gathered.checks.gone ?? [])
    out.push({
      claim: `${g.path} no longer links ${g.url}`,
      source: { kind: "docs-file", ref: g.path },
      verified: true,
      detail: `the link the issue reports is not in the current source${g.pinned ? `; the issue's page is version ${g.pinned}` : ""}`,
    });
  for (const g of gathered.checks.generated)
    out.push({
      claim: `${g.path} is generated${g.source ? ` from ${g.source}` : ""}`,
      source: { kind: "docs-file", ref: `${g.path}:1` },
      verified: true,
      detail: `its header says "${g.marker}"`,
    });
  return out;
}
