import { scrubSecrets } from "../text/secrets.js";
import type { BacklogEntry, BacklogGroup, Feedback } from "../types/backlog.js";
import type { AnalysisResult } from "../types/result.js";

/** The open issue as GitHub lists it: what the triage needs besides the analysis. */
export interface OpenIssue {
  number: number;
  title: string;
  body: string | null;
  url: string;
  labels: string[];
  comments: number;
}

/** The group an analysis puts an issue in: what a maintainer can do with it now. */
export function groupOf(result: Pick<AnalysisResult, "analysis" | "patch">): BacklogGroup {
  const action = result.analysis.recommendation.action;
  if (action !== "update-docs") return action;
  return result.patch?.files.length ? "ready" : "to-write";
}

const ISSUE_REF = /#(\d{1,9})\b/;

/** The other issue a duplicate verdict names (its evidence links the issue it found). */
const duplicateOf = (result: AnalysisResult): number | null => {
  if (result.analysis.recommendation.action !== "duplicate") return null;
  const ev = result.analysis.evidence.find((e) => e.source.kind === "linked-issue");
  const n = ISSUE_REF.exec(ev?.claim.slice(0, 200) ?? "")?.[1];
  return n ? Number(n) : null;
};

/** The merged change an already-fixed verdict rests on. */
const fixedBy = (result: AnalysisResult): string | null =>
  result.analysis.recommendation.action === "already-fixed"
    ? (result.analysis.evidence.find((e) => e.source.kind === "linked-pull")?.source.ref ?? null)
    : null;

/** The backlog entry of one analysed issue. */
export function entryOf(
  issue: OpenIssue,
  result: AnalysisResult,
  hash: string,
  feedback: Feedback | null,
): BacklogEntry {
  const a = result.analysis;
  return {
    number: issue.number,
    title: issue.title,
    url: issue.url,
    hash,
    group: groupOf(result),
    kind: a.kind,
    recommendation: a.recommendation.action,
    confidence: a.confidence,
    tldr: a.tldr,
    pages: a.affectedPages.slice(0, 3).map((p) => ({
      path: p.sourcePath,
      url: p.url,
      section: p.section?.heading ?? null,
      lines: p.lines,
    })),
    answer: a.answer
      ? { path: a.answer.path, heading: a.answer.heading, lines: a.answer.lines, reply: a.answer.reply }
      : null,
    fixedBy: fixedBy(result),
    duplicateOf: duplicateOf(result),
    draftFiles: result.patch?.files.map((f) => f.path) ?? [],
    feedback,
    error: null,
  };
}

/** An issue whose analysis failed: listed with the reason, so the backlog is never silently short. */
export const failedEntry = (issue: OpenIssue, hash: string, reason: string): BacklogEntry => ({
  number: issue.number,
  title: issue.title,
  url: issue.url,
  hash,
  group: "failed",
  kind: "unclear",
  recommendation: "needs-info",
  confidence: "low",
  tldr: "",
  pages: [],
  answer: null,
  fixedBy: null,
  duplicateOf: null,
  draftFiles: [],
  feedback: null,
  error: scrubSecrets(reason.split("\n")[0]?.slice(0, 300) || "unknown error"),
});
