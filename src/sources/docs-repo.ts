import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Octokit } from "@octokit/rest";

/** Read access to the docs repository: its file list and file contents. Paths are relative to the repository root. */
export interface DocsRepo {
  /** Human-readable location: `owner/name@ref` or a folder. */
  readonly label: string;
  /** Every file path in the repository (or under the folder), `/`-separated. */
  list(): Promise<string[]>;
  /** The file's text, or null when it does not exist or is not text. */
  read(filePath: string): Promise<string | null>;
}

const MAX_FILE_BYTES = 2_000_000;
const SKIP_DIRS = new Set(["node_modules", ".git"]);

const memo = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => {
    p ??= fn();
    return p;
  };
};

/** A docs repository read from a local folder standing for the repository root. */
export function localDocsRepo(dir: string): DocsRepo {
  const root = path.resolve(dir);
  const walk = async (rel: string): Promise<string[]> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    const nested = await Promise.all(
      entries.map(async (e) => {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(child);
        return e.isFile() ? [child] : [];
      }),
    );
    return nested.flat();
  };
  const files = memo(async () => (await walk("")).sort());
  return {
    label: root,
    list: files,
    async read(filePath) {
      const full = path.resolve(root, filePath);
      if (!full.startsWith(root + path.sep)) return null;
      try {
        if ((await stat(full)).size > MAX_FILE_BYTES) return null;
        return await readFile(full, "utf8");
      } catch {
        return null;
      }
    },
  };
}

/**
 * A docs repository read through the GitHub API: one recursive tree request, then one blob request per file read.
 * A truncated tree (very large repositories) is used as far as it goes.
 */
export function githubDocsRepo(octokit: Octokit, repo: string, ref?: string): DocsRepo {
  const [owner = "", name = ""] = repo.split("/");
  const tree = memo(async () => {
    let sha = ref;
    if (!sha) {
      const { data } = await octokit.rest.repos.get({ owner, repo: name });
      sha = data.default_branch;
    }
    const { data } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: sha, recursive: "true" });
    const blobs = new Map<string, { sha: string; size: number }>();
    for (const item of data.tree) {
      if (item.type === "blob" && item.path && item.sha)
        blobs.set(item.path, { sha: item.sha, size: item.size ?? 0 });
    }
    return blobs;
  });
  const cache = new Map<string, Promise<string | null>>();
  return {
    label: `${repo}${ref ? `@${ref}` : ""}`,
    list: async () => [...(await tree()).keys()].sort(),
    read(filePath) {
      let p = cache.get(filePath);
      if (!p) {
        p = (async () => {
          const blob = (await tree()).get(filePath);
          if (!blob || blob.size > MAX_FILE_BYTES) return null;
          const { data } = await octokit.rest.git.getBlob({ owner, repo: name, file_sha: blob.sha });
          return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
        })();
        cache.set(filePath, p);
      }
      return p;
    },
  };
}

/**
 * The docs repository and the issue's repository (where the changelog lives) read through the GitHub API; one
 * reader when they are the same repository, so its tree is read once.
 */
export function githubRepos(
  octokit: Octokit,
  issueRepo: string,
  docsRepo: string,
  issueRepoRef?: string,
): { docs: DocsRepo; changelogRepo: DocsRepo } {
  const changelogRepo = githubDocsRepo(octokit, issueRepo, issueRepoRef);
  const same = docsRepo.toLowerCase() === issueRepo.toLowerCase();
  return { docs: same ? changelogRepo : githubDocsRepo(octokit, docsRepo), changelogRepo };
}
