import type { Octokit } from "@octokit/rest";
import { type EngineEnv, type EngineOptions, modelFor } from "../analysis/engine.js";
import { ledgerKey } from "../analysis/ledger.js";
import { applyLimits, type OperatorLimits } from "../config/limits.js";
import type { ConfigProblem } from "../config/problems.js";
import type { DocgapConfig } from "../config/schema.js";
import { describeError, httpStatus } from "../github/client.js";
import { type DocsRepo, githubDocsRepo, githubRepos } from "../github/docs-repo.js";
import type { SnapshotCache } from "../github/snapshot.js";
import { analyzeIssue } from "../pipeline/analyze.js";
import {
  type CommentAuthor,
  type IssueTarget,
  listComments,
  ownComment,
  upsertComment,
} from "../publish/comment.js";
import { type PrOutcome, publishPullRequest } from "../publish/pull-request.js";
import {
  analysisHash,
  hashIn,
  inputsHash,
  renderComment,
  renderConfigError,
  renderPublicOnly,
  renderStopped,
  renderUnreadable,
} from "../publish/render.js";
import { registerSecret } from "../text/secrets.js";
import type { AnalysisResult, IssueRef } from "../types/result.js";
import { fetcherFor, type SafeFetcher } from "../web/fetch.js";
import { hasWriteAccess } from "./permissions.js";
import { type AnalysisPool, BudgetExceeded } from "./pool.js";

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AnalysisTask {
  target: IssueTarget;
  issue: { title: string; body: string | null; html_url: string };
  config: DocgapConfig;
  /** Default branch of the issue's repository, from the webhook payload. */
  defaultBranch: string | null;
  /** Explicit `/docgap analyze` or `/docgap pr`: post even when the inputs did not change. */
  force: boolean;
  /** Explicit `/docgap pr`: open or update the pull request whatever `output.mode` says. */
  pullRequest?: boolean;
  /**
   * Whose write access a model run or a pull request needs (`trigger.spend`): checked only when the job would
   * spend; without it the heuristic engine answers and no pull request is opened. Null or absent: no check (a
   * command, already checked; `spend: anyone`; the Action and the CLI, run on a maintainer's behalf).
   */
  spendCheck?: { repo: { owner: string; name: string }; user: string | null } | null;
}

export interface JobDeps {
  octokit: Octokit;
  log: Logger;
  /** Page fetcher; a guarded one is built from the config when not given. */
  fetcher?: SafeFetcher;
  /** Model endpoint, prompts and token ledger. */
  engine?: EngineOptions;
  /**
   * Octokit of docgap's installation on another repository (the docs repository), or null when docgap is not
   * installed there.
   */
  octokitFor?: (repo: string) => Promise<Octokit | null>;
  /** False once a newer job for the same issue was queued: nothing is published then. */
  stillCurrent?: () => Promise<boolean>;
  /** Docs trees and files kept between analyses. */
  cache?: SnapshotCache;
  /** Who docgap writes as, so only its own comment is ever edited. */
  author?: CommentAuthor;
  /**
   * The docs (and changelog) of a repository when they are at hand without the API, such as a workflow's
   * checked-out workspace; null to read them from GitHub.
   */
  localDocs?: (repo: string) => DocsRepo | null;
  /** The operator's limits: a repository's config can lower them, never raise them. */
  limits?: OperatorLimits;
  /** Worker threads that run the analysis itself, with a time and memory budget; in this thread when absent. */
  pool?: AnalysisPool;
}

export interface JobOutcome {
  outcome: "published" | "unchanged" | "superseded" | "dry-run";
  usage: AnalysisResult["engine"]["usage"];
  /** The comment as published (or, in dry-run, as it would be). */
  body?: string;
  result?: AnalysisResult;
  /** The comment's id when one was created or edited. */
  commentId?: number;
}

