import type { Octokit } from "@octokit/rest";
import { httpStatus } from "../github/client.js";
import { isRepoSlug } from "../text/slug.js";
import type { LinkedThread } from "../types/evidence.js";
import type { IssueReference } from "../types/issue-facts.js";
import { record, type SourceRecord } from "../types/source-record.js";

/** Reads the issues and pull requests an issue references, one hop, at most `max`. */
export async function readLinkedThreads(
  octokit: Octokit,
  refs: IssueReference[],
  ownRepo: string,
  sources: SourceRecord[],
  max = 5,
): Promise<LinkedThread[]> {
  const out: LinkedThread[] = [];
  // Visibility of each repository, read once: a private repository's threads are never quoted where a public
  // repository's readers would see them.
  const visibility = new Map<string, Promise<boolean | null>>();
  const isPrivate = (slug: string) => {
    const [owner = "", repo = ""] = slug.split("/");
    if (!visibility.has(slug))
      visibility.set(
        slug,
        octokit.rest.repos
          .get({ owner, repo })
          .then(({ data }) => data.private)
          .catch(() => null),
      );
    return visibility.get(slug) as Promise<boolean | null>;
  };
  for (const ref of refs.slice(0, max)) {
    const repo = ref.repo ?? ownRepo;
    const [owner = "", name = ""] = repo.split("/");
    const url = `https://github.com/${repo}/issues/${ref.number}`;
    if (!isRepoSlug(repo)) {
      sources.push(
        record({ kind: "issue", status: "skipped", reason: "not a repository name GitHub allows" }),
      );
      continue;
    }
    if (repo.toLowerCase() !== ownRepo.toLowerCase()) {
      const [theirs, ours] = await Promise.all([isPrivate(repo), isPrivate(ownRepo)]);
      if (theirs !== false && ours !== true) {
        sources.push(
          record({
            kind: "issue",
            status: "skipped",
            reason:
              theirs === null
                ? "a reference to a repository docgap cannot see was not followed"
                : "a private reference was not followed",
          }),
        );
        continue;
      }
    }
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
      const code = httpStatus(err);
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

/** What references are read from in a comment. */
export interface ThreadComment {
  body?: string | null;
  user?: { type?: string } | null;
}

interface TimelineEvent {
  event?: string;
  source?: {
    issue?: { number: number; pull_request?: unknown; repository?: { full_name?: string } };
  };
}

const MAX_LISTED = 100;

/**
 * References that are not in the issue body: the issue's timeline cross-references (other issues and pull
 * requests that mention it) and references in people's comments. Bots' comments, docgap's own included, are
 * skipped. One page of each (100 items), so a long thread costs two requests.
 */
export async function threadReferences(
  octokit: Octokit,
  repo: string,
  issueNumber: number,
  sources: SourceRecord[],
  parseRefs: (text: string) => IssueReference[],
  known?: ThreadComment[],
): Promise<IssueReference[]> {
  const [owner = "", name = ""] = repo.split("/");
  const url = `https://github.com/${repo}/issues/${issueNumber}`;
  const fail = (kind: "timeline" | "comments") => (err: unknown) => ({
    refs: [],
    rec: record({ kind, url, status: "error", reason: `GitHub answered ${httpStatus(err) ?? "?"}` }),
  });
  // Both lists at once; the records keep a fixed order.
  const [timeline, comments] = await Promise.all([
    octokit.rest.issues
      .listEventsForTimeline({ owner, repo: name, issue_number: issueNumber, per_page: MAX_LISTED })
      .then(({ data }) => {
        const refs: IssueReference[] = [];
        for (const e of data as TimelineEvent[]) {
          const src = e.event === "cross-referenced" ? e.source?.issue : undefined;
          if (src)
            refs.push({
              repo: src.repository?.full_name ?? repo,
              number: src.number,
              kind: src.pull_request ? "pull" : "issue",
            });
        }
        return {
          refs,
          rec: record({ kind: "timeline", url, status: "ok", reason: `${refs.length} cross-reference(s)` }),
        };
      })
      .catch(fail("timeline")),
    (known
      ? Promise.resolve(known)
      : octokit.rest.issues
          .listComments({ owner, repo: name, issue_number: issueNumber, per_page: MAX_LISTED })
          .then((r) => r.data as ThreadComment[])
    )
      .then((data) => {
        const human = data.filter((c) => c.user?.type !== "Bot" && c.body);
        return {
          refs: human.flatMap((c) => parseRefs(c.body ?? "")),
          rec: record({
            kind: "comments",
            url,
            status: "ok",
            reason: `${human.length} comment(s) by people read`,
          }),
        };
      })
      .catch(fail("comments")),
  ]);
  sources.push(timeline.rec, comments.rec);
  return [...timeline.refs, ...comments.refs];
}

/** References in order of appearance, each once, the issue itself left out. */
export function mergeReferences(
  refs: IssueReference[],
  ownRepo: string,
  ownNumber: number | null,
): IssueReference[] {
  const seen = new Set<string>();
  const out: IssueReference[] = [];
  for (const r of refs) {
    const repo = r.repo ?? ownRepo;
    const key = `${repo.toLowerCase()}#${r.number}`;
    if (seen.has(key) || (repo === ownRepo && r.number === ownNumber)) continue;
    seen.add(key);
    out.push({ ...r, repo });
  }
  return out;
}
