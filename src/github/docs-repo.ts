import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createGunzip } from "node:zlib";
import type { Octokit } from "@octokit/rest";
import { LRUCache } from "lru-cache";
import { extract } from "tar-stream";

/** A file of the repository at one version: its path, git blob id and size. */
export interface TreeEntry {
  path: string;
  sha: string;
  size: number;
}

export interface Archive {
  entries: TreeEntry[];
  /** Texts of the files `keep` asked for, by path. */
  texts: Map<string, string>;
}

/**
 * Read access to a repository (the docs source, or the changelog's repository) at a version. Blobs are
 * content-addressed, so anything read once by sha never needs reading again; `snapshot.ts` builds on that.
 */
export interface DocsRepo {
  /** Human-readable location: `owner/name` or a folder. */
  readonly label: string;
  /** Cache identity: the same repository always has the same id. */
  readonly id: string;
  /** The version to read: the head commit (one small request), or a folder's fingerprint. */
  version(): Promise<string>;
  /** Every file at that version, with its blob sha and size. */
  tree(version: string): Promise<{ entries: TreeEntry[]; truncated: boolean }>;
  /** One file's text, or null when it is not text or cannot be read. */
  readBlob(entry: TreeEntry): Promise<string | null>;
  /** The whole repository in one download, where the source offers it (GitHub's tarball). */
  archive?(version: string, keep: (entry: TreeEntry) => boolean): Promise<Archive>;
  /** The website the repository declares (GitHub's `homepage`), or null. */
  homepage?(): Promise<string | null>;
}

/** Git's blob id of a content: what the tree lists, so a local or archived file can be matched to it. */
export const gitBlobSha = (content: string | Buffer): string => {
  const body = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash("sha1")
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest("hex");
};

const SKIP_DIRS = new Set(["node_modules", ".git"]);

/** Largest repository (as GitHub reports its size) read through its archive; larger ones are read by tree. */
const MAX_ARCHIVE_KB = 150 * 1024;

/** The archive would be too big: read the tree and the needed files instead. */
export class ArchiveTooLarge extends Error {}
const LOCAL_HASH_MAX = 4_000_000;

/** Text of a buffer, or null for binary content. */
const asText = (buf: Buffer): string | null => (buf.includes(0) ? null : buf.toString("utf8"));

/** A repository read from a local folder standing for its root (the CLI's `--docs-dir`). */
export function localDocsRepo(dir: string): DocsRepo {
  const root = path.resolve(dir);
  type Listed = Array<{ path: string; size: number; mtime: number }>;
  /** The listing the last version was computed from: `tree(version)` reuses it instead of walking again. */
  let listed: { version: string; files: Listed } | null = null;
  const walk = async (rel: string): Promise<Listed> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    const nested = await Promise.all(
      entries.map(async (e) => {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(child);
        if (!e.isFile()) return [];
        const s = await stat(path.join(root, child));
        return [{ path: child, size: s.size, mtime: s.mtimeMs }];
      }),
    );
    return nested.flat();
  };
  const read = async (rel: string) => {
    const full = path.resolve(root, rel);
    if (!full.startsWith(root + path.sep)) return null;
    return readFile(full).catch(() => null);
  };
  return {
    // What comments and logs show: never the machine's absolute path (a runner's workspace, a home folder).
    label: `the local folder ${path.basename(root) || "."}`,
    id: `dir:${root}`,
    async version() {
      const files = (await walk("")).sort((a, b) => a.path.localeCompare(b.path));
      const version = createHash("sha1")
        .update(files.map((f) => `${f.path}\t${f.size}\t${f.mtime}`).join("\n"))
        .digest("hex");
      listed = { version, files };
      return version;
    },
    async tree(version) {
      const files = listed?.version === version ? listed.files : await walk("");
      const entries = await Promise.all(
        files.map(async (f) => {
          // Files too big to read are listed with a stand-in id; they are skipped as too large anyway.
          if (f.size > LOCAL_HASH_MAX)
            return { path: f.path, size: f.size, sha: `size-${f.size}-${f.mtime}` };
          const buf = await read(f.path);
          return { path: f.path, size: f.size, sha: buf ? gitBlobSha(buf) : "" };
        }),
      );
      return { entries: entries.sort((a, b) => a.path.localeCompare(b.path)), truncated: false };
    },
    async readBlob(entry) {
      const buf = await read(entry.path);
      return buf ? asText(buf) : null;
    },
  };
}

/**
 * Reads a gzipped tar archive as GitHub serves it (one top-level folder named after the repository and commit),
 * as it streams in: only the kept files' texts are held.
 */
