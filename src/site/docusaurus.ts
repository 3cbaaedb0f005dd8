import {
  type ContentRoot,
  emptyModel,
  folderOf,
  redirectsOf,
  repoJoin,
  root,
  type SiteModel,
  siteUrl,
  trimSlashes,
} from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { isObject, type ReadText, type StaticValue, str } from "./static-value.js";

/** Docusaurus 2+ (`docusaurus.config.*`) and Docusaurus 1 (`website/siteConfig.js`). */
export const DOCUSAURUS_CONFIG = /(^|\/)docusaurus\.config\.(m?[jt]s|cjs)$/;
export const DOCUSAURUS_V1_CONFIG = /(^|\/)siteConfig\.js$/;

const asArray = (v: StaticValue | undefined): StaticValue[] => (Array.isArray(v) ? v : []);

/** `[name, options]` or `name` entries of `presets` / `plugins`. */
const entries = (v: StaticValue | undefined): Array<{ name: string; options: StaticValue | undefined }> =>
  asArray(v).map((e: StaticValue) =>
    Array.isArray(e)
      ? { name: str(e[0] as StaticValue) ?? "", options: e[1] as StaticValue | undefined }
      : { name: str(e) ?? "", options: undefined },
  );

/**
 * Folders a plugin writes pages into from a source: `docusaurus-plugin-openapi-docs` (each spec's `specPath` to its
 * `outputDir`) and `docusaurus-plugin-typedoc` (`entryPoints` to `out`).
 */
function generatedBy(name: string, options: Record<string, StaticValue>, siteDir: string) {
  const out: Array<{ dir: string; source: string; by: string }> = [];
  const add = (dir: StaticValue | undefined, source: StaticValue | undefined) => {
    const d = str(dir) ? repoJoin(siteDir, str(dir) ?? "") : null;
    const s = str(source) ? repoJoin(siteDir, str(source) ?? "") : null;
    if (d && s) out.push({ dir: d, source: s, by: name });
  };
  if (/openapi-docs/.test(name) && isObject(options.config))
    for (const spec of Object.values(options.config).slice(0, 50))
      if (isObject(spec)) add(spec.outputDir, spec.specPath);
  if (/plugin-typedoc/.test(name))
    add(options.out ?? "docs/api", asArray(options.entryPoints)[0] ?? options.entryPoints);
  return out;
}

async function versionsOf(siteDir: string, id: string, readText: ReadText): Promise<string[]> {
  const file = repoJoin(siteDir, id === "default" ? "versions.json" : `${id}_versions.json`);
  const text = file === null ? null : await readText(file);
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string").slice(0, 200) : [];
  } catch {
    return [];
  }
}

