import type { Octokit } from "@octokit/rest";
import { httpStatus } from "../github/client.js";
import { scrubSecrets } from "../text/secrets.js";
import { hashIn, MARKER } from "./render.js";

export interface IssueTarget {
  owner: string;
  repo: string;
  issue_number: number;
}

export type UpsertOutcome = { action: "created" | "updated" | "unchanged"; id: number };

/** Every comment of an issue. */
export const listComments = (octokit: Octokit, target: IssueTarget) =>
  octokit.paginate(octokit.rest.issues.listComments, { ...target, per_page: 100 });

type Listed = Awaited<ReturnType<typeof listComments>>;

/**
 * Who docgap writes as: its GitHub App id (comments carry `performed_via_github_app`), or the login of the token's
 * bot (`github-actions[bot]` in a workflow). With neither known, any bot's comment that starts with the marker.
 */
export interface CommentAuthor {
  appId: number | null;
  login: string | null;
}

export const anyBot: CommentAuthor = { appId: null, login: null };

/** The author from the environment: Probot's `APP_ID`. */
export const authorFromEnv = (env: NodeJS.ProcessEnv = process.env): CommentAuthor => {
  const id = Number(env.APP_ID);
  return { appId: Number.isInteger(id) && id > 0 ? id : null, login: null };
};

/** Whether docgap wrote a comment or an issue: its App, its bot login, or (neither known) any bot. */
export const writtenBy = (
  c: { performed_via_github_app?: { id: number } | null; user?: { login?: string; type?: string } | null },
  author: CommentAuthor,
) => {
  if (author.appId !== null) return c.performed_via_github_app?.id === author.appId;
  if (author.login !== null) return c.user?.login === author.login;
  return c.user?.type === "Bot";
};

/**
 * docgap's own comment among an issue's comments: written by docgap itself (not another bot quoting the
 * marker), and starting with the marker.
 */
export const ownComment = (comments: Listed, author: CommentAuthor = anyBot) =>
  comments.find((c) => (c.body ?? "").startsWith(MARKER) && writtenBy(c, author)) ?? null;

/** docgap's own comment on an issue, read now. */
export async function findOwnComment(octokit: Octokit, target: IssueTarget, author: CommentAuthor = anyBot) {
  return ownComment(await listComments(octokit, target), author);
}

/** Creates docgap's comment, or edits it in place; edits nothing when its inputs hash is unchanged. */
export async function upsertComment(
  octokit: Octokit,
  target: IssueTarget,
  body: string,
  options: { force?: boolean; author?: CommentAuthor } = {},
): Promise<UpsertOutcome> {
  // The last gate before a public place: no credential, whatever produced the text.
  body = scrubSecrets(body);
  const author = options.author ?? anyBot;
  const existing = await findOwnComment(octokit, target, author);
  if (existing) {
    const same = hashIn(existing.body ?? "") === hashIn(body);
    if (same && !options.force) return { action: "unchanged", id: existing.id };
    if (existing.body === body) return { action: "unchanged", id: existing.id };
    await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
    });
    return { action: "updated", id: existing.id };
  }
  try {
    // Never retried blindly: GitHub sometimes creates the comment and still answers 5xx.
    const { data } = await octokit.rest.issues.createComment({ ...target, body, request: { retries: 0 } });
    return { action: "created", id: data.id };
  } catch (err) {
    const status = httpStatus(err);
    if (status !== undefined && status < 500) throw err;
    const made = await findOwnComment(octokit, target, author);
    if (made && hashIn(made.body ?? "") === hashIn(body)) return { action: "created", id: made.id };
    throw err;
  }
}
