import { mergeReferences, readLinkedThreads, threadReferences } from "../evidence/linked.js";
import { parseIssue } from "../issue/parse.js";
import type { LinkedThread } from "../types/evidence.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { record, type SourceRecord } from "../types/source-record.js";
import type { GatherInput } from "./input.js";

/** References read from the issue's timeline and comments, started early so they are read while the docs are. */
export interface ThreadRead {
  references: ReturnType<typeof threadReferences>;
  sources: SourceRecord[];
}

export function startThreadRead(input: GatherInput): ThreadRead | null {
  const { octokit, issueRepo, issueNumber, config } = input;
  if (!octokit || !issueRepo || !issueNumber || !config.sources.followLinks) return null;
  const sources: SourceRecord[] = [];
  const references = threadReferences(
    octokit,
    issueRepo,
    issueNumber,
    sources,
    (text) => parseIssue({ title: "", body: text }).references,
    input.comments,
  );
  return { references, sources };
}

/**
 * The issues and pull requests the issue and its thread reference, one hop; without GitHub access (or with
 * `sources.followLinks` off) each is recorded as skipped.
 */
export async function followThreads(
  input: GatherInput,
  facts: IssueFacts,
  thread: ThreadRead | null,
  sources: SourceRecord[],
): Promise<LinkedThread[]> {
  const { octokit, issueRepo, config } = input;
  let references = facts.references;
  if (thread) {
    const more = await thread.references;
    sources.push(...thread.sources);
    references = mergeReferences([...references, ...more], issueRepo ?? "", input.issueNumber ?? null);
  }
  if (!references.length) return [];
  if (octokit && issueRepo && config.sources.followLinks)
    return readLinkedThreads(octokit, references, issueRepo, sources);
  for (const ref of facts.references) {
    sources.push(
      record({
        kind: "issue",
        url: `https://github.com/${ref.repo ?? issueRepo ?? "?"}/issues/${ref.number}`,
        status: "skipped",
        reason: octokit ? "sources.followLinks is off" : (input.offlineReason ?? "no GitHub access"),
      }),
    );
  }
  return [];
}