export async function readDocusaurus(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel> {
  const model = emptyModel("docusaurus");
  const { value, files: read } = await readStaticConfig(configPath, readText);
  model.evidence.push(...read);
  const siteDir = folderOf(configPath);
  if (!isObject(value)) {
    model.notes.push(`${configPath} could not be read statically; Docusaurus defaults assumed`);
  }
  const config = isObject(value) ? value : {};
  const url = siteUrl(str(config.url), str(config.baseUrl));
  if (url) model.siteUrls.push(url);
  const i18n = isObject(config.i18n) ? config.i18n : {};
  const defaultLocale = str(i18n.defaultLocale);
  const locales = asArray(i18n.locales).filter(
    (l): l is string => typeof l === "string" && l !== defaultLocale,
  );

  const instances: Array<{ kind: ContentRoot["kind"]; id: string; options: Record<string, StaticValue> }> =
    [];
  const presets = entries(config.presets);
  const classic =
    presets.find((p) => /classic/.test(p.name)) ?? (presets.length ? null : { name: "", options: {} });
  const presetOptions: Record<string, StaticValue> =
    classic && isObject(classic.options) ? classic.options : {};
  if (classic || presets.length === 0) {
    if (presetOptions.docs !== false)
      instances.push({
        kind: "docs",
        id: "default",
        options: isObject(presetOptions.docs) ? presetOptions.docs : {},
      });
    if (presetOptions.blog !== false)
      instances.push({
        kind: "blog",
        id: "default",
        options: isObject(presetOptions.blog) ? presetOptions.blog : {},
      });
    if (presetOptions.pages !== false)
      instances.push({
        kind: "pages",
        id: "default",
        options: isObject(presetOptions.pages) ? presetOptions.pages : {},
      });
  }
  for (const plugin of entries(config.plugins)) {
    const options = isObject(plugin.options) ? plugin.options : {};
    const kind = /content-docs/.test(plugin.name)
      ? "docs"
      : /content-blog/.test(plugin.name)
        ? "blog"
        : /content-pages/.test(plugin.name)
          ? "pages"
          : null;
    if (kind) instances.push({ kind, id: str(options.id) ?? "default", options });
    const written = generatedBy(plugin.name, options, siteDir);
    if (written.length) model.generated = [...(model.generated ?? []), ...written];
    if (/client-redirects/.test(plugin.name))
      for (const r of asArray(options.redirects).slice(0, 500)) {
        if (!isObject(r)) continue;
        const froms = Array.isArray(r.from) ? r.from : [r.from];
        model.redirects.push(
          ...redirectsOf(froms.map((f): [unknown, unknown] => [str(f as StaticValue), str(r.to)])),
        );
      }
  }

  for (const inst of instances) {
    const defaults = { docs: ["docs", "docs"], blog: ["blog", "blog"], pages: ["src/pages", ""] }[inst.kind];
    const dir = repoJoin(siteDir, str(inst.options.path) ?? defaults[0] ?? "");
    if (dir === null) {
      model.notes.push(`a ${inst.kind} folder outside the repository was ignored`);
      continue;
    }
    const route = trimSlashes(str(inst.options.routeBasePath) ?? defaults[1] ?? "");
    const base = { route, kind: inst.kind, numberPrefixes: inst.kind === "docs" };
    const versions = inst.kind === "docs" ? await versionsOf(siteDir, inst.id, readText) : [];
    const last = str(inst.options.lastVersion) ?? versions[0];
    // With released versions, the route base serves the last of them and the current docs move to `/next/`
    // (or `versions.current.path`), unless `lastVersion` is `current`.
    const options = isObject(inst.options.versions) ? inst.options.versions : {};
    const current = isObject(options.current) ? options.current : {};
    const currentPath =
      versions.length && last !== "current"
        ? trimSlashes(str(current.path) ?? "next")
        : trimSlashes(str(current.path) ?? "");
    model.roots.push(root({ dir, ...base, route: [route, currentPath].filter(Boolean).join("/") }));
    if (inst.kind === "docs") {
      const versionsDir = inst.id === "default" ? "versioned_docs" : `${inst.id}_versioned_docs`;
      for (const v of versions) {
        const vdir = repoJoin(siteDir, versionsDir, `version-${v}`);
        if (vdir === null || !files.some((f) => f.startsWith(`${vdir}/`))) continue;
        // A version's own `path` wins; otherwise the last release is served at the route base and the others
        // under their name. The name stays readable for the last release too, as old links use it.
        const declared = isObject(options[v]) ? str((options[v] as Record<string, StaticValue>).path) : null;
        const paths = new Set(declared !== null ? [trimSlashes(declared)] : v === last ? ["", v] : [v]);
        for (const p of paths)
          model.roots.push(
            root({ dir: vdir, ...base, route: [route, p].filter(Boolean).join("/"), version: v }),
          );
      }
    }
    const pluginDir = `docusaurus-plugin-content-${inst.kind}${inst.id === "default" ? "" : `-${inst.id}`}`;
    for (const locale of locales) {
      const ldir = repoJoin(siteDir, "i18n", locale, pluginDir, inst.kind === "docs" ? "current" : "");
      if (ldir === null) continue;
      model.roots.push(
        root({ dir: ldir, ...base, route: [locale, route].filter(Boolean).join("/"), locale }),
      );
    }
  }
  return model;
}

/** Docusaurus 1: docs in the repository's `docs/` (or `customDocsPath`) at `/docs/`, versions in `website/`. */
export async function readDocusaurusV1(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel> {
  const model = emptyModel("docusaurus");
  const { value, files: read } = await readStaticConfig(configPath, readText);
  model.evidence.push(...read);
  const siteDir = folderOf(configPath);
  const config = isObject(value) ? value : {};
  const url = siteUrl(str(config.url), str(config.baseUrl));
  if (url) model.siteUrls.push(url);
  const docsDir = repoJoin(siteDir, "..", str(config.customDocsPath) ?? "docs") ?? "docs";
  model.roots.push(root({ dir: docsDir, route: "docs" }));
  for (const v of await versionsOf(siteDir, "default", readText)) {
    const vdir = repoJoin(siteDir, "versioned_docs", `version-${v}`);
    if (vdir === null || !files.some((f) => f.startsWith(`${vdir}/`))) continue;
    model.roots.push(root({ dir: vdir, route: `docs/${v}`, version: v }));
  }
  model.roots.push(root({ dir: repoJoin(siteDir, "blog") ?? "blog", route: "blog", kind: "blog" }));
  model.roots.push(root({ dir: repoJoin(siteDir, "pages", "en") ?? "pages", route: "", kind: "pages" }));
  return model;
}
