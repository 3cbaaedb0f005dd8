import { astroCollectionRoots } from "./astro.js";
import { emptyModel, folderOf, isDocFile, LOCALE, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { CALLEE, isObject, type ReadText, type StaticValue, str } from "./static-value.js";

/**
 * Astro (`astro.config.*`): Starlight's content collection and its locales, the site's other content collections,
 * and the published site.
 */
export const ASTRO_CONFIG = /(^|\/)astro\.config\.(m?[jt]s|cjs|mts)$/;

export async function readStarlight(
  configPath: string,
  readText: ReadText,
  tree: string[] = [],
): Promise<SiteModel> {
  const model = emptyModel("starlight");
  const { value, files } = await readStaticConfig(configPath, readText);
  model.evidence.push(...files);
  const projectDir = folderOf(configPath);
  const config = isObject(value) ? value : {};
  const url = siteUrl(str(config.site), str(config.base));
  if (url) model.siteUrls.push(url);
  const integrations = Array.isArray(config.integrations) ? config.integrations : [];
  const starlight = integrations.find(
    (i): i is Record<string, StaticValue> => isObject(i) && /starlight/i.test(String(i[CALLEE] ?? "")),
  );
  const srcDir = repoJoin(projectDir, str(config.srcDir) ?? "src") ?? "src";
  const content = repoJoin(srcDir, "content/docs") ?? "src/content/docs";
  const locales = starlight && isObject(starlight.locales) ? starlight.locales : {};
  const defaultLocale = starlight ? str(starlight.defaultLocale) : null;
  let keys = Object.keys(locales);
  // Locales built by a call (`locales: makeLocales()`) cannot be read: with a default locale, the collection's
  // locale-named folders that hold docs are the locales.
  if (keys.length === 0 && defaultLocale) {
    const prefix = `${content}/`;
    const folders = new Set<string>();
    for (const f of tree)
      if (f.startsWith(prefix) && isDocFile(f)) {
        const head = f.slice(prefix.length).split("/")[0] ?? "";
        if (LOCALE.test(head) && f.slice(prefix.length).includes("/")) folders.add(head);
      }
    if (folders.has(defaultLocale)) keys = [...folders];
  }
  // The other collections, where the pages that load them publish them; without Starlight they are the site.
  const i18n = isObject(config.i18n) ? config.i18n : {};
  // Without Starlight the site is Astro's own content collections.
  if (!starlight) model.generator = "astro";
  const collections = await astroCollectionRoots(
    srcDir,
    tree,
    readText,
    new Set(starlight ? ["docs"] : []),
    str(i18n.defaultLocale),
  );
  model.roots.push(...collections);
  if (!starlight && collections.length) return model;
  // With a `root` locale the default language sits at the top of the collection; otherwise in its own folder.
  const defaultDir =
    keys.includes("root") || keys.length === 0 ? content : repoJoin(content, defaultLocale ?? "");
  model.roots.push(
    root({ dir: defaultDir ?? content, route: keys.includes("root") || !defaultLocale ? "" : defaultLocale }),
  );
  for (const key of keys) {
    if (key === "root" || key === defaultLocale) continue;
    const dir = repoJoin(content, key);
    if (dir !== null) model.roots.push(root({ dir, route: key, locale: key }));
  }
  if (!starlight)
    model.notes.push(`no Starlight integration found in ${configPath}; its content folder assumed`);
  return model;
}
