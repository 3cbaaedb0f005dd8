import type { Octokit } from "@octokit/rest";
import pLimit from "p-limit";
import type { DocgapConfig } from "../config/schema.js";
import { type CommentAuthor, listComments, ownComment } from "../publish/comment.js";
import { timeLimit } from "../text/time-limit.js";
import type { BacklogEntry, BacklogReport, Feedback } from "../types/backlog.js";
import type { AnalysisResult } from "../types/result.js";
import type { BacklogCheckpoint } from "./checkpoint.js";
import { entryOf, failedEntry, type OpenIssue } from "./entry.js";
import { feedbackOf, groupsOf, markDuplicates, topPages } from "./groups.js";

type Comments = Awaited<ReturnType<typeof listComments>>;

export interface TriageInput {
  /** Reads each issue's comments (docgap's reactions); null when the issues come from files. */
  octokit: Octokit | null;
  repo: string;
  config: DocgapConfig;
  issues: OpenIssue[];
  /** The analysis inputs of an issue (title, body, config, engine): unchanged means not analysed again. */
  hashOf: (issue: OpenIssue) => string;
  /** Runs the pipeline on one issue; the docs are read once for the whole run by whoever builds this. */
  analyze: (issue: OpenIssue, comments: Comments | undefined) => Promise<AnalysisResult>;
  /** Entries of the last run, by issue number. */
  previous: Map<number, BacklogEntry>;
  /** Entries finished by a run of the same inputs that did not get to the end. */
  checkpoint?: BacklogCheckpoint;
  /** Analyses at once. */
  concurrency: number;
  author: CommentAuthor;
  /** Longest one analysis may take before its issue is listed as failed (default 120 s). */
  timeoutMs?: number;
  /** Told after each issue (the CLI draws progress on a terminal). */
  progress?: (done: number, total: number) => void;
  now?: () => Date;
}

/** Reactions on docgap's own comment, or null when it has none (or none was written). */
function feedbackIn(comments: Comments | undefined, author: CommentAuthor): Feedback | null {
  const own = comments ? ownComment(comments, author) : null;
  const r = own?.reactions;
  if (!r) return null;
  return { up: r["+1"] ?? 0, down: r["-1"] ?? 0, hooray: r.hooray ?? 0, confused: r.confused ?? 0 };
}

/**
 * Triage of the backlog: every open docs issue analysed (or its last entry reused when its inputs did not change),
 * grouped by what a maintainer can do, with the pages that collect the most issues and the reactions people left.
 */
export async function triage(input: TriageInput): Promise<BacklogReport> {
  const [repoOwner = "", repoName = ""] = input.repo.split("/");
  const entries = new Map<number, BacklogEntry>();
  let analysed = 0;
  let reused = 0;
  let failed = 0;
  let done = 0;
  const lane = pLimit(Math.max(1, input.concurrency));
  const one = async (issue: OpenIssue) => {
    const hash = input.hashOf(issue);
    let comments: Comments;
    try {
      // Only an issue with comments can hold docgap's (or anything the analysis reads): the rest cost no request.
      comments =
        issue.comments > 0 && input.octokit
          ? await listComments(input.octokit, {
              owner: repoOwner,
              repo: repoName,
              issue_number: issue.number,
            })
          : [];
      const feedback = feedbackIn(comments, input.author);
      // The last run's entry for the same inputs, or one a stopped run of these inputs kept (never a failure).
      const previous = input.previous.get(issue.number);
      const last =
        previous && previous.hash === hash && !previous.error
          ? previous
          : await input.checkpoint?.get(issue.number, hash).catch(() => null);
      if (last) {
        entries.set(issue.number, { ...last, title: issue.title, url: issue.url, feedback });
        reused++;
      } else {
        // One slow issue never holds up the backlog.
        const ms = input.timeoutMs ?? 120_000;
        const limit = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
        const result = await timeLimit(
          input.analyze(issue, comments),
          ms,
          () => new Error(`the analysis took longer than ${limit}`),
        );
        const entry = entryOf(issue, result, hash, feedback);
        entries.set(issue.number, entry);
        await input.checkpoint?.put(entry).catch(() => undefined);
        analysed++;
      }
    } catch (err) {
      entries.set(issue.number, failedEntry(issue, hash, err instanceof Error ? err.message : String(err)));
      failed++;
    }
    input.progress?.(++done, input.issues.length);
  };
  await Promise.all(input.issues.map((issue) => lane(() => one(issue))));
  const ordered = markDuplicates(
    input.issues.map((i) => entries.get(i.number)).filter((e): e is BacklogEntry => !!e),
  ).sort((a, b) => b.number - a.number);
  return {
    repo: input.repo,
    generatedAt: (input.now?.() ?? new Date()).toISOString(),
    entries: ordered,
    groups: groupsOf(ordered),
    topPages: topPages(ordered),
    feedback: feedbackOf(ordered),
    run: { analysed, reused, failed },
  };
}
