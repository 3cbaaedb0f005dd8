import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { declaredDocsRepo } from "../../src/gather/declared-docs.js";
import { localDocsRepo } from "../../src/github/docs-repo.js";
import { memoryCache, type Snapshot } from "../../src/github/snapshot.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import { repo } from "../helpers/tree.js";

/** The part of a snapshot the discovery reads: the file list and the files' text. */
const snapshotOf = (files: Record<string, string>) =>
  ({ files: Object.keys(files).sort(), text: async (p: string) => files[p] ?? null }) as unknown as Snapshot;

describe("the docs repository a repository declares", () => {
  it("is a docs submodule's GitHub repository", async () => {
    const found = await declaredDocsRepo(
      snapshotOf({
        ".gitmodules": '[submodule "docs"]\n\tpath = docs\n\turl = https://github.com/acme/acme-docs.git\n',
      }),
      "acme/acme",
    );
    expect(found).toEqual({
      repo: "acme/acme-docs",
      why: "its .gitmodules checks out https://github.com/acme/acme-docs.git in docs/",
    });
  });

  it("is a docs link in the issue template chooser or the README to a repository whose name says docs", async () => {
    const chooser = await declaredDocsRepo(
      snapshotOf({
        ".github/ISSUE_TEMPLATE/config.yml":
          "contact_links:\n  - name: Documentation issue\n    url: https://github.com/acme/docs/issues/new\n",
      }),
      "acme/acme",
    );
    expect(chooser?.repo).toBe("acme/docs");
    const readme = await declaredDocsRepo(
      snapshotOf({
        "README.md":
          "# Acme\n\nThe documentation source lives in [acme/website](https://github.com/acme/website).\n",
      }),
      "acme/acme",
    );
    expect(readme?.repo).toBe("acme/website");
  });

  it("is nothing when no line about the docs names such a repository", async () => {
    const none = await declaredDocsRepo(
      snapshotOf({
        "README.md": [
          "[![docs](https://github.com/acme/acme/actions/workflows/docs.yml/badge.svg)](https://github.com/acme/acme/actions)",
          "Built with https://github.com/acme/acme-docs in mind.",
          "Read the docs at https://github.com/acme/helpers.",
          "Other submodules:",
        ].join("\n"),
        ".gitmodules":
          '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://github.com/other/lib.git\n',
      }),
      "acme/acme",
    );
    expect(none).toBeNull();
  });
});

describe("an issue on a repository whose docs live in the repository it declares", () => {
  it("is analysed against that repository: its file and section, and the verdict says where the fix goes", async () => {
    const product = await repo({
      "README.md": "# Acme\n\nDocumentation: https://acme.dev (source: https://github.com/acme/acme-docs)\n",
      "CHANGELOG.md": "# Changelog\n\n## 1.2.0\n\n- Added `--retries`.\n",
      "src/index.ts": "export {}\n",
    });
    const docsTree = await repo({
      "docs/cli.md":
        "# CLI\n\n## Options\n\nThe `--timeout` option sets the time limit.\n\n## Exit codes\n\nZero on success.\n",
      "docs/intro.md": "# Introduction\n\nAcme does things.\n",
    });
    const opened: string[] = [];
    const config = ConfigSchema.parse({});
    const result = await analyzeIssue({
      issue: {
        repo: "acme/acme",
        number: 5,
        title: "Docs: the CLI options do not mention --retries",
        body: "The Options section of the CLI page does not mention the `--retries` option added in 1.2.0.",
        url: "https://github.com/acme/acme/issues/5",
      },
      config,
      docs: localDocsRepo(product),
      changelogRepo: localDocsRepo(product),
      fetcher: null,
      octokit: null,
      cache: memoryCache(),
      openRepo: (name) => {
        opened.push(name);
        return localDocsRepo(docsTree);
      },
    });
    expect(opened).toEqual(["acme/acme-docs"]);
    expect(result.site?.docsRepo).toEqual({
      repo: "acme/acme-docs",
      why: "its README.md links the docs to github.com/acme/acme-docs",
    });
    expect(result.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "docs/cli.md",
      section: { heading: "Options" },
    });
    expect(result.analysis.recommendation.action).toBe("docs-elsewhere");
    expect(result.analysis.recommendation.rationale).toContain("acme/acme-docs");
    // Nothing of the product's own files is drafted.
    expect(result.patch?.files.map((f) => f.path) ?? []).not.toContain("README.md");
  });
});
