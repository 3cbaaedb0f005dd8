import { readData, table, text } from "./data.js";
import { emptyModel, folderOf, redirectsOf, repoJoin, root, type SiteModel } from "./model.js";
import type { ReadText } from "./static-value.js";

/** GitBook's Git Sync: `.gitbook.yaml`. */
export const GITBOOK_CONFIG = /(^|\/)\.gitbook\.ya?ml$/;

/**
 * A space GitBook syncs from the repository: its `root` folder (default the folder of `.gitbook.yaml`) published
 * page by page at the file's path (`README.md` as a folder's page), and its `redirects` (old path → file).
 */
export async function readGitbook(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const raw = await readText(configPath);
  // An empty file is GitBook's defaults.
  const config = raw === null || !raw.trim() ? {} : readData(configPath, raw);
  if (config === null) return null;
  const model = emptyModel("gitbook");
  model.evidence.push(configPath);
  const dir = folderOf(configPath);
  const docs = repoJoin(dir, text(config.root) ?? ".");
  if (docs === null) return null;
  model.roots.push(root({ dir: docs }));
  model.redirects.push(...redirectsOf(Object.entries(table(config.redirects))));
  return model;
}