/** Opens or updates the pull request; any failure becomes a reason shown in the comment, never a lost comment. */
async function pullRequestFor(
  deps: JobDeps,
  task: AnalysisTask,
  result: AnalysisResult,
  docsRepo: string,
): Promise<PrOutcome> {
  const issueRepo = `${task.target.owner}/${task.target.repo}`;
  const octokit = docsRepo === issueRepo ? deps.octokit : await deps.octokitFor?.(docsRepo).catch(() => null);
  if (!octokit)
    return {
      status: "skipped",
      reason: `docgap is not installed on ${docsRepo}, so it cannot open a pull request there`,
    };
  try {
    return await publishPullRequest({
      octokit,
      docsRepo,
      issue: {
        repo: issueRepo,
        number: task.target.issue_number,
        title: task.issue.title,
        url: task.issue.html_url,
      },
      result,
      config: task.config,
    });
  } catch (err) {
    const code = httpStatus(err);
    deps.log.warn({ err, docsRepo }, "docgap: pull request not opened");
    return {
      status: "skipped",
      reason:
        code === 403 || code === 404
          ? `GitHub answered ${code} on ${docsRepo}: docgap needs "Contents: write" and "Pull requests: write" there`
          : `GitHub failed: ${describeError(err)}`,
    };
  }
}

/**
 * Nothing of a private docs repository reaches a public issue. Only checked when the docs live in another
 * repository (a repository's own docs share its visibility); unknown visibility counts as private.
 */
export async function privateDocsOnPublicIssue(
  octokit: Octokit,
  issueRepo: string,
  docsRepo: string,
): Promise<boolean> {
  if (docsRepo.toLowerCase() === issueRepo.toLowerCase()) return false;
  const visibility = async (slug: string) => {
    const [owner = "", repo = ""] = slug.split("/");
    return octokit.rest.repos
      .get({ owner, repo })
      .then(({ data }) => data.private)
      .catch(() => null);
  };
  const [docs, issue] = await Promise.all([visibility(docsRepo), visibility(issueRepo)]);
  return docs !== false && issue === false;
}

export interface AnalysisSpec {
  issue: IssueRef;
  config: DocgapConfig;
  docsRepo: string;
  defaultBranch: string | null;
  comments?: Awaited<ReturnType<typeof listComments>>;
  /** Search GitHub for other issues about the same page (default true). */
  searchDuplicates?: boolean;
}

/** The analysis in this thread (tests, the Action, the CLI). */
export function analyzeHere(deps: JobDeps, spec: AnalysisSpec): Promise<AnalysisResult> {
  const issueRepo = spec.issue.repo ?? spec.docsRepo;
  const local = deps.localDocs?.(spec.docsRepo) ?? null;
  const { docs, changelogRepo } = local
    ? { docs: local, changelogRepo: deps.localDocs?.(issueRepo) ?? null }
    : githubRepos(deps.octokit, issueRepo, spec.docsRepo, spec.defaultBranch ?? undefined);
  return analyzeIssue({
    issue: spec.issue,
    config: spec.config,
    docs,
    changelogRepo,
    fetcher: deps.fetcher ?? fetcherFor(spec.config),
    octokit: deps.octokit,
    engine: deps.engine,
    cache: deps.cache,
    comments: spec.comments,
    searchDuplicates: spec.searchDuplicates,
    openRepo: local ? undefined : (repo) => githubDocsRepo(deps.octokit, repo),
  });
}

/** The installation token of an Octokit (Probot's app auth or a plain token). */
async function tokenOf(octokit: Octokit): Promise<string> {
  const auth =
    (await (octokit.auth as (o?: object) => Promise<{ token?: string }>)({ type: "installation" })) ?? {};
  if (!auth.token) throw new Error("no installation token for the analysis worker");
  registerSecret(auth.token);
  return auth.token;
}

/**
 * The analysis on a worker thread: the installation's token and plain data go there, the plain result comes
 * back. The daily token ledger stays here: the worker gets today's count and this thread records the spend.
 */
