import { modelFor } from "../analysis/engine.js";
import { cacheCheckpoint } from "../backlog/checkpoint.js";
import { runBacklog } from "../backlog/main.js";
import { untick } from "../backlog/state.js";
import type { DocgapConfig } from "../config/schema.js";
import { defaultCache } from "../github/snapshot.js";
import type { IssueTarget } from "../publish/comment.js";
import { analysisHash } from "../publish/render.js";
import type { BacklogReport } from "../types/backlog.js";
import {
  type AnalysisTask,
  analyzeHere,
  analyzeInPool,
  type JobDeps,
  privateDocsOnPublicIssue,
} from "./analyze.js";
import { loadConfig } from "./triage.js";

/**
 * The boxes a maintainer ticked on the dashboard: each issue gets the job `/docgap pr` would start, then the boxes
 * are unticked (the pull request, or the reason there is none, shows on the issue).
 */
export async function runDashboardPr(
  deps: Pick<JobDeps, "octokit" | "log">,
  data: { dashboard: IssueTarget; numbers: number[]; config: DocgapConfig; user: string },
  enqueue: (task: AnalysisTask) => Promise<unknown>,
): Promise<number[]> {
  const { owner, repo } = data.dashboard;
  const taken: number[] = [];
  for (const number of data.numbers) {
    const { data: issue } = await deps.octokit.rest.issues
      .get({ owner, repo, issue_number: number })
      .catch(() => ({ data: null }));
    if (issue?.state !== "open" || issue.pull_request) continue;
    await enqueue({
      target: { owner, repo, issue_number: number },
      issue: { title: issue.title, body: issue.body ?? null, html_url: issue.html_url },
      config: data.config,
      defaultBranch: null,
      force: true,
      pullRequest: true,
      // Checked when the box was ticked.
      spendCheck: null,
    });
    taken.push(number);
  }
  const { data: dashboard } = await deps.octokit.rest.issues.get({
    owner,
    repo,
    issue_number: data.dashboard.issue_number,
  });
  const body = untick(dashboard.body ?? "", data.numbers);
  if (body !== dashboard.body)
    await deps.octokit.rest.issues.update({ owner, repo, issue_number: data.dashboard.issue_number, body });
  deps.log.info({ numbers: taken, user: data.user }, "docgap: pull requests asked for from the dashboard");
  return taken;
}

/** Analyses at once in a scheduled triage (the pool's own limits still apply). */
const BACKLOG_CONCURRENCY = 4;

/** The scheduled triage of a repository: its docs backlog analysed and its dashboard kept current. */
export async function runBacklogJob(
  deps: JobDeps,
  repo: { owner: string; name: string; defaultBranch: string | null },
  force = false,
): Promise<{ outcome: "skipped" | "published"; feedback: BacklogReport["feedback"] | null }> {
  const loaded = await loadConfig(deps.octokit, repo.owner, repo.name);
  if (!loaded.ok || (!loaded.config.dashboard.enabled && !force))
    return { outcome: "skipped", feedback: null };
  // A backlog is hundreds of analyses: a model answers only when the config asks for it.
  const config =
    loaded.config.dashboard.engine === "heuristic"
      ? { ...loaded.config, analysis: { ...loaded.config.analysis, engine: "heuristic" as const } }
      : loaded.config;
  const fullName = `${repo.owner}/${repo.name}`;
  const docsRepo = config.docs.repo ?? fullName;
  const model = modelFor(config, deps.engine?.env ?? {});
  const outcome = await runBacklog({
    octokit: deps.octokit,
    publicOnly: await privateDocsOnPublicIssue(deps.octokit, fullName, docsRepo),
    repo: fullName,
    config,
    hashOf: (issue) => analysisHash(issue, config, model),
    analyze: (issue, comments) => {
      const spec = {
        issue: { repo: fullName, number: issue.number, title: issue.title, body: issue.body, url: issue.url },
        config,
        docsRepo,
        defaultBranch: repo.defaultBranch,
        comments,
        searchDuplicates: false,
      };
      return deps.pool ? analyzeInPool(deps, deps.pool, spec) : analyzeHere(deps, spec);
    },
    concurrency: BACKLOG_CONCURRENCY,
    author: deps.author ?? { appId: null, login: null },
    dashboard: true,
    checkpoint: cacheCheckpoint(deps.cache ?? defaultCache(), fullName),
  });
  deps.log.info({ ...outcome.report.run, dashboard: outcome.dashboard }, "docgap: docs backlog triaged");
  return { outcome: "published", feedback: outcome.report.feedback };
}
