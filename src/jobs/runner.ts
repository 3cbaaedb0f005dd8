import type { Octokit } from "@octokit/rest";
import type { Logger } from "probot";
import type { EngineOptions } from "../analysis/engine.js";
import type { SafeFetcher } from "../sources/fetch.js";
import { runAnalysisJob, runConfigErrorJob } from "./analyze.js";
import type { Metrics } from "./metrics.js";
import type { Processor } from "./types.js";

export interface RunnerDeps {
  /** Octokit of an installation (a fresh token per job, so retried and long jobs never use an expired one). */
  auth(installationId: number): Promise<Octokit>;
  octokitFor(repo: string): Promise<Octokit | null>;
  log: Logger;
  metrics: Metrics;
  fetcher?: SafeFetcher;
  engine: (installationId: number) => EngineOptions;
}

/** Runs queued jobs: every log line carries the delivery id, repository and issue. */
export function createProcessor(deps: RunnerDeps): Processor {
  return async (job, context) => {
    const issue =
      job.data.kind === "analyze"
        ? `${job.data.task.target.owner}/${job.data.task.target.repo}#${job.data.task.target.issue_number}`
        : `${job.data.target.owner}/${job.data.target.repo}#${job.data.target.issue_number}`;
    const log = deps.log.child({ delivery: job.deliveryId, issue, job: job.id, attempt: context.attempt });
    if (!(await context.stillCurrent())) {
      log.info("docgap: superseded by a newer job for this issue, skipped");
      deps.metrics.outcome("superseded");
      return;
    }
    const octokit = await deps.auth(job.installationId);
    if (job.data.kind === "config-error") {
      await runConfigErrorJob({ octokit, log }, job.data.target, job.data.errors);
      deps.metrics.outcome("config-error");
      return;
    }
    const done = await runAnalysisJob(
      {
        octokit,
        log,
        fetcher: deps.fetcher,
        octokitFor: deps.octokitFor,
        engine: deps.engine(job.installationId),
        stillCurrent: context.stillCurrent,
      },
      job.data.task,
    );
    deps.metrics.outcome(done.outcome);
    deps.metrics.tokens(done.usage);
  };
}
