import path from "node:path/posix";
import type { DocgapConfig } from "../config/schema.js";
import {
  type ContentRoot,
  compilePattern,
  fillPattern,
  matchPattern,
  redirectPath,
  type SiteModel,
  trimSlashes,
} from "../site/model.js";
import { rootOf } from "../site/read.js";
import { type RouteIndex, routeKey, routeUrl, sameFolderRoots } from "../site/routes.js";
import type { Candidate } from "../types/locate.js";

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
/** `raw.githubusercontent.com/owner/repo/<ref>/path`: the file itself. */
const GITHUB_RAW = /^\/([\w.-]+\/[\w.-]+)\/(?:refs\/(?:heads|tags)\/)?[^/]+\/(.+)$/;

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

/**
 * A hash router's URL (docsify, single-page docs: `https://x.dev/docs/#/guide/start?id=install`) as the page it
 * shows: the fragment's path joined to the URL's path, its `?id=` left out (it names a section).
 */
function hashRouted(url: URL): URL {
  if (!url.hash.startsWith("#/")) return url;
  const route = url.hash.slice(2).replace(/\?.*$/, "");
  try {
    const base = new URL(url.href);
    base.hash = "";
    base.search = "";
    if (!base.pathname.endsWith("/")) base.pathname = base.pathname.replace(/[^/]*$/, "");
    return new URL(route.replace(/^(?:\.\/)+/, ""), base);
  } catch {
    return url;
  }
}

/** Where a URL sits in the docs site, or null when it is not a docs page. */
export function locateUrl(
  raw: string,
  config: DocgapConfig,
  docsRepo: string | null,
  site: SiteModel | null = null,
): UrlInSite | null {
  const parsed = parseBase(raw);
  if (!parsed) return null;
  const url = hashRouted(parsed);
  const blob =
    url.hostname === "github.com"
      ? GITHUB_BLOB.exec(url.pathname)
      : url.hostname === "raw.githubusercontent.com"
        ? GITHUB_RAW.exec(url.pathname)
        : null;
  if (blob?.[1] && blob[2]) {
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
  if (url.hostname === "github.com" || url.hostname === "raw.githubusercontent.com") return null;
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

/**
 * The folders `docs.map` sends pages to: each target's fixed part up to its first `:name`. Files there are docs
 * wherever the site model puts its roots.
 */
export function mapTargetFolders(map: DocgapConfig["docs"]["map"]): string[] {
  const folders = map.map(({ to }) => {
    const fixed = to.split(":")[0] ?? "";
    return trimSlashes(to.includes(":") ? fixed.slice(0, fixed.lastIndexOf("/") + 1) : fixed);
  });
  return [...new Set(folders.filter(Boolean))];
}

export interface MapContext {
  routes: RouteIndex;
  config: DocgapConfig;
  /** Published paths declared in front matter (`slug`, `permalink`, `url`, Docusaurus `id`, aliases). */
  declared?: DeclaredRoute[];
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
  const key = pageKey(where.rel);
  const names = (declared: string) =>
    declared === key || (declared.includes("/") && key.endsWith(`/${declared}`));
  for (const { file, at, alias } of ctx.declared ?? []) {
    if (!names(pageKey(at))) continue;
    const target = routes.sourceOf.get(file) ?? file;
    add(
      target,
      alias ? 0.92 : 0.93,
      alias ? `front matter of ${file} redirects /${at} to it` : `front matter publishes ${file} at /${at}`,
    );
  }
  // A page that moved: the redirects the site's config declares say where it went.
  if (![...out.values()].some((c) => c.score >= 0.9))
    for (const rd of routes.site.redirects) {
      if (!names(pageKey(rd.from))) continue;
      for (const r of routeUrl(routes, rd.to, generator))
        add(r.path, Math.min(r.score, 0.92), `the site redirects /${rd.from} to /${rd.to}; ${r.reason}`);
    }
  return [...out.values()].sort((a, b) => b.score - a.score);
}

/** A page path a file declares in its front matter; `alias` when it is an old address that redirects to it. */
export interface DeclaredRoute {
  file: string;
  at: string;
  alias: boolean;
}

/** A URL path compared as a page: no `.html`/`.md` extension, no trailing `index`. */
const pageKey = (p: string) => routeKey(p.replace(/\.(html?|md|mdx)$/i, "").replace(/(^|\/)index$/i, ""));

/**
 * Published paths that files declare in front matter: `permalink` (absolute), `slug` (absolute, or relative to
 * the file's folder), Docusaurus `id` (replaces the file name).
 */
export function declaredRoutes(
  routes: RouteIndex,
  frontMatter: Array<{ path: string; data: Record<string, unknown> }>,
): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  const { site } = routes;
  for (const { path: source, data } of frontMatter) {
    // A translated or versioned copy keeps its source's front matter; a folder may be published at two routes.
    for (const file of [source, ...(routes.copies.get(source) ?? [])].slice(0, 50)) {
      const home = rootOf(site, file);
      if (!home) continue;
      const homes = [home, ...sameFolderRoots(site, home)];
      for (const r of homes) declare(out, file, r, data, site.generator);
    }
  }
  return out;
}

/** The routes one file's front matter declares under one of the routes its folder is published at. */
function declare(
  out: DeclaredRoute[],
  file: string,
  r: ContentRoot,
  data: Record<string, unknown>,
  generator: SiteModel["generator"],
) {
  const rel = r.dir ? file.slice(r.dir.length + 1) : file;
  const folder = rel.split("/").slice(0, -1).join("/");
  const inRoot = (p: string) => [r.route, p].filter(Boolean).join("/");
  const { permalink, slug, id, url } = data;
  const at = (p: string) => out.push({ file, at: p, alias: false });
  if (typeof permalink === "string") at(trimSlashes(permalink.replace(/\.html$/, "")));
  else if (typeof url === "string" && generator === "hugo") at(trimSlashes(url));
  else if (typeof slug === "string")
    at(
      slug.startsWith("/")
        ? inRoot(trimSlashes(slug))
        : inRoot([folder, trimSlashes(slug)].filter(Boolean).join("/")),
    );
  else if (typeof id === "string" && generator === "docusaurus" && !id.includes("/"))
    at(inRoot([folder, id].filter(Boolean).join("/")));
  // Antora `:page-aliases: old.adoc, guide/older.adoc`: pages of the same module, from its `pages/` folder.
  if (typeof data["page-aliases"] === "string" && generator === "antora")
    for (const a of data["page-aliases"].split(",").slice(0, 50)) {
      const p = redirectPath(
        a
          .trim()
          .replace(/^.*[:$]/, "")
          .replace(/\.adoc$/i, ""),
      );
      if (p) out.push({ file, at: inRoot(p), alias: true });
    }
  // Old addresses that lead here: Hugo `aliases`, jekyll-redirect-from `redirect_from`.
  for (const field of [data.aliases, data.redirect_from]) {
    const list = Array.isArray(field) ? field : [field];
    for (const a of list.slice(0, 50)) {
      const p = redirectPath(a);
      if (!p) continue;
      if (typeof a === "string" && a.startsWith("/")) {
        out.push({ file, at: p, alias: true });
        continue;
      }
      // A relative alias (`../plots.html`, as Quarto writes them) is from the page's folder.
      const rel = path.normalize([folder, p].filter(Boolean).join("/"));
      if (!rel.startsWith("..")) out.push({ file, at: inRoot(rel), alias: true });
    }
  }
}
