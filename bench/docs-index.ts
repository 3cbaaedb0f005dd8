/**
 * Docs index benchmark: generated docs repositories of 10, 100 and 1,000 pages served by a fake GitHub API on
 * loopback; for each, the GitHub requests and wall time of one analysis (no model) on a cold start, again on the
 * same commit, and after a commit that changed one file.
 */
import { Octokit } from "@octokit/rest";
import { ConfigSchema } from "../src/config/schema.js";
import { githubDocsRepo } from "../src/github/docs-repo.js";
import { memoryCache } from "../src/github/snapshot.js";
import { analyzeIssue } from "../src/pipeline/analyze.js";
import { startFakeGitHub } from "../test/helpers/fake-github.js";

const SIZES = (process.env.BENCH_PAGES ?? "10,100,1000").split(",").map(Number);
const WORDS =
  "build config server plugin module cache deploy preview router asset style env mode test worker".split(" ");

/** A docs repository of `n` pages: VitePress layout, a few sections each, one option per page. */
export function generate(n: number, revision = 0): Record<string, string> {
  const files: Record<string, string> = { "docs/.vitepress/config.ts": "export default {}\n" };
  for (let i = 0; i < n; i++) {
    const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length];
    const sections = [1, 2, 3]
      .map(
        (s) =>
          `## ${w(s)} ${w(s + 1)}\n\nThe \`${w(s)}.option${i}_${s}\` option sets how ${w(s + 2)} handles ${w(s + 3)}. ${"Lorem ipsum dolor sit amet. ".repeat(8)}\n\n\`\`\`ts\nexport default { ${w(s)}: { option${i}: true } }\n\`\`\``,
      )
      .join("\n\n");
    files[`docs/${w(0)}/page-${i}.md`] =
      `---\ntitle: Page ${i}\n---\n\n# ${w(0)} page ${i}\n\n${sections}\n${i === 0 ? `\nRevision ${revision}.\n` : ""}`;
  }
  files["src/index.ts"] = "export {}\n";
  return files;
}

const config = ConfigSchema.parse({ docs: { root: "docs" }, analysis: { engine: "heuristic" } });

async function measure(pages: number) {
  const github = await startFakeGitHub({ files: generate(pages), config: "" });
  const cache = memoryCache();
  const target = pages - 1;
  const issue = {
    repo: "acme/docs",
    number: null,
    title: `Docs: the option${target}_2 option is not explained`,
    body: `The \`option${target}_2\` option on the page is missing its default value.`,
    url: null,
  };
  const run = async () => {
    const client = new Octokit({ baseUrl: github.url, request: { retries: 0 } });
    const t0 = performance.now();
    const result = await analyzeIssue({
      issue,
      config,
      docs: githubDocsRepo(client, "acme/docs", "main"),
      changelogRepo: null,
      fetcher: null,
      octokit: client,
      cache,
    });
    return {
      requests: result.github?.requests ?? 0,
      ms: performance.now() - t0,
      found: (result.analysis.affectedPages[0]?.sourcePath ?? "").endsWith(`page-${target}.md`),
    };
  };
  const cold = await run();
  const warm = await run();
  github.setFiles(generate(pages, 1));
  const changed = await run();
  await github.close();
  return { pages, cold, warm, changed };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await main();

async function main() {
  const rows = [];
  for (const n of SIZES) rows.push(await measure(n));
  const cell = (r: { requests: number; ms: number }) => `${r.requests} | ${Math.round(r.ms)}`;
  console.log(
    [
      "One analysis (heuristic engine, no model), GitHub API on loopback. Requests | wall time in ms.",
      "",
      "| pages | cold: requests | cold: ms | same commit: requests | same commit: ms | one file changed: requests | one file changed: ms | right file found |",
      "|---|---|---|---|---|---|---|---|",
      ...rows.map(
        (r) =>
          `| ${r.pages} | ${cell(r.cold)} | ${cell(r.warm)} | ${cell(r.changed)} | ${r.cold.found && r.warm.found && r.changed.found ? "yes" : "no"} |`,
      ),
    ].join("\n"),
  );
}
