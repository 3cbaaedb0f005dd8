import {
  type ContentRoot,
  compilePattern,
  DOC_EXT,
  fillPattern,
  isDocFile,
  LOCALE,
  matchPattern,
  type SiteModel,
} from "./model.js";
import { rootOf } from "./read.js";

const INDEX_NAMES = new Set(["index", "readme", "_index"]);
const VERSION_SEGMENT = /^(latest|next|stable|current|main|master|dev|v?\d+(\.\d+)*(\.x)?)$/i;
/** A folder that holds docs content on sites docgap cannot model. */
const DOCS_FOLDER = /(?:^|\/)(?:docs?|documentation|content|guides?|manual|handbook|book|website|site)\//i;

/** MkDocs i18n (suffix structure) and similar: `page.fr.md` is the French copy of `page.md` (any docs extension). */
const SUFFIX_LOCALE = new RegExp(`\\.([a-z]{2}(?:[-_][a-zA-Z]{2,4})?)${DOC_EXT.source}`);

/** A URL path key as generators publish it: lower case, spaces as dashes, no index page name. */
export const routeKey = (p: string) =>
  p
    .split("/")
    .filter(Boolean)
    .map((s) => s.toLowerCase().replace(/\s+/g, "-"))
    .join("/");

export interface RouteIndex {
  site: SiteModel;
  files: Set<string>;
  /** Published path key → files published there. */
  byKey: Map<string, string[]>;
  /** File → its published path (below the site base). */
  published: Map<string, string>;
  /** Source file → its translated and versioned copies. */
  copies: Map<string, string[]>;
  /** Copy → the source file it was made from. */
  sourceOf: Map<string, string>;
  /** The files maintainers edit: published files that are neither translated nor versioned copies. */
  sourceFiles: string[];
  /**
   * Route prefixes the source itself is published under: the default language's (`/en/`), or Docusaurus' current
   * docs beside released versions (`/docs/next/`).
   */
  sourcePrefixes: string[];
}

/** Other roots of the same folder: a folder published at two places (Docusaurus' last release at `/docs/`). */
export const sameFolderRoots = (site: SiteModel, r: ContentRoot): ContentRoot[] =>
  site.roots.filter((x) => x !== r && x.dir === r.dir && x.route !== r.route);

const relIn = (r: ContentRoot, file: string) => (r.dir ? file.slice(r.dir.length + 1) : file);

/** Where a file is published, below the site's base URL, following the generator's rules. */
export function publishedPath(
  site: SiteModel,
  r: ContentRoot,
  file: string,
  rewrites: ReturnType<typeof compileRewrites>,
) {
  let rel = relIn(r, file);
  if (r === site.roots[0]) {
    for (const rw of rewrites) {
      const bound = matchPattern(rw.from, rel);
      const filled = bound ? fillPattern(rw.to, bound) : null;
      if (filled !== null) {
        rel = filled;
        break;
      }
    }
  }
  let segs = rel.replace(DOC_EXT, "").split("/").filter(Boolean);
  if (r.appRouter || r.folderGroups) segs = segs.filter((s) => !/^\(.*\)$/.test(s));
  if (r.appRouter) segs = segs.slice(0, -1);
  let prefix: string | null = null;
  if (r.suffixLocales && segs.length) {
    const last = segs[segs.length - 1] ?? "";
    const dot = last.lastIndexOf(".");
    const locale = dot > 0 ? last.slice(dot + 1) : "";
    if (locale === r.suffixLocales.default || r.suffixLocales.others.includes(locale)) {
      segs[segs.length - 1] = last.slice(0, dot);
      if (locale !== r.suffixLocales.default) prefix = locale;
    }
  }
  if (segs.length && INDEX_NAMES.has((segs[segs.length - 1] ?? "").toLowerCase())) segs.pop();
  const named = r.numberPrefixes ? segs.map((s) => s.replace(/^\d+[-_.]/, "")) : segs;
  if (r.kind === "blog" && named.length) {
    const last = named[named.length - 1] ?? "";
    const dated = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/.exec(last);
    if (dated)
      named.splice(named.length - 1, 1, dated[1] ?? "", dated[2] ?? "", dated[3] ?? "", dated[4] ?? "");
  }
  return [prefix, r.route, ...named].filter(Boolean).join("/");
}

