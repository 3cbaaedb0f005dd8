import type { Octokit } from "@octokit/rest";
import { httpStatus } from "../sources/requests.js";
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

/** docgap's own comment among an issue's comments: it carries the marker and was written by a bot (the app). */
export const ownComment = (comments: Listed) =>
  comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(MARKER)) ?? null;

/** docgap's own comment on an issue, read now. */
export async function findOwnComment(octokit: Octokit, target: IssueTarget) {
  return ownComment(await listComments(octokit, target));
}

/** Creates docgap's comment, or edits it in place; edits nothing when its inputs hash is unchanged. */
export async function upsertComment(
  octokit: Octokit,
  target: IssueTarget,
  body: string,
  options: { force?: boolean } = {},
): Promise<UpsertOutcome> {
  const existing = await findOwnComment(octokit, target);
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
    const made = await findOwnComment(octokit, target);
    if (made && hashIn(made.body ?? "") === hashIn(body)) return { action: "created", id: made.id };
    throw err;
  }
}
