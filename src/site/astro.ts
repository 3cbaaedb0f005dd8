import path from "node:path/posix";
import { type ContentRoot, isDocFile, LOCALE, languageFolderRoots, repoJoin, root } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Page files read for the collections they render; a site has a handful of dynamic routes. */
const MAX_ROUTE_FILES = 40;
const MAX_ROUTE_CHARS = 100_000;
/** `getCollection('api')`, `getEntry("pages", …)`: the collection a page file renders. */
const COLLECTION_CALL = /\bget(?:Collection|Entry|EntryBySlug|Entries)\(\s*["'`]([\w-]{1,60})["'`]/g;

/** The collections of an Astro site: each folder under `<srcDir>/content/` that holds pages. */
export function collectionsOf(srcDir: string, tree: string[]): Map<string, string> {
  const content = repoJoin(srcDir, "content");
  const found = new Map<string, string>();
  if (content === null) return found;
  const prefix = `${content}/`;
  for (const f of tree) {
    if (!f.startsWith(prefix) || !isDocFile(f)) continue;
    const rest = f.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash > 0) found.set(rest.slice(0, slash), `${content}/${rest.slice(0, slash)}`);
  }
  return found;
}

/**
 * Where each collection is published, read from the dynamic routes under `<srcDir>/pages/` that load it: a
 * collection rendered by `pages/api/[...slug].astro` lives under `/api/`.
 */
export async function collectionRoutes(
  srcDir: string,
  tree: string[],
  readText: ReadText,
): Promise<Map<string, string>> {
  const pages = repoJoin(srcDir, "pages");
  const routes = new Map<string, string>();
  if (pages === null) return routes;
  const dynamic = tree
    .filter(
      (f) => f.startsWith(`${pages}/`) && /\.(astro|[jt]s)$/.test(f) && path.basename(f).startsWith("["),
    )
    .slice(0, MAX_ROUTE_FILES);
  for (const file of dynamic) {
    const text = (await readText(file))?.slice(0, MAX_ROUTE_CHARS);
    if (!text) continue;
    const dir = path.dirname(file.slice(pages.length + 1));
    for (const m of text.matchAll(COLLECTION_CALL)) {
      const name = m[1] ?? "";
      if (!routes.has(name)) routes.set(name, dir === "." ? "" : dir);
    }
  }
  return routes;
}

/**
 * A collection's route from the folder of the page that renders it. A lone parameter (`[lang]/`) is filled by the
 * collection's own top folders when those are languages (`pages/en/…`); any other parameter is no fixed address.
 */
function routeOf(pageDir: string | undefined, dir: string, tree: string[]): string | null {
  if (pageDir === undefined) return null;
  if (!pageDir.includes("[")) return pageDir;
  if (!/^\[[\w-]+\]$/.test(pageDir)) return null;
  const prefix = `${dir}/`;
  const tops = new Set<string>();
  for (const f of tree)
    if (f.startsWith(prefix) && isDocFile(f)) {
      const rest = f.slice(prefix.length);
      if (rest.includes("/")) tops.add(rest.slice(0, rest.indexOf("/")));
    }
  return tops.size > 0 && [...tops].every((t) => LOCALE.test(t)) ? "" : null;
}

/** The language folders at the top of a collection (`en/`, `fr/`), when all its pages sit in one. */
function languageFolders(dir: string, tree: string[]): string[] {
  const prefix = `${dir}/`;
  const tops = new Set<string>();
  for (const f of tree)
    if (f.startsWith(prefix) && isDocFile(f)) {
      const rest = f.slice(prefix.length);
      if (!rest.includes("/")) return [];
      tops.add(rest.slice(0, rest.indexOf("/")));
    }
  return [...tops].every((t) => LOCALE.test(t)) ? [...tops].sort() : [];
}

/**
 * One root per language of a collection published under a language parameter (`pages/[lang]/…`): the default
 * language's folder is the source (Astro's `i18n.defaultLocale`, else `en`), the others are its translations.
 */
function languageRoots(dir: string, kind: ContentRoot["kind"], tree: string[], defaultLocale: string | null) {
  const langs = languageFolders(dir, tree);
  const source =
    defaultLocale && langs.includes(defaultLocale) ? defaultLocale : langs.includes("en") ? "en" : null;
  return languageFolderRoots(root({ dir, kind }), langs, source, tree);
}

/** Content roots for an Astro site's collections, except those already read (Starlight's `docs`). */
export async function astroCollectionRoots(
  srcDir: string,
  tree: string[],
  readText: ReadText,
  skip: ReadonlySet<string>,
  defaultLocale: string | null = null,
): Promise<ContentRoot[]> {
  const collections = collectionsOf(srcDir, tree);
  if (collections.size === 0) return [];
  const routes = await collectionRoutes(srcDir, tree, readText);
  const roots: ContentRoot[] = [];
  for (const [name, dir] of collections) {
    if (skip.has(name)) continue;
    const kind = name === "blog" ? "blog" : "docs";
    const pageDir = routes.get(name);
    const route = routeOf(pageDir, dir, tree);
    const languages =
      route === "" && pageDir?.startsWith("[") ? languageRoots(dir, kind, tree, defaultLocale) : null;
    if (languages) roots.push(...languages);
    else roots.push(root({ dir, route: route ?? name, kind }));
  }
  return roots;
}
