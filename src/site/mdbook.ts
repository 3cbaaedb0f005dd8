import { readConfigData, table, text } from "./data.js";
import { emptyModel, folderOf, redirectsOf, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** mdBook: `book.toml`, its `[book] src` folder (default `src`) and `[output.html]` `site-url` / `cname`. */
export const MDBOOK_CONFIG = /(^|\/)book\.toml$/;

export async function readMdbook(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const config = await readConfigData(configPath, readText);
  if (!config) return null;
  const model = emptyModel("mdbook");
  model.evidence.push(configPath);
  const dir = folderOf(configPath);
  const book = table(config.book);
  model.roots.push(root({ dir: repoJoin(dir, text(book.src) ?? "src") ?? dir }));
  const html = table(table(config.output).html);
  // `site-url` is the path the book is served under; `cname` is its host when it has one of its own.
  const cname = text(html.cname);
  const url = cname ? siteUrl(cname, text(html["site-url"])) : null;
  if (url) model.siteUrls.push(url);
  // `[output.html.redirect]`: "old-page.html" = "new-page.html" for pages that moved.
  model.redirects.push(...redirectsOf(Object.entries(table(html.redirect))));
  return model;
}
