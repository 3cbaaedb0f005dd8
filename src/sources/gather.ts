import type { Octokit } from "@octokit/rest";
import type { DocgapConfig } from "../config.js";
import type { IssueFacts } from "../issue/facts.js";
import { parseIssue } from "../issue/parse.js";
import { sliceLines } from "../markdown.js";
import { type LocatedSection, locateSection } from "../patch/locate.js";
import {
  CHANGELOG_NAMES,
  type ChangelogFinding,
  type ChangelogVersion,
  parseChangelog,
  resolveChangelog,
} from "./changelog.js";
import { buildDocsIndex, type DocsIndex, docsFilter, toDocFile } from "./docs-index.js";
import type { DocsRepo } from "./docs-repo.js";
import type { SafeFetcher } from "./fetch.js";
import {
  type LinkedThread,
  mergeReferences,
  readLinkedThreads,
  type ThreadComment,
  threadReferences,
} from "./linked.js";
import { type Candidate, locateUrl, mapUrlToFiles, type UrlInSite } from "./mapping.js";
import { fetchPage } from "./page.js";
import { rankFiles } from "./rank.js";
import { record, type SourceRecord } from "./record.js";
import { releaseVersions } from "./releases.js";
import { httpStatus } from "./requests.js";
import { defaultCache, LIMITS, openSnapshot, type Snapshot, type SnapshotCache } from "./snapshot.js";
import { checkQuotes, type QuoteCheck } from "./text.js";

/** A page the issue is about, resolved to its source file and section. */
export interface ResolvedPage {
  url: string | null;
  anchors: string[];
  /** What the reporter says about this page. */
  context: string;
  sourcePath: string | null;
  candidates: Candidate[];
  section: LocatedSection | null;
  score: number;
  reasons: string[];
  /** Which quoted passages of the issue are in the source file as it is now. */
  sourceQuoteChecks: QuoteCheck[];
  /** The published page, when fetched: which quoted passages were found on it, and the section meant. */
  published: {
    title: string | null;
    /** The page as Markdown. */
    markdown: string;
    quoteChecks: QuoteCheck[];
    section: { heading: string; excerpt: string; reasons: string[] } | null;
  } | null;
}

const withoutHash = (url: string) => url.replace(/#.*$/, "");

/** A page with nothing resolved yet. */
const newPage = (
  fields: Pick<ResolvedPage, "url" | "anchors" | "context" | "reasons"> & Partial<ResolvedPage>,
): ResolvedPage => ({
  sourcePath: null,
  candidates: [],
  section: null,
  score: 0,
  sourceQuoteChecks: [],
  published: null,
  ...fields,
});

export interface Gathered {
  facts: IssueFacts;
  pages: ResolvedPage[];
  changelog: ChangelogFinding[];
  changelogPath: string | null;
  linked: LinkedThread[];
  sources: SourceRecord[];
  /** Text of each resolved source file as read, by path: what a patch is made against. */
  files: Map<string, string>;
  /** Time to open the docs index and resolve the pages. */
  docsMs: number;
}

export interface GatherInput {
  facts: IssueFacts;
  config: DocgapConfig;
  /** The issue's repository `owner/name`, when known. */
  issueRepo: string | null;
  /** The issue's number, when it is a real issue: its timeline and comments are read for references. */
  issueNumber?: number | null;
  /** Where the docs source is read from; null when it cannot be read. */
  docs: DocsRepo | null;
  /** Where the changelog is read from (the issue's repository); null to skip. */
  changelogRepo: DocsRepo | null;
  /** Trees and files kept between analyses (default: the process-wide cache). */
  cache?: SnapshotCache;
  /** The issue's comments when already listed (they are read for references otherwise). */
  comments?: ThreadComment[];
  /** Fetches pages; null means no page is fetched (offline). */
  fetcher: SafeFetcher | null;
  /** Reads linked issues and pull requests; null means they are not followed. */
  octokit: Octokit | null;
  /** Why network sources are skipped, for the record. */
  offlineReason?: string;
}

const RANKED_FALLBACK = 3;

const HOW: Record<Snapshot["how"], string> = {
  cache: "index cached for this commit",
  archive: "read from the repository archive",
  incremental: "tree read, only changed files fetched",
  tree: "tree and files read",
};

/** Published paths that files declare in front matter (`permalink`, or `slug` relative to their folder). */
async function frontMatterPermalinks(index: DocsIndex): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await index.loadAll()) {
    const { permalink, slug } = file.doc.frontMatter;
    if (typeof permalink === "string") out.set(file.path, permalink);
    else if (typeof slug === "string") {
      const dir = file.path.split("/").slice(0, -1).join("/");
      out.set(
        file.path,
        slug.startsWith("/") ? slug : `${dir.slice(index.layout.contentDir.length)}/${slug}`,
      );
    }
  }
  return out;
}

