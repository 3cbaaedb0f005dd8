/**
 * Downloads the docs tree of every evaluation case into a local folder, by repository and commit, through
 * GitHub's archive download (`https://codeload.github.com/<owner>/<repo>/tar.gz/<commit>`). The evaluation
 * material is not part of docgap; this makes the trees `npm run eval` reads from a folder of case files.
 *
 *   npx tsx scripts/fetch-corpora.ts --cases DIR [--out DIR] [--base URL]
 *
 * Each case names `repo`, `base_commit`, `docs.root` and `corpus`; the tree is written to `<out>/<corpus>/`
 * (text files under the docs root and the site configs beside it). A corpus already present is kept.
 * GITHUB_TOKEN, when set, is sent (higher rate limits). `--base` points at another archive host (a mirror).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { readTarball } from "../src/github/docs-repo.js";

interface CaseRef {
  repo: string;
  base_commit: string;
  corpus: string;
  docs: { root: string };
}

/** A file the evaluation needs: under the docs root, or a config file at the repository's top. */
const wanted = (root: string) => (p: string) =>
  root === "" || root === "." || p.startsWith(`${root.replace(/\/+$/, "")}/`) || !p.includes("/");

export async function fetchCorpus(c: CaseRef, out: string, base: string, token?: string): Promise<string> {
  const dir = path.join(out, c.corpus);
  if (existsSync(dir)) return `${c.corpus}: present`;
  const url = `${base.replace(/\/+$/, "")}/${c.repo}/tar.gz/${c.base_commit}`;
  const res = await fetch(url, { headers: token ? { authorization: `token ${token}` } : {} });
  if (!res.ok || !res.body) throw new Error(`${url} answered ${res.status}`);
  const keep = wanted(c.docs.root);
  const archive = await readTarball(
    Readable.fromWeb(res.body as import("node:stream/web").ReadableStream),
    (e) => keep(e.path),
  );
  for (const [file, text] of archive.texts) {
    const target = path.join(dir, file);
    if (!target.startsWith(`${dir}${path.sep}`)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  return `${c.corpus}: ${archive.texts.size} files`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      cases: { type: "string" },
      out: { type: "string", default: ".cache/corpora" },
      base: { type: "string", default: "https://codeload.github.com" },
    },
  });
  if (!values.cases) throw new Error("--cases DIR is required");
  const names = (await readdir(values.cases)).filter((f) => f.endsWith(".json")).sort();
  const seen = new Set<string>();
  for (const name of names) {
    const c = JSON.parse(await readFile(path.join(values.cases, name), "utf8")) as CaseRef;
    if (seen.has(c.corpus)) continue;
    seen.add(c.corpus);
    console.log(await fetchCorpus(c, values.out, values.base, process.env.GITHUB_TOKEN));
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  main().catch((err) => {
    console.error(`fetch-corpora: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
