import type { Edit, PatchResult } from "../types/patch.js";
import { applyEdit } from "./apply.js";
import { formatRefusal, pathRefusal } from "./check.js";
import { changedLines, diffApplies, unifiedDiff } from "./diff.js";

export interface PatchLimits {
  maxFiles: number;
  maxChangedLines: number;
}

export interface PatchInput {
  edits: Edit[];
  kind: PatchResult["kind"];
  /** Source text of every file docgap resolved, by path: the only files a patch may touch. */
  files: ReadonlyMap<string, string>;
  root: string;
  limits: PatchLimits;
}

/**
 * Applies anchored edits to the real source files and turns them into unified diffs. An edit that does not
 * apply, touches a file it may not, breaks the Markdown or exceeds the size budget is rejected with the reason;
 * nothing half-applied is ever returned.
 */
export function buildPatch(input: PatchInput): PatchResult {
  const rejected: PatchResult["rejected"] = [];
  const mapped = new Set(input.files.keys());
  const patched = new Map<string, string>();
  for (const edit of input.edits) {
    const refusal = pathRefusal(edit.path, mapped, input.root);
    if (refusal) {
      rejected.push({ path: edit.path, reason: refusal });
      continue;
    }
    const current = patched.get(edit.path) ?? input.files.get(edit.path) ?? "";
    const applied = applyEdit(current, edit);
    if (!applied.ok) {
      rejected.push({ path: edit.path, reason: applied.reason });
      continue;
    }
    patched.set(edit.path, applied.text);
  }
  const files: PatchResult["files"] = [];
  let budget = input.limits.maxChangedLines;
  for (const [path, after] of patched) {
    const before = input.files.get(path) ?? "";
    if (after === before) continue;
    const broken = formatRefusal(path, before, after);
    if (broken) {
      rejected.push({ path, reason: broken });
      continue;
    }
    if (files.length >= input.limits.maxFiles) {
      rejected.push({ path, reason: `over the limit of ${input.limits.maxFiles} file(s) per patch` });
      continue;
    }
    const { additions, deletions } = changedLines(before, after);
    if (additions + deletions > budget) {
      rejected.push({
        path,
        reason: `changes ${additions + deletions} lines, over the budget of ${input.limits.maxChangedLines}`,
      });
      continue;
    }
    const diff = unifiedDiff(path, before, after);
    if (!diffApplies(diff, before, after)) {
      rejected.push({ path, reason: "the diff does not apply to the file as it is" });
      continue;
    }
    budget -= additions + deletions;
    files.push({ path, diff, additions, deletions });
  }
  return { kind: input.kind, files, rejected };
}
