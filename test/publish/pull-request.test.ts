import { Octokit } from "@octokit/rest";
import nock from "nock";
import { beforeEach, describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { COMMIT_TRAILER, publishPullRequest } from "../../src/publish/pull-request.js";
import type { AnalysisResult } from "../../src/types/result.js";
import {
  expectAllDone as allDone,
  analysisReads,
  CONFIG_PATH,
  capturePost,
  docsArchive,
  fixtureText,
  github,
  labeledByMaintainer,
  loadJson,
  noDuplicates,
  REPO,
  reacts,
  recheck,
  type TestApp,
  testApp,
  tokenMock,
  viteDocs,
} from "../helpers/probot.js";
import { unmatched } from "../setup.js";

const PAGE = "docs/guide/env-and-mode.md";
const BRANCH = "docgap%2Fissue-17488";

type Payload = Record<string, unknown> & { issue: Record<string, unknown> };

const DOM_OLD = "https://github.com/microsoft/TypeScript/blob/main/lib/lib.dom.d.ts";
const DOM_NEW = "https://github.com/microsoft/TypeScript/blob/main/src/lib/dom.generated.d.ts";

let app: TestApp;
let labeled: Payload;
let files: Record<string, string>;
let config: string;

beforeEach(async () => {
  app = await testApp();
  labeled = await loadJson<Payload>("events/issues.labeled.json");
  // The reporter states the correction: a real change, so there is a draft to propose.
  const issue = labeled.issue as { body: string };
  issue.body += `\n\n\`${DOM_OLD}\` should be \`${DOM_NEW}\`.`;
  files = await viteDocs();
  config = `${await fixtureText("vite-docs/docgap.yml")}\noutput:\n  mode: both\n`;
});

const expectAllDone = (...scopes: nock.Scope[]) => allDone(app, ...scopes);

const base64 = (s: string) => Buffer.from(s).toString("base64");

/** Config, the comment check, and the analysis reads: everything before the pull request step. */
function analysisRun(docsConfig = config, repo = REPO) {
  const scope = tokenMock(github())
    .get(CONFIG_PATH)
    .reply(200, docsConfig)
    .get(`${REPO}/issues/17488/comments`)
    .query(true)
    .reply(200, []);
  if (repo === REPO) analysisReads(scope, files);
  labeledByMaintainer(scope);
  return reacts(scope);
}

/** The reads of the pull request step up to the branch: repository, existing PRs, base head, the file at base. */
function prReads(scope: nock.Scope, pulls: object[] = [], repo = REPO) {
  return scope
    .get(repo)
    .reply(200, { default_branch: "main" })
    .get(`${repo}/pulls`)
    .query({ head: `${repo.split("/")[2]}:docgap/issue-17488`, state: "all", per_page: "10" })
    .reply(200, pulls);
}

function baseReads(scope: nock.Scope, repo = REPO, text = files[PAGE] ?? "") {
  return scope
    .get(`${repo}/git/ref/heads%2Fmain`)
    .reply(200, { object: { sha: "base-sha" } })
    .get(`${repo}/contents/${encodeURIComponent(PAGE)}`)
    .query({ ref: "base-sha" })
    .reply(200, { type: "file", sha: "old-blob", content: base64(text), encoding: "base64" });
}

/** Everything up to the branch check, when PR #99 is open and its branch has commits with these messages. */
function openPrWithBranch(messages: string[]) {
  const scope = analysisRun();
  prReads(scope, [{ number: 99, state: "open", html_url: "https://github.com/vitejs/vite/pull/99" }]);
  return baseReads(scope)
    .get(`${REPO}/git/ref/heads%2F${BRANCH}`)
    .reply(200, { object: { sha: "branch-head" } })
    .get(`${REPO}/compare/main...${BRANCH}`)
    .reply(200, { behind_by: 0, commits: messages.map((message) => ({ commit: { message } })) });
}

/** Blob, tree, commit: returns what was sent. */
function commitWrites(scope: nock.Scope, parent: string, repo = REPO) {
  const sent: Record<string, Record<string, unknown>> = {};
  scope
    .get(`${repo}/git/commits/${parent}`)
    .reply(200, { sha: parent, tree: { sha: `${parent}-tree` } })
    .post(`${repo}/git/blobs`, (b) => {
      sent.blob = b;
      return true;
    })
    .reply(201, { sha: "new-blob" })
    .post(`${repo}/git/trees`, (b) => {
      sent.tree = b;
      return true;
    })
    .reply(201, { sha: "new-tree" })
    .post(`${repo}/git/commits`, (b) => {
      sent.commit = b;
      return true;
    })
    .reply(201, { sha: "new-commit" });
  return sent;
}

describe("draft pull requests", () => {
  test("first run: one commit through the Git Data API, a draft PR that closes the issue, linked from the comment", async () => {
    const scope = analysisRun();
    prReads(scope);
    baseReads(scope).get(`${REPO}/git/ref/heads%2F${BRANCH}`).reply(404, { message: "Not Found" });
    const sent = commitWrites(scope, "base-sha");
    let ref: Record<string, unknown> = {};
    let pr: Record<string, unknown> = {};
    scope
      .post(`${REPO}/git/refs`, (b) => {
        ref = b;
        return true;
      })
      .reply(201, {})
      .post(`${REPO}/pulls`, (b) => {
        pr = b;
        return true;
      })
      .reply(201, { number: 99, html_url: "https://github.com/vitejs/vite/pull/99" });
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);

    expect(sent.tree).toEqual({
      base_tree: "base-sha-tree",
      tree: [{ path: PAGE, mode: "100644", type: "blob", sha: "new-blob" }],
    });
    // the file as the correction leaves it: the link the reporter gave, and no marker or placeholder
    expect(String(sent.blob?.content)).toContain(`[DOM](${DOM_NEW})`);
    expect(String(sent.blob?.content)).not.toContain(DOM_OLD);
    expect(String(sent.blob?.content)).not.toMatch(/docgap draft|TODO/);
    expect(sent.commit?.parents).toEqual(["base-sha"]);
    expect(String(sent.commit?.message)).toContain(COMMIT_TRAILER);
    expect(ref).toEqual({ ref: "refs/heads/docgap/issue-17488", sha: "new-commit" });
    expect(pr).toMatchObject({ head: "docgap/issue-17488", base: "main", draft: true });
    expect(String(pr.title)).toMatch(/^docs: /);
    expect(String(pr.body)).toMatch(/^Closes #17488/);
    expect(String(pr.body)).toContain("### Reviewer checklist");
    expect(posted()).toContain("**Pull request:** [#99](https://github.com/vitejs/vite/pull/99) opened");
    // `both`: the full analysis is in the comment too
    expect(posted()).toContain("Affected pages");
  });

  test("re-run: a new commit on the same branch and the same PR updated, never a second PR", async () => {
    const scope = openPrWithBranch([`docs: x\n\n${COMMIT_TRAILER}`])
      .get(`${REPO}/contents/${encodeURIComponent(PAGE)}`)
      .query({ ref: "branch-head" })
      .reply(200, { type: "file", sha: "older-draft", content: base64("old"), encoding: "base64" });
    const sent = commitWrites(scope, "branch-head");
    let ref: Record<string, unknown> = {};
    scope
      .patch(`${REPO}/git/refs/heads%2F${BRANCH}`, (b) => {
        ref = b;
        return true;
      })
      .reply(200, {})
      .patch(`${REPO}/pulls/99`)
      .reply(200, {});
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(sent.commit?.parents).toEqual(["branch-head"]);
    expect(ref).toEqual({ sha: "new-commit", force: false });
    expect(posted()).toContain("[#99](https://github.com/vitejs/vite/pull/99) updated");
  });

  test("a PR that maintainers closed stays closed, and the comment says so", async () => {
    const scope = analysisRun();
    prReads(scope, [
      { number: 99, state: "closed", merged_at: null, html_url: "https://github.com/vitejs/vite/pull/99" },
    ]);
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(posted()).toContain("was closed, so docgap left it closed and pushed nothing");
  });

  test("a branch with someone else's commits is not pushed to", async () => {
    const scope = openPrWithBranch([`docs: x\n\n${COMMIT_TRAILER}`, "reword the draft"]);
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(posted()).toContain("has commits docgap did not make, so docgap did not push to it");
  });

  test("a 403 on a write falls back to the comment with the diff, saying which permission is missing", async () => {
    const scope = analysisRun();
    prReads(scope);
    baseReads(scope)
      .get(`${REPO}/git/ref/heads%2F${BRANCH}`)
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/git/commits/base-sha`)
      .reply(200, { sha: "base-sha", tree: { sha: "t" } })
      .post(`${REPO}/git/blobs`)
      .reply(403, { message: "Resource not accessible by integration" });
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(posted()).toContain(
      'not opened: GitHub answered 403 on vitejs/vite: docgap needs "Contents: write" and "Pull requests: write" there',
    );
    expect(posted()).toContain("```diff");
  });

  test("/docgap pr from someone with write access opens the PR even in comment mode", async () => {
    config = await fixtureText("vite-docs/docgap.yml");
    const comment = await loadJson<Payload>("events/issue_comment.created.json");
    (comment.comment as { body: string }).body = "/docgap pr";
    (comment.issue as { body: string }).body += `\n\n\`${DOM_OLD}\` should be \`${DOM_NEW}\`.`;
    const scope = tokenMock(github())
      .get(CONFIG_PATH)
      .reply(200, config)
      .get(`${REPO}/collaborators/${(comment.comment as { user: { login: string } }).user.login}/permission`)
      .reply(200, { permission: "write" });
    analysisReads(scope, files, { commentsListed: false });
    reacts(scope, 900);
    prReads(scope);
    baseReads(scope).get(`${REPO}/git/ref/heads%2F${BRANCH}`).reply(404, { message: "Not Found" });
    commitWrites(scope, "base-sha");
    scope
      .post(`${REPO}/git/refs`)
      .reply(201, {})
      .post(`${REPO}/pulls`)
      .reply(201, { number: 5, html_url: "https://github.com/vitejs/vite/pull/5" });
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issue_comment", comment);
    expectAllDone(scope);
    expect(posted()).toContain("[#5](https://github.com/vitejs/vite/pull/5) opened");
  });
});

describe("docs in another repository", () => {
  const DOCS_REPO = "/repos/vitejs/docs";
  const crossConfig = () => `${config.replace("docs:\n", "docs:\n  repo: vitejs/docs\n")}`;

  /** Both repositories public: docgap may show the docs repository's files on the issue. */
  const visibility = (scope: nock.Scope, docsPrivate = false) =>
    scope
      .get(DOCS_REPO)
      .reply(200, { private: docsPrivate, size: 2048, default_branch: "main" })
      .get(REPO)
      .reply(200, { private: false });

  function docsReads(scope: nock.Scope) {
    visibility(scope);
    scope.get(`${REPO}/issues/17488/timeline`).query(true).reply(200, []);
    noDuplicates(scope);
    return docsArchive(scope, files, DOCS_REPO, "HEAD");
  }

  /**
   * docgap installed on the docs repository too: its installation token, the published page, and the reads and
   * writes of a new pull request there. `pr()` is the pull request as sent.
   */
  function installedOnDocs(scope: nock.Scope) {
    scope
      .get(`${DOCS_REPO}/installation`)
      .reply(200, { id: 77 })
      .post("/app/installations/77/access_tokens")
      .reply(200, { token: "docs-token" });
    nock("https://vitejs.dev")
      .get("/guide/env-and-mode.md")
      .reply(200, files[PAGE], { "content-type": "text/markdown" });
    const docs = github().matchHeader("authorization", "token docs-token");
    prReads(docs, [], DOCS_REPO);
    baseReads(docs, DOCS_REPO).get(`${DOCS_REPO}/git/ref/heads%2F${BRANCH}`).reply(404, {});
    commitWrites(docs, "base-sha", DOCS_REPO);
    let sent: Record<string, unknown> = {};
    docs
      .post(`${DOCS_REPO}/git/refs`)
      .reply(201, {})
      .post(`${DOCS_REPO}/pulls`, (b) => {
        sent = b;
        return true;
      })
      .reply(201, { number: 3, html_url: "https://github.com/vitejs/docs/pull/3" });
    return { docs, pr: () => sent };
  }

  test("not installed there: the comment keeps the diff and says why", async () => {
    const scope = analysisRun(crossConfig(), DOCS_REPO);
    docsReads(scope).get(`${DOCS_REPO}/installation`).reply(404, { message: "Not Found" });
    nock("https://vitejs.dev")
      .get("/guide/env-and-mode.md")
      .reply(200, files[PAGE], { "content-type": "text/markdown" });
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(posted()).toContain("not opened: docgap is not installed on vitejs/docs");
    expect(posted()).toContain("```diff");
  });

  test("private docs, public issue: analysed, the draft opened in the private repository, nothing private in the public comment", async () => {
    const scope = analysisRun(crossConfig(), DOCS_REPO);
    visibility(scope, true);
    scope.get(`${REPO}/issues/17488/timeline`).query(true).reply(200, []);
    noDuplicates(scope);
    docsArchive(scope, files, DOCS_REPO, "HEAD");
    const { docs, pr } = installedOnDocs(scope);
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope, docs);
    // the private pull request carries the analysis
    expect(String(pr().body)).toContain("docs/guide/env-and-mode.md");
    // the public comment: the pages the issue names, what happened, nothing of the private docs
    const body = posted();
    expect(body).toContain("kept in a private repository");
    expect(body).toContain("opened a draft pull request there");
    expect(body).toContain("https://vitejs.dev/guide/env-and-mode");
    for (const secret of [
      "vitejs/docs",
      "docs/guide",
      "env-and-mode.md",
      "pull/3",
      "```diff",
      "IntelliSense",
    ])
      expect(body).not.toContain(secret);
  });

  test("installed there: the PR is opened with that installation's token and references the issue across repositories", async () => {
    const scope = analysisRun(crossConfig(), DOCS_REPO);
    const { docs, pr } = installedOnDocs(docsReads(scope));
    const posted = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope, docs);
    expect(String(pr().body)).toMatch(/^Closes vitejs\/vite#17488/);
    expect(posted()).toContain("[#3](https://github.com/vitejs/docs/pull/3) opened");
  });
});

