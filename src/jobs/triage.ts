import type { Octokit } from "@octokit/rest";
import { CONFIG_FILE, type DocgapConfig, defaultConfig, parseConfig } from "../config.js";
import { httpStatus } from "../sources/requests.js";
import type { AnalysisTask, Logger } from "./analyze.js";
import type { JobData } from "./types.js";

/** The parts of a webhook docgap acts on, as plain data (the handler copies them; the job decides). */
export interface IssueEvent {
  trigger: "labeled" | "edited" | "command";
  /** Label added (`labeled`). */
  label: string | null;
  /** `/docgap pr` (`command`). */
  pullRequest: boolean;
  /** Who commented (`command`): their permission is checked before anything runs. */
  commenter: string | null;
  /** The command comment, for the reaction. */
  commentId: number | null;
  repository: { owner: string; name: string; fullName: string; defaultBranch: string | null };
  issue: { number: number; title: string; body: string | null; html_url: string; labels: string[] };
}

/** A `.github/docgap.yml` reader: Probot's config plugin on the installation's Octokit. */
export interface ConfigReader {
  config: {
    get(params: {
      owner: string;
      repo: string;
      path: string;
      defaults?: (files: object[]) => object;
    }): Promise<{ config: unknown; files: Array<{ config: unknown }> }>;
  };
}

const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

/** Deep merge for `_extends`: objects merge, arrays and scalars of the extending file replace. */
export function mergeConfigs(files: object[]): object {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isObject(a) || !isObject(b)) return b === undefined ? a : b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  };
  return files.reduce<object>((acc, f) => merge(acc, f) as object, {});
}

export type ConfigLoad =
  | { ok: true; config: DocgapConfig }
  | { ok: false; errors: string[]; labels: string[] };

/**
 * Reads `.github/docgap.yml` (the repository's, else the org's `.github` repository's, with `_extends`) and
 * validates it. GitHub failures are thrown (the job is retried); a broken file is reported, key by key.
 */
export async function loadConfig(octokit: ConfigReader, owner: string, repo: string): Promise<ConfigLoad> {
  let raw: unknown;
  try {
    const { config, files } = await octokit.config.get({
      owner,
      repo,
      path: `.github/${CONFIG_FILE}`,
      defaults: mergeConfigs,
    });
    raw = files.some((f) => f.config !== null) ? config : null;
  } catch (err) {
    if (httpStatus(err)) throw err;
    const reason = (err as Error).message.split("\n")[0] ?? "unreadable";
    return {
      ok: false,
      errors: [`the file could not be read as YAML: ${reason}`],
      labels: defaultConfig().trigger.labels,
    };
  }
  const result = parseConfig(raw);
  if (result.ok) return result;
  const labels = (raw as { trigger?: { labels?: unknown } })?.trigger?.labels;
  const validLabels =
    Array.isArray(labels) && labels.every((l) => typeof l === "string")
      ? labels
      : defaultConfig().trigger.labels;
  return { ok: false, errors: result.errors, labels: validLabels };
}

async function hasWriteAccess(octokit: Octokit, event: IssueEvent, log: Logger): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: event.repository.owner,
      repo: event.repository.name,
      username: event.commenter ?? "",
    });
    const role = (data as { role_name?: string }).role_name ?? "";
    return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(role);
  } catch (err) {
    if (httpStatus(err) === 404) return false;
    log.warn({ err, user: event.commenter }, "docgap: could not read the commenter's permission");
    throw err;
  }
}

/** What to do about an event, once the config is known. */
export type Decision = { act: false; reason: string } | { act: true; data: JobData; react: boolean };

/**
 * Decides whether an issue event starts an analysis (or a config-error comment): the configured labels, edits of
 * labeled issues, commands from people with write access.
 */
export async function triage(
  octokit: Octokit & ConfigReader,
  event: IssueEvent,
  log: Logger,
): Promise<Decision> {
  const target = {
    owner: event.repository.owner,
    repo: event.repository.name,
    issue_number: event.issue.number,
  };
  if (event.trigger === "command" && !(await hasWriteAccess(octokit, event, log))) {
    return { act: false, reason: `${event.commenter} has no write access; command ignored` };
  }
  const loaded = await loadConfig(octokit, event.repository.owner, event.repository.name);
  if (!loaded.ok) {
    const applies =
      event.trigger === "command" ||
      (event.trigger === "labeled" && loaded.labels.includes(event.label ?? ""));
    if (!applies) return { act: false, reason: `invalid .github/docgap.yml: ${loaded.errors.join("; ")}` };
    return { act: true, data: { kind: "config-error", target, errors: loaded.errors }, react: false };
  }
  const { config } = loaded;
  if (event.trigger === "labeled" && !config.trigger.labels.includes(event.label ?? ""))
    return { act: false, reason: `label "${event.label}" is not a trigger` };
  if (
    event.trigger === "edited" &&
    (!config.trigger.onEdit || !event.issue.labels.some((l) => config.trigger.labels.includes(l)))
  )
    return { act: false, reason: "edit of an issue without a trigger label (or trigger.onEdit is off)" };
  const task: AnalysisTask = {
    target,
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
