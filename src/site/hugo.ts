import path from "node:path/posix";
import { readConfigData, readData, table, text } from "./data.js";
import { emptyModel, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/**
 * Hugo: `hugo.{toml,yaml,json}` anywhere; `config.*` at the top of the repository or of one folder, or in
 * `config/_default/` (where `languages.*` beside it is read too).
 */
export const HUGO_CONFIG =
  /(^|\/)hugo\.(toml|ya?ml|json)$|^([\w.-]+\/)?config\.(toml|ya?ml|json)$|(^|\/)config\/_default\/(hugo|config)\.(toml|ya?ml|json)$/;

/** Keys that make a `config.*` Hugo's (the name alone is common). */
const HUGO_KEYS = [
  "baseURL",
  "baseurl",
  "contentDir",
  "defaultContentLanguage",
  "languageCode",
  "languages",
  "module",
];

export async function readHugo(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel | null> {
  const config = await readConfigData(configPath, readText);
  if (!config || !HUGO_KEYS.some((k) => k in config)) return null;
  const model = emptyModel("hugo");
  model.evidence.push(configPath);
  const inConfigDir = /(^|\/)config\/_default\/[^/]+$/.test(configPath);
  const projectDir = inConfigDir
    ? configPath.replace(/(^|\/)config\/_default\/[^/]+$/, "")
    : path.dirname(configPath) === "."
      ? ""
      : path.dirname(configPath);
  let languages = table(config.languages);
  if (inConfigDir && Object.keys(languages).length === 0) {
    const dir = `${path.dirname(configPath)}/`;
    const sibling = files.find(
      (f) => f.startsWith(dir) && /^languages\.(toml|ya?ml|json)$/.test(f.slice(dir.length)),
    );
    const languagesText = sibling ? await readText(sibling) : null;
    const data = sibling && languagesText !== null ? readData(sibling, languagesText) : null;
    if (sibling && data) {
      languages = data;
      model.evidence.push(sibling);
    }
  }
  const url = siteUrl(text(config.baseURL) ?? text(config.baseurl));
  if (url) model.siteUrls.push(url);
  const defaultLanguage = text(config.defaultContentLanguage) ?? "en";
  const inSubdir = config.defaultContentLanguageInSubdir === true;
  const contentDir = repoJoin(projectDir, text(config.contentDir) ?? "content") ?? projectDir;
  const routeOf = (lang: string) => (lang === defaultLanguage && !inSubdir ? "" : lang.toLowerCase());
  const localeOf = (lang: string) => (lang === defaultLanguage ? null : lang);
  const seen = new Set<string>();
  const add = (dir: string | null, lang: string) => {
    if (dir === null || seen.has(dir)) return;
    seen.add(dir);
    model.roots.push(root({ dir, route: routeOf(lang), locale: localeOf(lang) }));
  };
  // Module mounts say where content comes from: `{ source: "content/en", target: "content", lang: "en" }`.
  const mounts = table(config.module).mounts;
  if (Array.isArray(mounts))
    for (const m of mounts.slice(0, 50)) {
      const mount = table(m);
      if (text(mount.target) !== "content" || !text(mount.source)) continue;
      add(repoJoin(projectDir, text(mount.source) ?? ""), text(mount.lang) ?? defaultLanguage);
    }
  // Each language may have its own content folder; the default language's is the source maintainers edit.
  const langs = Object.entries(languages).slice(0, 100);
  langs.sort(([a], [b]) => Number(b === defaultLanguage) - Number(a === defaultLanguage));
  for (const [lang, settings] of langs) {
    const dir = text(table(settings).contentDir);
    if (dir) add(repoJoin(projectDir, dir), lang);
  }
  if (model.roots.every((r) => r.locale !== null)) add(contentDir, defaultLanguage);
  return model;
}
