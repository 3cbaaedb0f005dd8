import { readConfigData, text } from "./data.js";
import { emptyModel, folderOf, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Zola: `zola.toml`, or a `config.toml` with Zola's `base_url`. */
export const ZOLA_CONFIG = /(^|\/)(zola|config)\.toml$/;

/** Zola: `content/` beside the config (`_index.md` a section's page), published at `base_url`. */
export async function readZola(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const config = await readConfigData(configPath, readText);
  // `base_url` is Zola's; Hugo's is `baseURL`.
  if (!config || typeof config.base_url !== "string") return null;
  const model = emptyModel("zola");
  model.evidence.push(configPath);
  const dir = folderOf(configPath);
  model.roots.push(root({ dir: repoJoin(dir, "content") ?? dir }));
  const url = siteUrl(text(config.base_url));
  if (url) model.siteUrls.push(url);
  return model;
}
