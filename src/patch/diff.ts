import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY, structuredPatch } from "diff";

/** Unified diff of one file, `a/<path>` → `b/<path>`, three lines of context. */
export const unifiedDiff = (path: string, before: string, after: string): string =>
  createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });

/** Lines added and removed by a change. */
export function changedLines(before: string, after: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const hunk of structuredPatch("a", "b", before, after, undefined, undefined, { context: 0 }).hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith("+")) additions++;
      else if (line.startsWith("-")) deletions++;
    }
  }
  return { additions, deletions };
}

/** True when the diff applies to `before` and gives exactly `after`. */
export const diffApplies = (diff: string, before: string, after: string): boolean =>
  applyPatch(before, diff) === after;
