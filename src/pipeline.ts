import type { Octokit } from "@octokit/rest";
import { heuristicAnalysis } from "./analysis/heuristic.js";
import type { GapAnalysis } from "./analysis/schema.js";
import type { DocgapConfig } from "./config.js";
import type { IssueFacts } from "./issue/facts.js";
import { parseIssue } from "./issue/parse.js";
import type { DocsRepo } from "./sources/docs-repo.js";
import type { SafeFetcher } from "./sources/fetch.js";
import { gather } from "./sources/gather.js";
import type { SourceRecord } from "./sources/record.js";

/** The issue being analysed, as docgap needs it (GitHub REST shape, trimmed). */
export interface IssueRef {
  repo: string | null;
  number: number | null;
  title: string;
  body: string | null;
  url: string | null;
}

export interface AnalysisResult {
  schemaVersion: 1;
  issue: IssueRef;
  facts: IssueFacts;
  sources: SourceRecord[];
  analysis: GapAnalysis;
  patch: { files: Array<{ path: string; diff: string }> } | null;
  engine: {
    name: "heuristic" | "openai";
    model: string | null;
    usage: { promptTokens: number; completionTokens: number } | null;
  };
  timings: Record<string, number>;
}

export interface AnalyzeInput {
  issue: IssueRef;
  config: DocgapConfig;
  docs: DocsRepo | null;
  changelogRepo: DocsRepo | null;
  fetcher: SafeFetcher | null;
  octokit: Octokit | null;
  formLabels?: string[];
  offlineReason?: string;
}

const since = (t0: number) => Math.round(performance.now() - t0);

/** Runs the whole analysis of one issue: understand, gather, analyse. */
export async function analyzeIssue(input: AnalyzeInput): Promise<AnalysisResult> {
  const t0 = performance.now();
  const facts = parseIssue(input.issue, { formLabels: input.formLabels });
  const tParse = since(t0);
  const t1 = performance.now();
  const gathered = await gather({
    facts,
    config: input.config,
    issueRepo: input.issue.repo,
    issueNumber: input.issue.number,
    docs: input.docs,
    changelogRepo: input.changelogRepo,
    fetcher: input.fetcher,
    octokit: input.octokit,
    offlineReason: input.offlineReason,
  });
  const tGather = since(t1);
  const t2 = performance.now();
  const analysis = heuristicAnalysis(gathered);
  if (input.config.analysis.engine === "openai") {
    analysis.notes.push(
      "analysis.engine is openai, but no model engine is available in this build; the heuristic engine answered.",
    );
  }
  return {
    schemaVersion: 1,
    issue: input.issue,
    facts,
    sources: gathered.sources,
    analysis,
    patch: null,
    engine: { name: "heuristic", model: null, usage: null },
    timings: { parseMs: tParse, gatherMs: tGather, analyzeMs: since(t2), totalMs: since(t0) },
  };
}
