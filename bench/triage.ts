/**
 * Backlog triage benchmark: a fake GitHub API on loopback holds a generated docs repository of 200 pages and 500
 * open docs issues; `docgap triage --dashboard` (run in this process, as the CLI runs it) triages them all, then
 * again with nothing changed. Prints wall time, GitHub requests per issue, peak memory, and what the second run
 * analysed and wrote.
 */
import { runBacklog } from "../src/backlog/main.js";
import { ConfigSchema } from "../src/config/schema.js";
import { tokenClient } from "../src/github/client.js";
import { githubDocsRepo, pinnedVersion } from "../src/github/docs-repo.js";
import { memoryCache } from "../src/github/snapshot.js";
import { analyzeIssue } from "../src/pipeline/analyze.js";
import { analysisHash } from "../src/publish/render.js";
import type { FakeIssue } from "../test/helpers/fake-github.js";
import { startFakeGitHub } from "../test/helpers/fake-github.js";
import { generate } from "./docs-index.js";

const ISSUES = Number(process.env.BENCH_BACKLOG ?? 500);
const PAGES = Number(process.env.BENCH_BACKLOG_PAGES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const WORDS =
  "build config server plugin module cache deploy preview router asset style env mode test worker".split(" ");

/** Issues about the generated pages' options; one in ten with a docgap comment that people reacted to. */
const issues: FakeIssue[] = Array.from({ length: ISSUES }, (_, n) => {
  const page = (n * 37) % PAGES;
  const s = 1 + (n % 3);
  const word = WORDS[(page * 7 + s) % WORDS.length];
  return {
    number: n + 1,
    title: `Docs: the ${word}.option${page}_${s} option does not say its default`,
    body: `The \`${word}.option${page}_${s}\` option on the ${word} page is missing its default value.`,
    labels: ["documentation"],
    ...(n % 10 === 0 ? { reactions: { "+1": 1 } } : {}),
  };
});

const config = ConfigSchema.parse({ docs: { root: "docs" } });

async function main() {
  const github = await startFakeGitHub({ files: generate(PAGES), config: "", issues });
  for (const i of issues.filter((_, n) => n % 10 === 0))
    github.comments.set(i.number, ["<!-- docgap:comment -->\nx"]);
  const octokit = tokenClient({ token: "bench", baseUrl: github.url, userAgent: "docgap-bench", retries: 0 });
  const cache = memoryCache();
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const requests = () => [...github.counts.values()].reduce((a, b) => a + b, 0);
  const writes = () =>
    ["POST issue", "PATCH issue", "POST comment", "PATCH comment"].reduce(
      (n, r) => n + (github.counts.get(r) ?? 0),
      0,
    );
  const run = async () => {
    const docs = pinnedVersion(githubDocsRepo(octokit, "acme/docs"));
    let analysed = 0;
    const before = { requests: requests(), writes: writes() };
    const t0 = performance.now();
    const outcome = await runBacklog({
      octokit,
      repo: "acme/docs",
      config,
      hashOf: (issue) => analysisHash(issue, config, null),
      analyze: (issue, comments) => {
        analysed++;
        return analyzeIssue({
          issue: {
            repo: "acme/docs",
            number: issue.number,
            title: issue.title,
            body: issue.body,
            url: issue.url,
          },
          config,
          docs,
          changelogRepo: docs,
          fetcher: null,
          octokit,
          cache,
          comments,
          searchDuplicates: false,
        });
      },
      concurrency: CONCURRENCY,
      author: { appId: null, login: null },
      dashboard: true,
    });
    return {
      seconds: (performance.now() - t0) / 1000,
      analysed,
      requestsPerIssue: (requests() - before.requests) / ISSUES,
      writes: writes() - before.writes,
      dashboard: outcome.dashboard?.action ?? "none",
      groups: Object.entries(outcome.report.groups)
        .filter(([, n]) => n.length)
        .map(([g, n]) => `${g} ${n.length}`)
        .join(", "),
    };
  };
  const first = await run();
  const second = await run();
  clearInterval(sampler);
  await github.close();
  console.log(
    `${ISSUES} open docs issues, ${PAGES}-page docs repository, heuristic engine, ${CONCURRENCY} analyses at once\n`,
  );
  console.log("| run | wall (s) | analysed | GitHub requests per issue | writes | dashboard |");
  console.log("|---|---|---|---|---|---|");
  for (const [name, r] of [
    ["first", first],
    ["nothing changed", second],
  ] as const)
    console.log(
      `| ${name} | ${r.seconds.toFixed(1)} | ${r.analysed} | ${r.requestsPerIssue.toFixed(2)} | ${r.writes} | ${r.dashboard} |`,
    );
  console.log(`\ngroups: ${first.groups}; peak RSS ${Math.round(peak / 1e6)} MB`);
}

await main();
