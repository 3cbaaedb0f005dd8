import nock from "nock";
import { pino } from "pino";
import { beforeEach, describe, expect, test } from "vitest";
import { MARKER } from "../src/publish/render.js";
import { answer, chatReply } from "./helpers/model.js";
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
} from "./helpers/probot.js";
import { unmatched } from "./setup.js";

type Payload = Record<string, unknown> & { issue: Record<string, unknown>; comment: Record<string, unknown> };

let app: TestApp;
let labeled: Payload;
let files: Record<string, string>;
let config: string;

beforeEach(async () => {
  app = await testApp();
  labeled = await loadJson<Payload>("events/issues.labeled.json");
  files = await viteDocs();
  config = await fixtureText("vite-docs/docgap.yml");
});

const expectAllDone = (...scopes: nock.Scope[]) => {
  allDone(app, ...scopes);
  expect(nock.pendingMocks()).toEqual([]);
};

/** Every request of a first analysis that ends in a new comment; `posted()` is the body sent. */
function firstRun(commentId = 1) {
  const scope = tokenMock(github())
    .get(CONFIG_PATH)
    .reply(200, config)
    .get(`${REPO}/issues/17488/comments`)
    .query(true)
    .reply(200, []);
  analysisReads(scope, files);
  reacts(scope);
  return { scope, posted: capturePost(recheck(scope), commentId) };
}

