import { apiRefsOf, moduleOf, reexportOf } from "../document/api-refs.js";
import type { DocsIndex } from "../locate/docs-index.js";
import { checkQuotes } from "../text/prose.js";
import type { IssueFacts } from "../types/issue-facts.js";

/** The definition whose docstring holds `line`: the nearest `def` or `class` above it, with its class (`Session.request`). */
function definedAbove(source: string, line: number): string | null {
  const lines = source.split("\n", line);
  for (let i = lines.length - 1; i >= 0; i--) {
    const def = /^(\s*)(?:async\s+def|def|class)\s+(\w{1,100})/.exec((lines[i] ?? "").slice(0, 300));
    if (!def) continue;
    const indent = def[1]?.length ?? 0;
    for (let k = i - 1; indent > 0 && k >= 0; k--) {
      const outer = /^(\s*)class\s+(\w{1,100})/.exec((lines[k] ?? "").slice(0, 300));
      if (outer && (outer[1]?.length ?? 0) < indent) return `${outer[2]}.${def[2]}`;
    }
    return def[2] ?? null;
  }
  return null;
}

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
  const read = async (path: string) => (await index.snapshot.text(path))?.slice(0, 2_000_000) ?? null;
  for (const ref of refs) {
    const mod = moduleOf(ref.name, files);
    if (!mod) continue;
    // A package that re-exports the name (`from .decorators import option`): the docstring is in that module.
    let path = mod.path;
    const init = mod.symbol[0] ? await read(mod.path) : null;
    const sub = init && mod.symbol[0] ? reexportOf(mod.path, init, mod.symbol[0], files) : null;
    if (sub) path = sub;
    if (seen.has(path)) continue;
    seen.add(path);
    if (seen.size > MAX_MODULES) break;
    const source = path === mod.path && init !== null ? init : await read(path);
    if (!source) continue;
    const checks = checkQuotes(facts.docQuotes, source);
    if (!checks.every((q) => q.found)) continue;
    const line = checks[0]?.line ?? null;
    const defined = line ? definedAbove(source, line) : null;
    return {
      path,
      text: source,
      why: `the text the issue quotes is in the docstring of ${defined ? `${defined} in ${path}` : `${ref.name} (${path})`}, which ${page} renders with ${ref.directive}`,
      lines: line ? ([line, line] as [number, number]) : null,
      checks,
    };
  }
  return null;
}