export async function analyzeInPool(
  deps: JobDeps,
  pool: AnalysisPool,
  spec: AnalysisSpec,
): Promise<AnalysisResult> {
  const engine = deps.engine ?? {};
  const env = engine.env ?? (process.env as EngineEnv);
  const key = engine.installation != null ? ledgerKey(engine.installation) : null;
  const spentToday = engine.ledger && key ? await engine.ledger.spent(key) : 0;
  const result = await pool.run({
    ...spec,
    github: { token: await tokenOf(deps.octokit), baseUrl: deps.octokit.request.endpoint.DEFAULTS.baseUrl },
    engine: {
      env: { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL },
      installation: engine.installation ?? null,
      spentToday,
    },
  });
  const usage = result.engine.usage;
  if (engine.ledger && key && usage)
    await engine.ledger.add(key, usage.promptTokens + usage.completionTokens);
  return result;
}

/** A source the analysis needs could not be read; the job is retried (a 503, for the queue's classifier). */
export class SourceUnavailable extends Error {
  readonly status = 503;
}

/** What could not be read: the docs tree (the issue and the config fail the job before this point). */
const unreadSources = (result: AnalysisResult): string[] =>
  result.sources
    .filter((s) => s.kind === "docs-tree" && s.status === "error")
    .map((s) => `the docs${s.path ? ` (${s.path})` : ""}: ${s.reason ?? "unknown error"}`);

