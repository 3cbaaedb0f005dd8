import { emptyModel, folderOf, languageFolderRoots, repoJoin, root, type SiteModel } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, type ReadText, type StaticValue, str } from "./static-value.js";

/** Rspress: `rspress.config.*`. */
export const RSPRESS_CONFIG = /(^|\/)rspress\.config\.(m?[jt]s)$/;

/**
 * Rspress: `root` (default `docs`) beside the config; with `lang` and `locales`, one folder per language, the
 * default language published without a prefix and the others under theirs.
 */
export async function readRspress(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel> {
  const model = emptyModel("rspress");
  const { value, files: read } = await readStaticConfig(configPath, readText);
  model.evidence.push(...(read.length ? read : [configPath]));
  const config = isObject(value) ? value : {};
  if (!isObject(value))
    model.notes.push(`${configPath} could not be read statically; Rspress defaults assumed`);
  const dir = folderOf(configPath);
  const docs = repoJoin(dir, str(config.root) ?? "docs") ?? dir;
  const theme = isObject(config.themeConfig) ? config.themeConfig : {};
  const langs = [...langsOf(config.locales), ...langsOf(theme.locales)];
  const base = root({ dir: docs });
  model.roots.push(...(languageFolderRoots(base, langs, str(config.lang), files, true) ?? [base]));
  return model;
}

const langsOf = (v: StaticValue | undefined): string[] =>
  Array.isArray(v) ? v.flatMap((l) => (isObject(l) && typeof l.lang === "string" ? [l.lang] : [])) : [];
