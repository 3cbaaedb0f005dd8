import path from "node:path/posix";
import { ANTORA_CONFIG, readAntora } from "./antora.js";
import { readData, table, text } from "./data.js";
import { DOCUSAURUS_CONFIG, DOCUSAURUS_V1_CONFIG, readDocusaurus, readDocusaurusV1 } from "./docusaurus.js";
import { ELEVENTY_CONFIG, readEleventy } from "./eleventy.js";
import { FUMADOCS_CONFIG, readFumadocs } from "./fumadocs.js";
import { GITBOOK_CONFIG, readGitbook } from "./gitbook.js";
import { HOSTING, hostingRedirects } from "./hosting.js";
import { HUGO_CONFIG, readHugo } from "./hugo.js";
import { JEKYLL_CONFIG, readJekyll } from "./jekyll.js";
import { MDBOOK_CONFIG, readMdbook } from "./mdbook.js";
import { MINTLIFY_CONFIG, readMintlify } from "./mintlify.js";
import { MKDOCS_CONFIG, readMkdocs } from "./mkdocs.js";
import {
  type ContentRoot,
  emptyModel,
  isDocFile,
  LOCALE,
  root,
  type SiteModel,
  siteUrl,
  trimSlashes,
} from "./model.js";
import { NEXT_CONFIG, readNextjs } from "./nextjs.js";
import { QUARTO_CONFIG, readQuarto } from "./quarto.js";
import { RSPRESS_CONFIG, readRspress } from "./rspress.js";
import { readSphinx, SPHINX_CONFIG } from "./sphinx.js";
import { ASTRO_CONFIG, readStarlight } from "./starlight.js";
import type { ReadText } from "./static-value.js";
import { readVitepress, VITEPRESS_CONFIG } from "./vitepress.js";
import { readVuepress, VUEPRESS_CONFIG } from "./vuepress.js";
import { readZola, ZOLA_CONFIG } from "./zola.js";

export type { ContentRoot, Generator, SiteModel } from "./model.js";
export { isDocFile } from "./model.js";

type Reader = (configPath: string, readText: ReadText, files: string[]) => Promise<SiteModel | null>;

const READERS: Array<{ test: RegExp; read: Reader }> = [
  { test: DOCUSAURUS_CONFIG, read: readDocusaurus },
  { test: VITEPRESS_CONFIG, read: (p, r) => readVitepress(p, r) },
  { test: ASTRO_CONFIG, read: readStarlight },
  { test: MKDOCS_CONFIG, read: (p, r) => readMkdocs(p, r) },
  { test: SPHINX_CONFIG, read: (p, r) => readSphinx(p, r) },
  { test: MINTLIFY_CONFIG, read: (p, r) => readMintlify(p, r) },
  { test: ELEVENTY_CONFIG, read: (p, r) => readEleventy(p, r) },
  { test: DOCUSAURUS_V1_CONFIG, read: readDocusaurusV1 },
  { test: MDBOOK_CONFIG, read: (p, r) => readMdbook(p, r) },
  { test: HUGO_CONFIG, read: readHugo },
  { test: JEKYLL_CONFIG, read: (p, r) => readJekyll(p, r) },
  { test: FUMADOCS_CONFIG, read: readFumadocs },
  { test: ANTORA_CONFIG, read: readAntora },
  { test: GITBOOK_CONFIG, read: (p, r) => readGitbook(p, r) },
  { test: RSPRESS_CONFIG, read: readRspress },
  { test: ZOLA_CONFIG, read: (p, r) => readZola(p, r) },
  { test: QUARTO_CONFIG, read: (p, r) => readQuarto(p, r) },
  { test: VUEPRESS_CONFIG, read: (p, r) => readVuepress(p, r) },
  { test: NEXT_CONFIG, read: readNextjs },
];

/** Folders that hold example or test projects, not the site itself. */
const NOT_THE_SITE =
  /(^|\/)(node_modules|fixtures?|__fixtures__|__tests__|tests?|examples?|templates?|playground|e2e|vendor)\//;

/** Files the site model reads besides the docs: generator configs and what they commonly import. */
export const isSiteConfig = (p: string) =>
  !p.includes("node_modules/") &&
  (READERS.some((r) => r.test.test(p)) ||
    /(^|\/)\.vitepress\/config\/[\w.-]+\.(m?[jt]s)$/.test(p) ||
    /(^|\/)(\w+_)?versions\.json$/.test(p) ||
    /(^|\/)locales\.json$/.test(p) ||
    READ_THE_DOCS.test(p) ||
    CNAME.test(p) ||
    HOSTING.test(p) ||
    /(^|\/)config\/_default\/languages\.(toml|ya?ml|json)$/.test(p));

const DEFAULT_DOCS_DIRS = ["docs", "doc", "documentation", "website/docs", "site", "content"];

