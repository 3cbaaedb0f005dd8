import { lineSlicer, readDocument } from "../document/read.js";
import { reporterText } from "../issue/said.js";
import { tokenize } from "../text/prose.js";
import type { ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { containsIdentifier, issueTerms } from "./rank.js";

/** Where the draft goes, and why (said in the patch's reasons). */
/** A line without its list, prompt or quote marker and surrounding space. */
const bare = (line: string) =>
  line
    .trim()
    .replace(/^(?:[-*+>]|\d{1,3}[.)])\s+/, "")
    .replace(/^\$\s+/, "")
    .trim();

export interface Placement {
  /** The line's text (unique in the file). */
  line: string;
  /** Its 1-based number. */
  at: number;
  /** The block it ends: the lines a change there is about. */
  block: [number, number];
  /** The first line of that block where the evidence is (it need not be unique); none for the closest paragraph. */
  evidence?: number;
  why: string;
}

/**
 * A line, unique in the file, after whose block the draft goes: the lines a GitHub link names, a quoted passage,
 * a line of code the issue shows, an identifier (in the located section); else the block of the section (or of
 * the file, when no section was located) that shares the most words with the issue.
 */
export function placement(
  path: string,
  text: string,
  page: ResolvedPage,
  facts: IssueFacts,
  code: string[],
): Placement | null {
  const lines = text.split("\n");
  const doc = readDocument(path, text);
  const blockOf = (n: number): [number, number] => doc.blocks.find(([a, b]) => a <= n && n <= b) ?? [n, n];
  const section = page.section;
  const from = section ? section.startLine + 1 : 1;
  const to = section ? section.endLine : lines.length;
  const unique = (n: number) => {
    const line = lines[n - 1] ?? "";
    return line.trim().length > 3 && text.indexOf(line) === text.lastIndexOf(line);
  };
  const first = (ns: number[], why: string, evidence = true): Placement | null => {
    const n = ns.find(unique);
    if (!n) return null;
    const block = blockOf(n);
    const seen = evidence ? ns.filter((k) => k >= block[0] && k <= block[1]) : [];
    return {
      line: lines[n - 1] ?? "",
      at: n,
      block,
      ...(seen.length ? { evidence: Math.min(...seen) } : {}),
      why: `${why} (line ${n})`,
    };
  };
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
  if (page.lines) {
    const [a, b] = page.lines;
    const hit = first(range(a, b).reverse(), `the lines the issue links to`);
    if (hit) return hit;
  }
  const inSection = (n: number) => n >= from && n <= to;
  const quoted = page.sourceQuoteChecks.flatMap((q) =>
    q.found && q.line && inSection(q.line) ? [q.line] : [],
  );
  const shown = new Set(code.map((l) => l.trim()).filter((l) => l.length >= 8));
  // Lines the issue pastes from the page (a command in a list item, a sentence on its own line), compared without
  // list, prompt or quote marks.
  const pasted = new Set(
    reporterText(facts)
      .slice(0, 20_000)
      .split("\n")
      .map(bare)
      .filter((l) => l.length >= 16),
  );
  const ids = facts.identifiers.filter((id) => id.length >= 3);
  const candidates: Array<[number[], string]> = [
    [quoted, "where the quoted text is"],
    [range(from, to).filter((n) => shown.has((lines[n - 1] ?? "").trim())), "on the code the issue shows"],
    [range(from, to).filter((n) => pasted.has(bare(lines[n - 1] ?? ""))), "on the line the issue pastes"],
    [
      range(from, to).filter((n) => ids.some((id) => containsIdentifier(lines[n - 1] ?? "", id))),
      "where the identifier is",
    ],
  ];
  for (const [ns, why] of candidates) {
    const hit = first(ns, why);
    if (hit) return hit;
  }
  // "Missing" with nothing to anchor on: after the block that comes closest to what the issue says.
  const terms = issueTerms(facts);
  const slice = lineSlicer(text);
  const headingLines = new Set(doc.sections.map((sec) => sec.startLine));
  let best: { score: number; block: [number, number] } | null = null;
  for (const block of doc.blocks) {
    if (block[0] < from || block[1] > to || headingLines.has(block[0])) continue;
    const words = new Set(tokenize(slice(block[0], block[1])));
    let score = 0;
    for (const [t, w] of terms) if (words.has(t)) score += w;
    if (score > 0 && (!best || score > best.score)) best = { score, block };
  }
  return best
    ? first(range(best.block[0], best.block[1]).reverse(), "after the paragraph closest to the issue", false)
    : null;
}
