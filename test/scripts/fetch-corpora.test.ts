import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchCorpus } from "../../scripts/fetch-corpora.js";
import { tarball } from "../helpers/tarball.js";

describe("downloading an evaluation case's docs tree", () => {
  let base = "";
  const asked: string[] = [];
  const server = createServer(async (req, res) => {
    asked.push(req.url ?? "");
    if (req.url !== "/acme/site/tar.gz/abc123") {
      res.writeHead(404).end();
      return;
    }
    const body = await tarball(
      {
        "docs/guide.md": "# Guide\n",
        "docs/.vitepress/config.ts": "export default {}\n",
        "src/app.ts": "x",
        "package.json": "{}",
      },
      "acme-site-abc123",
    );
    res.writeHead(200, { "content-type": "application/x-gzip" }).end(body);
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("writes the docs root and top-level configs of the commit, and keeps a corpus already there", async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), "corpora-"));
    const c = {
      repo: "acme/site",
      base_commit: "abc123",
      corpus: "acme__site@abc123",
      docs: { root: "docs" },
    };
    expect(await fetchCorpus(c, out, base)).toBe("acme__site@abc123: 3 files");
    const dir = path.join(out, c.corpus);
    expect(await readFile(path.join(dir, "docs/guide.md"), "utf8")).toBe("# Guide\n");
    expect(existsSync(path.join(dir, "docs/.vitepress/config.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "src/app.ts"))).toBe(false);
    expect(await fetchCorpus(c, out, base)).toBe("acme__site@abc123: present");
    expect(asked).toEqual(["/acme/site/tar.gz/abc123"]);
  });

  test("a commit the host does not have is an error that names the URL", async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), "corpora-"));
    const c = { repo: "acme/site", base_commit: "nope", corpus: "x", docs: { root: "docs" } };
    await expect(fetchCorpus(c, out, base)).rejects.toThrow(/tar\.gz\/nope answered 404/);
  });
});
