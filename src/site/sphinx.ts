import { emptyModel, folderOf, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Sphinx's `conf.py`: read by its literal top-level assignments, never run. */
export const SPHINX_CONFIG = /(^|\/)conf\.py$/;

const ASSIGNMENT = /^([A-Za-z_]\w*)\s*=\s*(['"])([^'"\n]*)\2\s*(?:#.*)?$/;

/** `name = 'literal'` assignments at the top level of a Python file. */
export function pythonLiterals(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n", 20_000)) {
    if (line.length > 500) continue;
    const m = ASSIGNMENT.exec(line.trimEnd());
    if (m?.[1] && m[3] !== undefined) out.set(m[1], m[3]);
  }
  return out;
}

export async function readSphinx(configPath: string, readText: ReadText): Promise<SiteModel> {
  const model = emptyModel("sphinx");
  const text = await readText(configPath);
  if (text !== null) model.evidence.push(configPath);
  const literals = pythonLiterals(text ?? "");
  const url = siteUrl(literals.get("html_baseurl") ?? null);
  if (url) model.siteUrls.push(url);
  const dir = folderOf(configPath);
  model.roots.push(root({ dir }));
  return model;
}
