import type { AffectedPage, IssueKind } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import type { ConcreteFix } from "./fixes.js";

/**
 * Guidance as instructions a maintainer can follow in minutes, built from what was checked: what to change,
 * where, what else to look at. The reporter's own suggestion is kept whole, as one item.
 */

const MAX_ITEMS = 8;
const code = (s: string) => `\`${s}\``;
const lines = (p: AffectedPage) =>
  p.lines
    ? p.lines.end > p.lines.start
      ? ` lines ${p.lines.start}-${p.lines.end}`
      : ` line ${p.lines.start}`
    : "";
const section = (p: AffectedPage) =>
  p.section && p.section.heading !== "(introduction)" ? `, section "${p.section.heading}"` : "";

const ADD: Record<IssueKind, string> = {
  "broken-link": "Fix the link the issue reports",
  typo: "Fix the wording the issue reports",
  wrong: "Correct the statement the issue reports",
  outdated: "Bring the passage up to date",
  missing: "Add the missing part",
  unclear: "Rewrite the passage so it answers the reporter's confusion",
  question: "Add the answer",
  "not-docs": "Check",
};

export function guidanceFor(
  gathered: Gathered,
  kind: IssueKind,
  pages: AffectedPage[],
  fixes: ConcreteFix[],
): string[] {
  const out: string[] = [];
  const top = pages[0];
  const generated = new Map(gathered.checks.generated.map((g) => [g.path, g]));
  for (const f of fixes)
    out.push(
      f.kind === "link"
        ? `In ${code(f.path)} line ${f.startLine}, point the link to the page that exists (${f.why}).`
        : `In ${code(f.path)} line ${f.startLine}, make the change the facts give: ${f.why}.`,
    );
  for (const l of gathered.checks.links) {
    if ((l.status !== "missing-page" && l.status !== "missing-anchor") || l.suggestion) continue;
    out.push(
      `In ${code(l.path)} line ${l.line}, the link "${l.text}" leads nowhere (${l.why}): point it at the page it means, or remove it.`,
    );
  }
  if (top?.sourcePath) {
    const gen = generated.get(top.sourcePath);
    if (gen)
      out.push(
        gen.source
          ? `Edit ${code(gen.source)}, which ${code(top.sourcePath)} is generated from, then regenerate the page; do not edit the generated file.`
          : `${code(top.sourcePath)} is generated ("${gen.marker}"): find its source and fix it there; do not edit the generated file.`,
      );
    else if (fixes.length === 0 && kind !== "not-docs")
      out.push(
        `${ADD[kind]} in ${code(top.sourcePath)}${section(top)}${lines(top) ? `, at${lines(top)}` : ""}.`,
      );
  } else if (top?.url) {
    // Published pages only: what to change on each, in the issue's order, for the docs' own source.
    for (const p of pages.filter((p) => p.url).slice(0, 6)) {
      const live = gathered.pages.find((g) => g.url === p.url)?.published?.section?.heading;
      out.push(
        `${p === top ? ADD[kind] : "Check"} on ${p.url}${live ? `, after "${live}"` : ""}${p.problem && p !== top ? `: ${p.problem}` : ""}; its source is not in this repository.`,
      );
    }
  }
  const entry = gathered.changelog.find(
    (c) => c.entry && (c.status === "verified" || c.status === "found-elsewhere"),
  );
  if (entry)
    out.push(
      `Base the wording on the changelog entry under ${entry.foundUnder ?? entry.version}: "${entry.entry}".`,
    );
  for (const p of pages.slice(1, 4)) {
    if (!p.sourcePath || !p.url) continue;
    out.push(`Check ${code(p.sourcePath)}${section(p)} for the same problem: the issue names it too.`);
  }
  const copies = gathered.pages[0]?.reasons.find((r) => r.startsWith("translated or versioned copies"));
  if (copies && top?.sourcePath)
    out.push(`Apply the same change to the ${copies.replace(/ that may need the same change/, "")}.`);
  const suggestion = gathered.facts.suggestion?.trim();
  if (suggestion && suggestion.length >= 15 && kind !== "not-docs")
    out.push(`The reporter suggests:\n${suggestion.slice(0, 1500)}`);
  return out.slice(0, MAX_ITEMS);
}
