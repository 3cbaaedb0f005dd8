import nock from "nock";
import { describe, expect, test } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { gitBlobSha, githubDocsRepo, localDocsRepo, readTarball } from "../../src/github/docs-repo.js";
import { memoryCache, openSnapshot } from "../../src/github/snapshot.js";
import { buildDocsIndex, docsFilter } from "../../src/locate/docs-index.js";
import { locateUrl, mapUrlToFiles } from "../../src/locate/mapping.js";
import { analyzeIssue } from "../../src/pipeline/analyze.js";
import { analyse, archive, config, FILES, head, ISSUE, octokit, page, REPO } from "../helpers/docs-api.js";
import { blobReply, tarball, treeReply } from "../helpers/probot.js";
import { repo } from "../helpers/tree.js";
import { unmatched } from "../setup.js";

describe("the repository archive", () => {
  test("a real tar.gz in GitHub's layout: paths without the top folder, git blob ids, texts only where asked", async () => {
    const data = await tarball({ "docs/a.md": "hello\n", "img/logo.png": "\u0000PNG" }, "acme-docs-1a2b3c4");
    const read = await readTarball(data, (e) => e.path.endsWith(".md"));
    expect(read.entries).toEqual([
      { path: "docs/a.md", sha: "ce013625030ba8dba906f756967f9e9ca394464a", size: 6 },
      { path: "img/logo.png", sha: gitBlobSha("\u0000PNG"), size: 4 },
    ]);
    expect([...read.texts]).toEqual([["docs/a.md", "hello\n"]]);
  });
});

