import { readFile } from "node:fs/promises";
import path from "node:path";
import nock from "nock";
import { type Logger, Probot, ProbotOctokit } from "probot";
import { expect } from "vitest";
import type { EngineEnv } from "../../src/analysis/engine.js";
import { createApp } from "../../src/app.js";
import { gitBlobSha } from "../../src/github/docs-repo.js";
import { memoryCache } from "../../src/github/snapshot.js";
import { createMemoryQueue } from "../../src/jobs/queue.js";
import type { JobQueue, QueueOptions } from "../../src/jobs/types.js";
import { unmatched } from "../setup.js";
import { privateKey } from "./keys.js";
import { tarball } from "./tarball.js";

export const API = "https://api.github.com";
export const REPO = "/repos/vitejs/vite";
export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

export interface TestApp {
  probot: Probot;
  queue: JobQueue;
  failures: unknown[];
  receive(name: string, payload: object, id?: string): Promise<void>;
}

/** A Probot instance with docgap loaded, throttling and retries off (function form: the object form is ignored). */
/** The test app's id: comments docgap wrote carry it in `performed_via_github_app`. */
export const APP_ID = 123;

export async function testApp(
  env: EngineEnv = {},
  makeQueue: (options: QueueOptions) => JobQueue = (o) => createMemoryQueue({ ...o, backoffMs: 10 }),
  log?: Logger,
  processEnv: NodeJS.ProcessEnv = {},
): Promise<TestApp> {
  const failures: unknown[] = [];
  let queue: JobQueue | undefined;
  const factory = (options: QueueOptions) => {
    queue = makeQueue({
      ...options,
      concurrency: 1,
      onEvent: (e) => {
        if (e.type === "failed") failures.push(e.reason);
        options.onEvent?.(e);
      },
    });
    return queue;
  };
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
    ...(log ? { log } : { logLevel: "fatal" as const }),
  });
  await probot.load(
    createApp({
      queue: factory,
      env,
      processEnv,
      cache: memoryCache(),
      author: { appId: APP_ID, login: null },
    }),
  );
  if (!queue) throw new Error("the app built no queue");
  const built: JobQueue = queue;
  return {
    probot,
    queue: built,
    failures,
    async receive(name, payload, id = "delivery-1") {
      await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      await built.onIdle();
    },
  };
}

export const loadJson = async <T = Record<string, unknown>>(rel: string): Promise<T> =>
  JSON.parse(await readFile(path.join(FIXTURES, rel), "utf8")) as T;

export const fixtureText = (rel: string) => readFile(path.join(FIXTURES, rel), "utf8");

/** GitHub's answer to a recursive tree read of these files, with their real git blob ids. */
export const treeReply = (files: Record<string, string>) => ({
  sha: "tree-sha",
  truncated: false,
  tree: Object.entries(files).map(([p, text]) => ({
    path: p,
    type: "blob",
    mode: "100644",
    sha: gitBlobSha(text),
    size: Buffer.byteLength(text),
  })),
});

/** GitHub's answer to a blob read. */
export const blobReply = (text: string) => ({
  sha: gitBlobSha(text),
  encoding: "base64",
  content: Buffer.from(text).toString("base64"),
  size: Buffer.byteLength(text),
});

export const github = () => nock(API);

export const tokenMock = (scope: nock.Scope) =>
  scope
    .post("/app/installations/42/access_tokens")
    .reply(200, { token: "test", permissions: { issues: "write", contents: "read" } });

/**
 * The reads a full analysis of the fixture issue makes: docs tree, the mapped file, the published page, and the
 * issue's timeline and comments (for references not in its body).
 */
