import { readFile } from "node:fs/promises";
import type { Octokit } from "@octokit/rest";
import { registerSecret } from "../text/secrets.js";
import { isRepoSlug } from "../text/slug.js";
import type { IssueRef } from "../types/result.js";
import { firstLine, UnreachableError, UsageError } from "./errors.js";
import { version } from "./help.js";

const ISSUE_URL = /^https?:\/\/([^/\s]+)\/([\w.-]+\/[\w.-]+)\/issues\/(\d+)\/?(?:[?#].*)?$/;
const ISSUE_SLUG = /^([\w.-]+\/[\w.-]+)#(\d+)$/;

const apiBase = (env: NodeJS.ProcessEnv) => env.GITHUB_API_URL || "https://api.github.com";

/** Hosts whose issue URLs are GitHub's: github.com, and the host of `GITHUB_API_URL` (GitHub Enterprise Server). */
function githubHosts(env: NodeJS.ProcessEnv): Set<string> {
  const hosts = new Set(["github.com", "www.github.com"]);
  try {
    const api = new URL(apiBase(env)).host.toLowerCase();
    hosts.add(api);
    hosts.add(api.replace(/^api\./, ""));
  } catch {
    // an invalid GITHUB_API_URL is reported when the API is used
  }
  return hosts;
}

/** Requests that reached no GitHub (no answer at all, or a 5xx), so the CLI can tell "unreachable" apart. */
export interface Unreachable {
  count: number;
  last: string | null;
}

/** The GitHub client of the CLI: quiet (no request log lines on stderr), failures that reached no server counted. */
export async function githubClient(
  env: NodeJS.ProcessEnv,
  unreachable: Unreachable,
  fetcher: typeof fetch | null,
): Promise<Octokit> {
  const { tokenClient } = await import("../github/client.js");
  registerSecret(env.GITHUB_TOKEN);
  const octokit = tokenClient({
    token: env.GITHUB_TOKEN,
    baseUrl: apiBase(env),
    userAgent: `docgap-cli/${version()}`,
    fetch: fetcher,
  });
  octokit.hook.error("request", (err) => {
    if (reachedNoGitHub(err)) {
      unreachable.count++;
      unreachable.last = firstLine(err) || "no answer";
    }
    throw err;
  });
  return octokit;
}

/** A request that got no answer from GitHub, or a 5xx: GitHub or the network is down, not the input wrong. */
const reachedNoGitHub = (err: unknown) => {
  const e = err as { status?: number; response?: unknown };
  return !e.response || (e.status ?? 0) >= 500;
};

/** A pull request's URL: not an issue. */
const PULL_URL = /^https?:\/\/[^/\s]+\/[\w.-]+\/[\w.-]+\/pull\/\d+/;

/** Reads `<issue>`: a JSON file, owner/repo#N or a GitHub issue URL. */
export async function loadIssue(
  arg: string,
  offline: boolean,
  client: () => Promise<Octokit>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IssueRef> {
  const url = ISSUE_URL.exec(arg);
  if (url && !githubHosts(env).has((url[1] ?? "").toLowerCase()))
    throw new UsageError(
      `${arg} is not a GitHub issue URL: only github.com (or GITHUB_API_URL's host, for GitHub Enterprise Server) is read`,
    );
  const remote = url ? [url[2], url[3]] : ISSUE_SLUG.exec(arg)?.slice(1);
  // Only a name GitHub allows is sent to GitHub; anything else is read as a file name.
  if (remote?.[0] && remote[1] && isRepoSlug(remote[0])) {
    if (offline)
      throw new UsageError(`${arg} is on GitHub, and --offline forbids reading it; pass a JSON file instead`);
    const [owner = "", repo = ""] = remote[0].split("/");
    try {
      const octokit = await client();
      const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: Number(remote[1]) });
      return {
        repo: remote[0],
        number: data.number,
        title: data.title,
        body: data.body ?? null,
        url: data.html_url,
      };
    } catch (err) {
      if (reachedNoGitHub(err))
        throw new UnreachableError(`cannot reach GitHub to read ${arg}: ${firstLine(err)}`);
      throw new UsageError(
        (err as { status?: number }).status === 404
          ? `${arg} does not exist, or is private (set GITHUB_TOKEN to read private repositories)`
          : `cannot read ${arg} from GitHub: ${firstLine(err)}`,
      );
    }
  }
  if (PULL_URL.test(arg))
    throw new UsageError(
      `${arg} is a pull request: docgap analyses issues; pass the issue it fixes (owner/repo#N or its URL)`,
    );
  let text: string;
  try {
    text = await readFile(arg, "utf8");
  } catch {
    throw new UsageError(
      `cannot read ${arg}: not a file, owner/repo#N or a GitHub issue URL (https://github.com/owner/repo/issues/N)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${arg} is not valid JSON (${firstLine(err)})`);
  }
  return issueFromJson(json, arg);
}

/** Accepts a GitHub issue object, a webhook payload (`issue` + `repository`) or an eval case (`issue` + `repo`). */
export function issueFromJson(json: unknown, name = "input"): IssueRef {
  const obj = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const issue = (obj.issue && typeof obj.issue === "object" ? obj.issue : obj) as Record<string, unknown>;
  if (typeof issue.title !== "string")
    throw new UsageError(`${name} holds no issue: expected an object with a "title"`);
  if (!issue.title.trim() && !(typeof issue.body === "string" && issue.body.trim()))
    throw new UsageError(`${name} holds an empty issue: its "title" and "body" say nothing to analyse`);
  const repository = obj.repository as { full_name?: string } | undefined;
  const fromUrl = typeof issue.html_url === "string" ? ISSUE_URL.exec(issue.html_url)?.[2] : undefined;
  const repo =
    repository?.full_name ?? (typeof obj.repo === "string" ? obj.repo : undefined) ?? fromUrl ?? null;
  return {
    repo,
    number: typeof issue.number === "number" ? issue.number : null,
    title: issue.title,
    body: typeof issue.body === "string" ? issue.body : null,
    url: typeof issue.html_url === "string" ? issue.html_url : null,
  };
}

/**
 * The config the app would read: `--config`, else `<docs-dir>/.github/docgap.yml`, else the issue repository's
 * (through the API); `_extends` is followed through the API when online, and said when it cannot be.
 */
