import path from "node:path/posix";

export type Generator =
  | "vitepress"
  | "docusaurus"
  | "starlight"
  | "astro"
  | "mkdocs"
  | "eleventy"
  | "mintlify"
  | "sphinx"
  | "mdbook"
  | "hugo"
  | "jekyll"
  | "nextra"
  | "nextjs"
  | "fumadocs"
  | "vuepress"
  | "antora"
  | "gitbook"
  | "rspress"
  | "zola"
  | "quarto"
  | "unknown";

/** A folder the site publishes, and where. */
export interface ContentRoot {
  /** Repository folder (`""`: the repository root). */
  dir: string;
  /** URL path below the site's base where the folder is published (`""`: the base itself). */
  route: string;
  kind: "docs" | "blog" | "pages";
  /** Null for the default locale: the source maintainers edit. Otherwise a translated copy. */
  locale: string | null;
  /** Null for the current docs; otherwise a versioned copy. */
  version: string | null;
  /** The generator drops `01-` style number prefixes from file names in URLs (Docusaurus). */
  numberPrefixes: boolean;
  /**
   * Next.js App Router: only `page.md`/`page.mdx` files are pages, each published at its folder; `(group)` folders
   * are left out of the URL and `_private` folders are not published.
   */
  appRouter?: boolean;
  /** `(group)` folders organise the files without being part of the URL (Fumadocs, the App Router). */
  folderGroups?: boolean;
  /**
   * Languages written as a file name suffix (`guide.en-US.mdx`, `guide.zh-CN.mdx`; Nextra's Pages Router): the
   * default language's page is published without a prefix and is the source, the others under `/<locale>/`.
   */
  suffixLocales?: { default: string; others: string[] };
}

/** What docgap read from the site's own config: no file of the repository is ever executed. */
export interface SiteModel {
  generator: Generator;
  /** Config files read, repository paths. */
  evidence: string[];
  /** Published base URLs the config declares (`url`+`baseUrl`, `site_url`, `site`, `hostname`). */
  siteUrls: string[];
  roots: ContentRoot[];
  /** VitePress `rewrites`: source page patterns (relative to the first root) and the URL patterns they publish at. */
  rewrites: Array<{ from: string; to: string }>;
  /** Redirects the site declares: old URL paths (below the base) and the paths they now lead to. */
  redirects: Array<{ from: string; to: string }>;
  /** What could not be read, said plainly. */
  notes: string[];
  /**
   * Folders whose pages a plugin of the generator writes from a source (an OpenAPI spec, TypeScript entry
   * points): a fix belongs in the source, never in the written page.
   */
  generated?: Array<{ dir: string; source: string; by: string }>;
}

export const DOC_EXT = /\.(md|mdx|markdown|qmd|mdoc|rst|adoc|asciidoc)$/i;
export const isDocFile = (p: string) => DOC_EXT.test(p);

/** A path without leading `./` or `/` and without trailing `/` (`.` alone is the root: `""`). */
/** A locale folder or path segment: `fr`, `zh-CN`, `pt-br`. */
export const LOCALE = /^[a-z]{2}(-[a-zA-Z]{2,4})?$/;

/** The folder of a repository path (`""` for the repository root). */
export const folderOf = (p: string) => (path.dirname(p) === "." ? "" : path.dirname(p));

export const trimSlashes = (p: string) => (p === "." ? "" : p.replace(/^(?:\.?\/)+|\/+$/g, ""));

/** Joins repository path parts, normalising `./` and `..`; null when the result leaves the repository. */
export function repoJoin(...parts: string[]): string | null {
  const joined = path.normalize(parts.filter(Boolean).join("/"));
  if (joined === "." || joined === "") return "";
  if (joined.startsWith("..") || joined.startsWith("/")) return null;
  return joined.replace(/\/+$/, "");
}

export const root = (fields: Partial<ContentRoot> & Pick<ContentRoot, "dir">): ContentRoot => ({
  route: "",
  kind: "docs",
  locale: null,
  version: null,
  numberPrefixes: false,
  ...fields,
});

/**
 * One root per language folder of `base` (`docs/en`, `docs/zh`): the source language's folder is the source,
 * published under its own prefix (or, with `sourceAtBase`, at the base itself), the others are its translations
 * under theirs. Only languages that have a folder count; null when the source language has none.
 */
export function languageFolderRoots(
  base: ContentRoot,
  languages: readonly string[],
  source: string | null | undefined,
  files: readonly string[],
  sourceAtBase = false,
): ContentRoot[] | null {
  const present = [...new Set(languages)].filter((l) => files.some((f) => f.startsWith(`${base.dir}/${l}/`)));
  if (!source || !present.includes(source)) return null;
  return present.map((l) =>
    root({
      ...base,
      dir: `${base.dir}/${l}`,
      route: [base.route, sourceAtBase && l === source ? "" : l].filter(Boolean).join("/"),
      locale: l === source ? null : l,
    }),
  );
}