const compileRewrites = (site: SiteModel) =>
  site.rewrites.slice(0, 100).map((rw) => ({ from: compilePattern(rw.from), to: rw.to }));

/** Builds the published path of every docs file once per docs snapshot. */
export function buildRouteIndex(site: SiteModel, files: string[]): RouteIndex {
  const fileSet = new Set(files);
  const byKey = new Map<string, string[]>();
  const published = new Map<string, string>();
  const copies = new Map<string, string[]>();
  const sourceOf = new Map<string, string>();
  const rewrites = compileRewrites(site);
  const rootFor = new Map<string, ContentRoot>();
  // A folder published at two places (Docusaurus' last version: `/docs/30.4/` and `/docs/`) is found at both.
  const alsoAt = new Map(site.roots.map((r) => [r, sameFolderRoots(site, r)]));
  for (const file of files) {
    if (!isDocFile(file)) continue;
    const r = rootOf(site, file);
    if (!r) continue;
    rootFor.set(file, r);
    const at = publishedPath(site, r, file, rewrites);
    published.set(file, at);
    const key = routeKey(at);
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
    for (const other of alsoAt.get(r) ?? []) {
      const alias = routeKey(publishedPath(site, other, file, rewrites));
      if (alias !== key) byKey.set(alias, [...(byKey.get(alias) ?? []), file]);
    }
    // Without a known generator, order prefixes (`1.getting-started/02.installation.md`, as Nuxt Content and
    // others publish at `/getting-started/installation`) may or may not be in the URL: both are looked up.
    if (site.generator === "unknown" && !r.numberPrefixes) {
      const bare = routeKey(at.replace(/(^|\/)\d+[-_.](?=[^/])/g, "$1"));
      if (bare !== key) byKey.set(bare, [...(byKey.get(bare) ?? []), file]);
    }
  }
  const isSource = (f: string) => {
    const r = rootFor.get(f);
    return !!r && r.locale === null && r.version === null;
  };
  // A copy's page is looked up below the source's own prefixes too.
  const sourcePrefixes = [
    ...new Set(
      site.roots.filter((r) => r.locale === null && r.version === null && r.route).map((r) => r.route),
    ),
  ];
  for (const [file, r] of rootFor) {
    let source: string | null = null;
    if (r.locale !== null || r.version !== null) {
      // The copy's page without the copy's prefix is the source page's.
      const at = published.get(file) ?? "";
      const below = r.route && at.startsWith(r.route) ? at.slice(r.route.length).replace(/^\//, "") : at;
      for (const key of [below, ...sourcePrefixes.map((p) => `${p}/${below}`)]) {
        source = (byKey.get(routeKey(key)) ?? []).find(isSource) ?? null;
        if (source) break;
      }
    } else {
      const m = SUFFIX_LOCALE.exec(file);
      // `page.fr.md` beside `page.md`; with declared suffix languages, `page.zh-CN.mdx` beside `page.en-US.mdx`.
      const fallback = r.suffixLocales?.default;
      const candidate =
        m && m[1] !== fallback ? file.replace(SUFFIX_LOCALE, fallback ? `.${fallback}.$2` : ".$2") : null;
      if (candidate && fileSet.has(candidate)) source = candidate;
    }
    if (source && source !== file) {
      sourceOf.set(file, source);
      copies.set(source, [...(copies.get(source) ?? []), file]);
    }
  }
  const sourceFiles = [...rootFor.keys()].filter((f) => isSource(f) && !sourceOf.has(f));
  return { site, files: fileSet, byKey, published, copies, sourceOf, sourceFiles, sourcePrefixes };
}

export interface Route {
  path: string;
  /** 0..1: how surely the URL is published from this file. */
  score: number;
  reason: string;
}

/** URL path variants: as is, then without leading version or locale segments (`/en/latest/`, `/v2/`). */
function variants(rel: string): string[] {
  const segs = rel.split("/").filter(Boolean);
  const out = [segs.join("/")];
  let i = 0;
  while (i < segs.length - 1 && (VERSION_SEGMENT.test(segs[i] ?? "") || LOCALE.test(segs[i] ?? ""))) {
    i++;
    out.push(segs.slice(i).join("/"));
  }
  return out;
}

/**
 * The files a URL path (below the site base) is published from, best first. A translated or versioned copy
 * leads to the source file it was made from.
 */
export function routeUrl(index: RouteIndex, rel: string, generator: string): Route[] {
  const out = new Map<string, Route>();
  const add = (file: string, score: number, reason: string) => {
    const source = index.sourceOf.get(file);
    const target = source ?? file;
    const why = source ? `${reason}; ${target} is the source of that copy (${file})` : reason;
    const prev = out.get(target);
    if (!prev || prev.score < score) out.set(target, { path: target, score, reason: why });
  };
  const clean = rel.replace(/\.(html?|md|mdx)$/i, "").replace(/\/index$/i, "");
  // The source may be published under a prefix of its own: `/zh-cn/guide` for `/en/guide`, `/docs/guide` for
  // `/docs/next/guide`.
  const underPrefix = (v: string) =>
    index.sourcePrefixes.flatMap((p) => {
      const segs = p.split("/");
      const out: string[] = [];
      for (let k = 0; k < segs.length; k++) {
        const base = segs.slice(0, k).join("/");
        if (!base) out.push(`${p}/${v}`);
        else if (v.startsWith(`${base}/`)) out.push(`${p}/${v.slice(base.length + 1)}`);
      }
      return out;
    });
  const stripped = variants(clean);
  const tried = [...new Set([...stripped, ...stripped.flatMap(underPrefix)])];
  tried.forEach((v, i) => {
    for (const file of index.byKey.get(routeKey(v)) ?? []) {
      const exact = (index.published.get(file) ?? "") === v;
      add(file, (i === 0 ? 0.95 : 0.9) - (exact ? 0 : 0.02), `${generator} publishes /${v} from ${file}`);
    }
  });
  if (out.size === 0) {
    // A URL with a prefix the model does not know (a base path, a version): match its tail.
    const segs = clean.split("/").filter(Boolean);
    for (let drop = 1; drop < segs.length && out.size === 0; drop++) {
      const tail = segs.slice(drop).join("/");
      for (const file of index.byKey.get(routeKey(tail)) ?? []) {
        add(file, 0.85 - 0.05 * drop, `/${clean} ends with /${tail}, published from ${file}`);
      }
    }
  }
  if (out.size === 0) {
    // A site docgap cannot model (a Next.js app rendering `src/content/`): the files whose path ends with the URL's.
    for (const v of tried) {
      const want = routeKey(v);
      // Only files in a folder of docs content: a plugin's or a package's notes that end the same are no page.
      const ends = [...index.byKey].filter(
        ([key, files]) => key.endsWith(`/${want}`) && files.some((f) => DOCS_FOLDER.test(f)),
      );
      // The shortest folder prefix is the likeliest content folder; several equally short ones are all listed.
      const shortest = Math.min(...ends.map(([key]) => key.length));
      for (const [key, files] of ends)
        if (key.length === shortest)
          for (const file of files) add(file, 0.8, `/${v} is the end of the path of ${file}`);
      if (out.size) break;
    }
  }
  if (out.size === 0) {
    // A site that publishes pages flat under their own names (`/docs/svelte/overview` for
    // `docs/01-introduction/01-overview.md`): the URL's last segment, when it names one file only.
    const last = routeKey(clean.split("/").filter(Boolean).pop() ?? "");
    const named = new Set<string>();
    if (last.length >= 3)
      for (const [key, files] of index.byKey)
        if (key === last || key.endsWith(`/${last}`)) for (const f of files) named.add(f);
    const [only] = named;
    // A name alone is no evidence that a site publishes the file: it must stand in a folder of docs content
    // (`docs/`, `content/`, `documentation/`), not in a plugin's, an example's or a package's notes.
    if (named.size === 1 && only && DOCS_FOLDER.test(only))
      add(only, 0.6, `the URL's last segment /${last} names one file only, ${only}`);
  }
  return [...out.values()].sort((a, b) => b.score - a.score);
}
