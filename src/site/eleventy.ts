import { emptyModel, folderOf, repoJoin, root, type SiteModel } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, type ReadText, str } from "./static-value.js";

/** Eleventy: `.eleventy.js` / `eleventy.config.*`, the input folder it returns and its `pathPrefix`. */
export const ELEVENTY_CONFIG = /(^|\/)(\.eleventy\.c?js|eleventy\.config\.(m?[jt]s|cjs))$/;

export async function readEleventy(configPath: string, readText: ReadText): Promise<SiteModel> {
  const model = emptyModel("eleventy");
  const { value, files } = await readStaticConfig(configPath, readText);
  model.evidence.push(...files);
  const dir = folderOf(configPath);
  const config = isObject(value) ? value : {};
  const dirs = isObject(config.dir) ? config.dir : {};
  model.roots.push(root({ dir: repoJoin(dir, str(dirs.input) ?? ".") ?? dir }));
  const prefix = str(config.pathPrefix);
  if (prefix) model.notes.push(`pages are published under ${prefix}`);
  return model;
}