describe("safety before any write", () => {
  const result = (patchPath: string, diff: string): AnalysisResult =>
    ({
      facts: { subject: "x" },
      analysis: { affectedPages: [{ sourcePath: PAGE }], evidence: [], tldr: "t" },
      patch: { kind: "model", files: [{ path: patchPath, diff, additions: 1, deletions: 0 }], rejected: [] },
    }) as unknown as AnalysisResult;
  const cfg = ConfigSchema.parse({ docs: { root: "docs" } });
  const octokit = new Octokit({ request: { retries: 0 } });
  const issue = {
    repo: "vitejs/vite",
    number: 1,
    title: "t",
    url: "https://github.com/vitejs/vite/issues/1",
  };

  test("a patch to a workflow or a file docgap did not map never reaches the API", async () => {
    for (const p of [".github/workflows/x.yml", "docs/guide/index.md", "package.json"]) {
      const out = await publishPullRequest({
        octokit,
        docsRepo: "vitejs/vite",
        issue,
        result: result(p, "x"),
        config: cfg,
      });
      expect(out).toEqual({ status: "skipped", reason: "there is no patch to propose" });
    }
    expect(unmatched).toEqual([]);
  });

  test("when the base file changed so the patch no longer applies, nothing is committed and the reason is given", async () => {
    const diff =
      "--- a/docs/guide/env-and-mode.md\n+++ b/docs/guide/env-and-mode.md\n@@ -1,3 +1,4 @@\n # Title\n+Added.\n \n old line\n";
    const scope = github()
      .get(REPO)
      .reply(200, { default_branch: "main" })
      .get(`${REPO}/pulls`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/git/ref/heads%2Fmain`)
      .reply(200, { object: { sha: "base-sha" } })
      .get(`${REPO}/contents/${encodeURIComponent(PAGE)}`)
      .query({ ref: "base-sha" })
      .reply(200, {
        type: "file",
        sha: "s",
        content: base64("# Other title\n\nnew line\n"),
        encoding: "base64",
      });
    const out = await publishPullRequest({
      octokit,
      docsRepo: "vitejs/vite",
      issue,
      result: result(PAGE, diff),
      config: cfg,
    });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out).toMatchObject({
      status: "skipped",
      reason: expect.stringContaining("the patch no longer applies"),
    });
    expect(unmatched).toEqual([]);
  });
});
