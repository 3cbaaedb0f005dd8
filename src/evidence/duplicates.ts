import type { Octokit } from "@octokit/rest";
import { describeError } from "../github/client.js";
import { tokenize } from "../text/prose.js";
import type { DuplicateCandidate } from "../types/evidence.js";
import { record, type SourceRecord } from "../types/source-record.js";

/**
 * Other issues of the repository about the same page with the same complaint, found with one search request:
 * issues that name the page (its URL path or its source file) and whose titles say the same thing.
 */

const MAX_RESULTS = 20;
/** Titles this alike say the same thing: shared words over the shorter title's words, at least two of them. */
const SAME_COMPLAINT = 0.6;

/** A title's words, without the URLs it carries (the page is matched by the search itself). */
const words = (s: string) =>
  new Set(tokenize(s.replace(/https?:\/\/\S{1,2000}/g, " ")).filter((w) => w.length >= 3 && !/^\d/.test(w)));
const overlap = (a: Set<string>, b: Set<string>) => {
  const inter = [...a].filter((x) => b.has(x)).length;
  return inter >= 2 ? inter / (Math.min(a.size, b.size) || 1) : 0;
};

/** The phrase a search names the page by: the URL's path below the host, or the file's path. */
export function pageTerm(url: string | null, sourcePath: string | null): string | null {
  if (url) {
    try {
      const path = new URL(url).pathname.replace(/\/+$/, "").replace(/\.html?$/, "");
      const tail = path.split("/").filter(Boolean).slice(-2).join("/");
      if (tail.length >= 4) return tail;
    } catch {
      // not a URL: fall through to the file
    }
  }
  const stem = sourcePath
    ?.replace(/\.(?:mdx?|rst|markdown)$/, "")
    .split("/")
    .slice(-2)
    .join("/");
  return stem && stem.length >= 4 ? stem : null;
}

export async function findDuplicates(
  octokit: Octokit,
  repo: string,
  issue: { number: number; title: string },
  page: { url: string | null; sourcePath: string | null },
  sources: SourceRecord[],
): Promise<DuplicateCandidate[]> {
  const term = pageTerm(page.url, page.sourcePath);
  if (!term) return [];
  const q = `repo:${repo} is:issue "${term.replace(/"/g, "")}"`;
  try {
    const { data } = await octokit.rest.search.issuesAndPullRequests({ q, per_page: MAX_RESULTS });
    sources.push(
      record({ kind: "search", status: "ok", reason: `${data.total_count} issue(s) name ${term}` }),
    );
    const mine = words(issue.title);
    return data.items
      .filter((i) => i.number !== issue.number && !i.pull_request)
      .map((i) => ({ i, sim: overlap(mine, words(i.title)) }))
      .filter(({ sim }) => sim >= SAME_COMPLAINT)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, 3)
      .map(({ i, sim }) => ({
        number: i.number,
        title: i.title,
        url: i.html_url,
        state: i.state,
        why: `it names ${term} too, and its title says the same (${Math.round(sim * 100)}% of the shorter title's words)`,
      }));
  } catch (err) {
    sources.push(record({ kind: "search", status: "error", reason: describeError(err) }));
    return [];
  }
}
