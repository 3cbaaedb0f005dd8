import type { Octokit } from "@octokit/rest";
import type { DocgapConfig } from "../config/schema.js";
import type { ThreadComment } from "../evidence/linked.js";
import type { DocsRepo } from "../github/docs-repo.js";
import type { SnapshotCache } from "../github/snapshot.js";
import type { ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { SafeFetcher } from "../web/fetch.js";

export interface GatherInput {
  facts: IssueFacts;
  config: DocgapConfig;
  /** The issue's repository `owner/name`, when known. */
  issueRepo: string | null;
  /** The issue's number, when it is a real issue: its timeline and comments are read for references. */
  issueNumber?: number | null;
  /** Where the docs source is read from; null when it cannot be read. */
  docs: DocsRepo | null;
  /** Where the changelog is read from (the issue's repository); null to skip. */
  changelogRepo: DocsRepo | null;
  /** Trees and files kept between analyses (default: the process-wide cache). */
  cache?: SnapshotCache;
  /** The issue's comments when already listed (they are read for references otherwise). */
  comments?: ThreadComment[];
  /** Fetches pages; null means no page is fetched (offline). */
  fetcher: SafeFetcher | null;
  /** Reads linked issues and pull requests; null means they are not followed. */
  octokit: Octokit | null;
  /** Why network sources are skipped, for the record. */
  offlineReason?: string;
  /**
   * Opens another repository for its docs: when the issue's repository publishes no docs and declares the
   * repository that does (`docs.repo` unset), the docs are read from there. Absent: no such discovery.
   */
  openRepo?: (repo: string) => DocsRepo | null;
  /**
   * Search GitHub for other issues about the same page (default true). A backlog triage, which holds every open
   * docs issue, compares them itself and spares one rate-limited search per issue.
   */
  searchDuplicates?: boolean;
  /** Parses the issue again with the field labels of the repository's issue templates. */
  reparse?: (formLabels: string[]) => IssueFacts;
}

export const withoutHash = (url: string) => url.replace(/#.*$/, "");

/** A page with nothing resolved yet. */
export const newPage = (
  fields: Pick<ResolvedPage, "url" | "anchors" | "context" | "reasons"> & Partial<ResolvedPage>,
): ResolvedPage => ({
  sourcePath: null,
  candidates: [],
  section: null,
  score: 0,
  sourceQuoteChecks: [],
  published: null,
  lines: null,
  ...fields,
});
