/**
 * The README's example comments, generated from the CLI's own output on the bundled examples, so the README shows
 * what docgap prints today: `npm run examples` writes them between the markers, a test checks they are current.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const START = "<!-- examples:start -->";
const END = "<!-- examples:end -->";

const EXAMPLES: Array<{ title: string; args: string[] }> = [
  {
    title: "The motivating issue (claude-code#52202: a Mintlify site, four pages, a changelog entry)",
    args: [
      "test/fixtures/claude-code/issues/form-four-pages-changelog-quote.json",
      "--docs-dir",
      "test/fixtures/claude-code/docs-repo",
      "--config",
      "test/fixtures/claude-code/docgap.yml",
    ],
  },
  {
    title:
      "The same issue with no config, on the product's own repository (the docs are published elsewhere: nothing drafted)",
    args: [
      "test/fixtures/claude-code/issues/form-four-pages-changelog-quote.json",
      "--docs-dir",
      "test/fixtures/product-repo",
    ],
  },
  {
    title: "A broken link: checked against the site, the page that exists named, the link drafted",
    args: ["test/fixtures/acme-docs/issues/broken-link.json", "--docs-dir", "test/fixtures/acme-docs"],
  },
  {
    title: "A question the docs already answer: the passage, and a reply to post",
    args: ["test/fixtures/acme-docs/issues/question.json", "--docs-dir", "test/fixtures/acme-docs"],
  },
  {
    title: "Something missing: where it belongs, and no draft (nothing determines the wording)",
    args: ["test/fixtures/acme-docs/issues/missing.json", "--docs-dir", "test/fixtures/acme-docs"],
  },
];

/** The top of a comment: everything before the folded details. */
const top = (comment: string) => comment.slice(0, comment.indexOf("\n<details>")).trim();

export async function examples(): Promise<string> {
  const run = promisify(execFile);
  const parts: string[] = [];
  for (const e of EXAMPLES) {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "analyze", ...e.args, "--offline"],
      {
        cwd: ROOT,
      },
    );
    parts.push(`#### ${e.title}\n\n\`\`\`\`markdown\n${top(stdout)}\n\`\`\`\``);
  }
  return parts.join("\n\n");
}

/** The dashboard `docgap triage` writes for the bundled example issues (offline: no reactions read). */
export async function dashboardExample(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli.ts",
      "triage",
      "acme/acme",
      "--issues",
      "test/fixtures/acme-docs/issues",
      "--docs-dir",
      "test/fixtures/acme-docs",
      "--offline",
    ],
    { cwd: ROOT },
  );
  return `\`\`\`\`markdown\n${stdout.trim()}\n\`\`\`\``;
}

/** The README with the block between two markers replaced. */
const withBlock = (readme: string, block: string, start: string, end: string) => {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${readme.slice(0, a + start.length)}\n\n${block}\n\n${readme.slice(b)}`;
};

/** The README with its examples block replaced. */
export const withExamples = (readme: string, block: string) => withBlock(readme, block, START, END);

/** The README with its dashboard example replaced. */
export const withDashboard = (readme: string, block: string) =>
  withBlock(readme, block, "<!-- dashboard:start -->", "<!-- dashboard:end -->");

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const file = path.join(ROOT, "README.md");
  const readme = withExamples(await readFile(file, "utf8"), await examples());
  await writeFile(file, withDashboard(readme, await dashboardExample()));
}