export async function readTarball(
  data: Buffer | Readable,
  keep: (entry: TreeEntry) => boolean,
): Promise<Archive> {
  const entries: TreeEntry[] = [];
  const texts = new Map<string, string>();
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c) => chunks.push(c as Buffer));
      stream.on("end", () => {
        if (header.type === "file") {
          const rel = header.name.split("/").slice(1).join("/");
          if (rel) {
            const buf = Buffer.concat(chunks);
            const entry = { path: rel, sha: gitBlobSha(buf), size: buf.length };
            entries.push(entry);
            if (keep(entry)) {
              const text = asText(buf);
              if (text !== null) texts.set(rel, text);
            }
          }
        }
        next();
      });
      stream.on("error", reject);
    });
    tar.on("finish", resolve);
    tar.on("error", reject);
  });
  const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
  source
    .on("error", (err) => tar.destroy(err))
    .pipe(createGunzip())
    .on("error", (err) => tar.destroy(err))
    .pipe(tar);
  await done;
  return { entries: entries.sort((a, b) => a.path.localeCompare(b.path)), texts };
}

/** Homepages by repository, for an hour: a new commit of the docs does not ask for the repository again. */
const HOMEPAGES = new LRUCache<string, Promise<string | null>>({ max: 1_000, ttl: 3_600_000 });

/**
 * A repository read through the GitHub API: the head commit (one request), then either the tarball (one download
 * for everything) or the recursive tree and only the blobs not seen before.
 */
export function githubDocsRepo(octokit: Octokit, repo: string, branch?: string): DocsRepo {
  const [owner = "", name = ""] = repo.split("/");
  const base = (octokit.request.endpoint.DEFAULTS.baseUrl ?? "").replace(/\/+$/, "");
  // The repository's metadata, asked for once: its size decides the archive, its homepage may be the docs site.
  let info: ReturnType<typeof octokit.rest.repos.get> | undefined;
  const repoInfo = () => {
    info ??= octokit.rest.repos.get({ owner, repo: name });
    return info;
  };
  const id = `github:${base}/${repo.toLowerCase()}`;
  return {
    label: repo,
    id,
    async version() {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", {
        owner,
        repo: name,
        ref: branch ?? "HEAD",
        mediaType: { format: "sha" },
      });
      return String(data).trim();
    },
    async tree(version) {
      const { data } = await octokit.rest.git.getTree({
        owner,
        repo: name,
        tree_sha: version,
        recursive: "true",
      });
      const entries = data.tree
        .filter((i) => i.type === "blob" && i.path && i.sha)
        .map((i) => ({ path: i.path as string, sha: i.sha as string, size: i.size ?? 0 }));
      return { entries, truncated: data.truncated };
    },
    async readBlob(entry) {
      const { data } = await octokit.rest.git.getBlob({ owner, repo: name, file_sha: entry.sha });
      return asText(Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8"));
    },
    async archive(version, keep) {
      // A docs folder inside a big code repository is not worth downloading the whole repository for.
      const { data: meta } = await repoInfo();
      if (meta.size > MAX_ARCHIVE_KB)
        throw new ArchiveTooLarge(`${repo} is ${Math.round(meta.size / 1024)} MB`);
      // Streamed: the archive is read as it arrives, never held whole.
      const { data } = await octokit.rest.repos.downloadTarballArchive({
        owner,
        repo: name,
        ref: version,
        request: { parseSuccessResponseBody: false },
      });
      return readTarball(Readable.fromWeb(data as unknown as WebReadableStream), keep);
    },
    homepage() {
      let known = HOMEPAGES.get(id);
      if (!known) {
        known = repoInfo()
          .then(({ data }) => data.homepage || null)
          .catch(() => null);
        HOMEPAGES.set(id, known);
      }
      return known;
    },
  };
}

/**
 * The docs repository and the issue's repository (where the changelog lives) read through the GitHub API; one
 * reader when they are the same repository.
 */
export function githubRepos(
  octokit: Octokit,
  issueRepo: string,
  docsRepo: string,
  issueRepoBranch?: string,
): { docs: DocsRepo; changelogRepo: DocsRepo } {
  const changelogRepo = githubDocsRepo(octokit, issueRepo, issueRepoBranch);
  const same = docsRepo.toLowerCase() === issueRepo.toLowerCase();
  return { docs: same ? changelogRepo : githubDocsRepo(octokit, docsRepo), changelogRepo };
}

/** The same repository read at one version for a whole run (a backlog triage): the head is asked for once. */
export function pinnedVersion(repo: DocsRepo): DocsRepo {
  let version: Promise<string> | undefined;
  return {
    label: repo.label,
    id: repo.id,
    version: () => {
      version ??= repo.version();
      return version;
    },
    tree: (v) => repo.tree(v),
    readBlob: (entry) => repo.readBlob(entry),
    ...(repo.archive ? { archive: repo.archive.bind(repo) } : {}),
    ...(repo.homepage ? { homepage: repo.homepage.bind(repo) } : {}),
  };
}
