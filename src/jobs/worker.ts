/**
 * The analysis as a worker thread runs it: plain data in (the issue, the config, an installation token), the
 * plain `AnalysisResult` out. The thread's environment is the server's (its cache and fetcher settings). Everything CPU-heavy (reading the docs archive, parsing every file, ranking, the
 * prompt, the diff) happens here, off the thread that answers webhooks.
 */

import { tokens } from "../analysis/budget.js";
import type { EngineEnv } from "../analysis/engine.js";
import { loadPrompts } from "../analysis/prompt-files.js";
import type { DocgapConfig } from "../config/schema.js";
import type { ThreadComment } from "../evidence/linked.js";
import { tokenClient } from "../github/client.js";
import { githubDocsRepo, githubRepos } from "../github/docs-repo.js";
import { defaultCache } from "../github/snapshot.js";
import { analyzeIssue } from "../pipeline/analyze.js";
import { registerSecret } from "../text/secrets.js";
import type { AnalysisResult, IssueRef } from "../types/result.js";
import { fetcherFor } from "../web/fetch.js";

export interface WorkerInput {
  issue: IssueRef;
  config: DocgapConfig;
  /** The installation's token and API base: the worker makes its own client (an Octokit cannot be sent). */
  github: { token: string; baseUrl: string };
  docsRepo: string;
  defaultBranch: string | null;
  comments?: ThreadComment[];
  searchDuplicates?: boolean;
  engine: {
    env: EngineEnv;
    installation: number | string | null;
    /** Tokens this installation spent today, read by the caller, which also records what this analysis spends. */
    spentToday: number;
  };
}

// The thread starts with the server: its one-off costs (the prompt files, and with a model the tokenizer's tables,
// ~200 ms of CPU) are paid then, not while an analysis waits.
const prompts = loadPrompts();
if (process.env.OPENAI_API_KEY) tokens("warm up");

/** Runs one analysis (the piscina task). */
export default async function analyzeInWorker(input: WorkerInput): Promise<AnalysisResult> {
  registerSecret(input.github.token);
  registerSecret(input.engine.env.OPENAI_API_KEY);
  const octokit = tokenClient({
    token: input.github.token,
    baseUrl: input.github.baseUrl,
    userAgent: "docgap",
    throttleId: `installation-${input.engine.installation ?? input.docsRepo}`,
  });
  const issueRepo = input.issue.repo ?? input.docsRepo;
  const { docs, changelogRepo } = githubRepos(
    octokit,
    issueRepo,
    input.docsRepo,
    input.defaultBranch ?? undefined,
  );
  return analyzeIssue({
    issue: input.issue,
    config: input.config,
    docs,
    changelogRepo,
    fetcher: fetcherFor(input.config),
    octokit,
    comments: input.comments,
    searchDuplicates: input.searchDuplicates,
    openRepo: (repo) => githubDocsRepo(octokit, repo),
    cache: defaultCache(),
    engine: {
      env: input.engine.env,
      prompts,
      installation: input.engine.installation,
      ledger: { spent: async () => input.engine.spentToday, add: async () => {} },
    },
  });
}
