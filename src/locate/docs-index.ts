import { LRUCache } from "lru-cache";
import type { DocgapConfig } from "../config/schema.js";
import { isDataFile } from "../document/data-files.js";
import type { DocFile } from "../document/doc-file.js";
import type { DocsRepo } from "../github/docs-repo.js";
import type { Snapshot } from "../github/snapshot.js";
import { formLabels } from "../issue/form.js";
import { siteUrl, trimSlashes } from "../site/model.js";
import { isDocFile, isSiteConfig, readSite, type SiteModel, siteDocFiles } from "../site/read.js";
import { buildRouteIndex, type RouteIndex } from "../site/routes.js";
import { mapTargetFolders, urlKey } from "./mapping.js";

export interface DocsIndex {
  repo: DocsRepo;
  snapshot: Snapshot;
  files: string[];
  /** Documentation files the site publishes (sources and their copies). */
  docFiles: string[];
  /** The files maintainers edit: docs files that are not translated or versioned copies. */
  sourceFiles: string[];
  site: SiteModel;
  routes: RouteIndex;
  /** URLs the repository's issue templates put in every issue (compared by `urlKey`). */
  templateUrls: Set<string>;
  /** Field labels of the repository's issue templates (forms and Markdown templates). */
  formLabels: string[];
  load(path: string): Promise<DocFile | null>;
  /** Every source file, parsed. */
  loadAll(): Promise<DocFile[]>;
}

const underRoot = (root: string, p: string) => !root || p.startsWith(`${root}/`);

/** The repository's issue templates: links they carry were put there by the form, not the reporter. */
export const isIssueTemplate = (p: string) =>
  /^\.github\/(ISSUE_TEMPLATE\/[^/]+|ISSUE_TEMPLATE\.md|issue_template\.md)$/i.test(p);

/**
 * Files the docs snapshot reads up front: documentation files (under `docs.root` when it is set; anywhere but
 * dependency folders otherwise), the generator configs that say how they are published, and the issue templates.
 */
export const docsFilter = (config: DocgapConfig) => {
  const root = trimSlashes(config.docs.root ?? "");
  const mapped = mapTargetFolders(config.docs.map);
  return (p: string) =>
    !p.includes("node_modules/") &&
    ((isDocFile(p) && (underRoot(root, p) || mapped.some((m) => p === m || underRoot(m, p)))) ||
      isSiteConfig(p) ||
      isDataFile(p) ||
      isIssueTemplate(p));
};

/** The site model and routes of a commit: read once per commit and docs settings, not once per analysis. */
type SiteOfCommit = Pick<DocsIndex, "site" | "docFiles" | "routes" | "templateUrls" | "formLabels">;
const SITES = new LRUCache<string, Promise<SiteOfCommit>>({ max: 64 });

/**
 * What the repository's issue templates say: the URLs they put in every issue (the form's, not the reporter's)
 * and the labels of their fields. The template chooser's `config.yml` is not a template.
 */
async function readTemplates(snapshot: Snapshot): Promise<Pick<DocsIndex, "templateUrls" | "formLabels">> {
  const templateUrls = new Set<string>();
  const texts: string[] = [];
  for (const p of snapshot.files.filter(isIssueTemplate).slice(0, 30)) {
    const text = ((await snapshot.text(p)) ?? "").slice(0, 200_000);
    for (const m of text.matchAll(/https?:\/\/[^\s"'<>()[\]`]{1,500}/g)) templateUrls.add(urlKey(m[0]));
    if (!/(^|\/)config\.ya?ml$/i.test(p)) texts.push(text);
  }
  return { templateUrls, formLabels: formLabels(texts) };
}

/**
 * The site's docs files and the files `docs.map` points at outside its roots; a map target that no file matches is
 * noted, so `docgap site` shows it instead of the mapping failing silently.
 */
function withMapTargets(
  docFiles: string[],
  files: string[],
  config: DocgapConfig,
  site: SiteModel,
): string[] {
  const listed = new Set(docFiles);
  const out = [...docFiles];
  for (const folder of mapTargetFolders(config.docs.map)) {
    const inside = files.filter((f) => (f === folder || f.startsWith(`${folder}/`)) && isDocFile(f));
    if (inside.length === 0)
      site.notes.push(`docs.map points to ${folder}, where the repository has no docs files`);
    for (const f of inside)
      if (!listed.has(f)) {
        listed.add(f);
        out.push(f);
      }
  }
  return out;
}

async function siteOf(snapshot: Snapshot, config: DocgapConfig) {
  const siteUrls = [config.docs.siteUrl, ...config.docs.siteUrlAliases].filter((u): u is string => !!u);
  const key = JSON.stringify([
    snapshot.repo.id,
    snapshot.version,
    config.docs.root,
    siteUrls,
    config.docs.map,
  ]);
  let built = SITES.get(key);
  if (!built) {
    const listed = new Set(snapshot.files);
    built = readSite({
      files: snapshot.files,
      readText: async (p) => (listed.has(p) ? snapshot.text(p) : null),
      rootOverride: config.docs.root,
      siteUrls,
    }).then(async (site) => {
      // Neither docgap's config nor the site's own says where it is published: the repository's homepage may.
      if (site.siteUrls.length === 0 && snapshot.repo.homepage) {
        const url = siteUrl(await snapshot.repo.homepage());
        if (url && !/^https?:\/\/(www\.)?github\.com\//i.test(url)) {
          site.siteUrls.push(url);
          site.notes.push(`published at ${url}, the repository's homepage`);
        }
      }
      const docFiles = withMapTargets(siteDocFiles(site, snapshot.files), snapshot.files, config, site);
      return {
        site,
        docFiles,
        routes: buildRouteIndex(site, docFiles),
        ...(await readTemplates(snapshot)),
      };
    });
    built.catch(() => SITES.delete(key));
    SITES.set(key, built);
  }
  return built;
}

/** The docs of a repository at one commit: the file list, the site model, and each docs file parsed once. */
export async function buildDocsIndex(snapshot: Snapshot, config: DocgapConfig): Promise<DocsIndex> {
  const { site, docFiles, routes, templateUrls, formLabels: labels } = await siteOf(snapshot, config);
  // Files that only `docs.map` reaches have no route of their own; they are sources all the same.
  const sourceFiles = [...routes.sourceFiles, ...docFiles.filter((f) => !routes.published.has(f))];
  return {
    repo: snapshot.repo,
    snapshot,
    files: snapshot.files,
    docFiles,
    sourceFiles,
    site,
    routes,
    templateUrls,
    formLabels: labels,
    load: (p) => snapshot.docFile(p),
    loadAll: async () =>
      (await Promise.all(sourceFiles.map((p) => snapshot.docFile(p)))).filter(
        (f): f is DocFile => f !== null,
      ),
  };
}
