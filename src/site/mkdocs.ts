import path from "node:path/posix";
import { readData } from "./data.js";
import { emptyModel, folderOf, redirectsOf, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** `mkdocs.yml` and its variants (`mkdocs.insiders.yml`); `INHERIT` followed. */
export const MKDOCS_CONFIG = /(^|\/)mkdocs(\.[\w-]+)?\.ya?ml$/;

export async function readMkdocs(configPath: string, readText: ReadText): Promise<SiteModel> {
  const model = emptyModel("mkdocs");
  let config: Record<string, unknown> = {};
  let current: string | null = configPath;
  for (let hops = 0; current && hops < 4; hops++) {
    const text = await readText(current);
    if (text === null) break;
    model.evidence.push(current);
    const data = readData(current, text) ?? {};
    config = { ...data, ...config };
    const parent: unknown = data.INHERIT;
    current = typeof parent === "string" ? repoJoin(path.dirname(current), parent) : null;
  }
  const dir = folderOf(configPath);
  const docsDir = repoJoin(dir, typeof config.docs_dir === "string" ? config.docs_dir : "docs") ?? "docs";
  const url = siteUrl(typeof config.site_url === "string" ? config.site_url : null);
  if (url) model.siteUrls.push(url);
  model.roots.push(root({ dir: docsDir }));
  // The `redirects` plugin: `redirect_maps: { old.md: new.md }`, pages named by their source paths.
  const plugins = Array.isArray(config.plugins) ? config.plugins : [];
  for (const p of plugins.slice(0, 100)) {
    const settings = p && typeof p === "object" ? (p as Record<string, unknown>).redirects : null;
    const maps =
      settings && typeof settings === "object" ? (settings as Record<string, unknown>).redirect_maps : null;
    if (maps && typeof maps === "object") model.redirects.push(...redirectsOf(Object.entries(maps)));
  }
  return model;
}