export interface SiteInput {
  files: string[];
  readText: ReadText;
  /** `docs.root` when configured: only that folder is the docs. */
  rootOverride: string | null;
  /** `docs.siteUrl` and aliases when configured. */
  siteUrls: string[];
}

const docsUnder = (files: string[], dir: string) =>
  files.filter((f) => isDocFile(f) && (!dir || f.startsWith(`${dir}/`))).length;

/**
 * The site model: which generator builds the docs, which folders it publishes at which URL paths, which are
 * translated or versioned copies, and where the site is published. Read from the generator's own config
 * (statically), falling back to conventions; with `docs.root` set, only that folder counts.
 */
export async function readSite(input: SiteInput): Promise<SiteModel> {
  const override = input.rootOverride === null ? null : trimSlashes(input.rootOverride);
  const inScope = (p: string) =>
    override === null ||
    !override ||
    p.startsWith(`${override}/`) ||
    path.dirname(p) === "." ||
    override.startsWith(`${path.dirname(p)}/`);
  // Hugo reads `hugo.*` and ignores `config.*` beside it (a `config.yaml` may be a stub for older versions).
  const hugoDirs = new Set(
    input.files.filter((f) => /(^|\/)hugo\.(toml|ya?ml|json)$/.test(f)).map((f) => path.dirname(f)),
  );
  const shadowed = (f: string) => /(^|\/)config\.(toml|ya?ml|json)$/.test(f) && hugoDirs.has(path.dirname(f));
  const configs = input.files
    .filter((f) => !NOT_THE_SITE.test(f) && inScope(f) && !shadowed(f))
    // A common name (`config.toml`) may be one of several generators': each reader decides from the content.
    .flatMap((f) => READERS.filter((r) => r.test.test(f)).map((reader) => ({ path: f, reader })))
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length)
    .slice(0, 10);
  // Read the Docs says which config builds the published docs: that one is read first and wins when it has docs.
  const declared = await readTheDocsConfig(input);
  const declaredReader = declared ? READERS.find((r) => r.test.test(declared)) : undefined;
  if (declared && declaredReader) {
    const at = configs.findIndex((c) => c.path === declared);
    if (at >= 0) configs.splice(at, 1);
    configs.unshift({ path: declared, reader: declaredReader });
  }
  let best: { model: SiteModel; docs: number; wholeRepo: boolean } | null = null;
  for (const c of configs) {
    if (best && best.docs > 0 && best.model.evidence[0] === declared) break;
    const model = await c.reader.read(c.path, input.readText, input.files).catch(() => null);
    if (!model) continue;
    const docs = model.roots.reduce((n, r) => n + docsUnder(input.files, r.dir), 0);
    // A config that publishes the whole repository (a GitHub Pages `_config.yml` beside the README) says less
    // about where the docs are than one that names a folder: it wins only when no such config has docs.
    const wholeRepo = model.roots.some((r) => r.dir === "" && r.locale === null && r.version === null);
    const better =
      !best ||
      (best.wholeRepo && !wholeRepo && docs > 0) ||
      (best.wholeRepo === wholeRepo && docs > best.docs);
    if (better) best = { model, docs, wholeRepo };
  }
  let model = best && best.docs > 0 ? best.model : null;
  if (model && override) {
    model.roots = model.roots.filter(
      (r) =>
        r.dir === override || r.dir.startsWith(`${override}/`) || override.startsWith(`${r.dir}/`) || !r.dir,
    );
    if (!model.roots.some((r) => r.locale === null && r.version === null))
      model.roots.push(root({ dir: override }));
  }
  if (!model || model.roots.length === 0) {
    model = { ...emptyModel(), ...(best ? { evidence: best.model.evidence } : {}) };
    if (best)
      model.notes.push(`${best.model.generator} config found, but it names no folder with docs files`);
    const dir = override ?? DEFAULT_DOCS_DIRS.find((d) => docsUnder(input.files, d) > 0) ?? "";
    model.roots.push(root({ dir }));
  }
  const urls = [...input.siteUrls.map((u) => siteUrl(u)).filter((u): u is string => !!u), ...model.siteUrls];
  if (urls.length === 0) {
    const pages = await customDomain(model, input);
    if (pages) {
      urls.push(pages.url);
      model.evidence.push(pages.file);
    }
  }
  model.siteUrls = [...new Set(urls)];
  model.roots.push(...inferredLocales(model, input.files));
  // The host's own redirects (Vercel, Netlify), whatever generator builds the pages.
  const hosting = await hostingRedirects(input.files, input.readText).catch(() => null);
  if (hosting?.redirects.length) {
    model.redirects.push(...hosting.redirects);
    model.evidence.push(...hosting.evidence);
  }
  return model;
}

const READ_THE_DOCS = /^\.readthedocs\.ya?ml$/;

