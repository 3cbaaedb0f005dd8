import { readConfigData, readData, table, text } from "./data.js";
import { emptyModel, folderOf, repoJoin, root, type SiteModel, siteUrl } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Antora: a component descriptor `antora.yml`, and a playbook (`antora-playbook.yml`) when the repository has one. */
export const ANTORA_CONFIG = /(^|\/)antora\.ya?ml$/;
const PLAYBOOK = /(^|\/)[\w.-]*playbook[\w.-]*\.ya?ml$/;

/**
 * An Antora component: each module's `pages/` folder published at `/<name>/<version>/<module>/` (the `ROOT`
 * module without its name, an unversioned component (`version: ~`) without a version, and again under the
 * playbook's `latest_version_segment`), pages as `.html`; a playbook's `site.url` is the address.
 */
export async function readAntora(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel | null> {
  const descriptor = await readConfigData(configPath, readText);
  const name = text(descriptor?.name);
  if (!descriptor || !name) return null;
  const model = emptyModel("antora");
  model.evidence.push(configPath);
  const dir = folderOf(configPath);
  // `version: ~` (or none): an unversioned component; a number or a string names the version.
  const v = descriptor.version;
  const version = typeof v === "string" && v !== "~" ? v : typeof v === "number" ? String(v) : null;
  const modules = new Set<string>();
  const prefix = dir ? `${dir}/modules/` : "modules/";
  for (const f of files) {
    if (!f.startsWith(prefix)) continue;
    const [module, family] = f.slice(prefix.length).split("/");
    if (module && family === "pages") modules.add(module);
  }
  let latest: string | null = null;
  for (const p of files.filter((f) => PLAYBOOK.test(f) && !f.includes("node_modules/")).slice(0, 3)) {
    const playbook = await readText(p);
    const data = playbook === null ? null : readData(p, playbook);
    const url = siteUrl(text(table(data?.site).url));
    if (url) {
      model.siteUrls.push(url);
      model.evidence.push(p);
      latest = text(table(data?.urls).latest_version_segment);
      break;
    }
  }
  const ordered = [...modules].sort((a, b) => (a === "ROOT" ? -1 : b === "ROOT" ? 1 : a.localeCompare(b)));
  // The newest version is also published under the playbook's `latest_version_segment` (sites commonly use
  // `latest`): those addresses lead to the same pages.
  const versions = version ? [version, latest ?? "latest"] : [""];
  for (const v of versions)
    for (const module of ordered) {
      const at = repoJoin(dir, "modules", module, "pages");
      if (at === null) continue;
      const route = [name === "ROOT" ? "" : name, v, module === "ROOT" ? "" : module]
        .filter(Boolean)
        .join("/");
      model.roots.push(root({ dir: at, route }));
    }
  return model.roots.length ? model : null;
}
