import type { Octokit } from "@octokit/rest";
import { isTriggerLabel } from "../config/labels.js";
import type { DocgapConfig } from "../config/schema.js";
import { type CommentAuthor, writtenBy } from "../publish/comment.js";
import type { OpenIssue } from "./entry.js";

/** A title that says documentation: `[Docs] …`, `docs: …`, `Documentation for …`, `README typo`. */
const DOCS_TITLE = /(?:^|[^a-z])(?:docs?|documentation|readme)(?:$|[^a-z])/i;

/** The marker that starts the dashboard issue's body. */
export const DASHBOARD_MARKER = "<!-- docgap:dashboard -->";

export const isDashboard = (body: string | null | undefined): boolean =>
  (body ?? "").startsWith(DASHBOARD_MARKER);

/** Pages of 100 open issues read at most. */
const MAX_PAGES = 50;

interface ListedIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  labels: Array<string | { name?: string }>;
  comments: number;
  pull_request?: unknown;
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: { id: number } | null;
}

const labelsOf = (issue: ListedIssue) =>
  issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);

/** Whether an open issue is about docs: a trigger label (or a docs label, where allowed), or a docs title. */
export function isDocsIssue(issue: { title: string; labels: string[] }, config: DocgapConfig): boolean {
  if (issue.labels.some((l) => isTriggerLabel(l, config.trigger))) return true;
  return DOCS_TITLE.test(issue.title.slice(0, 200));
}

/**
 * The open docs issues of a repository, most recently updated first, at most `dashboard.maxIssues`; pull requests
 * and the dashboard itself left out. `dashboard` is the dashboard issue docgap (`author`) wrote, when there is one.
 */
export async function openDocsIssues(
  octokit: Octokit,
  repo: string,
  config: DocgapConfig,
  author: CommentAuthor,
): Promise<{ issues: OpenIssue[]; dashboard: { number: number; body: string } | null }> {
  const [owner = "", name = ""] = repo.split("/");
  const issues: OpenIssue[] = [];
  let dashboard: { number: number; body: string } | null = null;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    owner,
    repo: name,
    state: "open",
    sort: "updated",
    direction: "desc",
    per_page: 100,
  });
  let read = 0;
  for await (const { data } of pages) {
    read++;
    for (const raw of data as ListedIssue[]) {
      if (raw.pull_request) continue;
      if (isDashboard(raw.body)) {
        // Only docgap's own: an issue anyone opens with the marker is neither the dashboard nor a docs issue.
        if (writtenBy(raw, author)) dashboard ??= { number: raw.number, body: raw.body ?? "" };
        continue;
      }
      const issue: OpenIssue = {
        number: raw.number,
        title: raw.title,
        body: raw.body ?? null,
        url: raw.html_url,
        labels: labelsOf(raw),
        comments: raw.comments,
      };
      if (isDocsIssue(issue, config) && issues.length < config.dashboard.maxIssues) issues.push(issue);
    }
    // The dashboard may be older than the last docs issue kept; stop once both are known, or at 5,000 issues.
    if ((issues.length >= config.dashboard.maxIssues && dashboard) || read >= MAX_PAGES) break;
  }
  return { issues, dashboard };
}
