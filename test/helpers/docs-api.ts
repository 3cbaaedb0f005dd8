import { Octokit } from "@octokit/rest";
import type nock from "nock";
import { ConfigSchema } from "../../src/config/schema.js";
import { githubDocsRepo } from "../../src/github/docs-repo.js";
import type { SnapshotCache } from "../../src/github/snapshot.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import { tarball } from "./probot.js";

/** A small docs repository served through a fake GitHub API (nock): its archive, head commit and an issue about it. */
export const REPO = "/repos/acme/docs";
export const config = ConfigSchema.parse({ docs: { root: "docs" }, analysis: { engine: "heuristic" } });
export const page = (title: string, body: string) => `# ${title}\n\n${body}\n`;
export const FILES: Record<string, string> = {
  "docs/.vitepress/config.ts": "export default {}\n",
  "docs/guide/env.md": page(
    "Env variables",
    "Use `VITE_APP_TITLE` for the title.\n\n## Modes\n\nDevelopment and production.",
  ),
  "docs/guide/build.md": page("Building", "Run `vite build` to bundle."),
  "docs/guide/cli.md": page("CLI", "The `--port` flag sets the port."),
  "src/index.ts": "export {}\n",
};

export const ISSUE = {
  repo: "acme/docs",
  number: null,
  title: "Docs: VITE_APP_TITLE is not explained",
  body: "The env page mentions `VITE_APP_TITLE` without saying where it is read.",
  url: null,
};

export const octokit = () => new Octokit({ request: { retries: 0 } });

/** One analysis of the issue, reading the docs through the GitHub API with the given cache. */
export const analyse = (cache: SnapshotCache, client = octokit()) =>
  analyzeIssue({
    issue: ISSUE,
    config,
    docs: githubDocsRepo(client, "acme/docs", "main"),
    changelogRepo: null,
    fetcher: null,
    octokit: client,
    cache,
  });

export const head = (scope: nock.Scope, sha: string) => scope.get(`${REPO}/commits/main`).reply(200, sha);

export function archive(scope: nock.Scope, sha: string, files = FILES) {
  return head(scope, sha)
    .get(REPO)
    .reply(200, { size: 300, default_branch: "main" })
    .get(`${REPO}/tarball/${sha}`)
    .reply(200, () => tarball(files, `acme-docs-${sha.slice(0, 7)}`), {
      "content-type": "application/x-gzip",
    });
}
