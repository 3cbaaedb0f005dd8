import { findDuplicates } from "../evidence/duplicates.js";
import { describeError } from "../github/client.js";
import type { ChangelogFinding } from "../types/evidence.js";
import type { Checks, Gathered, ResolvedPage } from "../types/gathered.js";
import { record, type SourceRecord } from "../types/source-record.js";
import { readChangelog } from "./changelog.js";
import { byCheckedLinks, checkClaims } from "./checks.js";
import type { GatherInput } from "./input.js";
import { brokenNavigation, navPage } from "./nav-check.js";
import { fetchPublished, linkedPages } from "./published.js";
import { type DocsRead, readDocs } from "./read-docs.js";
import { resolvePages } from "./resolve-pages.js";
import { followThreads, startThreadRead } from "./threads.js";

/**
 * Gathers everything an analysis rests on, step by step. Each failure is recorded in `sources`, never thrown:
 * an analysis always gets an answer, and the answer says what could not be read.
 */
export async function gather(input: GatherInput): Promise<Gathered> {
  const { config } = input;
  const sources: SourceRecord[] = [];
  const files = new Map<string, string>();
  let docsRepoName = config.docs.repo ?? input.issueRepo;

  // 1. The issue's timeline and comments, read while the docs are (their records keep their place).
  const thread = startThreadRead(input);

  // 2. The docs tree, its index and the site model.
  const tDocs = performance.now();
  let docs: DocsRead | null = null;
  let pages: ResolvedPage[] = [];
  let checks: Checks = { links: [], generated: [] };
  try {
    docs = await readDocs(input, sources);
    // The docs may have been read from the repository the issue's repository declares for them.
    docsRepoName = docs?.site.docsRepo?.repo ?? docsRepoName;
    // 3. The pages the issue is about, resolved to source files, sections and lines.
    if (docs) {
      pages = await resolvePages(docs.facts, docs.index, config, docsRepoName, files);
      for (const p of pages)
        if (p.sourcePath)
          sources.push(
            record({ kind: "docs-file", path: p.sourcePath, status: "ok", reason: p.reasons[0] ?? null }),
          );
      // 4. The issue's claims checked against those pages: its links, generated pages.
      checks = await checkClaims(pages, docs.facts, docs.index, config, docsRepoName);
      pages = byCheckedLinks(pages, checks, docs.facts);
      // No page holds the broken link the issue reports: the site's navigation may.
      if (!checks.links.some((l) => l.status === "missing-page" || l.status === "missing-anchor")) {
        const nav = await brokenNavigation(docs.facts, docs.index, config, docsRepoName);
        const first = nav.checks[0];
        if (first) {
          checks.links.push(...nav.checks);
          for (const [p, t] of nav.texts) files.set(p, t);
          pages = [navPage(first), ...pages.filter((p) => p.sourcePath !== first.path)];
        }
      }
    }
  } catch (err) {
    sources.push(record({ kind: "docs-tree", status: "error", reason: describeError(err) }));
  }
  const docsMs = Math.round(performance.now() - tDocs);
  const facts = docs?.facts ?? input.facts;

  // 5. Without a source file, the pages the issue links on the docs site.
  if (pages.length === 0) pages = linkedPages(facts, config, docsRepoName, docs?.index.templateUrls);

  // 6. The published pages: what they say today.
  const fetcher = docs ? docs.fetcher : input.fetcher;
  await fetchPublished(pages, facts, config, fetcher, input.offlineReason, sources);

  // 7. The changelog entries the issue cites.
  let changelog: { findings: ChangelogFinding[]; path: string | null } = { findings: [], path: null };
  try {
    changelog = await readChangelog({ ...input, facts }, sources, docs?.snapshot ?? null);
  } catch (err) {
    sources.push(record({ kind: "changelog", status: "error", reason: describeError(err) }));
  }

  // 8. The issues and pull requests it references.
  const linked = await followThreads(input, facts, thread, sources);

  // 9. Other issues about the same page with the same complaint.
  const { octokit, issueRepo, issueNumber } = input;
  const top = pages[0];
  const duplicates =
    octokit &&
    issueRepo &&
    issueNumber &&
    top &&
    config.sources.followLinks &&
    input.searchDuplicates !== false
      ? await findDuplicates(octokit, issueRepo, { number: issueNumber, title: facts.subject }, top, sources)
      : [];

  return {
    facts,
    pages,
    changelog: changelog.findings,
    changelogPath: changelog.path,
    linked,
    duplicates,
    sources,
    files,
    docsMs,
    site: docs?.site ?? null,
    checks,
  };
}
