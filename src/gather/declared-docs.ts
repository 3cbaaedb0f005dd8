import type { Snapshot } from "../github/snapshot.js";
import { isIssueTemplate } from "../locate/docs-index.js";
import { isRepoSlug } from "../text/slug.js";

/** A repository name that says it holds docs: `docs`, `acme-docs`, `website`, `acme.github.io`, `docs.acme.dev`. */
const DOCS_NAME = /(?:^|[-_.])(?:docs?|documentation|website|site|handbook|manual)(?:$|[-_.])|\.github\.io$/i;
/** A folder a docs submodule is checked out in. */
const DOCS_FOLDER = /(?:^|\/)(?:docs?|documentation|website|site)$/i;
/** A line that speaks of the docs. */
const DOCS_WORDS = /\b(?:docs?|documentation|manual|handbook)\b/i;
const GITHUB_REPO = /\bgithub\.com[/:]([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})/g;

export interface DeclaredDocs {
  repo: string;
  /** Where the repository says so, for the comment. */
  why: string;
}

const slugOf = (owner: string, name: string) => `${owner}/${name.replace(/\.git$/i, "")}`;

/** A `docs` submodule whose URL is a GitHub repository (`.gitmodules`). */
function fromSubmodules(text: string): DeclaredDocs | null {
  for (const block of text
    .slice(0, 50_000)
    .split(/^\s*\[submodule\b/m)
    .slice(1)) {
    const folder = /^\s*path\s*=\s*(\S{1,200})\s*$/m.exec(block)?.[1] ?? "";
    const url = /^\s*url\s*=\s*(\S{1,300})\s*$/m.exec(block)?.[1] ?? "";
    const m = [...url.matchAll(GITHUB_REPO)][0];
    if (m && DOCS_FOLDER.test(folder))
      return { repo: slugOf(m[1] ?? "", m[2] ?? ""), why: `its .gitmodules checks out ${url} in ${folder}/` };
  }
  return null;
}

const URLS = /\bhttps?:\/\/\S{1,1000}/g;

/**
 * A link to a GitHub repository whose name says docs, on a line that speaks of the docs in its own words (not in a
 * URL), or in a YAML template just below such a line (a template chooser's `- name: Documentation` above its `url:`).
 */
function fromLinks(text: string, file: string, issueRepo: string): DeclaredDocs | null {
  const lines = text.slice(0, 200_000).split("\n");
  const says = lines.map((l) => DOCS_WORDS.test(l.slice(0, 1000).replace(URLS, " ")));
  // In a YAML template the words and the URL are keys of one item; in prose they share the line.
  const above = /\.ya?ml$/i.test(file) ? 2 : 0;
  for (const [i, line] of lines.entries()) {
    const bounded = line.slice(0, 1000);
    if (!says.slice(Math.max(0, i - above), i + 1).some(Boolean)) continue;
    for (const m of bounded.matchAll(GITHUB_REPO)) {
      const repo = slugOf(m[1] ?? "", m[2] ?? "");
      if (!isRepoSlug(repo) || repo.toLowerCase() === issueRepo.toLowerCase()) continue;
      if (DOCS_NAME.test(repo.split("/")[1] ?? ""))
        return { repo, why: `its ${file} links the docs to github.com/${repo}` };
    }
  }
  return null;
}

/**
 * The repository that holds this repository's docs, where this one declares it: a docs submodule, or a docs link
 * to a GitHub repository whose name says docs in its issue templates or README. Null when nothing says so.
 */
export async function declaredDocsRepo(snapshot: Snapshot, issueRepo: string): Promise<DeclaredDocs | null> {
  const read = async (p: string) => ((await snapshot.text(p)) ?? "").slice(0, 200_000);
  if (snapshot.files.includes(".gitmodules")) {
    const found = fromSubmodules(await read(".gitmodules"));
    if (found && found.repo.toLowerCase() !== issueRepo.toLowerCase()) return found;
  }
  const templates = snapshot.files.filter(isIssueTemplate).slice(0, 30);
  const readme = snapshot.files.find((f) => /^readme\.(?:md|mdx|markdown|rst|txt)$/i.test(f));
  for (const file of [...templates, ...(readme ? [readme] : [])]) {
    const found = fromLinks(await read(file), file, issueRepo);
    if (found) return found;
  }
  return null;
}
