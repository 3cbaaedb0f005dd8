/** Site data files: Jekyll's and Eleventy's `_data/`, Hugo's `data/`; YAML, JSON or TOML that templates render. */
const DATA_FILE = /(?:^|\/)_?data\/(?:[^/]+\/){0,8}[^/]+\.(?:ya?ml|json|toml)$/i;
/** How templates name a data file: `site.data.links`, `.Site.Data.links`, `hugo.Data.links`, `data["links"]`. */
const DATA_REFERENCE = /\bdata(?:\.([\w-]{1,80})|\[\s*["']([\w-]{1,80})["'])/gi;
/** A template tag or output: `{{ links.home }}`, `{% for item in navigation.main %}`. */
const TEMPLATE_TAG = /\{[{%]-?([^{}%]{1,500})-?[%}]\}/g;
const IDENTIFIER = /(?:^|[^\w.$-])([A-Za-z_][\w-]{0,80})/g;
/** Text of a page searched for data references; templates sit near the top of any real page. */
const MAX_SCANNED = 200_000;

export const isDataFile = (p: string) => DATA_FILE.test(p);

/**
 * The data files a page renders: those its templates name (`{% for l in site.data.links %}` names
 * `_data/links.yml`; `site.data.nav.main`, the files of `_data/nav/` and `_data/nav.yml`; Eleventy's bare
 * `{{ links.home }}` or `{% for l in links %}`, `_data/links.json`).
 */
export function dataFilesOf(text: string, files: readonly string[]): string[] {
  const names = new Set<string>();
  const scanned = text.slice(0, MAX_SCANNED);
  for (const m of scanned.matchAll(DATA_REFERENCE)) names.add((m[1] ?? m[2] ?? "").toLowerCase());
  // Eleventy names a file of `_data/` by its name alone: `{{ links.home }}` renders `_data/links.json`.
  const bare = new Set<string>();
  for (const tag of scanned.matchAll(TEMPLATE_TAG))
    for (const m of (tag[1] ?? "").matchAll(IDENTIFIER)) bare.add((m[1] ?? "").toLowerCase());
  if (names.size === 0 && bare.size === 0) return [];
  return files.filter((f) => {
    if (!isDataFile(f)) return false;
    const at = f.search(/(?:^|\/)_?data\//i);
    const below = f.slice(at).replace(/^\/?_?data\//i, "");
    const first = (below.split("/")[0] ?? "").replace(/\.[^.]+$/, "").toLowerCase();
    return names.has(first) || (/(?:^|\/)_data\//.test(f.slice(at)) && bare.has(first));
  });
}