async function resolvePages(
  facts: IssueFacts,
  index: DocsIndex,
  config: DocgapConfig,
  docsRepo: string | null,
  texts: Map<string, string>,
) {
  const byPath = new Map<string, ResolvedPage>();
  const unmapped: ResolvedPage[] = [];
  const docPages = facts.pages
    .map((page) => ({ page, where: locateUrl(page.url, config, docsRepo) }))
    .filter((p): p is { page: (typeof p)["page"]; where: UrlInSite } => p.where !== null);
  let permalinks: Promise<Map<string, string>> | undefined;
  for (const { page, where } of docPages.slice(0, config.sources.maxPages)) {
    const ctx = { files: index.files, layout: index.layout, config };
    let candidates = mapUrlToFiles(where, ctx);
    if (where.onSite && (candidates.length === 0 || (candidates[0]?.score ?? 0) < 0.8)) {
      // Conventions did not settle it: honour `slug` / `permalink` front matter (read once per analysis).
      permalinks ??= frontMatterPermalinks(index);
      const declared = await permalinks;
      if (declared.size) candidates = mapUrlToFiles(where, { ...ctx, permalinks: declared });
    }
    const best = candidates[0];
    const url = withoutHash(page.url);
    const existing = best ? byPath.get(best.path) : unmapped.find((u) => u.url === url);
    if (existing) {
      if (page.anchor && !existing.anchors.includes(page.anchor)) existing.anchors.push(page.anchor);
      if (!existing.context && page.context) existing.context = page.context;
      continue;
    }
    const resolved = newPage({
      url,
      anchors: page.anchor ? [page.anchor] : [],
      context: page.context,
      sourcePath: best?.path ?? null,
      candidates,
      score: best?.score ?? 0,
      reasons: best?.reasons ?? ["no source file matches this URL"],
    });
    if (best) byPath.set(best.path, resolved);
    else unmapped.push(resolved);
  }
  const mapped = [...byPath.values()];
  if (mapped.length === 0) {
    // No URL leads to a file: rank the docs by what the issue says.
    const ranked = rankFiles(await index.loadAll(), facts, RANKED_FALLBACK);
    ranked.forEach((c, i) => {
      mapped.push(
        newPage({
          url: i === 0 ? (unmapped[0]?.url ?? null) : null,
          anchors: i === 0 ? (unmapped[0]?.anchors ?? []) : [],
          context: "",
          sourcePath: c.path,
          candidates: ranked,
          score: c.score,
          reasons: c.reasons,
        }),
      );
    });
    if (ranked.length && unmapped[0]) unmapped.shift();
  }
  for (const page of mapped) {
    if (!page.sourcePath) continue;
    const file = await index.load(page.sourcePath);
    if (!file) continue;
    texts.set(file.path, file.text);
    page.section = locateSection(file, facts, page.anchors);
    page.sourceQuoteChecks = checkQuotes(facts.docQuotes, file.text);
  }
  return [...mapped, ...unmapped];
}

