import { apiRefsOf, moduleOf } from "../document/api-refs.js";
import type { DocsIndex } from "../locate/docs-index.js";
import { checkQuotes } from "../text/prose.js";
import type { IssueFacts } from "../types/issue-facts.js";

/** Modules read at most for one page. */
const MAX_MODULES = 10;

/**
 * The module whose docstrings hold every passage the issue quotes, when the page renders API docs from docstrings
 * (autodoc, mkdocstrings) and the page itself holds none of them: the fix belongs in that docstring.
 */
export async function docstringWithQuotes(index: DocsIndex, page: string, text: string, facts: IssueFacts) {
  if (facts.docQuotes.length === 0) return null;
  const refs = apiRefsOf(text);
  if (!refs.length) return null;
  const files = new Set(index.snapshot.files);
  const seen = new Set<string>();
  for (const ref of refs) {
    const mod = moduleOf(ref.name, files);
    if (!mod || seen.has(mod.path)) continue;
    seen.add(mod.path);
    if (seen.size > MAX_MODULES) break;
    const source = (await index.snapshot.text(mod.path))?.slice(0, 2_000_000);
    if (!source) continue;
    const checks = checkQuotes(facts.docQuotes, source);
    if (!checks.every((q) => q.found)) continue;
    const line = checks[0]?.line ?? null;
    return {
      path: mod.path,
      text: source,
      why: `the text the issue quotes is in the docstrings of ${ref.name} (${mod.path}), which ${page} renders with ${ref.directive}`,
      lines: line ? ([line, line] as [number, number]) : null,
      checks,
    };
  }
  return null;
}
