import path from "node:path";
import type { EngineOptions } from "../../src/analysis/engine.js";
import { ConfigSchema, type DocgapConfigInput } from "../../src/config/schema.js";
import { type DocsRepo, localDocsRepo } from "../../src/github/docs-repo.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import type { IssueRef } from "../../src/types/result.js";
import type { SafeFetcher } from "../../src/web/fetch.js";
import { repo } from "./tree.js";

/** The docs excerpt most tests read: two VitePress pages of a Vite docs tree. */
export const VITE_DOCS = path.resolve(import.meta.dirname, "../fixtures/vite-docs");
/** The config that publishes it at vite.dev. */
export const VITE_SITE = { root: "docs", siteUrl: "https://vite.dev/" };

export interface OfflineCase {
  /** The issue; the repository defaults to `acme/site`, the number to 7. */
  issue: Partial<IssueRef> & { title: string; body: string };
  /** The docs: a folder, or a tree (path → text) written to a new temporary folder. */
  docs: string | Record<string, string>;
  config?: DocgapConfigInput;
  /** The changelog is read from the docs tree unless this is false. */
  changelog?: boolean;
  fetcher?: SafeFetcher | null;
  engine?: EngineOptions;
}

/**
 * One analysis as the CLI runs it with `--offline --docs-dir`: no GitHub, no pages unless a fetcher is given, the
 * heuristic engine unless the config asks for a model.
 */
export async function analyzeOffline(c: OfflineCase) {
  const dir = typeof c.docs === "string" ? c.docs : await repo(c.docs);
  const docs: DocsRepo = localDocsRepo(dir);
  return analyzeIssue({
    issue: { repo: "acme/site", number: 7, url: null, ...c.issue },
    config: ConfigSchema.parse({ analysis: { engine: "heuristic" }, ...c.config }),
    docs,
    changelogRepo: c.changelog === false ? null : docs,
    fetcher: c.fetcher ?? null,
    octokit: null,
    offlineReason: "test",
    engine: c.engine ?? { env: {} },
  });
}
