import { runBacklog } from "../../src/backlog/main.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { tokenClient } from "../../src/github/client.js";
import { githubDocsRepo, pinnedVersion } from "../../src/github/docs-repo.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import { analysisHash } from "../../src/publish/render.js";
import type { AnalysisResult } from "../../src/types/result.js";
import { type FakeIssue, startFakeGitHub } from "../helpers/fake-github.js";

/** A small docs tree with one real typo (a doubled word) and a question it answers. */
export const DOCS = {
  "docs/guide/env.md":
    "# Env Variables\n\n## Env Files\n\nVite loads the the `.env` files from the project root.\n\nA file for one mode, such as `.env.production`, is loaded only in that mode: name the file after the mode.\n\n## TypeScript\n\nAugment `ImportMetaEnv` in `vite-env.d.ts` to type your variables.\n",
  "docs/guide/build.md": "# Building\n\n## Output\n\nThe output goes to `dist`.\n",
};

/** Open issues of the repository: two about the same typo, a question, one not about docs, one bug. */
export const ISSUES: FakeIssue[] = [
  {
    number: 11,
    title: 'Doubled word in Env Files: "the the"',
    body: 'The Env Files section says "Vite loads the the `.env` files".',
    labels: ["documentation"],
  },
  {
    number: 12,
    title: 'Env Files page has a doubled "the"',
    body: 'Env Files: "loads the the" is a typo.',
    labels: ["documentation"],
  },
  {
    number: 13,
    title: "How do I load an env file only in one mode?",
    body: "How do I get an env file loaded only in one mode, like production? Which file name does Vite read?",
    labels: ["docs"],
  },
  {
    number: 14,
    title: "Build crashes with out of memory on Windows",
    body: 'Running vite build crashes with "JavaScript heap out of memory" on Windows 11.',
    labels: ["documentation"],
  },
  { number: 15, title: "Dev server slow on large projects", body: "HMR takes 5 seconds", labels: ["bug"] },
];

export const REPO = "acme/docs";
export const config = ConfigSchema.parse({ docs: { root: "docs" } });

/** A fake GitHub holding the docs and the issues, and a triage run against it (dashboard on). */
export async function backlogSetup(issues: FakeIssue[] = ISSUES) {
  const github = await startFakeGitHub({ files: DOCS, config: "", issues });
  const octokit = tokenClient({
    token: "test-token",
    baseUrl: github.url,
    userAgent: "docgap-test",
    retries: 0,
  });
  const analysed: number[] = [];
  const run = (
    options: {
      fail?: (n: number) => string | null;
      hang?: (n: number) => boolean;
      timeoutMs?: number;
      dashboard?: boolean;
      previous?: Parameters<typeof runBacklog>[0]["previous"];
    } = {},
  ) => {
    const docs = pinnedVersion(githubDocsRepo(octokit, REPO));
    return runBacklog({
      octokit,
      repo: REPO,
      config,
      hashOf: (issue) => analysisHash(issue, config, null),
      analyze: (issue, comments): Promise<AnalysisResult> => {
        analysed.push(issue.number);
        const failure = options.fail?.(issue.number);
        if (failure) return Promise.reject(new Error(failure));
        if (options.hang?.(issue.number)) return new Promise<AnalysisResult>(() => {});
        return analyzeIssue({
          issue: { repo: REPO, number: issue.number, title: issue.title, body: issue.body, url: issue.url },
          config,
          docs,
          changelogRepo: docs,
          fetcher: null,
          octokit,
          comments,
          searchDuplicates: false,
        });
      },
      concurrency: 3,
      timeoutMs: options.timeoutMs,
      author: { appId: null, login: null },
      dashboard: options.dashboard ?? true,
      previous: options.previous,
      now: () => new Date("2026-12-06T12:00:00Z"),
    });
  };
  const writes = () =>
    ["POST issue", "PATCH issue", "POST comment", "PATCH comment"].reduce(
      (n, route) => n + (github.counts.get(route) ?? 0),
      0,
    );
  return { github, run, analysed, writes };
}
