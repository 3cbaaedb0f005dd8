import type { Octokit } from "@octokit/rest";
import { isDashboard } from "../backlog/select.js";
import { newlyTicked } from "../backlog/state.js";
import { type ConfigFileRef, loadConfigFiles, type ReadConfigFile } from "../config/extends.js";
import { isTriggerLabel } from "../config/labels.js";
import { formatProblem } from "../config/problems.js";
import { CONFIG_PATH, type DocgapConfig, defaultConfig } from "../config/schema.js";
import { httpStatus } from "../github/client.js";
import type { AnalysisTask, Logger } from "./analyze.js";
import { hasWriteAccess } from "./permissions.js";
import type { IssueEvent, JobData } from "./types.js";

const COMMAND = /^\/docgap[ \t]+(analyze|analyse|pr|dashboard)\b/i;

/**
 * The `/docgap` command of a comment, read from its first lines only: the webhook path does constant work
 * whatever the comment holds.
 */
export function commandOf(body: string | null | undefined): string | null {
  const head = (body ?? "").slice(0, 1000).split("\n", 5);
  for (const line of head) {
    const m = COMMAND.exec(line.trimStart().slice(0, 64));
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

/** The parts of an `issues` or `issue_comment` webhook payload docgap reads (GitHub's shape, trimmed). */
export interface IssuePayload {
  issue: {
    number: number;
    title: string;
    body?: string | null;
    html_url: string;
    labels?: Array<string | { name?: string }>;
  };
  repository: { name: string; full_name: string; owner: { login: string }; default_branch?: string };
  label?: { name?: string } | null;
  comment?: { id: number; body?: string | null; user?: { login?: string } | null } | null;
  sender?: { login?: string } | null;
  changes?: { body?: { from?: string | null } } | null;
}

/** The plain facts of a webhook that the queued event job decides on. */
export function eventOf(
  payload: IssuePayload,
  trigger: IssueEvent["trigger"],
  command: string | null,
): IssueEvent {
  const { issue, repository } = payload;
  const comment = payload.comment ?? null;
  return {
    trigger,
    label: payload.label?.name ?? null,
    pullRequest: command === "pr",
    dashboard: command === "dashboard",
    commenter: comment?.user?.login ?? null,
    sender: payload.sender?.login ?? null,
    commentId: comment?.id ?? null,
    previousBody: trigger === "edited" ? (payload.changes?.body?.from ?? null) : null,
    repository: {
      owner: repository.owner.login,
      name: repository.name,
      fullName: repository.full_name,
      defaultBranch: repository.default_branch ?? null,
    },
    issue: {
      number: issue.number,
      title: issue.title,
      body: issue.body ?? null,
      html_url: issue.html_url,
      labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    },
  };
}

/** Reads a file of a repository through the API: its text, null when it does not exist (or is not a file). */
export const githubFileReader =
  (octokit: Octokit): ReadConfigFile =>
  async (repo, path) => {
    const [owner = "", name = ""] = repo.split("/");
    try {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        owner,
        repo: name,
        path,
        mediaType: { format: "raw" },
      });
      return typeof data === "string" ? data : null;
    } catch (err) {
      if (httpStatus(err) === 404) return null;
      throw err;
    }
  };

/** A link to a line of a file on the GitHub that serves `htmlUrl` (github.com or a GitHub Enterprise host). */
export const blobLink =
  (htmlUrl: string | null) =>
  (file: ConfigFileRef, line: number | null): string | null => {
    let origin = "https://github.com";
    try {
      if (htmlUrl) origin = new URL(htmlUrl).origin;
    } catch {
      // keep github.com
    }
    return `${origin}/${file.repo}/blob/HEAD/${file.path.split("/").map(encodeURIComponent).join("/")}${line ? `#L${line}` : ""}`;
  };

/**
 * Reads `.github/docgap.yml` (the repository's, else the owner's `.github` repository's, with `_extends`) and
 * validates it. GitHub failures are thrown (the job is retried); a broken file is reported, key by key, with its
 * line and a link.
 */
export const loadConfig = (
  octokit: Octokit,
  owner: string,
  repo: string,
  htmlUrl: string | null = null,
  read: ReadConfigFile = githubFileReader(octokit),
) => loadConfigFiles(read, { repo: `${owner}/${repo}`, path: CONFIG_PATH }, blobLink(htmlUrl));

