import type { DocgapConfig } from "./schema.js";

/** A label's words say documentation: `docs`, `type: documentation`, `📚 documentation / examples`, `area/doc`. */
const DOCS_WORD = /(?:^|[^a-z])(?:docs?|documentation)(?:$|[^a-z])/i;

/** Whether a label starts an analysis: one of `trigger.labels` (without case), or a docs label when allowed. */
export function isTriggerLabel(label: string | null | undefined, trigger: DocgapConfig["trigger"]): boolean {
  if (!label) return false;
  const name = label.trim().toLowerCase();
  if (trigger.labels.some((l) => l.trim().toLowerCase() === name)) return true;
  return trigger.docsLabels && DOCS_WORD.test(name.slice(0, 100));
}
