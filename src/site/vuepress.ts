import { emptyModel, repoJoin, root, type SiteModel, siteUrl, trimSlashes } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, type ReadText, type StaticValue, str } from "./static-value.js";

/** `.vuepress/config.*` or `.vuepress/config/index.*`. */
export const VUEPRESS_CONFIG = /(^|\/)\.vuepress\/config(\/index)?\.(m?[jt]s|cjs)$/;

/**
 * VuePress 1 and 2: the folder holding `.vuepress/` is the source (`README.md` the index), `base` the path the site
 * is served under, `locales` keyed by path (`'/zh/'`) its translated folders, and a sitemap plugin's `hostname` its
 * address.
 */
export async function readVuepress(configPath: string, readText: ReadText): Promise<SiteModel> {
  const model = emptyModel("vuepress");
  const { value, files } = await readStaticConfig(configPath, readText);
  model.evidence.push(...(files.length ? files : [configPath]));
  const config = isObject(value) ? value : {};
  if (!isObject(value))
    model.notes.push(`${configPath} could not be read statically; VuePress defaults assumed`);
  const srcDir = configPath.replace(/(^|\/)\.vuepress\/.*$/, "");
  model.roots.push(root({ dir: srcDir }));
  const url = siteUrl(sitemapHost(config.plugins), str(config.base));
  if (url) model.siteUrls.push(url);
  if (isObject(config.locales)) {
    for (const [key, locale] of Object.entries(config.locales)) {
      const route = trimSlashes(key);
      const dir = route ? repoJoin(srcDir, route) : null;
      if (dir !== null)
        model.roots.push(root({ dir, route, locale: (isObject(locale) && str(locale.lang)) || route }));
    }
  }
  return model;
}

/** `sitemapPlugin({ hostname })` (VuePress 2) or `['sitemap', { hostname }]` (VuePress 1). */
function sitemapHost(plugins: StaticValue | undefined): string | null {
  const list = Array.isArray(plugins) ? plugins : isObject(plugins) ? Object.values(plugins) : [];
  for (const p of list) {
    const options = Array.isArray(p) ? p[1] : p;
    const host = isObject(options) ? str(options.hostname) : null;
    if (host) return host;
  }
  return null;
}