/** Analyses one issue and publishes it as configured: the comment, the pull request, or only a log line (dry-run). */
export async function runAnalysisJob(deps: JobDeps, task: AnalysisTask): Promise<JobOutcome> {
  const { octokit, log } = deps;
  const { target } = task;
  const limited = deps.limits ? applyLimits(task.config, deps.limits) : { config: task.config, notes: [] };
  const wouldSpend =
    !!modelFor(limited.config, deps.engine?.env ?? (process.env as EngineEnv)) ||
    task.pullRequest === true ||
    limited.config.output.mode === "pull-request" ||
    limited.config.output.mode === "both";
  const spends =
    !wouldSpend ||
    !task.spendCheck ||
    (await hasWriteAccess(octokit, task.spendCheck.repo, task.spendCheck.user, log));
  const config: DocgapConfig = spends
    ? limited.config
    : {
        ...limited.config,
        analysis: { ...limited.config.analysis, engine: "heuristic" },
        output: {
          ...limited.config.output,
          mode: limited.config.output.mode === "dry-run" ? "dry-run" : "comment",
        },
      };
  const issueRepo = `${target.owner}/${target.repo}`;
  // The engine that will answer is part of the inputs: adding a model key re-analyses.
  const engine = modelFor(config, deps.engine?.env ?? (process.env as EngineEnv));
  const hash = analysisHash(task.issue, config, engine);
  const dryRun = config.output.mode === "dry-run";

  let comments: Awaited<ReturnType<typeof listComments>> | undefined;
  if (!dryRun && !task.force) {
    comments = await listComments(octokit, target);
    const existing = ownComment(comments, deps.author);
    if (existing && hashIn(existing.body ?? "") === hash) {
      log.info({}, "docgap: inputs unchanged, comment left as is");
      return { outcome: "unchanged", usage: null };
    }
  }
  const docsRepoName = config.docs.repo ?? issueRepo;
  // Private docs, public issue: the analysis runs, its draft goes to the private docs repository, and the public
  // comment carries only what is public (the pages the issue names, the changelog entries it cites).
  let privateDocs = await privateDocsOnPublicIssue(octokit, issueRepo, docsRepoName);
  if (privateDocs)
    log.info({}, "docgap: the docs repository is private and the issue public: public comment only");
  const issueRef = {
    repo: issueRepo,
    number: target.issue_number,
    title: task.issue.title,
    body: task.issue.body,
    url: task.issue.html_url,
  };
  const superseded = async () => {
    if (!deps.stillCurrent || (await deps.stillCurrent())) return false;
    log.info({}, "docgap: a newer job took over, nothing published");
    return true;
  };
  const spec: AnalysisSpec = {
    issue: issueRef,
    config,
    docsRepo: docsRepoName,
    defaultBranch: task.defaultBranch,
    comments,
  };
  let result: AnalysisResult;
  try {
    result = deps.pool ? await analyzeInPool(deps, deps.pool, spec) : await analyzeHere(deps, spec);
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    log.warn({ reason: err.message }, "docgap: analysis stopped at its budget");
    if (dryRun) return { outcome: "dry-run", usage: null };
    if (await superseded()) return { outcome: "superseded", usage: null };
    const body = renderStopped(err.message, hash);
    const outcome = await upsertComment(octokit, target, body, { force: true, author: deps.author });
    return { outcome: "published", usage: null, body, commentId: outcome.id };
  }
  // A verdict never rests on sources that could not be read: say so, and let the queue try again.
  const unread = unreadSources(result);
  if (unread.length) {
    log.warn({ unread }, "docgap: sources could not be read; the job will be tried again");
    if (!dryRun && !(await superseded()))
      await upsertComment(
        octokit,
        target,
        renderUnreadable(privateDocs ? ["the docs (kept in a private repository)"] : unread),
        { force: true, author: deps.author },
      );
    throw new SourceUnavailable(`could not read ${unread.join("; ")}`);
  }
  // Docs read from the repository the issue's repository declares: the pull request goes there, and nothing of it
  // reaches a public issue if it is private.
  const declared = result.site?.docsRepo?.repo ?? null;
  if (declared && !privateDocs) privateDocs = await privateDocsOnPublicIssue(octokit, issueRepo, declared);
  // What the operator's limits changed matters only where a model answers.
  if (engine) result.analysis.notes.push(...limited.notes);
  if (!spends && wouldSpend)
    result.analysis.notes.push(
      "This run was started by someone without write access, so docgap answered with its own analysis and opened no pull request; a maintainer's label or `/docgap analyze` runs the full analysis.",
    );
  const usage = result.engine.usage;
  if (await superseded()) return { outcome: "superseded", usage };
  const wantPr =
    spends &&
    (task.pullRequest === true || config.output.mode === "pull-request" || config.output.mode === "both");
  const pr =
    (wantPr || (privateDocs && spends)) && !dryRun
      ? await pullRequestFor(deps, task, result, declared ?? docsRepoName)
      : null;
  const body = privateDocs
    ? renderPublicOnly(result, hash, pr)
    : renderComment(result, hash, {
        pr,
        compact: config.output.mode === "pull-request" && !!pr && "number" in pr && pr.status !== "closed",
      });
  if (dryRun) {
    log.info({ body }, "docgap: dry-run, not posting");
    return { outcome: "dry-run", usage, body, result };
  }
  if (await superseded()) return { outcome: "superseded", usage };
  const outcome = await upsertComment(octokit, target, body, { force: task.force, author: deps.author });
  log.info(
    {
      comment: outcome.id,
      action: outcome.action,
      ms: result.timings.totalMs,
    },
    `docgap: comment ${outcome.action}`,
  );
  return {
    outcome: outcome.action === "unchanged" ? "unchanged" : "published",
    usage,
    body,
    result,
    commentId: outcome.id,
  };
}

/** Posts (or edits) the comment that explains an invalid `.github/docgap.yml`. */
export async function runConfigErrorJob(
  deps: JobDeps,
  target: IssueTarget,
  errors: ConfigProblem[],
): Promise<void> {
  const body = renderConfigError(errors, inputsHash({ errors }));
  deps.log.warn({ errors }, "docgap: invalid .github/docgap.yml");
  await upsertComment(deps.octokit, target, body, { author: deps.author });
}
