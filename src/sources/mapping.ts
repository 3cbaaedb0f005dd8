import path from "node:path/posix";
import type { DocgapConfig } from "../config.js";
import { isDocFile, type SiteLayout } from "./site.js";

/** A docs source file proposed for a page or an issue, with why. */
export interface Candidate {
  path: string;
  /** 0..1; higher is more certain. */
  score: number;
  reasons: string[];
}

const VERSION_SEGMENT = /^(latest|next|stable|current|main|master|dev|v?\d+(\.\d+)*(\.x)?)$/i;
const INDEX_NAMES = ["index", "README", "readme", "_index"];

export interface UrlInSite {
  /** Path below the site's base, without leading/trailing slashes or `.html`. */
  rel: string;
  /** The URL's host is the docs site's (or an alias's). */
  onSite: boolean;
  /** A GitHub file URL in the docs repository: the file path. */
  repoPath: string | null;
}

const bases = (config: DocgapConfig) =>
  [config.docs.siteUrl, ...config.docs.siteUrlAliases].filter((u): u is string => !!u).map((u) => new URL(u));

/** Where a URL sits in the docs site, or null when it is not a docs page. */
export function locateUrl(raw: string, config: DocgapConfig, docsRepo: string | null): UrlInSite | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const blob = /^\/([\w.-]+\/[\w.-]+)\/(?:blob|tree|edit)\/[^/]+\/(.+)$/.exec(url.pathname);
  if (url.hostname === "github.com" && blob?.[1] && blob[2]) {
    const sameRepo = !docsRepo || blob[1].toLowerCase() === docsRepo.toLowerCase();
    return sameRepo ? { rel: "", onSite: true, repoPath: decodeURIComponent(blob[2]) } : null;
  }
  const clean = (p: string) =>
    decodeURIComponent(p)
      .replace(/^\/+|\/+$/g, "")
      .replace(/\.(html?|md|mdx)$/i, "");
  const all = bases(config);
  const byBase = all
    .filter(
      (b) =>
        b.hostname === url.hostname && url.pathname.startsWith(b.pathname.replace(/\/?$/, "/").slice(0, -1)),
    )
    .sort((a, b) => b.pathname.length - a.pathname.length)[0];
  if (byBase)
    return {
      rel: clean(url.pathname.slice(byBase.pathname.replace(/\/$/, "").length)),
      onSite: true,
      repoPath: null,
    };
  if (all.some((b) => b.hostname === url.hostname))
    return { rel: clean(url.pathname), onSite: true, repoPath: null };
  if (all.length === 0 && url.hostname !== "github.com")
    return { rel: clean(url.pathname), onSite: false, repoPath: null };
  return null;
}

/** Variants of a URL path: as is, and without version or locale prefixes. */
function relVariants(rel: string): string[] {
  const segs = rel.split("/").filter(Boolean);
  const out = [segs.join("/")];
  let i = 0;
  while (
    i < segs.length - 1 &&
    (VERSION_SEGMENT.test(segs[i] ?? "") || /^[a-z]{2}(-[A-Z]{2})?$/.test(segs[i] ?? ""))
  ) {
    i++;
    out.push(segs.slice(i).join("/"));
  }
  return out;
}

/** Applies `docs.map` patterns: `:path` matches the rest of the path, `*` one segment. */
export function applyMap(map: DocgapConfig["docs"]["map"], urlPath: string): string[] {
  const out: string[] = [];
  for (const { from, to } of map) {
    const re = new RegExp(
      `^${from
        .replace(/\/+$/, "")
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/:path/g, "(?<path>.*)")
        .replace(/\*/g, "([^/]*)")}/?$`,
    );
    const m = re.exec(`/${urlPath}`.replace(/\/+$/, "") || "/");
    if (m) out.push(to.replace(/:path/g, m.groups?.path?.replace(/^\/+/, "") ?? ""));
  }
  return out;
}

const stripExt = (p: string) => p.replace(/\.(md|mdx|markdown|rst)$/i, "");
const pageKey = (p: string) => {
  const noExt = stripExt(p);
  const base = path.basename(noExt);
  return INDEX_NAMES.includes(base) ? path.dirname(noExt).replace(/^\.$/, "") : noExt;
};

export interface MapContext {
  files: string[];
  layout: SiteLayout;
  config: DocgapConfig;
  /** Published paths declared in front matter (`slug`, `permalink`), by file. */
  permalinks?: Map<string, string>;
}

/** Maps a docs URL to its source file candidates, best first. */
export function mapUrlToFiles(where: UrlInSite, ctx: MapContext): Candidate[] {
  const { files, layout, config } = ctx;
  const fileSet = new Set(files);
  const out = new Map<string, Candidate>();
  const add = (p: string, score: number, reason: string) => {
    const prev = out.get(p);
    if (!prev || prev.score < score)
      out.set(p, { path: p, score, reasons: [reason, ...(prev?.reasons ?? [])] });
  };
  if (where.repoPath) {
    if (fileSet.has(where.repoPath)) add(where.repoPath, 1, "the issue links to this file in the repository");
    return [...out.values()];
  }
  const variants = relVariants(where.rel);
  for (const rel of variants) {
    for (const target of applyMap(config.docs.map, rel)) {
      if (fileSet.has(target)) add(target, 1, `docs.map pattern maps /${rel} to ${target}`);
    }
  }
  const dirs = [...new Set([layout.contentDir, config.docs.root].map((d) => d.replace(/^\/+|\/+$/g, "")))];
  variants.forEach((rel, vi) => {
    for (const dir of dirs) {
      const stem = [dir, rel].filter(Boolean).join("/");
      const options = rel
        ? [`${stem}.md`, `${stem}.mdx`, `${stem}/index.md`, `${stem}/index.mdx`, `${stem}/README.md`]
        : [`${stem}/index.md`, `${stem}/index.mdx`, `${stem}/README.md`].map((p) => p.replace(/^\//, ""));
      for (const p of options) {
        if (fileSet.has(p)) {
          const gen = layout.generator === "unknown" ? "site" : layout.generator;
          add(p, vi === 0 ? 0.95 : 0.9, `${gen} convention: /${where.rel} is published from ${p}`);
        }
      }
    }
  });
  for (const [file, permalink] of ctx.permalinks ?? []) {
    const p = permalink.replace(/^\/+|\/+$/g, "").replace(/\.html$/, "");
    if (variants.includes(p) || variants.some((v) => p.endsWith(`/${v}`) && v.includes("/"))) {
      add(file, 0.93, `front matter publishes ${file} at /${p}`);
    }
  }
  if (out.size === 0 && where.rel) {
    // Fall back to matching the URL path against the tree, segment by segment from the end.
    const segs = where.rel.split("/");
    const root = config.docs.root.replace(/^\/+|\/+$/g, "");
    for (const f of files) {
      if (!isDocFile(f) || (root && !f.startsWith(`${root}/`))) continue;
      const key = pageKey(f).split("/");
      let n = 0;
      while (n < segs.length && n < key.length && segs[segs.length - 1 - n] === key[key.length - 1 - n]) n++;
      if (n === 0) continue;
      const score = n === segs.length ? 0.8 : 0.4 * (n / segs.length);
      add(f, score, `URL path /${where.rel} matches the file path (${n} of ${segs.length} segments)`);
    }
  }
  return [...out.values()].sort((a, b) => b.score - a.score);
}