const EXCERPT_CHARS = 1200;

/** The section of a fetched page that the issue's anchor, "Section/Topic" or quotes point at. */
function pageSection(url: string, markdown: string, facts: IssueFacts, anchors: string[]) {
  const file = toDocFile(url, markdown);
  const located = locateSection(file, facts, anchors);
  if (!located || located.score <= 0) return null;
  const body = sliceLines(markdown, located.startLine, located.endLine).trim();
  return {
    heading: located.heading,
    excerpt: body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body,
    reasons: located.reasons,
  };
}

const changelogNames = (config: DocgapConfig) =>
  config.sources.changelog ? [config.sources.changelog] : CHANGELOG_NAMES;

async function readChangelog(input: GatherInput, sources: SourceRecord[], docs: Snapshot | null) {
  const { facts, config, changelogRepo } = input;
  if (!changelogRepo || (facts.versions.length === 0 && facts.changelogQuotes.length === 0)) {
    return { findings: [], path: null };
  }
  const names = changelogNames(config);
  // The docs snapshot when it is the same repository; otherwise the tree and one blob, cached by sha.
  const snap =
    docs && docs.repo.id === changelogRepo.id
      ? docs
      : await openSnapshot(changelogRepo, {
          cache: input.cache ?? defaultCache(),
          keep: (p) => names.includes(p),
          archive: false,
        });
  const files = new Set(snap.files);
  const path = names.find((n) => files.has(n)) ?? null;
  let log: ChangelogVersion[] = [];
  if (!path) {
    sources.push(
      record({
        kind: "changelog",
        status: "not-found",
        reason: `none of ${names.join(", ")} in ${changelogRepo.label}`,
      }),
    );
  } else {
    const text = await snap.text(path);
    if (text === null)
      sources.push(record({ kind: "changelog", path, status: "error", reason: "could not be read" }));
    else {
      sources.push(record({ kind: "changelog", path, status: "ok" }));
      log = parseChangelog(text);
    }
  }
  // Versions the file does not have may be GitHub releases.
  const missing = facts.versions.filter((v) => !log.some((x) => x.version === v));
  if (missing.length && input.octokit && input.issueRepo) {
    log = [...log, ...(await releaseVersions(input.octokit, input.issueRepo, missing, sources))];
  }
  return {
    findings: log.length || path ? resolveChangelog(facts.versions, facts.changelogQuotes, log) : [],
    path,
  };
}

