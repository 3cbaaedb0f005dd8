import type { DocgapConfig } from "../config.js";
import { rootOf } from "./site/index.js";
import { compilePattern, fillPattern, matchPattern, type SiteModel, trimSlashes } from "./site/model.js";
import { type RouteIndex, routeKey, routeUrl } from "./site/routes.js";

/** A docs source file proposed for a page or an issue, with why. */
export interface Candidate {
  path: string;
  /** 0..1; higher is more certain. */
  score: number;
  reasons: string[];
}

export interface UrlInSite {
  /** Path below the site's base, without leading/trailing slashes. */
  rel: string;
  /** The URL's host is the docs site's (or an alias's). */
  onSite: boolean;
  /** A GitHub file URL in the docs repository: the file path. */
  repoPath: string | null;
  /** Lines a GitHub blob URL names (`#L12-L15`), or null. */
  lines: [number, number] | null;
}

const parseBase = (u: string): URL | null => {
  try {
    return new URL(u);
  } catch {
    return null;
  }
};

/** The site's base URLs: configured first, then what the site's own config declares. */
export const siteBases = (config: DocgapConfig, site: SiteModel | null) =>
  [config.docs.siteUrl, ...config.docs.siteUrlAliases, ...(site?.siteUrls ?? [])]
    .filter((u): u is string => !!u)
    .map(parseBase)
    .filter((u): u is URL => u !== null);

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const GITHUB_BLOB = /^\/([\w.-]+\/[\w.-]+)\/(?:blob|tree|edit|raw)\/[^/]+\/(.+)$/;

/**
 * A URL compared as a link: no query, no trailing slash or punctuation, lower-case host. The fragment stays: a
 * link to one section of the home page is not the template's link to the home page.
 */
export const urlKey = (raw: string) => {
  try {
    const u = new URL(raw.replace(/[.,;:!?)]+$/, ""));
    const page = `${u.hostname.toLowerCase()}${u.pathname.replace(/\/+$/, "").replace(/\.html?$/, "")}`;
    return u.hash.length > 1 ? `${page}${u.hash.toLowerCase()}` : page;
  } catch {
    return raw;
  }
};

/** Where a URL sits in the docs site, or null when it is not a docs page. */
export function locateUrl(
  raw: string,
  config: DocgapConfig,
  docsRepo: string | null,
  site: SiteModel | null = null,
): UrlInSite | null {
  const url = parseBase(raw);
  if (!url) return null;
  const blob = GITHUB_BLOB.exec(url.pathname);
  if (url.hostname === "github.com" && blob?.[1] && blob[2]) {
    const sameRepo = !docsRepo || blob[1].toLowerCase() === docsRepo.toLowerCase();
    const lines = /^#?L(\d+)(?:-L(\d+))?$/.exec(url.hash);
    return sameRepo
      ? {
          rel: "",
          onSite: true,
          repoPath: safeDecode(blob[2]),
          lines: lines ? [Number(lines[1]), Number(lines[2] ?? lines[1])] : null,
        }
      : null;
  }
  if (url.hostname === "github.com") return null;
  const clean = (p: string) => trimSlashes(safeDecode(p));
  const all = siteBases(config, site);
  const byBase = all
    .filter(
      (b) => b.hostname === url.hostname && `${url.pathname}/`.startsWith(b.pathname.replace(/\/?$/, "/")),
    )
    .sort((a, b) => b.pathname.length - a.pathname.length)[0];
  if (byBase)
    return {
      rel: clean(url.pathname.slice(byBase.pathname.replace(/\/$/, "").length)),
      onSite: true,
      repoPath: null,
      lines: null,
    };
  if (all.some((b) => b.hostname === url.hostname))
    return { rel: clean(url.pathname), onSite: true, repoPath: null, lines: null };
  // A host docgap cannot place: its path may still be a page of the site (published elsewhere, or no URL known).
  return { rel: clean(url.pathname), onSite: false, repoPath: null, lines: null };
}

/**
 * Applies `docs.map` patterns: `:path` (or `:name*`) matches the rest of the path, `:name` and `*` one segment.
 * Patterns are matched segment by segment: linear in the path.
 */
export function applyMap(map: DocgapConfig["docs"]["map"], urlPath: string): string[] {
  const out: string[] = [];
  for (const { from, to } of map) {
    const bound = matchPattern(compilePattern(from, ["path"]), urlPath);
    if (!bound) continue;
    const filled = fillPattern(to, bound);
    if (filled !== null) out.push(trimSlashes(filled));
  }
  return out;
}

export interface MapContext {
  routes: RouteIndex;
  config: DocgapConfig;
  /** Published paths declared in front matter (`slug`, `permalink`, Docusaurus `id`), by file. */
  declared?: Map<string, string>;
}

/** Maps a docs URL to its source file candidates, best first. */
export function mapUrlToFiles(where: UrlInSite, ctx: MapContext): Candidate[] {
  const { routes, config } = ctx;
  const out = new Map<string, Candidate>();
  const add = (p: string, score: number, reason: string) => {
    const prev = out.get(p);
    if (!prev || prev.score < score)
      out.set(p, { path: p, score, reasons: [reason, ...(prev?.reasons ?? [])] });
  };
  if (where.repoPath) {
    const source = routes.sourceOf.get(where.repoPath);
    if (routes.files.has(where.repoPath)) {
      const lines = where.lines ? ` (lines ${where.lines[0]}-${where.lines[1]})` : "";
      add(source ?? where.repoPath, 1, `the issue links to ${where.repoPath}${lines} in the repository`);
    }
    return [...out.values()];
  }
  for (const target of applyMap(config.docs.map, where.rel)) {
    if (routes.files.has(target)) add(target, 1, `docs.map pattern maps /${where.rel} to ${target}`);
  }
  const generator = routes.site.generator === "unknown" ? "the site" : routes.site.generator;
  for (const r of routeUrl(routes, where.rel, generator)) add(r.path, r.score, r.reason);
  const key = routeKey(where.rel.replace(/\.(html?|md|mdx)$/i, ""));
  for (const [file, at] of ctx.declared ?? []) {
    const declared = routeKey(at);
    if (declared === key || (declared.includes("/") && key.endsWith(`/${declared}`))) {
      const target = routes.sourceOf.get(file) ?? file;
      add(target, 0.93, `front matter publishes ${file} at /${at}`);
    }
  }
  return [...out.values()].sort((a, b) => b.score - a.score);
}

/**
 * Published paths that files declare in front matter: `permalink` (absolute), `slug` (absolute, or relative to
 * the file's folder), Docusaurus `id` (replaces the file name).
 */
export function declaredRoutes(
  routes: RouteIndex,
  frontMatter: Array<{ path: string; data: Record<string, unknown> }>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const { path: file, data } of frontMatter) {
    const r = rootOf(routes.site, file);
    if (!r) continue;
    const rel = r.dir ? file.slice(r.dir.length + 1) : file;
    const folder = rel.split("/").slice(0, -1).join("/");
    const inRoot = (p: string) => [r.route, p].filter(Boolean).join("/");
    const { permalink, slug, id } = data;
    if (typeof permalink === "string") out.set(file, trimSlashes(permalink.replace(/\.html$/, "")));
    else if (typeof slug === "string")
      out.set(
        file,
        slug.startsWith("/")
          ? inRoot(trimSlashes(slug))
          : inRoot([folder, trimSlashes(slug)].filter(Boolean).join("/")),
      );
    else if (typeof id === "string" && routes.site.generator === "docusaurus" && !id.includes("/"))
      out.set(file, inRoot([folder, id].filter(Boolean).join("/")));
  }
  return out;
}
