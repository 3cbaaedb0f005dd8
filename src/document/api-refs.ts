/**
 * API reference pages rendered from docstrings: Sphinx autodoc directives (`.. autoclass:: pkg.mod.Class`, also
 * in MyST fences), `.. currentmodule::` for the short names after it, and mkdocstrings' `::: pkg.mod.Class`. The
 * text a reader sees there is written in the module, not in the page.
 */

export interface ApiRef {
  /** The dotted name the page renders: `pkg.mod.Class.method`. */
  name: string;
  /** The directive, as written: `autoclass`, `mkdocstrings`. */
  directive: string;
  /** 1-based line of the directive in the page. */
  line: number;
}

const RST_AUTO =
  /^\s*\.\.\s+(auto(?:module|class|function|method|attribute|data|exception|property|decorator))::\s*([\w.]{1,200})/;
const RST_MODULE =
  /^\s*\.\.\s+(?:current)?module::\s*([\w.]{1,200})|^\s*(?:`{3,}|:{3,})\s*\{(?:current)?module\}\s*([\w.]{1,200})/;
const MYST_AUTO =
  /^\s*(?:`{3,}|:{3,})\s*\{(auto(?:module|class|function|method|attribute|data|exception))\}\s*([\w.]{1,200})/;
const MKDOCSTRINGS = /^:::\s+([\w.]{1,200})\s*$/;

/** The API names a page renders from docstrings, in the page's order (at most 50). */
export function apiRefsOf(text: string): ApiRef[] {
  const out: ApiRef[] = [];
  let current: string | null = null;
  for (const [i, raw] of text.slice(0, 500_000).split("\n").entries()) {
    const line = raw.slice(0, 300);
    const module = RST_MODULE.exec(line);
    if (module?.[1] ?? module?.[2]) current = module[1] ?? module[2] ?? null;
    const auto = RST_AUTO.exec(line) ?? MYST_AUTO.exec(line);
    if (auto?.[1] && auto[2]) {
      const name =
        current && !auto[2].includes(".") && auto[1] !== "automodule" ? `${current}.${auto[2]}` : auto[2];
      out.push({ name, directive: auto[1], line: i + 1 });
    }
    const mk = MKDOCSTRINGS.exec(line);
    if (mk?.[1]) out.push({ name: mk[1], directive: "mkdocstrings", line: i + 1 });
    if (out.length >= 50) break;
  }
  return out;
}

/** Folders a Python package is commonly kept in. */
const ROOTS = ["", "src/", "lib/", "python/"];

/**
 * The module file of a dotted name among the repository's files, and the rest of the name (the symbol in it):
 * `pkg.mod.Class` → `src/pkg/mod.py` and `["Class"]`. The longest module that exists wins.
 */
export function moduleOf(name: string, files: Set<string>): { path: string; symbol: string[] } | null {
  const parts = name.split(".").filter(Boolean);
  for (let k = parts.length; k >= 1; k--) {
    const dir = parts.slice(0, k).join("/");
    for (const root of ROOTS)
      for (const path of [`${root}${dir}.py`, `${root}${dir}/__init__.py`])
        if (files.has(path)) return { path, symbol: parts.slice(k) };
  }
  return null;
}

/**
 * The submodule a package's `__init__.py` imports a name from (`from .decorators import option as option`): where
 * that name's docstring is written. Relative imports only; null when the package does not import it.
 */
export function reexportOf(initPath: string, text: string, name: string, files: Set<string>): string | null {
  if (!/(?:^|\/)__init__\.py$/.test(initPath) || !/^\w{1,100}$/.test(name)) return null;
  const dir = initPath.replace(/__init__\.py$/, "");
  const line = new RegExp(
    `^from\\s+\\.([\\w.]{1,200})\\s+import\\s+(?:\\(?[^\\n]{0,2000}?)\\b${name}\\b`,
    "m",
  );
  const m = line.exec(text.slice(0, 500_000));
  if (!m?.[1]) return null;
  const sub = m[1].replace(/\./g, "/");
  for (const path of [`${dir}${sub}.py`, `${dir}${sub}/__init__.py`]) if (files.has(path)) return path;
  return null;
}
