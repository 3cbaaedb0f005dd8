import type { Octokit } from "@octokit/rest";
import { applyPatch } from "diff";
import type { DocgapConfig } from "../config/schema.js";
import { httpStatus } from "../github/client.js";
import { gitBlobSha } from "../github/docs-repo.js";
import { formatRefusal, pathRefusal } from "../patch/check.js";
import { code, inline, link } from "../text/escape.js";
import { scrubSecrets } from "../text/secrets.js";
import type { AnalysisResult } from "../types/result.js";

/** Trailer on every commit docgap makes: a branch with any commit without it has someone else's work. */
export const COMMIT_TRAILER = "Generated-by: docgap";

export const branchName = (issueNumber: number) => `docgap/issue-${issueNumber}`;

export type PrOutcome =
  | { status: "opened" | "updated" | "unchanged"; number: number; url: string; branch: string }
  | { status: "closed"; number: number; url: string; merged: boolean }
  | { status: "foreign-commits"; branch: string; url: string | null }
  | { status: "skipped"; reason: string };

export interface PrInput {
  /** Octokit authenticated for the docs repository (docgap's installation there). */
  octokit: Octokit;
  docsRepo: string;
  issue: { repo: string; number: number; title: string; url: string };
  result: AnalysisResult;
  config: DocgapConfig;
}

async function fileAt(octokit: Octokit, owner: string, repo: string, path: string, ref: string) {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
    return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
  } catch (err) {
    if (httpStatus(err) === 404) return null;
    throw err;
  }
}