export const emptyModel = (generator: Generator = "unknown"): SiteModel => ({
  generator,
  evidence: [],
  siteUrls: [],
  roots: [],
  rewrites: [],
  redirects: [],
  notes: [],
});

/** A redirect as a site config writes it (`/old.html`, `old.md`): a URL path below the base, or null (other hosts). */
export function redirectPath(p: unknown): string | null {
  if (typeof p !== "string" || p.length > 500 || /^[a-z][\w+.-]*:/i.test(p) || p.startsWith("//"))
    return null;
  const clean = trimSlashes(p.replace(/[?#].*$/, ""));
  return clean || null;
}

/** Up to 500 `{ from, to }` redirects from pairs a config lists. */
export function redirectsOf(pairs: Array<[unknown, unknown]>): SiteModel["redirects"] {
  const out: SiteModel["redirects"] = [];
  for (const [from, to] of pairs.slice(0, 500)) {
    const f = redirectPath(from);
    const t = redirectPath(to);
    if (f && t && f !== t) out.push({ from: f, to: t });
  }
  return out;
}

/** `https://host/base/` from a URL-ish string and an optional base path; null when it is not an http(s) URL. */
export function siteUrl(url: string | null, base: string | null = null): string | null {
  if (!url) return null;
  try {
    const u = new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    const basePath = trimSlashes(base ?? "");
    const own = trimSlashes(u.pathname);
    const joined = [own, basePath].filter(Boolean).join("/");
    return `${u.origin}/${joined ? `${joined}/` : ""}`;
  } catch {
    return null;
  }
}

/**
 * Segment patterns as VitePress rewrites and `docs.map` write them: `:name` is one segment, `:name*` (and `:path`)
 * the rest of the path (one or more segments), `*` one segment, anything else literal. Matching walks segments
 * once: linear in the path, no backtracking.
 */
export interface SegmentPattern {
  segs: Array<{ literal: string } | { name: string; rest: boolean }>;
}

export function compilePattern(pattern: string, restNames: string[] = []): SegmentPattern {
  const segs = trimSlashes(pattern)
    .split("/")
    .filter(Boolean)
    .map((s) => {
      if (s === "*") return { name: "*", rest: false };
      const m = /^:(\w+)(\*|\+)?$/.exec(s);
      if (m?.[1]) return { name: m[1], rest: !!m[2] || restNames.includes(m[1]) };
      return { literal: s };
    });
  return { segs };
}

/** Binds a path to a pattern: the named parts, or null. A rest part takes what its pattern leaves over. */
export function matchPattern(p: SegmentPattern, value: string): Map<string, string> | null {
  const parts = trimSlashes(value).split("/").filter(Boolean);
  const out = new Map<string, string>();
  const restAt = p.segs.findIndex((s) => "rest" in s && s.rest);
  const head = restAt < 0 ? p.segs : p.segs.slice(0, restAt);
  const tail = restAt < 0 ? [] : p.segs.slice(restAt + 1);
  if (restAt < 0 ? parts.length !== p.segs.length : parts.length < head.length + tail.length) return null;
  const bind = (seg: SegmentPattern["segs"][number], part: string) => {
    if ("literal" in seg) return seg.literal === part;
    if (seg.name !== "*") out.set(seg.name, part);
    return true;
  };
  for (let i = 0; i < head.length; i++)
    if (!bind(head[i] as SegmentPattern["segs"][number], parts[i] ?? "")) return null;
  for (let i = 0; i < tail.length; i++) {
    const part = parts[parts.length - tail.length + i] ?? "";
    if (!bind(tail[i] as SegmentPattern["segs"][number], part)) return null;
  }
  if (restAt >= 0) {
    const seg = p.segs[restAt] as { name: string };
    out.set(seg.name, parts.slice(head.length, parts.length - tail.length).join("/"));
  }
  return out;
}

/** Fills a pattern's named parts (`:name`, `:name*`) from a binding; `*` stays unfilled (null). */
export function fillPattern(pattern: string, bound: Map<string, string>): string | null {
  const out: string[] = [];
  for (const s of pattern.split("/")) {
    const m = /^:(\w+)[*+]?(\.\w+)?$/.exec(s);
    if (m?.[1]) {
      const v = bound.get(m[1]);
      if (v === undefined) return null;
      if (v) out.push(`${v}${m[2] ?? ""}`);
      continue;
    }
    if (s === "*") return null;
    // `:path.md` inside a segment
    const inner = s.replace(/:(\w+)/g, (_, name: string) => bound.get(name) ?? "\u0000");
    if (inner.includes("\u0000")) return null;
    out.push(inner);
  }
  return out.join("/").replace(/\/{2,}/g, "/");
}
