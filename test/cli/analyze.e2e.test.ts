import { describe, expect, test } from "vitest";
import { cli } from "../helpers/cli.js";

const CC = "test/fixtures/claude-code";
const demo = [
  "analyze",
  `${CC}/issues/form-four-pages-changelog-quote.json`,
  "--offline",
  "--docs-dir",
  `${CC}/docs-repo`,
  "--config",
  `${CC}/docgap.yml`,
];

describe("docgap analyze", () => {
  test("JSON output: the four pages with files and sections, the verified changelog line, every source", async () => {
    const { code, stdout } = await cli(...demo, "--format", "json");
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.schemaVersion).toBe(1);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(["issue", "facts", "sources", "analysis", "patch", "engine", "timings"]),
    );
    const paths = out.analysis.affectedPages.map((p: { sourcePath: string }) => p.sourcePath);
    // Ordered by evidence: the page that holds the quoted text and the cited behaviour first.
    expect(paths[0]).toBe("en/authentication.md");
    expect([...paths].sort()).toEqual([
      "en/authentication.md",
      "en/cli-reference.md",
      "en/env-vars.md",
      "en/troubleshooting.md",
    ]);
    expect(out.site).toMatchObject({ generator: "mintlify", evidence: ["docs.json"] });
    expect(out.analysis.affectedPages[0].section).toMatchObject({
      startLine: expect.any(Number),
      endLine: expect.any(Number),
    });
    expect(out.analysis.evidence).toContainEqual(
      expect.objectContaining({
        claim:
          'Changelog 2.1.118: "Fixed OAuth token refresh failing when the server revokes a token before its local expiry time"',
        verified: true,
      }),
    );
    expect(out.engine).toMatchObject({ name: "heuristic" });
    // offline: pages are skipped and say why, nothing is fetched
    expect(out.sources.filter((s: { kind: string }) => s.kind === "page")).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: "skipped", reason: "--offline" })]),
    );
  });

  test("Markdown output is the comment docgap would post", async () => {
    const { code, stdout } = await cli(...demo);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!-- docgap:comment -->/);
    expect(stdout).toContain(
      "Fixed OAuth token refresh failing when the server revokes a token before its local expiry time",
    );
    expect(stdout).toMatch(/<!-- docgap:inputs=[a-f0-9]+ -->\n$/);
  });

  test.each([
    [
      ["analyze", "missing.json"],
      "docgap: cannot read missing.json: not a file, owner/repo#N or a GitHub issue URL",
    ],
    [["analyze", "package.json"], 'docgap: package.json holds no issue: expected an object with a "title"'],
    [
      ["analyze", "owner/repo#1", "--offline"],
      "docgap: owner/repo#1 is on GitHub, and --offline forbids reading it; pass a JSON file instead",
    ],
    [
      ["analyze", `${CC}/issues/7321.json`, "--format", "xml"],
      "docgap: --format must be markdown or json, not xml",
    ],
    [["analyze", `${CC}/issues/7321.json`, "--bogus"], "docgap: Unknown option '--bogus'"],
    [
      ["analyze", "https://github.com/vitejs/vite/pull/17490"],
      "docgap: https://github.com/vitejs/vite/pull/17490 is a pull request: docgap analyses issues",
    ],
    [["analyze", "test/fixtures/events/empty-issue.json"], "holds an empty issue"],
    [["frobnicate"], "docgap: unknown command frobnicate; try docgap --help"],
    [
      ["analyze", `${CC}/issues/7321.json`, "--offline", "--docs-dir", "no/such/folder"],
      "docgap: --docs-dir no/such/folder is not a folder",
    ],
  ])("bad input %j: one clear line, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  test("an invalid config: each problem on its own line, with the value given and the one meant", async () => {
    const { code, stderr } = await cli(
      "analyze",
      `${CC}/issues/7321.json`,
      "--offline",
      "--config",
      "test/fixtures/config/invalid-enums.yml",
    );
    expect(code).toBe(2);
    const lines = stderr.split("\n").filter(Boolean);
    expect(lines[0]).toBe("docgap: invalid config test/fixtures/config/invalid-enums.yml:");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /^ {2}- output\.mode \(line 2, column 3\): "comments" is not allowed here; did you mean "comment"\?/,
      ),
      expect.stringMatching(
        /^ {2}- analysis\.engine \(line 4, column 3\): "openia" is not allowed here; did you mean "openai"\?/,
      ),
    ]);
  });
});
