import { afterEach, describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { tokenClient } from "../../src/github/client.js";
import { memoryCache } from "../../src/github/snapshot.js";
import { runAnalysisJob } from "../../src/jobs/analyze.js";
import { type FakeGitHub, startFakeGitHub } from "../helpers/fake-github.js";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** A product repository that publishes no docs and says where they live; the docs repository it names. */
const PRODUCT = {
  "README.md": "# Acme\n\nDocumentation: https://acme.dev (source: https://github.com/acme/acme-docs)\n",
  "CHANGELOG.md": "# Changelog\n\n## 1.2.0\n\n- Added `--retries`.\n",
  "src/index.ts": "export {}\n",
};
const DOCS = {
  "docs/cli.md":
    "# CLI\n\n## Options\n\nThe `--timeout` option sets the time limit.\n\n## Exit codes\n\nZero on success.\n",
  "docs/intro.md": "# Introduction\n\nAcme does things.\n",
};

let github: FakeGitHub | null = null;
afterEach(async () => {
  await github?.close();
  github = null;
});

async function analyse(docsPrivate: boolean) {
  github = await startFakeGitHub({
    files: PRODUCT,
    config: "",
    repos: { "acme/acme-docs": { files: DOCS, private: docsPrivate } },
  });
  const octokit = tokenClient({
    token: "installation-token",
    baseUrl: github.url,
    userAgent: "docgap-test",
    retries: 0,
  });
  const done = await runAnalysisJob(
    { octokit, log: quiet, cache: memoryCache(), author: { appId: null, login: null } },
    {
      target: { owner: "acme", repo: "acme", issue_number: 5 },
      issue: {
        title: "Docs: the CLI options do not mention --retries",
        body: "The Options section of the CLI page does not mention the `--retries` option added in 1.2.0.",
        html_url: "https://github.com/acme/acme/issues/5",
      },
      config: ConfigSchema.parse({}),
      defaultBranch: "main",
      force: false,
    },
  );
  return { done, comment: github.comments.get(5)?.[0] ?? "" };
}

describe("docs in the repository the issue's repository declares, with no config", () => {
  it("are read there: the comment names that repository, why, and the file and section", async () => {
    const { comment } = await analyse(false);
    expect(comment).toContain("`docs-elsewhere`");
    expect(comment).toContain("acme/acme-docs");
    expect(comment).toContain("its README.md links the docs to github.com/acme/acme-docs");
    expect(comment).toContain("docs/cli.md");
    expect(comment).toContain("Options");
  });

  it("when that repository is private and the issue public: nothing of it in the public comment", async () => {
    const { comment } = await analyse(true);
    expect(comment).toContain("kept in a private repository");
    for (const secret of ["acme/acme-docs", "docs/cli.md", "--timeout", "```diff"])
      expect(comment).not.toContain(secret);
  });
});
