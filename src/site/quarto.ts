import { readConfigData, table, text } from "./data.js";
import { emptyModel, folderOf, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Quarto: `_quarto.yml` (or `.yaml`). */
export const QUARTO_CONFIG = /(^|\/)_quarto\.ya?ml$/;

/**
 * A Quarto website or book: the project's folder, each `.qmd`/`.md` page published as `.html` at its path
 * (`index.qmd` a folder's page), `website.site-url` (or `book.site-url`) the address; front matter `aliases` are
 * old addresses.
 */
export async function readQuarto(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const config = await readConfigData(configPath, readText);
  if (!config) return null;
  const model = emptyModel("quarto");
  model.evidence.push(configPath);
  model.roots.push(root({ dir: folderOf(configPath) }));
  const url = siteUrl(text(table(config.website)["site-url"]) ?? text(table(config.book)["site-url"]));
  if (url) model.siteUrls.push(url);
  return model;
}
