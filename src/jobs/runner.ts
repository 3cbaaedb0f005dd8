import type { Octokit } from "@octokit/rest";
import type { Logger } from "probot";
import type { EngineOptions } from "../analysis/engine.js";
import type { OperatorLimits } from "../config/limits.js";
import type { SnapshotCache } from "../github/snapshot.js";
import type { CommentAuthor } from "../publish/comment.js";
import type { SafeFetcher } from "../web/fetch.js";
import { type JobDeps, runAnalysisJob, runConfigErrorJob } from "./analyze.js";
import { runBacklogJob, runDashboardPr } from "./dashboard.js";
import type { Metrics } from "./metrics.js";
import type { AnalysisPool } from "./pool.js";
import { triage } from "./triage.js";
import type { IssueEvent, JobEnvelope, Processor } from "./types.js";

export interface RunnerDeps {
  /** Octokit of an installation (a fresh token per job, so retried and long jobs never use an expired one). */
  auth(installationId: number): Promise<Octokit>;
  /** Queues the job an event leads to. */
  enqueue(job: JobEnvelope): Promise<"queued" | "duplicate">;
  octokitFor(repo: string): Promise<Octokit | null>;
  log: Logger;
  metrics: Metrics;
  fetcher?: SafeFetcher;
  engine: (installationId: number) => EngineOptions;
  cache?: SnapshotCache;
  /** Who docgap writes as (its App id), so another bot's comment with the marker is never taken for its own. */
  author?: CommentAuthor;
  /** The operator's limits on what a repository's config may spend. */
  limits?: OperatorLimits;
  /** Worker threads for the analyses (with their budgets); in this thread when absent. */
  pool?: AnalysisPool;
}

/** Runs queued jobs: every log line carries the delivery id, repository and issue. */
export function createProcessor(deps: RunnerDeps): Processor {
  const jobDeps = (octokit: Octokit, log: Logger, job: JobEnvelope): JobDeps => ({
    octokit,
    log,
    fetcher: deps.fetcher,
    octokitFor: deps.octokitFor,
    engine: deps.engine(job.installationId),
    cache: deps.cache,
    author: deps.author,
    limits: deps.limits,
    pool: deps.pool,
  });
  return async (job, context) => {
    const log = deps.log.child({
      delivery: job.deliveryId,
      repo: job.repo,
      issue: job.issue,
      job: job.id,
      attempt: context.attempt,
    });
    if (!(await context.stillCurrent())) {
      log.info("docgap: superseded by a newer job for this issue, skipped");
      deps.metrics.outcome("superseded");
      return;
    }
    const octokit = await deps.auth(job.installationId);
    if (job.data.kind === "event") {
      const { event } = job.data;
      const decision = await triage(octokit, event, log);
      if (!decision.act) {
        log.info({ reason: decision.reason }, "docgap: nothing to do");
        return;
      }
      const key =
        decision.data.kind === "backlog"
          ? `backlog:${event.repository.fullName}`
          : `${event.repository.fullName}#${event.issue.number}${decision.data.kind === "config-error" ? ":config" : ""}`;
      const queued = await deps.enqueue({
        id: `${key}@${job.deliveryId}`,
        key,
        installationId: job.installationId,
        deliveryId: job.deliveryId,
        repo: job.repo,
        issue: job.issue,
        label: `${key} (${event.trigger})`,
        data: decision.data,
        // Edits come in bursts: the analysis waits out the quiet period, and a newer edit supersedes it.
        ...(event.trigger === "edited" && decision.data.kind === "analyze"
          ? { delayMs: decision.data.task.config.trigger.quietSeconds * 1000 }
          : {}),
      });
      log.info({ outcome: queued, kind: decision.data.kind }, `docgap: ${decision.data.kind} job ${queued}`);
      if (queued === "queued" && decision.react) await react(octokit, event, log);
      return;
    }
    if (job.data.kind === "dashboard-pr") {
      const { dashboard } = job.data;
      const repo = `${dashboard.owner}/${dashboard.repo}`;
      await runDashboardPr({ octokit, log }, job.data, (task) => {
        const key = `${repo}#${task.target.issue_number}`;
        return deps.enqueue({
          id: `${key}@${job.deliveryId}`,
          key,
          installationId: job.installationId,
          deliveryId: job.deliveryId,
          repo,
          issue: task.target.issue_number,
          label: `${key} (dashboard)`,
          data: { kind: "analyze", task },
        });
      });
      return;
    }
    if (job.data.kind === "backlog") {
      const done = await runBacklogJob(
        { ...jobDeps(octokit, log, job), stillCurrent: undefined },
        job.data.repo,
        job.data.force ?? false,
      );
      if (done.feedback) deps.metrics.feedback(job.repo, done.feedback);
      log.info({ outcome: done.outcome }, `docgap: backlog ${done.outcome}`);
      return;
    }
    if (job.data.kind === "config-error") {
      await runConfigErrorJob({ octokit, log, author: deps.author }, job.data.target, job.data.errors);
      deps.metrics.outcome("config-error");
      return;
    }
    const done = await runAnalysisJob(
      { ...jobDeps(octokit, log, job), stillCurrent: context.stillCurrent },
      job.data.task,
    );
    deps.metrics.outcome(done.outcome);
    deps.metrics.tokens(done.usage);
  };
}

/** An "eyes" reaction tells the person who asked that the work was taken. Best effort. */
export async function react(octokit: Octokit, event: IssueEvent, log: Pick<Logger, "warn">) {
  const repo = { owner: event.repository.owner, repo: event.repository.name };
  try {
    if (event.commentId)
      await octokit.rest.reactions.createForIssueComment({
        ...repo,
        comment_id: event.commentId,
        content: "eyes",
      });
    else
      await octokit.rest.reactions.createForIssue({
        ...repo,
        issue_number: event.issue.number,
        content: "eyes",
      });
  } catch (err) {
    log.warn({ err }, "docgap: could not add the reaction");
  }
}
