import {
  type ContentRoot,
  emptyModel,
  folderOf,
  isDocFile,
  languageFolderRoots,
  redirectsOf,
  repoJoin,
  root,
  type SiteModel,
  trimSlashes,
} from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, MADE_BY, type ReadText, type StaticValue, str } from "./static-value.js";

/** `next.config.{js,mjs,cjs,ts,mts}`: a Next.js site, docs only when it renders Markdown (Nextra, `@next/mdx`). */
export const NEXT_CONFIG = /(^|\/)next\.config\.(m?[jt]s|cjs)$/;

/** The config loads Nextra or Next.js' MDX plugin (an import or a require of the package). */
const MDX_PLUGIN = /(?:\bfrom\s*|\brequire\(\s*)["'](nextra|@next\/mdx)["']/;

/** A redirect source or destination with Next.js' path parameters, wildcards or regular expressions. */
const PATTERNED = /[:*(]/;

/**
 * Next.js sites that publish Markdown: Nextra (the `content/` folder at `contentDirBasePath`, `pages/`, and the App
 * Router's `page.mdx` files) and Next.js with `@next/mdx` (`pages/`, `app/`), each in the config's folder or its
 * `src/`; `basePath` prefixes every URL; `i18n` names the languages; literal `redirects` are followed.
 */
export async function readNextjs(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel | null> {
  const text = await readText(configPath);
  const plugin = text ? MDX_PLUGIN.exec(text)?.[1] : undefined;
  if (!plugin) return null;
  const model = emptyModel(plugin === "nextra" ? "nextra" : "nextjs");
  const { value, files: read } = await readStaticConfig(configPath, readText);
  model.evidence.push(...(read.length ? read : [configPath]));
  const config = isObject(value) ? value : {};
  if (!isObject(value))
    model.notes.push(`${configPath} could not be read statically; Next.js defaults assumed`);
  const made = Array.isArray(config[MADE_BY]) ? config[MADE_BY] : [];
  const options = made.filter(isObject).find((o) => "contentDirBasePath" in o) ?? {};
  const basePath = trimSlashes(str(config.basePath) ?? "");
  const dir = folderOf(configPath);
  const holds = (folder: string, page: (f: string) => boolean) =>
    files.some((f) => f.startsWith(`${folder}/`) && isDocFile(f) && page(f));
  const at = (...parts: string[]) => parts.filter(Boolean).join("/");
  for (const base of [dir, repoJoin(dir, "src") ?? dir]) {
    const content = repoJoin(base, "content");
    if (plugin === "nextra" && content && holds(content, () => true)) {
      const route = at(basePath, trimSlashes(str(options.contentDirBasePath) ?? ""));
      model.roots.push(...languageRoots(root({ dir: content, route }), config, files));
    }
    const pages = repoJoin(base, "pages");
    if (pages && holds(pages, () => true))
      model.roots.push(root({ dir: pages, route: basePath, ...suffixLanguages(config, files, pages) }));
    const app = repoJoin(base, "app");
    if (app && holds(app, (f) => /\/page\.mdx?$/.test(f)))
      model.roots.push(root({ dir: app, route: basePath, appRouter: true }));
  }
  if (model.roots.length === 0) return null;
  // `redirects` is an async function returning the list; read statically, it is the list itself.
  const redirects = Array.isArray(config.redirects) ? config.redirects : [];
  model.redirects.push(
    ...redirectsOf(
      redirects
        .map((r): [unknown, unknown] => (isObject(r) ? [r.source, r.destination] : [null, null]))
        .filter(([from, to]) => typeof from === "string" && typeof to === "string")
        .filter(([from, to]) => !PATTERNED.test(String(from)) && !PATTERNED.test(String(to))),
    ),
  );
  return model;
}

/** The languages `i18n` names in the Next.js config, and the default one (else the first). */
function languagesOf(config: Record<string, StaticValue>) {
  const i18n = isObject(config.i18n) ? config.i18n : {};
  const locales = Array.isArray(i18n.locales)
    ? i18n.locales.filter((l): l is string => typeof l === "string")
    : [];
  return { locales, fallback: str(i18n.defaultLocale) ?? locales[0] };
}

/** Pages Router languages as file name suffixes (`guide.en-US.mdx`), when the default one's pages are written so. */
function suffixLanguages(
  config: Record<string, StaticValue>,
  files: string[],
  pages: string,
): { suffixLocales?: { default: string; others: string[] } } {
  const { locales, fallback } = languagesOf(config);
  if (!fallback || !files.some((f) => f.startsWith(`${pages}/`) && f.includes(`.${fallback}.md`))) return {};
  return { suffixLocales: { default: fallback, others: locales.filter((l) => l !== fallback) } };
}

/**
 * Nextra's languages (`i18n.locales` in the Next.js config) are folders of the content directory, each published
 * under its own prefix: the default language's folder is the source, the others are its translated copies.
 */
function languageRoots(
  content: ContentRoot,
  config: Record<string, StaticValue>,
  files: string[],
): ContentRoot[] {
  const { locales, fallback } = languagesOf(config);
  return [content, ...(languageFolderRoots(content, locales, fallback, files) ?? [])];
}
