import type { Octokit } from "@octokit/rest";
import type { IssueReference } from "../issue/facts.js";
import { record, type SourceRecord } from "./record.js";

export interface LinkedThread {
  repo: string;
  number: number;
  kind: "issue" | "pull";
  title: string;
  state: string;
  url: string;
  merged: boolean | null;
  /** Files the pull request changed (first 100). */
  files: string[];
}

const status = (err: unknown) => (err as { status?: number }).status;

/** Reads the issues and pull requests an issue references, one hop, at most `max`. */
export async function readLinkedThreads(
  octokit: Octokit,
  refs: IssueReference[],
  ownRepo: string,
  sources: SourceRecord[],
  max = 5,
): Promise<LinkedThread[]> {
  const out: LinkedThread[] = [];
  for (const ref of refs.slice(0, max)) {
    const repo = ref.repo ?? ownRepo;
    const [owner = "", name = ""] = repo.split("/");
    const url = `https://github.com/${repo}/issues/${ref.number}`;
    try {
      const { data: issue } = await octokit.rest.issues.get({ owner, repo: name, issue_number: ref.number });
      const isPull = Boolean(issue.pull_request);
      let merged: boolean | null = null;
      let files: string[] = [];
      if (isPull) {
        const { data: pr } = await octokit.rest.pulls.get({ owner, repo: name, pull_number: ref.number });
        merged = pr.merged;
        const { data: changed } = await octokit.rest.pulls.listFiles({
          owner,
          repo: name,
          pull_number: ref.number,
          per_page: 100,
        });
        files = changed.map((f) => f.filename);
      }
      out.push({
        repo,
        number: ref.number,
        kind: isPull ? "pull" : "issue",
        title: issue.title,
        state: issue.state,
        url: issue.html_url,
        merged,
        files,
      });
      sources.push(record({ kind: isPull ? "pull" : "issue", url: issue.html_url, status: "ok" }));
    } catch (err) {
      const code = status(err);
      sources.push(
        record({
          kind: "issue",
          url,
          status: code === 404 ? "not-found" : "error",
          reason: code ? `GitHub answered ${code}` : String((err as Error).message),
        }),
      );
    }
  }
  return out;
}
