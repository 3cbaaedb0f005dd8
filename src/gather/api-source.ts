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

/**
 * The module that holds a dotted name's docstring, and the rest of the name: `pkg.mod.Class` in `pkg/mod.py`, or,
 * when a package re-exports the name (`from .decorators import option`), in the module it comes from.
 */
async function moduleSource(index: DocsIndex, name: string, files: Set<string>) {
  const mod = moduleOf(name, files);
  if (!mod) return null;
  const read = async (path: string) => (await index.snapshot.text(path))?.slice(0, 2_000_000) ?? null;
  const text = await read(mod.path);
  const sub = text !== null && mod.symbol[0] ? reexportOf(mod.path, text, mod.symbol[0], files) : null;
  const source = sub ? await read(sub) : text;
  return source === null ? null : { path: sub ?? mod.path, text: source, symbol: mod.symbol };
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
  for (const ref of refs) {
    const mod = await moduleSource(index, ref.name, files);
    if (!mod || seen.has(mod.path)) continue;
    seen.add(mod.path);
    if (seen.size > MAX_MODULES) break;
    const { path, text: source } = mod;
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

/** A dotted API name as Sphinx autodoc and mkdocstrings write their anchors: `requests.Session.request`. */
const API_ANCHOR = /^[A-Za-z_]\w{0,60}(?:\.[A-Za-z_]\w{0,60}){1,6}$/;

/** The line where a dotted symbol is defined in a module (`class Session` then `def request` below it), 1-based. */
function symbolLine(source: string, symbol: string[]): number | null {
  const lines = source.split("\n");
  let from = 0;
  let found: number | null = null;
  for (const part of symbol) {
    if (!/^\w{1,100}$/.test(part)) return null;
    const def = new RegExp(`^\\s*(?:async\\s+def|def|class)\\s+${part}\\b|^\\s*${part}\\s*[:=]`);
    const at = lines.findIndex((l, i) => i >= from && def.test(l.slice(0, 300)));
    if (at < 0) return null;
    found = at + 1;
    from = at + 1;
  }
  return found;
}

/**
 * The module and line of the API object the issue's URL anchor names (`#requests.Session.request`), when the page
 * renders API docs from docstrings and no section of the page itself has that anchor.
 */
export async function docstringByAnchor(index: DocsIndex, page: string, text: string, anchors: string[]) {
  const anchor = anchors.find((a) => API_ANCHOR.test(a));
  if (!anchor || !apiRefsOf(text).length) return null;
  const mod = await moduleSource(index, anchor, new Set(index.snapshot.files));
  if (!mod?.symbol.length) return null;
  const line = symbolLine(mod.text, mod.symbol);
  if (!line) return null;
  const { path } = mod;
  return {
    path,
    text: mod.text,
    why: `the URL's anchor names ${anchor}, defined in ${path} at line ${line}, which ${page} renders from its docstring`,
    lines: [line, line] as [number, number],
  };
}