/** Gathers everything an analysis rests on. Each failure is recorded in `sources`, never thrown. */
export async function gather(input: GatherInput): Promise<Gathered> {
  const { facts, config } = input;
  const sources: SourceRecord[] = [];
  const files = new Map<string, string>();
  const docsRepoName = config.docs.repo ?? input.issueRepo;
  let pages: ResolvedPage[] = [];
  // The issue's timeline and comments are read while the docs are (their records keep their place in `sources`).
  const threadSources: SourceRecord[] = [];
  const threadRefs =
    input.octokit && input.issueRepo && input.issueNumber && config.sources.followLinks
      ? threadReferences(
          input.octokit,
          input.issueRepo,
          input.issueNumber,
          threadSources,
          (text) => parseIssue({ title: "", body: text }).references,
          input.comments,
        )
      : null;
  let snapshot: Snapshot | null = null;
  const tDocs = performance.now();
  if (input.docs) {
    try {
      const isDoc = docsFilter(config);
      const names = changelogNames(config);
      snapshot = await openSnapshot(input.docs, {
        cache: input.cache ?? defaultCache(),
        keep: (p) => isDoc(p) || names.includes(p),
        archive: true,
      });
      const index = buildDocsIndex(snapshot, config);
      const { skipped } = snapshot;
      const left = skipped.tooLarge + skipped.overLimit;
      sources.push(
        record({
          kind: "docs-tree",
          path: config.docs.root || ".",
          status: "ok",
          reason: `${index.docFiles.length} docs files in ${input.docs.label} at ${snapshot.version.slice(0, 12)} (${HOW[snapshot.how]}${snapshot.blobReads ? `, ${snapshot.blobReads} file(s) read` : ""})${left ? `; ${skipped.tooLarge} file(s) over ${LIMITS.fileBytes / 1e6} MB and ${skipped.overLimit} over the index limits left out` : ""}${snapshot.truncated ? "; GitHub truncated the tree" : ""}; site: ${index.layout.generator}${index.layout.evidence ? ` (${index.layout.evidence})` : ""}`,
        }),
      );
      pages = await resolvePages(facts, index, config, docsRepoName, files);
      for (const p of pages) {
        if (p.sourcePath)
          sources.push(
            record({ kind: "docs-file", path: p.sourcePath, status: "ok", reason: p.reasons[0] ?? null }),
          );
      }
    } catch (err) {
      sources.push(record({ kind: "docs-tree", status: "error", reason: describeError(err) }));
    }
  } else {
    sources.push(
      record({
        kind: "docs-tree",
        status: "skipped",
        reason: input.offlineReason ?? "no docs source configured",
      }),
    );
  }
  const docsMs = Math.round(performance.now() - tDocs);
  if (pages.length === 0) {
    pages = facts.pages
      .filter((p) => locateUrl(p.url, config, docsRepoName))
      .slice(0, config.sources.maxPages)
      .map((p) =>
        newPage({
          url: p.url,
          anchors: p.anchor ? [p.anchor] : [],
          context: p.context,
          reasons: ["the issue names this page"],
        }),
      );
  }

  await Promise.all(
    pages.map(async (page) => {
      if (!page.url) return;
      if (!input.fetcher) {
        sources.push(
          record({
            kind: "page",
            url: page.url,
            status: "skipped",
            reason: input.offlineReason ?? "offline",
          }),
        );
        return;
      }
      const fetched = await fetchPage(page.url, input.fetcher, sources);
      if (fetched) {
        page.published = {
          title: fetched.title,
          markdown: fetched.markdown,
          quoteChecks: checkQuotes(facts.docQuotes, fetched.markdown),
          section: pageSection(fetched.url, fetched.markdown, facts, page.anchors),
        };
      }
    }),
  );

  let changelog: { findings: ChangelogFinding[]; path: string | null } = { findings: [], path: null };
  try {
    changelog = await readChangelog(input, sources, snapshot);
  } catch (err) {
    sources.push(record({ kind: "changelog", status: "error", reason: describeError(err) }));
  }

  let linked: LinkedThread[] = [];
  let references = facts.references;
  if (threadRefs) {
    const more = await threadRefs;
    sources.push(...threadSources);
    references = mergeReferences([...references, ...more], input.issueRepo ?? "", input.issueNumber ?? null);
  }
  if (references.length) {
    if (input.octokit && input.issueRepo && config.sources.followLinks) {
      linked = await readLinkedThreads(input.octokit, references, input.issueRepo, sources);
    } else {
      for (const ref of facts.references) {
        sources.push(
          record({
            kind: "issue",
            url: `https://github.com/${ref.repo ?? input.issueRepo ?? "?"}/issues/${ref.number}`,
            status: "skipped",
            reason: input.octokit
              ? "sources.followLinks is off"
              : (input.offlineReason ?? "no GitHub access"),
          }),
        );
      }
    }
  }
  return {
    facts,
    pages,
    changelog: changelog.findings,
    changelogPath: changelog.path,
    linked,
    sources,
    files,
    docsMs,
  };
}

export const describeError = (err: unknown): string => {
  const status = httpStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  return status
    ? `GitHub answered ${status}: ${message.split("\n")[0]}`
    : (message.split("\n")[0] ?? "unknown error");
};
