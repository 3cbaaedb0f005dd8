import type { DocgapConfig } from "../config.js";
import { type MarkdownDoc, readMarkdown } from "../markdown.js";
import type { DocsRepo } from "./docs-repo.js";
import { detectSite, isDocFile, type SiteLayout } from "./site.js";
import { tokenize } from "./text.js";

/** A docs source file, parsed once per analysis. */
export interface DocFile {
  path: string;
  text: string;
  doc: MarkdownDoc;
  /** Term frequencies of the whole file. */
  terms: Map<string, number>;
  length: number;
}

export interface DocsIndex {
  repo: DocsRepo;
  files: string[];
  /** Documentation files under `docs.root`. */
  docFiles: string[];
  layout: SiteLayout;
  load(path: string): Promise<DocFile | null>;
  loadAll(): Promise<DocFile[]>;
}

export function toDocFile(path: string, text: string): DocFile {
  const doc = readMarkdown(text);
  const tokens = tokenize(text);
  const terms = new Map<string, number>();
  for (const t of tokens) terms.set(t, (terms.get(t) ?? 0) + 1);
  return { path, text, doc, terms, length: tokens.length };
}

const underRoot = (root: string, p: string) => !root || p.startsWith(`${root}/`);

/** Lists the docs repository and detects how its site is published. Files are read on demand. */
export async function buildDocsIndex(repo: DocsRepo, config: DocgapConfig): Promise<DocsIndex> {
  const files = await repo.list();
  const root = config.docs.root.replace(/^\/+|\/+$/g, "");
  const docFiles = files.filter((f) => isDocFile(f) && underRoot(root, f) && !f.includes("node_modules/"));
  const layout = detectSite(files, root);
  const cache = new Map<string, Promise<DocFile | null>>();
  const load = (p: string) => {
    let hit = cache.get(p);
    if (!hit) {
      hit = repo.read(p).then((text) => (text === null ? null : toDocFile(p, text)));
      cache.set(p, hit);
    }
    return hit;
  };
  return {
    repo,
    files,
    docFiles,
    layout,
    load,
    loadAll: async () => (await Promise.all(docFiles.map(load))).filter((f): f is DocFile => f !== null),
  };
}