/** The config `.readthedocs.yaml` builds (`sphinx.configuration`, `mkdocs.configuration`), when it is in the tree. */
async function readTheDocsConfig(input: SiteInput): Promise<string | null> {
  const file = input.files.find((f) => READ_THE_DOCS.test(f));
  const raw = file ? await input.readText(file) : null;
  const data = file && raw !== null ? readData(file, raw) : null;
  for (const key of ["sphinx", "mkdocs"]) {
    const configuration = text(table(data?.[key]).configuration);
    const declared = configuration ? trimSlashes(path.normalize(configuration)) : null;
    if (declared && input.files.includes(declared)) return declared;
  }
  return null;
}

/** GitHub Pages' `CNAME` file: one host name, the site's own domain. */
const CNAME = /(^|\/)CNAME$/;
const HOST = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The custom domain a GitHub Pages site declares in a `CNAME` file beside its docs: in a docs folder, its parent
 * (`website/`), or the `static/` or `public/` folder its generator copies to the site's root.
 */
async function customDomain(
  model: SiteModel,
  input: SiteInput,
): Promise<{ url: string; file: string } | null> {
  const near = new Set<string>();
  for (const r of model.roots.filter((x) => x.locale === null && x.version === null)) {
    for (const dir of [r.dir, path.dirname(r.dir) === "." ? "" : path.dirname(r.dir)]) {
      for (const sub of ["", "static", "public", ".vuepress/public", ".vitepress/public"])
        near.add([dir, sub, "CNAME"].filter(Boolean).join("/"));
    }
  }
  for (const file of input.files.filter((f) => CNAME.test(f) && near.has(f)).slice(0, 5)) {
    const host = ((await input.readText(file)) ?? "").trim().split(/\s+/)[0] ?? "";
    if (HOST.test(host)) return { url: `https://${host.toLowerCase()}/`, file };
  }
  return null;
}

/**
 * Translated copies the config does not declare: sub-folders named like a locale (`zh`, `pt-BR`) whose files
 * mirror another folder's. The copy named `en`, or else the largest, is the source maintainers edit.
 */
function inferredLocales(model: SiteModel, files: string[]): ContentRoot[] {
  const out: ContentRoot[] = [];
  for (const r of model.roots.filter((x) => x.locale === null && x.version === null)) {
    const prefix = r.dir ? `${r.dir}/` : "";
    const byDir = new Map<string, Set<string>>();
    const top = new Set<string>();
    for (const f of files) {
      if (!isDocFile(f) || !f.startsWith(prefix)) continue;
      const rel = f.slice(prefix.length);
      const slash = rel.indexOf("/");
      const head = slash < 0 ? "" : rel.slice(0, slash);
      if (head && LOCALE.test(head)) {
        const set = byDir.get(head) ?? new Set<string>();
        set.add(rel.slice(slash + 1));
        byDir.set(head, set);
      } else top.add(rel);
    }
    if (byDir.size === 0) continue;
    const declared = new Set(model.roots.map((x) => x.dir));
    const mirrors = (a: Set<string>, b: Set<string>) => {
      let shared = 0;
      for (const x of a) if (b.has(x)) shared++;
      return a.size >= 2 && shared / a.size >= 0.5;
    };
    const folders = [...byDir.entries()];
    const english = byDir.get("en");
    const rewritten = model.rewrites.some((rw) => /^en\//.test(rw.from));
    const source = rewritten || (english && !mirrors(english, top)) ? "en" : null;
    for (const [name, set] of folders) {
      const dir = `${prefix}${name}`;
      if (declared.has(dir) || name === source) continue;
      const reference = source ? (byDir.get(source) ?? top) : top;
      if (mirrors(set, reference))
        out.push(root({ ...r, dir, route: [r.route, name].filter(Boolean).join("/"), locale: name }));
    }
  }
  return out;
}

/** The root a file belongs to: the most specific folder that holds it. */
export function rootOf(site: SiteModel, file: string): ContentRoot | null {
  let best: ContentRoot | null = null;
  for (const r of site.roots) {
    if (r.dir && !file.startsWith(`${r.dir}/`)) continue;
    if (
      !best ||
      r.dir.length > best.dir.length ||
      (r.dir === best.dir && r.locale === null && r.version === null)
    )
      best = r;
  }
  return best;
}

/**
 * Docs files the site publishes: under one of its roots, and not in a folder the generator leaves out (dot
 * folders everywhere; Jekyll's `_includes`, `_layouts` and other underscore folders that are not collections).
 */
export const siteDocFiles = (site: SiteModel, files: string[]) =>
  files.filter((f) => {
    if (!isDocFile(f) || f.includes("node_modules/")) return false;
    const r = rootOf(site, f);
    if (!r) return false;
    const parts = (r.dir ? f.slice(r.dir.length + 1) : f).split("/");
    const folders = parts.slice(0, -1);
    if (
      r.appRouter &&
      (!/^page\.mdx?$/.test(parts[parts.length - 1] ?? "") || folders.some((s) => s.startsWith("_")))
    )
      return false;
    return !folders.some((s) => s.startsWith(".") || (site.generator === "jekyll" && s.startsWith("_")));
  });
