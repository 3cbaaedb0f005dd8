import { placement } from "../locate/placement.js";
import type { LineRange } from "../types/analysis.js";
import type { Gathered, ResolvedPage } from "../types/gathered.js";
import type { ConcreteFix } from "./fixes.js";

/** At most this many lines: where the change goes, not the whole section. */
const MAX_LINES = 10;

const clamp = (start: number, end: number): LineRange => ({
  start,
  end: Math.min(end, start + MAX_LINES - 1),
});

/**
 * Where exactly on a page the change goes: the lines of a fix the facts determine, the link the issue means, the
 * lines a GitHub link names, the quoted passage, the code or identifier the issue shows, else the paragraph of
 * the section closest to what the issue says (after which a missing part belongs).
 */
export function linesFor(page: ResolvedPage, gathered: Gathered, fixes: ConcreteFix[]): LineRange | null {
  const path = page.sourcePath;
  if (!path) return null;
  const fix = fixes.find((f) => f.path === path);
  if (fix) return clamp(fix.startLine, fix.endLine);
  const link = gathered.checks.links.find(
    (l) => l.path === path && (l.status === "missing-page" || l.status === "missing-anchor"),
  );
  if (link) return clamp(link.line, link.line);
  if (page.lines) return clamp(page.lines[0], page.lines[1]);
  const text = gathered.files.get(path);
  if (!text) return null;
  const code = gathered.facts.codeBlocks.flatMap((b) => b.value.split("\n"));
  const place = placement(path, text, page, gathered.facts, code);
  if (place) {
    const [a, b] = place.block;
    if (b - a < MAX_LINES || place.evidence === undefined) return clamp(a, b);
    // A long block (a list, a table, a code sample): from just before the evidence, not the block's first ten.
    return clamp(Math.max(a, Math.min(place.evidence - 2, b - MAX_LINES + 1)), b);
  }
  if (page.section) {
    const end = Math.max(page.section.startLine, page.section.endLine);
    return clamp(page.section.startLine, Math.min(end, page.section.startLine + 2));
  }
  return null;
}
