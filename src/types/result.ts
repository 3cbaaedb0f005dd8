import type { GapAnalysis } from "./analysis.js";
import type { SiteSummary } from "./gathered.js";
import type { IssueFacts } from "./issue-facts.js";
import type { PatchResult } from "./patch.js";
import type { SourceRecord } from "./source-record.js";

/** The result of one analysis, as the CLI prints it as JSON and the comment and pull request are built from. */
export type SourceKind = "issue" | "docs-file" | "page" | "changelog" | "linked";

export interface RequestLog {
  requests: number;
  /** Requests by route, such as `GET /repos/{owner}/{repo}/commits/{ref}`. */
  byRoute: Record<string, number>;
}

export interface EngineReport {
  name: "heuristic" | "openai";
  model: string | null;
  /** Why the heuristic engine answered although a model was asked for; null when it was not. */
  fallback?: string | null;
  /**
   * One plain line for the comment when the model answered but docgap's own analysis (or its recommendation) is
   * shown instead of the model's, and why. (When the model gave no usable answer, `fallback` says why.)
   */
  notice?: string | null;
  usage: {
    promptTokens: number;
    completionTokens: number;
    costUsd: number | null;
    estimated?: boolean;
  } | null;
}

export interface PromptReport {
  tokens: number;
  naiveTokens: number | null;
  shares: Record<SourceKind, { budget: number; used: number }>;
  trimmed: string[];
}

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
  /** The docs site as docgap read it: generator, the config files read, folders and their URL paths. */
  site: SiteSummary | null;
  analysis: GapAnalysis;
  patch: PatchResult | null;
  engine: EngineReport;
  /** Size of the prompt sent (or that would be sent) to the model, against pasting every source whole. */
  prompt: PromptReport | null;
  /** GitHub API requests this analysis made (null without GitHub access). */
  github: RequestLog | null;
  timings: Record<string, number>;
}