describe("one docs index per commit", () => {
  test("cold: the archive; same commit again: only the head commit; one file changed: the tree and that blob", async () => {
    const cache = memoryCache();
    const cold = archive(nock("https://api.github.com"), "a".repeat(40));
    const first = await analyse(cache);
    expect(cold.pendingMocks()).toEqual([]);
    expect(first.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");
    expect(first.github).toEqual({
      requests: 3,
      byRoute: {
        "GET /repos/{owner}/{repo}/commits/{ref}": 1,
        "GET /repos/{owner}/{repo}": 1,
        "GET /repos/{owner}/{repo}/tarball/{ref}": 1,
      },
    });
    expect(first.sources).toContainEqual(
      expect.objectContaining({
        kind: "docs-tree",
        reason: expect.stringContaining("read from the repository archive"),
      }),
    );

    head(nock("https://api.github.com"), "a".repeat(40));
    const warm = await analyse(cache);
    expect(warm.github?.requests).toBe(1);
    expect(warm.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");

    // A commit that changes one docs file: the tree, and only that file's blob.
    const changed = {
      ...FILES,
      "docs/guide/build.md": page("Building", "Run `vite build`; `VITE_APP_TITLE` is read at build time."),
    };
    const scope = head(nock("https://api.github.com"), "b".repeat(40))
      .get(`${REPO}/git/trees/${"b".repeat(40)}`)
      .query({ recursive: "true" })
      .reply(200, treeReply(changed))
      .get(`${REPO}/git/blobs/${gitBlobSha(changed["docs/guide/build.md"] ?? "")}`)
      .reply(200, blobReply(changed["docs/guide/build.md"] ?? ""));
    const after = await analyse(cache);
    expect(scope.pendingMocks()).toEqual([]);
    expect(after.github?.requests).toBe(3);
    expect(after.sources).toContainEqual(
      expect.objectContaining({
        kind: "docs-tree",
        reason: expect.stringContaining("only changed files fetched, 1 file(s) read"),
      }),
    );
    expect(unmatched).toEqual([]);
  });

  test("a site that declares no address is taken to be published at the repository's homepage", async () => {
    const sha = "e".repeat(40);
    const repo = "/repos/acme/homepage-docs";
    const scope = nock("https://api.github.com")
      .get(`${repo}/commits/main`)
      .reply(200, sha)
      .get(repo)
      .reply(200, { size: 300, default_branch: "main", homepage: "https://acme.example.dev/docs/" })
      .get(`${repo}/tarball/${sha}`)
      .reply(200, () => tarball(FILES, `acme-homepage-docs-${sha.slice(0, 7)}`), {
        "content-type": "application/x-gzip",
      });
    const client = octokit();
    const result = await analyzeIssue({
      issue: {
        ...ISSUE,
        repo: "acme/homepage-docs",
        title: "Wrong flag",
        body: "https://acme.example.dev/docs/guide/build says nothing about the port.",
      },
      config,
      docs: githubDocsRepo(client, "acme/homepage-docs", "main"),
      changelogRepo: null,
      fetcher: null,
      octokit: client,
      cache: memoryCache(),
    });
    expect(scope.pendingMocks()).toEqual([]);
    // The repository was asked for once: for the archive's size and the homepage together.
    expect(result.github?.byRoute["GET /repos/{owner}/{repo}"]).toBe(1);
    expect(result.site?.siteUrls).toEqual(["https://acme.example.dev/docs/"]);
    expect(result.analysis.affectedPages[0]).toMatchObject({
      sourcePath: "docs/guide/build.md",
      reasons: expect.arrayContaining(["vitepress publishes /guide/build from docs/guide/build.md"]),
    });
  });

  test("two analyses of the same repository at once build the index once", async () => {
    const cache = memoryCache();
    const sha = "c".repeat(40);
    // Two head-commit checks, one archive download: a second download would be an unmatched request.
    archive(nock("https://api.github.com"), sha);
    head(nock("https://api.github.com"), sha);
    const [a, b] = await Promise.all([analyse(cache), analyse(cache)]);
    expect(unmatched).toEqual([]);
    expect(a.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");
    expect(b.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");
  });

  test("a big repository is not downloaded whole: its tree, then only the docs files", async () => {
    const sha = "f".repeat(40);
    const scope = head(nock("https://api.github.com"), sha)
      .get(REPO)
      .reply(200, { size: 2_000_000, default_branch: "main" })
      .get(`${REPO}/git/trees/${sha}`)
      .query({ recursive: "true" })
      .reply(200, treeReply(FILES));
    // The docs files, and the generator's config that says how they are published; never other code.
    for (const [path, text] of Object.entries(FILES)) {
      if (!path.endsWith(".md") && !path.includes(".vitepress/")) continue;
      scope.get(`${REPO}/git/blobs/${gitBlobSha(text)}`).reply(200, blobReply(text));
    }
    const result = await analyse(memoryCache());
    expect(scope.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
    expect(result.analysis.affectedPages[0]?.sourcePath).toBe("docs/guide/env.md");
  });

  test("a corrupt archive is an error in the sources, not a crash", async () => {
    head(nock("https://api.github.com"), "9".repeat(40))
      .get(REPO)
      .reply(200, { size: 10 })
      .get(`${REPO}/tarball/${"9".repeat(40)}`)
      .reply(200, Buffer.from("not a gzip stream"), { "content-type": "application/x-gzip" });
    const result = await analyse(memoryCache());
    expect(result.sources).toContainEqual(
      expect.objectContaining({
        kind: "docs-tree",
        status: "error",
        reason: expect.stringMatching(/header|gzip/i),
      }),
    );
    expect(result.analysis.recommendation.action).toBe("needs-info");
  });

  test("files over the size limit are left out and the sources say how many", async () => {
    const big = { ...FILES, "docs/reference/huge.md": page("Huge", "x".repeat(1_100_000)) };
    archive(nock("https://api.github.com"), "d".repeat(40), big);
    const result = await analyse(memoryCache());
    expect(result.sources).toContainEqual(
      expect.objectContaining({ kind: "docs-tree", reason: expect.stringContaining("1 file(s) over 1 MB") }),
    );
    expect(result.analysis.affectedPages.map((p) => p.sourcePath)).not.toContain("docs/reference/huge.md");
  });
});

describe("docs.map beyond the site's folders", () => {
  const settings = (map: Array<{ from: string; to: string }>) =>
    ConfigSchema.parse({
      docs: { root: "docs", siteUrl: "https://acme.dev/", map },
      analysis: { engine: "heuristic" },
    });
  const indexOf = async (cfg: ReturnType<typeof settings>) => {
    const dir = await repo({
      "docs/.vitepress/config.ts": "export default {}\n",
      "docs/guide/start.md": "# Start\n",
      "packages/cli/README.md": "# CLI\n\nThe `--port` flag sets the port.\n",
    });
    const snapshot = await openSnapshot(localDocsRepo(dir), {
      cache: memoryCache(),
      keep: docsFilter(cfg),
      archive: false,
    });
    return buildDocsIndex(snapshot, cfg);
  };

  test("a page mapped to a file outside docs.root is found and read there", async () => {
    const cfg = settings([{ from: "/cli/:path*", to: "packages/:path/README.md" }]);
    const index = await indexOf(cfg);
    expect(index.sourceFiles).toContain("packages/cli/README.md");
    expect((await index.load("packages/cli/README.md"))?.text).toContain("--port");
    const where = locateUrl("https://acme.dev/cli/cli", cfg, null, index.site);
    expect(where && mapUrlToFiles(where, { routes: index.routes, config: cfg })[0]?.path).toBe(
      "packages/cli/README.md",
    );
  });

  test("a map into a folder with no docs says so instead of failing silently", async () => {
    const index = await indexOf(settings([{ from: "/api/:name", to: "reference/:name.md" }]));
    expect(index.site.notes).toContain(
      "docs.map points to reference, where the repository has no docs files",
    );
  });
});
