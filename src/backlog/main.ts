import type { Octokit } from "@octokit/rest";
import type { DocgapConfig } from "../config/schema.js";
import type { CommentAuthor } from "../publish/comment.js";
import type { BacklogEntry, BacklogReport } from "../types/backlog.js";
import { type DashboardOutcome, publishDashboard } from "./dashboard.js";
import type { OpenIssue } from "./entry.js";
import { openDocsIssues } from "./select.js";
import { decodeState, tickedIn } from "./state.js";
import { type TriageInput, triage } from "./triage.js";

export interface BacklogRun {
  /** GitHub: the open issues, comments and the dashboard. Null with `issues` given and no dashboard. */
  octokit: Octokit | null;
  /** The issues to triage, when they do not come from GitHub (files a maintainer exported). */
  issues?: OpenIssue[];
  repo: string;
  config: DocgapConfig;
  hashOf: TriageInput["hashOf"];
  analyze: TriageInput["analyze"];
  concurrency: number;
  author: CommentAuthor;
  /** Longest one analysis may take (default 120 s). */
  timeoutMs?: number;
  /** Keep the dashboard issue current (create it once, edit it in place). */
  dashboard: boolean;
  /**
   * The docs live in a private repository and the issues are public: the dashboard names no file, section, line,
   * passage or draft of it, only the published pages and the groups.
   */
  publicOnly?: boolean;
  /** Entries of an earlier run (a saved JSON report); the dashboard's own are used when it has them. */
  previous?: BacklogEntry[];
  progress?: TriageInput["progress"];
  checkpoint?: TriageInput["checkpoint"];
  now?: () => Date;
}

export interface BacklogOutcome {
  report: BacklogReport;
  dashboard: DashboardOutcome | null;
  /** Issues whose box is ticked on the dashboard: a maintainer asked for their pull request. */
  ticked: number[];
}

/** The report without anything of a private docs repository: the published pages and the groups stay. */
const publicReport = (report: BacklogReport): BacklogReport => {
  const entries = report.entries.map((e) => ({
    ...e,
    tldr: "",
    pages: e.pages.filter((p) => p.url).map((p) => ({ path: null, url: p.url, section: null, lines: null })),
    answer: null,
    draftFiles: [],
    error: e.error && "the analysis failed",
  }));
  // A page is named by its published URL, when one is known; otherwise it is left out.
  const urls = new Map(report.entries.flatMap((e) => e.pages.map((p) => [p.path ?? p.url, p.url] as const)));
  return {
    ...report,
    entries,
    topPages: report.topPages.flatMap((p) => {
      const url = urls.get(p.page);
      return url ? [{ ...p, page: url }] : [];
    }),
  };
};

/**
 * Triages a repository's docs backlog: 1. list the open docs issues (and find the dashboard), 2. take the last
 * run's entries, 3. analyse what changed, 4. publish the dashboard.
 */
export async function runBacklog(run: BacklogRun): Promise<BacklogOutcome> {
  const listed =
    run.issues || !run.octokit
      ? { issues: run.issues ?? [], dashboard: null }
      : await openDocsIssues(run.octokit, run.repo, run.config, run.author);
  const { issues, dashboard } = listed;
  const previous = dashboard ? decodeState(dashboard.body) : new Map<number, BacklogEntry>();
  for (const e of run.previous ?? []) if (!previous.has(e.number)) previous.set(e.number, e);
  const report = await triage({
    octokit: run.octokit,
    repo: run.repo,
    config: run.config,
    issues,
    hashOf: run.hashOf,
    analyze: run.analyze,
    previous,
    concurrency: run.concurrency,
    author: run.author,
    timeoutMs: run.timeoutMs,
    progress: run.progress,
    checkpoint: run.checkpoint,
    now: run.now,
  });
  const published =
    run.dashboard && run.octokit
      ? await publishDashboard(
          run.octokit,
          run.repo,
          run.config.dashboard.title,
          run.publicOnly ? publicReport(report) : report,
          dashboard,
        )
      : null;
  return { report, dashboard: published, ticked: dashboard ? [...tickedIn(dashboard.body)] : [] };
}
