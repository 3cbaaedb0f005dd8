import { emptyModel, repoJoin, root, type SiteModel, siteUrl, trimSlashes } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, type ReadText, str } from "./static-value.js";

/** `.vitepress/config.*` or `.vitepress/config/index.*`. */
export const VITEPRESS_CONFIG = /(^|\/)\.vitepress\/config(\/index)?\.(m?[jt]s|mts|cjs)$/;

export async function readVitepress(configPath: string, readText: ReadText): Promise<SiteModel> {
  const model = emptyModel("vitepress");
  const { value, files } = await readStaticConfig(configPath, readText);
  model.evidence.push(...files);
  const projectDir = configPath.replace(/(^|\/)\.vitepress\/.*$/, "");
  const config = isObject(value) ? value : {};
  if (!isObject(value))
    model.notes.push(`${configPath} could not be read statically; VitePress defaults assumed`);
  const srcDir = repoJoin(projectDir, str(config.srcDir) ?? ".") ?? projectDir;
  const base = str(config.base);
  const sitemap = isObject(config.sitemap) ? config.sitemap : {};
  const url = siteUrl(str(sitemap.hostname), base);
  if (url) model.siteUrls.push(url);
  model.roots.push(root({ dir: srcDir }));
  if (isObject(config.rewrites)) {
    for (const [from, to] of Object.entries(config.rewrites)) {
      if (typeof to === "string") model.rewrites.push({ from: trimSlashes(from), to: trimSlashes(to) });
    }
  }
  if (isObject(config.locales)) {
    for (const [key, locale] of Object.entries(config.locales)) {
      if (key === "root") continue;
      const link = isObject(locale) ? str(locale.link) : null;
      // A locale published on another host (`https://cn.vitejs.dev`) is not in this tree.
      if (link && /^https?:/i.test(link)) continue;
      const route = trimSlashes(link ?? key);
      const dir = repoJoin(srcDir, route);
      if (dir !== null) model.roots.push(root({ dir, route, locale: key }));
    }
  }
  return model;
}