/** An edit of the dashboard: the boxes just ticked ask for pull requests, if the person who ticked may ask. */
async function dashboardEdit(
  octokit: Octokit,
  event: IssueEvent,
  config: DocgapConfig,
  log: Logger,
): Promise<Decision> {
  if (event.previousBody == null) return { act: false, reason: "dashboard edited, its body unchanged" };
  const numbers = newlyTicked(event.previousBody, event.issue.body ?? "").slice(0, MAX_TICKS);
  if (!numbers.length) return { act: false, reason: "dashboard edited, no box ticked" };
  if (!event.sender || !(await hasWriteAccess(octokit, event.repository, event.sender, log)))
    return { act: false, reason: `${event.sender ?? "someone"} has no write access; ticked boxes ignored` };
  const dashboard = {
    owner: event.repository.owner,
    repo: event.repository.name,
    issue_number: event.issue.number,
  };
  return {
    act: true,
    data: { kind: "dashboard-pr", dashboard, numbers, config, user: event.sender },
    react: false,
  };
}

/** Pull requests one dashboard edit may ask for. */
const MAX_TICKS = 20;

/** What to do about an event, once the config is known. */
export type Decision = { act: false; reason: string } | { act: true; data: JobData; react: boolean };

/**
 * Decides whether an issue event starts an analysis (or a config-error comment): the configured labels, edits of
 * labeled issues, commands from people with write access.
 */
export async function triage(
  octokit: Octokit,
  event: IssueEvent,
  log: Logger,
  read?: ReadConfigFile,
): Promise<Decision> {
  const target = {
    owner: event.repository.owner,
    repo: event.repository.name,
    issue_number: event.issue.number,
  };
  if (
    event.trigger === "command" &&
    !(await hasWriteAccess(octokit, event.repository, event.commenter, log))
  ) {
    return { act: false, reason: `${event.commenter} has no write access; command ignored` };
  }
  const loaded = await loadConfig(
    octokit,
    event.repository.owner,
    event.repository.name,
    event.issue.html_url,
    read,
  );
  if (!loaded.ok) {
    const applies =
      event.trigger === "command" ||
      (event.trigger === "labeled" &&
        isTriggerLabel(event.label, { ...defaultConfig().trigger, labels: loaded.labels }));
    if (!applies)
      return {
        act: false,
        reason: `invalid .github/docgap.yml: ${loaded.errors.map(formatProblem).join("; ")}`,
      };
    return { act: true, data: { kind: "config-error", target, errors: loaded.errors }, react: false };
  }
  const { config } = loaded;
  // `/docgap dashboard` from a maintainer: the backlog triaged now, whatever the schedule says.
  if (event.trigger === "command" && event.dashboard)
    return {
      act: true,
      data: {
        kind: "backlog",
        repo: {
          owner: event.repository.owner,
          name: event.repository.name,
          defaultBranch: event.repository.defaultBranch,
        },
        force: true,
      },
      react: true,
    };
  if (event.trigger === "edited" && isDashboard(event.issue.body))
    return dashboardEdit(octokit, event, config, log);
  if (event.trigger === "labeled" && !isTriggerLabel(event.label, config.trigger))
    return { act: false, reason: `label "${event.label}" is not a trigger` };
  if (
    event.trigger === "edited" &&
    (!config.trigger.onEdit || !event.issue.labels.some((l) => isTriggerLabel(l, config.trigger)))
  )
    return { act: false, reason: "edit of an issue without a trigger label (or trigger.onEdit is off)" };
  const task: AnalysisTask = {
    target,
    // Model runs and pull requests need a trigger from someone with write access (a command is checked above),
    // unless the repository says anyone may: the job checks the sender only when it would spend.
    spendCheck:
      config.trigger.spend === "anyone" || event.trigger === "command"
        ? null
        : {
            repo: { owner: event.repository.owner, name: event.repository.name },
            user: event.sender ?? null,
          },
    issue: { title: event.issue.title, body: event.issue.body, html_url: event.issue.html_url },
    config,
    defaultBranch: event.repository.defaultBranch,
    force: event.trigger === "command",
    pullRequest: event.pullRequest,
  };
  return {
    act: true,
    data: { kind: "analyze", task },
    react: event.trigger !== "edited" && config.output.mode !== "dry-run",
  };
}