async function branchHead(octokit: Octokit, owner: string, repo: string, branch: string) {
  try {
    const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (err) {
    if (httpStatus(err) === 404) return null;
    throw err;
  }
}

const firstLine = (s: string, max = 72) => {
  const line = s.split("\n")[0]?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

export function prTitle(result: AnalysisResult): string {
  const subject = result.facts.subject.replace(/^\s*\[?docs?\]?\s*[:-]\s*/i, "");
  return `docs: ${firstLine(subject, 64)}`;
}

export function prBody(input: PrInput): string {
  const { result, issue, config } = input;
  const a = result.analysis;
  const keyword = config.output.pullRequest.closingKeyword;
  const ref = issue.repo === input.docsRepo ? `#${issue.number}` : `${issue.repo}#${issue.number}`;
  const files = result.patch?.files ?? [];
  const draft = result.patch?.kind === "draft";
  return [
    `${keyword ? `${keyword} ${ref}` : `Documentation issue: ${ref}`}`,
    "",
    `**TL;DR** ${inline(a.tldr)}`,
    "",
    draft
      ? "> [!IMPORTANT]\n> This is a draft made without a model: it marks where the change goes and carries what the issue asks for. Write the final text before merging."
      : "> [!NOTE]\n> The text was written by a model from the sources below. Review it like any contribution.",
    "",
    "### Changed files",
    ...files.map((f) => `- ${code(f.path)} (+${f.additions} −${f.deletions})`),
    "",
    "### Evidence",
    ...a.evidence
      .slice(0, 15)
      .map((e) => `- ${e.verified ? "✅" : "⚠️"} ${inline(e.claim)} (${inline(e.source.ref)})`),
    "",
    "### Reviewer checklist",
    "- [ ] The change answers the issue and says nothing the sources do not support",
    "- [ ] Wording, tone and formatting match the surrounding page",
    ...(draft ? ["- [ ] The reporter's proposed wording is checked, and the draft marker removed"] : []),
    "- [ ] Links and code examples work",
    "- [ ] The docs site builds",
    "",
    `<sub>Opened by docgap from ${link(issue.url, `${issue.repo}#${issue.number}`)}. docgap updates this branch when the issue changes; it never pushes over commits it did not make.</sub>`,
  ].join("\n");
}

/**
 * Opens (or updates) a draft pull request with the analysis's patch, as one commit made through the Git Data
 * API on `docgap/issue-<N>`. A closed pull request stays closed; a branch with someone else's commits is left
 * alone; a patch that no longer applies to the current files is not committed.
 */
export async function publishPullRequest(input: PrInput): Promise<PrOutcome> {
  const { octokit, result, config, issue } = input;
  const [owner = "", repo = ""] = input.docsRepo.split("/");
  const patch = result.patch;
  const mapped = new Set(
    result.analysis.affectedPages.map((p) => p.sourcePath).filter((p): p is string => !!p),
  );
  // The same checks as the patch, again, right before anything is written.
  const files = (patch?.files ?? []).filter(
    (f) => pathRefusal(f.path, mapped, config.docs.root ?? "") === null,
  );
  if (!patch || files.length === 0) return { status: "skipped", reason: "there is no patch to propose" };
  const limits = config.patch;
  const lines = files.reduce((n, f) => n + f.additions + f.deletions, 0);
  if (files.length > limits.maxFiles || lines > limits.maxChangedLines)
    return { status: "skipped", reason: "the patch is over the configured size limits" };

  const branch = branchName(issue.number);
  const { data: repoInfo } = await octokit.rest.repos.get({ owner, repo });
  const base = repoInfo.default_branch;

  const { data: existing } = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${branch}`,
    state: "all",
    per_page: 10,
  });
  const pr = existing[0];
  if (pr && pr.state === "closed") {
    return { status: "closed", number: pr.number, url: pr.html_url, merged: !!pr.merged_at };
  }

  const baseSha = await branchHead(octokit, owner, repo, base);
  if (!baseSha) return { status: "skipped", reason: `the default branch ${base} could not be read` };

  // Re-read each file at the base and re-apply: the base may have moved since the analysis.
  const contents: Array<{ path: string; text: string }> = [];
  for (const f of files) {
    const current = await fileAt(octokit, owner, repo, f.path, baseSha);
    if (!current) return { status: "skipped", reason: `${code(f.path)} is no longer on ${base}` };
    const next = applyPatch(current.text, f.diff);
    if (next === false)
      return {
        status: "skipped",
        reason: `${code(f.path)} changed on ${base} since the analysis and the patch no longer applies; re-run \`/docgap analyze\``,
      };
    const broken = formatRefusal(f.path, current.text, next);
    if (broken) return { status: "skipped", reason: `${code(f.path)}: ${broken}` };
    contents.push({ path: f.path, text: next });
  }

  const head = await branchHead(octokit, owner, repo, branch);
  let parent = baseSha;
  let rewrite = false;
  if (head) {
    const { data: cmp } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${base}...${branch}`,
    });
    const foreign = cmp.commits.some((c) => !c.commit.message.includes(COMMIT_TRAILER));
    if (foreign) return { status: "foreign-commits", branch, url: pr?.html_url ?? null };
    if (cmp.behind_by === 0) parent = head;
    else rewrite = true; // only docgap's commits: safe to rebuild on the current base
    if (!rewrite) {
      const same = await Promise.all(
        contents.map(
          async (c) => (await fileAt(octokit, owner, repo, c.path, head))?.sha === gitBlobSha(c.text),
        ),
      );
      if (same.every(Boolean) && pr) {
        return { status: "unchanged", number: pr.number, url: pr.html_url, branch };
      }
    }
  }

  const { data: baseCommit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: parent });
  const tree = [];
  for (const c of contents) {
    const { data: blob } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: c.text,
      encoding: "utf-8",
    });
    tree.push({ path: c.path, mode: "100644" as const, type: "blob" as const, sha: blob.sha });
  }
  const { data: newTree } = await octokit.rest.git.createTree({
    owner,
    repo,
    base_tree: baseCommit.tree.sha,
    tree,
  });
  const ref = issue.repo === input.docsRepo ? `#${issue.number}` : `${issue.repo}#${issue.number}`;
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message: `${prTitle(result)}\n\nDrafted by docgap from ${ref}.\n\n${COMMIT_TRAILER}`,
    tree: newTree.sha,
    parents: [parent],
  });
  if (head) {
    await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: `heads/${branch}`,
      sha: commit.sha,
      force: rewrite,
    });
  } else {
    await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  }

  const title = scrubSecrets(prTitle(result));
  const body = scrubSecrets(prBody(input));
  if (pr) {
    await octokit.rest.pulls.update({ owner, repo, pull_number: pr.number, title, body });
    return { status: "updated", number: pr.number, url: pr.html_url, branch };
  }
  const create = (draft: boolean) =>
    octokit.rest.pulls.create({ owner, repo, head: branch, base, title, body, draft });
  let created: Awaited<ReturnType<typeof create>>;
  try {
    created = await create(config.output.pullRequest.draft);
  } catch (err) {
    // Some plans have no draft pull requests: open a normal one rather than none.
    if (httpStatus(err) !== 422 || !/draft/i.test((err as Error).message)) throw err;
    created = await create(false);
  }
  return { status: "opened", number: created.data.number, url: created.data.html_url, branch };
}
