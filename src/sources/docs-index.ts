import type { DocgapConfig } from "../config.js";
import { type MarkdownDoc, readMarkdown } from "../markdown.js";
import type { DocsRepo } from "./docs-repo.js";
import { detectSite, isDocFile, type SiteLayout } from "./site.js";
import type { Snapshot } from "./snapshot.js";
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
  snapshot: Snapshot;
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

/** Files the docs index reads up front: documentation files under `docs.root`. */
export const docsFilter = (config: DocgapConfig) => {
  const root = config.docs.root.replace(/^\/+|\/+$/g, "");
  return (p: string) => isDocFile(p) && underRoot(root, p) && !p.includes("node_modules/");
};

/** The docs of a repository at one commit: the file list, the site layout, and each docs file parsed once. */
export function buildDocsIndex(snapshot: Snapshot, config: DocgapConfig): DocsIndex {
  const root = config.docs.root.replace(/^\/+|\/+$/g, "");
  const isDoc = docsFilter(config);
  const docFiles = snapshot.files.filter(isDoc);
  const layout = detectSite(snapshot.files, root);
  return {
    repo: snapshot.repo,
    snapshot,
    files: snapshot.files,
    docFiles,
    layout,
    load: (p) => snapshot.docFile(p),
    loadAll: async () =>
      (await Promise.all(docFiles.map((p) => snapshot.docFile(p)))).filter((f): f is DocFile => f !== null),
  };
}