describe("issues.labeled", () => {
  test("a labeled docs issue gets one comment naming the source file and section", async () => {
    const { scope, posted: body } = firstRun();
    await app.receive("issues", labeled);
    expectAllDone(scope);
    const posted = body();
    expect(posted).toContain(MARKER);
    expect(posted).toContain("docs/guide/env-and-mode.md");
    expect(posted).toContain("IntelliSense for TypeScript");
    expect(posted).toMatch(/Recommendation:\*\* `update-docs`/);
    // the quoted sentence is verified against the source file
    expect(posted).toMatch(/✅ The docs say "If your code relies on types from browser environments/);
  });

  test("a re-run after an edit updates the same comment instead of adding one", async () => {
    const old = `${MARKER}\nold analysis\n<!-- docgap:inputs=${"0".repeat(32)} -->`;
    let edited = "";
    const scope = reacts(tokenMock(github()))
      .get(CONFIG_PATH)
      .reply(200, config)
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [
        { id: 5, body: "thanks for the report", user: { login: "someone", type: "User" } },
        {
          id: 7,
          body: old,
          user: { login: "docgap[bot]", type: "Bot" },
          performed_via_github_app: { id: 123 },
        },
      ]);
    analysisReads(scope, files);
    scope
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [
        {
          id: 7,
          body: old,
          user: { login: "docgap[bot]", type: "Bot" },
          performed_via_github_app: { id: 123 },
        },
      ])
      .patch(`${REPO}/issues/comments/7`, (b: { body: string }) => {
        edited = b.body;
        return true;
      })
      .reply(200, { id: 7 });

    await app.receive("issues", labeled);

    expectAllDone(scope);
    expect(edited).toContain("docs/guide/env-and-mode.md");
  });

  test("another bot's comment that carries docgap's marker is not docgap's: docgap posts its own", async () => {
    const forged = `${MARKER}\nnot docgap\n<!-- docgap:inputs=${"0".repeat(32)} -->`;
    const others = [
      {
        id: 3,
        body: forged,
        user: { login: "other-app[bot]", type: "Bot" },
        performed_via_github_app: { id: 999 },
      },
    ];
    const scope = reacts(tokenMock(github()))
      .get(CONFIG_PATH)
      .reply(200, config)
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, others);
    analysisReads(scope, files);
    scope.get(`${REPO}/issues/17488/comments`).query(true).reply(200, others);
    const posted = capturePost(scope, 11);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    expect(posted()).toContain("docs/guide/env-and-mode.md");
  });

  test("unchanged input leaves the comment alone and does no analysis", async () => {
    // First run: capture the comment docgap posts.
    const { scope: first, posted: body } = firstRun(9);
    await app.receive("issues", labeled);
    expectAllDone(first);
    const posted = body();

    // The label again: only the config and the comment list are read.
    const second = reacts(github())
      .get(CONFIG_PATH)
      .reply(200, config)
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [
        {
          id: 9,
          body: posted,
          user: { login: "docgap[bot]", type: "Bot" },
          performed_via_github_app: { id: 123 },
        },
      ]);
    await app.receive("issues", labeled, "delivery-2");
    expectAllDone(second);
  });

  test("a redelivered webhook (same delivery id) queues nothing and posts nothing", async () => {
    const { scope, posted } = firstRun();
    await app.receive("issues", labeled, "delivery-7");
    expectAllDone(scope);
    expect(posted()).toContain(MARKER);
    // Not even the config is read again.
    await app.receive("issues", labeled, "delivery-7");
    expect(unmatched).toEqual([]);
    expect(app.failures).toEqual([]);
  });

  test("a label that is not configured does nothing", async () => {
    const scope = tokenMock(github()).get(CONFIG_PATH).reply(200, config);
    await app.receive("issues", { ...labeled, label: { id: 2, name: "bug" } });
    expectAllDone(scope);
  });

  test("events sent by bots, docgap included, are ignored without a single request", async () => {
    await app.receive("issues", { ...labeled, sender: { login: "docgap[bot]", type: "Bot" } });
    expect(unmatched).toEqual([]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("pull requests are ignored", async () => {
    await app.receive("issues", { ...labeled, issue: { ...labeled.issue, pull_request: { url: "x" } } });
    expect(unmatched).toEqual([]);
  });

  test("an invalid config gets an explanatory comment naming the key", async () => {
    const scope = tokenMock(github())
      .get(CONFIG_PATH)
      .reply(200, "output:\n  mode: loud\ndocs:\n  siteUrl: not-a-url\n")
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, []);
    const body = capturePost(scope, 3);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    const posted = body();
    expect(posted).toContain("configuration error");
    // Each key with its line, a link to that line of the file, and the line itself.
    expect(posted).toContain(
      '- `output.mode` ([vitejs/vite:.github/docgap.yml line 2, column 3](https://github.com/vitejs/vite/blob/HEAD/.github/docgap.yml#L2)): "loud" is not allowed here',
    );
    expect(posted).toContain("  mode: loud");
    expect(posted).toContain("`docs.siteUrl` ([vitejs/vite:.github/docgap.yml line 4");
  });

  test("dry-run analyses but writes nothing", async () => {
    const scope = tokenMock(github()).get(CONFIG_PATH).reply(200, `${config}\noutput:\n  mode: dry-run\n`);
    analysisReads(scope, files, { commentsListed: false });
    await app.receive("issues", labeled);
    expectAllDone(scope);
  });

  test("with no config anywhere, defaults apply (repository, then the org's .github repository)", async () => {
    const scope = reacts(tokenMock(github()))
      .get(CONFIG_PATH)
      .reply(404, { message: "Not Found" })
      .get("/repos/vitejs/.github/contents/.github%2Fdocgap.yml")
      .reply(404, { message: "Not Found" })
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/17488/timeline`)
      .query(true)
      .reply(200, []);
    docsArchive(scope, files);
    noDuplicates(scope);
    const body = capturePost(recheck(scope), 1);
    await app.receive("issues", labeled);
    expectAllDone(scope);
    const posted = body();
    // No docs.siteUrl: the page is not fetched (the host is not allowed), and the comment says so.
    expect(posted).toContain("docs/guide/env-and-mode.md");
    expect(posted).toMatch(
      /⛔ blocked \| page \| `https:\/\/vitejs\.dev\/guide\/env-and-mode\.md` \| host vitejs\.dev is not in the allowed hosts/,
    );
  });
});

describe("issues.edited", () => {
  test("an edit that changes neither title nor body does nothing", async () => {
    await app.receive("issues", { ...labeled, action: "edited", changes: { milestone: { from: null } } });
    expect(unmatched).toEqual([]);
  });

  test("a burst of edits is one analysis, after the quiet period", async () => {
    config = `${config}\ntrigger:\n  quietSeconds: 0.3\n`;
    const scope = tokenMock(github()).get(CONFIG_PATH).times(3).reply(200, config);
    scope.get(`${REPO}/issues/17488/comments`).query(true).reply(200, []);
    analysisReads(scope, files);
    const posted = capturePost(recheck(scope), 1);
    const edit = (n: number) => ({
      ...labeled,
      action: "edited",
      changes: { body: { from: "old" } },
      issue: { ...labeled.issue, title: `${labeled.issue.title} (edit ${n})` },
    });
    // three deliveries in a row, without waiting for the queue in between
    for (const n of [1, 2, 3])
      await app.probot.receive({ id: `edit-${n}`, name: "issues", payload: edit(n) } as never);
    await app.queue.onIdle();
    // three events read the config; one analysis ran and posted one comment (a second would find no mock)
    expectAllDone(scope);
    expect(posted()).toContain("docs/guide/env-and-mode.md");
  });

  test("an edit of an unlabeled issue does nothing", async () => {
    const scope = tokenMock(github()).get(CONFIG_PATH).reply(200, config);
    await app.receive("issues", {
      ...labeled,
      action: "edited",
      changes: { body: { from: "old" } },
      issue: { ...labeled.issue, labels: [{ id: 3, name: "bug" }] },
    });
    expectAllDone(scope);
  });
});

describe("/docgap analyze", () => {
  test("from a read-only user: no analysis", async () => {
    const comment = await loadJson("events/issue_comment.created.json");
    const scope = tokenMock(github())
      .get(`${REPO}/collaborators/maintainer/permission`)
      .reply(200, { permission: "read", role_name: "triage", user: { login: "maintainer" } });
    await app.receive("issue_comment", comment);
    expectAllDone(scope);
  });

  test("from a maintainer: the analysis runs and is posted", async () => {
    const comment = await loadJson("events/issue_comment.created.json");
    const scope = tokenMock(github())
      .get(`${REPO}/collaborators/maintainer/permission`)
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "maintainer" } })
      .get(CONFIG_PATH)
      .reply(200, config);
    // An explicit command always re-runs, so there is no early "unchanged?" read.
    analysisReads(scope, files, { commentsListed: false });
    reacts(scope, 900);
    recheck(scope).post(`${REPO}/issues/17488/comments`).reply(201, { id: 1 });
    await app.receive("issue_comment", comment);
    expectAllDone(scope);
  });

  test("other comments are ignored", async () => {
    const comment = await loadJson<Payload>("events/issue_comment.created.json");
    await app.receive("issue_comment", {
      ...comment,
      comment: { ...comment.comment, body: "I think /docgap is neat" },
    });
    expect(unmatched).toEqual([]);
  });
});

describe("with a model", () => {
  test("the comment carries the model's cited analysis, its patch and the tokens used", async () => {
    app = await testApp({ OPENAI_API_KEY: "sk-test" });
    const { scope, posted } = firstRun();
    labeledByMaintainer(scope);
    const model = nock("https://api.openai.com")
      .post("/v1/chat/completions")
      .reply(200, chatReply({ content: JSON.stringify(answer()) }));
    await app.receive("issues", labeled);
    expectAllDone(scope, model);
    const body = posted();
    expect(body).toContain("Suggested patch (written by the model: review before merging)");
    expect(body).toContain("+Make sure `vite/client` is referenced");
    expect(body).toContain("`.github/workflows/x.yml`: docgap never changes this kind of file");
    expect(body).toContain("engine: openai (gpt-4o-mini) · 1200 prompt + 300 completion tokens");
    expect(body).not.toContain("evil.example");
  });
});

describe("operator limits", () => {
  test("a label added by someone without write access (an issue form's own label): no model run, the heuristic comment", async () => {
    app = await testApp({ OPENAI_API_KEY: "sk-test" });
    const { scope, posted } = firstRun();
    scope.get(`${REPO}/collaborators/reporter/permission`).reply(200, { permission: "read" });
    // no model request may be made: nock would report it
    await app.receive("issues", { ...labeled, sender: { login: "reporter", type: "User" } });
    expectAllDone(scope);
    const body = posted();
    expect(body).toContain("engine: heuristic");
    expect(body).toContain("started by someone without write access");
    expect(body).not.toContain("Suggested patch (written by the model");
  });

  test("a repository's config cannot raise what the server allows: the model and token limits are lowered and said", async () => {
    app = await testApp({ OPENAI_API_KEY: "sk-test" }, undefined, undefined, {
      DOCGAP_ALLOWED_MODELS: "gpt-4o-mini",
      DOCGAP_MAX_COMPLETION_TOKENS: "1000",
      DOCGAP_MAX_PROMPT_TOKENS: "4000",
    });
    config = `${config}\nanalysis:\n  model: gpt-4.1\n  maxCompletionTokens: 32000\n  maxPromptTokens: 400000\n`;
    const { scope, posted } = firstRun();
    labeledByMaintainer(scope);
    let sent: { model?: string; max_completion_tokens?: number } = {};
    const model = nock("https://api.openai.com")
      .post("/v1/chat/completions", (body) => {
        sent = body;
        return true;
      })
      .reply(200, chatReply({ content: JSON.stringify(answer()) }));
    await app.receive("issues", labeled);
    expectAllDone(scope, model);
    expect(sent).toMatchObject({ model: "gpt-4o-mini", max_completion_tokens: 1000 });
    const body = posted();
    expect(body).toContain(
      "analysis.model gpt-4.1 is not among this server's allowed models; gpt-4o-mini answered.",
    );
    expect(body).toContain("analysis.maxPromptTokens 400000 is over this server's limit; 4000 applies.");
  });

  test("a bad limit stops the app at start", async () => {
    await expect(testApp({}, undefined, undefined, { DOCGAP_MAX_PROMPT_TOKENS: "lots" })).rejects.toThrow(
      /DOCGAP_MAX_PROMPT_TOKENS must be a whole number/,
    );
  });
});

describe("logs", () => {
  test("every line of a job names the delivery, the repository and the issue", async () => {
    const lines: Array<Record<string, unknown>> = [];
    app = await testApp(
      {},
      undefined,
      pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) }),
    );
    const { scope } = firstRun();
    await app.receive("issues", labeled, "delivery-logs");
    expectAllDone(scope);
    const jobLines = lines.filter((l) => "job" in l);
    // the event job, then the analysis job
    expect(new Set(jobLines.map((l) => l.job))).toEqual(
      new Set(["event@delivery-logs", "vitejs/vite#17488@delivery-logs"]),
    );
    for (const l of jobLines)
      expect(l).toMatchObject({ delivery: "delivery-logs", repo: "vitejs/vite", issue: 17488 });
    expect(jobLines.map((l) => l.msg)).toContain("docgap: comment created");
  });
});

describe("the /docgap command", () => {
  test.each([
    ["/docgap analyze", "analyze"],
    ["  /docgap PR please", "pr"],
    ["Thanks!\n/docgap analyse", "analyse"],
    ["/docgap dashboard", "dashboard"],
    ["see the docs /docgap analyze", null],
    [`${"\n".repeat(65_535)}x`, null],
    [`${"\n".repeat(10)}/docgap analyze`, null],
  ])("%j → %s, read from the first lines only", async (body, command) => {
    const { commandOf } = await import("../src/jobs/triage.js");
    expect(commandOf(body)).toBe(command);
  });
});

describe("a source that cannot be read is not a verdict", () => {
  test("the docs archive answers 404: a comment says what could not be read; the retry replaces it with the analysis", async () => {
    const scope = tokenMock(github())
      .get(CONFIG_PATH)
      .reply(200, config)
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/issues/17488/timeline`)
      .query(true)
      .reply(200, [])
      .get(`${REPO}/commits/main`)
      .reply(404, { message: "Not Found" });
    noDuplicates(scope);
    nock("https://vitejs.dev")
      .get("/guide/env-and-mode.md")
      .reply(404, "")
      .get("/guide/env-and-mode")
      .reply(404, "");
    reacts(scope);
    // the first try: no docs, so the "could not read" notice and no recommendation
    const first = capturePost(recheck(scope), 7);
    // the retry: the docs read, the notice (no inputs hash) replaced by the analysis
    let second = "";
    analysisReads(scope, files);
    scope
      .get(`${REPO}/issues/17488/comments`)
      .query(true)
      .times(2)
      .reply(200, [
        {
          id: 7,
          body: `${MARKER}\n### docgap: could not read the sources yet`,
          user: { login: "docgap[bot]", type: "Bot" },
          performed_via_github_app: { id: 123 },
        },
      ])
      .patch(`${REPO}/issues/comments/7`, (b: { body: string }) => {
        second = b.body;
        return true;
      })
      .reply(200, { id: 7 });
    await app.receive("issues", labeled);
    expect(first()).toContain("docgap could not read the docs");
    expect(first()).toContain("GitHub answered 404");
    expect(first()).not.toMatch(/Recommendation|needs-info/);
    expect(first()).not.toContain("docgap:inputs=");
    expect(unmatched).toEqual([]);
    expectAllDone(scope);
    expect(second).toMatch(/Recommendation:\*\* `update-docs`/);
    expect(second).toContain("docs/guide/env-and-mode.md");
  });
});