export function analysisReads(
  scope: nock.Scope,
  files: Record<string, string>,
  { docsCached = false, commentsListed = true } = {},
) {
  scope.get(`${REPO}/issues/17488/timeline`).query(true).reply(200, []);
  // A command re-runs without listing the comments first, so the analysis lists them for references.
  if (!commentsListed) scope.get(`${REPO}/issues/17488/comments`).query(true).reply(200, []);
  // Docs seen before at this commit: only the head commit is asked for.
  if (docsCached) scope.get(`${REPO}/commits/main`).reply(200, HEAD_SHA);
  else docsArchive(scope, files);
  noDuplicates(scope);
  nock("https://vitejs.dev")
    .get("/guide/env-and-mode.md")
    .reply(200, files["docs/guide/env-and-mode.md"], { "content-type": "text/markdown; charset=utf-8" });
}

/** The label's sender has write access: a model run or a pull request may follow from it. */
export const labeledByMaintainer = (scope: nock.Scope, login = "maintainer") =>
  scope.get(`${REPO}/collaborators/${login}/permission`).reply(200, { permission: "write" });

/** The search for other issues about the same page finds none. */
export const noDuplicates = (scope: nock.Scope) =>
  scope.get("/search/issues").query(true).reply(200, { total_count: 0, items: [] });

/** docgap re-reads the comment list right before writing, so a comment made meanwhile is edited, not duplicated. */
export const recheck = (scope: nock.Scope, comments: object[] = []) =>
  scope.get(`${REPO}/issues/17488/comments`).query(true).reply(200, comments);

/** Mocks the comment creation; the returned function gives the body docgap sent. */
export function capturePost(scope: nock.Scope, id: number): () => string {
  let posted = "";
  scope
    .post(`${REPO}/issues/17488/comments`, (b: { body: string }) => {
      posted = b.body;
      return true;
    })
    .reply(201, { id });
  return () => posted;
}

/** The "eyes" reaction docgap adds when it takes an issue (or a command comment, by id). */
export const reacts = (scope: nock.Scope, commentId?: number) =>
  scope
    .post(commentId ? `${REPO}/issues/comments/${commentId}/reactions` : `${REPO}/issues/17488/reactions`, {
      content: "eyes",
    })
    .reply(201, {});

export { tarball };

export const HEAD_SHA = "c0ffee0000000000000000000000000000000001";

/**
 * A cold read of the docs: the head commit of `main`, then the archive (GitHub redirects the tarball request to
 * codeload).
 */
export function docsArchive(scope: nock.Scope, files: Record<string, string>, repo = REPO, ref = "main") {
  const slug = repo.replace("/repos/", "");
  scope
    .get(`${repo}/commits/${ref}`)
    .reply(200, HEAD_SHA)
    .get(repo)
    .reply(200, { size: 2048, default_branch: "main", private: false })
    .get(`${repo}/tarball/${HEAD_SHA}`)
    .reply(302, "", { location: `https://codeload.github.com/${slug}/legacy.tar.gz/${HEAD_SHA}` });
  nock("https://codeload.github.com")
    .get(`/${slug}/legacy.tar.gz/${HEAD_SHA}`)
    .reply(200, () => tarball(files, `${slug.replace("/", "-")}-c0ffee0`), {
      "content-type": "application/x-gzip",
    });
  return scope;
}

/** Where Probot reads `.github/docgap.yml` for the fixture repository. */
export const CONFIG_PATH = `${REPO}/contents/.github%2Fdocgap.yml`;

const VITE_DOCS = ["docs/.vitepress/config.ts", "docs/guide/env-and-mode.md", "docs/guide/index.md"];

/** The fixture docs repository (vite's docs, trimmed), path to text. */
export const viteDocs = async (): Promise<Record<string, string>> =>
  Object.fromEntries(await Promise.all(VITE_DOCS.map(async (p) => [p, await fixtureText(`vite-docs/${p}`)])));

/** The app ran every job without failing, every mocked request was made, and nothing unmocked was asked for. */
export function expectAllDone(app: TestApp, ...scopes: nock.Scope[]) {
  expect(app.failures).toEqual([]);
  for (const s of scopes) expect(s.pendingMocks()).toEqual([]);
  expect(unmatched).toEqual([]);
}
