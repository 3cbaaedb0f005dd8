import type { Octokit } from "@octokit/rest";
import type { DocgapConfig } from "../config/config.js";
import { type DocFile, toDocFile } from "../document/doc-file.js";
import { sliceLines } from "../document/read.js";
import { CHANGELOG_NAMES, parseChangelog, resolveChangelog } from "../evidence/changelog.js";
import {
  mergeReferences,
  readLinkedThreads,
  type ThreadComment,
  threadReferences,
} from "../evidence/linked.js";
import { releaseVersions } from "../evidence/releases.js";
import { httpStatus } from "../github/client.js";
import type { DocsRepo } from "../github/docs-repo.js";
import { defaultCache, LIMITS, openSnapshot, type Snapshot, type SnapshotCache } from "../github/snapshot.js";
import { parseIssue } from "../issue/parse.js";
import { buildDocsIndex, type DocsIndex, docsFilter } from "../locate/docs-index.js";
import {
  type DeclaredRoute,
  declaredRoutes,
  locateUrl,
  mapUrlToFiles,
  siteBases,
  type UrlInSite,
  urlKey,
} from "../locate/mapping.js";
import { scoreFiles } from "../locate/rank.js";
import { locateSection } from "../locate/sections.js";
import { rootOf } from "../site/read.js";
import { checkQuotes, nameKey, tokenize } from "../text/prose.js";
import type { ChangelogFinding, ChangelogVersion, LinkedThread } from "../types/evidence.js";
import type { Gathered, ResolvedPage, SiteSummary } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { Candidate } from "../types/locate.js";
import { record, type SourceRecord } from "../types/source-record.js";
import type { SafeFetcher } from "../web/fetch.js";
import { fetchPage } from "../web/page.js";

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
  lines: null,
  ...fields,
});

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
  /** Parses the issue again with the field labels of the repository's issue templates. */
  reparse?: (formLabels: string[]) => IssueFacts;
}

const HOW: Record<Snapshot["how"], string> = {
  cache: "index cached for this commit",
  archive: "read from the repository archive",
  incremental: "tree read, only changed files fetched",
  tree: "tree and files read",
};

/** How much a URL in the issue says about which page is meant, and why. */
function urlWeight(
  page: IssueFacts["pages"][number],
  where: UrlInSite,
  fromTemplate: boolean,
  hasBases: boolean,
): { weight: number; why: string | null } {
  if (fromTemplate)
    return { weight: 0.05, why: "the repository's issue template puts this link in every issue" };
  if (page.checklist) return { weight: 0.05, why: "the link stands in a checklist item of the issue form" };
  if (page.origin === "quote") return { weight: 0.3, why: "the link stands in text the issue quotes" };
  if (where.repoPath) return { weight: 1, why: null };
  // "Read the docs" links point at the home page; a home page link with an anchor means a part of that page.
  if (!where.rel && !page.anchor) return { weight: 0.3, why: "the link is the docs home page" };
  if (where.onSite) return { weight: 1, why: null };
  return hasBases
    ? { weight: 0.3, why: "the link is on another host than the docs site" }
    : { weight: 0.7, why: "the docs site's address is unknown; matched by the URL path" };
}

const DOC_FILE_NAME = /^[\w./-]+\.(?:mdx?|rst|markdown)$/i;
const LANDING = /\b(?:landing|home|front|index)[ -]?page\b|\bhomepage\b/i;
/** Path words that name no page in particular. */
const GENERIC_STEM = new Set([
  "index",
  "readme",
  "guide",
  "docs",
  "doc",
  "intro",
  "introduction",
  "overview",
  "api",
  "reference",
  "usage",
  "page",
  "getting",
  "started",
]);

/** A page the issue names in words, how strongly, and whether its title does. */
interface NamedPage {
  path: string;
  weight: number;
  reason: string;
  fromTitle: boolean;
}

/**
 * Pages an issue names in words rather than by URL: a docs file name (`setup.mdx`, `docs/api/x.md`), a
 * page whose file name words all stand in the title ("the install guide" for `guide/install.md`), or the
 * landing page.
 */
function namedInText(facts: IssueFacts, index: DocsIndex): NamedPage[] {
  const out: NamedPage[] = [];
  const text = `${facts.title}\n${facts.identifiers.join("\n")}`.slice(0, 20_000);
  const lowerFiles = index.sourceFiles.map((f) => ({ f, lower: f.toLowerCase() }));
  for (const token of text.split(/[\s`'"()[\]<>]+/)) {
    const written = token.replace(/[.,:;!?]+$/, "");
    if (written.length < 4 || written.length > 200 || !DOC_FILE_NAME.test(written)) continue;
    const name = written.replace(/^\.?\/+/, "").toLowerCase();
    const hits = lowerFiles.filter(({ lower }) => lower === name || lower.endsWith(`/${name}`));
    if (hits.length >= 1 && hits.length <= 2)
      for (const { f } of hits)
        out.push({ path: f, weight: 1, reason: `the issue names the file ${written}`, fromTitle: false });
  }
  const titleWords = new Set(tokenize(facts.subject));
  for (const f of index.sourceFiles) {
    const segs = (index.routes.published.get(f) ?? "").split("/").filter(Boolean);
    const stem = segs[segs.length - 1];
    if (!stem) {
      if (LANDING.test(facts.title))
        out.push({
          path: f,
          weight: 0.8,
          reason: "the issue's title is about the landing page",
          fromTitle: true,
        });
      continue;
    }
    const words = tokenize(stem.replace(/[-_.]+/g, " ")).filter((w) => !GENERIC_STEM.has(w));
    if (words.length === 0 || !words.some((w) => w.length >= 4)) continue;
    if (
      words.every((w) => titleWords.has(w)) &&
      (segs.length < 2 || titleWords.has(segs[segs.length - 2] ?? "") || words.length >= 2)
    )
      out.push({
        path: f,
        weight: 0.8,
        reason: `the issue's title names this page (${stem})`,
        fromTitle: true,
      });
  }
  // A name many pages share says nothing.
  const counts = new Map<string, number>();
  for (const n of out) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
  return out.filter((n) => (counts.get(n.reason) ?? 0) <= 2).slice(0, 10);
}

/**
 * Pages the issue names by their title, set apart in quotes or emphasis ("the *Proxy settings* section of
 * *Configuration*"): a title two pages at most carry.
 */
function namedByTitle(facts: IssueFacts, index: DocsIndex, all: DocFile[]): NamedPage[] {
  const wanted = new Map(facts.phrases.map((p) => [nameKey(p), p]));
  if (wanted.size === 0) return [];
  const sources = new Set(index.sourceFiles);
  const byName = new Map<string, string[]>();
  for (const f of all) {
    if (!sources.has(f.path) || !f.outline.title) continue;
    const key = nameKey(f.outline.title);
    if (wanted.has(key)) byName.set(key, [...(byName.get(key) ?? []), f.path]);
  }
  return [...byName].flatMap(([key, paths]) =>
    paths.length <= 2
      ? paths.map((path) => ({
          path,
          weight: 0.7,
          reason: `the issue names the page "${wanted.get(key)}"`,
          fromTitle: false,
        }))
      : [],
  );
}

/** Share of the final score that URL evidence carries; the rest is what the issue's words and quotes say. */
const URL_SHARE = 0.6;
/** Evidence at least this strong names a page (a reporter's link, a file name); weaker evidence only ranks. */
const NAMES_PAGE = 0.5;
const RANKED_PAGES = 3;

async function resolvePages(
  facts: IssueFacts,
  index: DocsIndex,
  config: DocgapConfig,
  docsRepo: string | null,
  texts: Map<string, string>,
) {
  const templates = index.templateUrls;
  const hasBases = siteBases(config, index.site).length > 0;
  const all = await index.loadAll();
  let declared: DeclaredRoute[] | undefined;
  const declaredRoutesOnce = () =>
    (declared ??= declaredRoutes(
      index.routes,
      all.map((f) => ({ path: f.path, data: f.outline.frontMatter })),
    ));

  // 1. What the URLs say: each URL mapped to its source file, weighted by how much it says about the page.
  type UrlHit = {
    page: Pick<IssueFacts["pages"][number], "url" | "anchor" | "context" | "origin"> | null;
    candidates: Candidate[];
    weight: number;
    why: string | null;
    /** Lines a GitHub blob link names. */
    lines?: [number, number] | null;
    /** The title names this page (by its name, or as the landing page). */
    fromTitle?: boolean;
  };
  const names = (h: UrlHit) => h.weight >= NAMES_PAGE;
  const byFile = new Map<string, UrlHit[]>();
  const unmapped: ResolvedPage[] = [];
  const ctx = { routes: index.routes, config };
  for (const page of facts.pages.slice(0, 50)) {
    const where = locateUrl(page.url, config, docsRepo, index.site);
    if (!where) continue;
    let candidates = mapUrlToFiles(where, ctx);
    if (!where.repoPath && (candidates[0]?.score ?? 0) < 0.9) {
      // Conventions did not settle it: honour `slug` / `permalink` / `id` front matter.
      const more = mapUrlToFiles(where, { ...ctx, declared: declaredRoutesOnce() });
      if ((more[0]?.score ?? 0) > (candidates[0]?.score ?? 0)) candidates = more;
    }
    const { weight, why } = urlWeight(page, where, templates.has(urlKey(page.url)), hasBases);
    const best = candidates[0];
    if (best) {
      const hit = { page, candidates, weight, why, lines: where.lines };
      byFile.set(best.path, [...(byFile.get(best.path) ?? []), hit]);
    } else if (
      where.onSite &&
      weight >= NAMES_PAGE &&
      !unmapped.some((u) => u.url === withoutHash(page.url))
    ) {
      unmapped.push(
        newPage({
          url: withoutHash(page.url),
          anchors: page.anchor ? [page.anchor] : [],
          context: page.context,
          reasons: ["no source file matches this URL"],
        }),
      );
    }
  }

  // Pages the issue names in words: a file name, the page's own name in the title, "the landing page".
  // A link in the form's page field (or a table of affected pages) says which page more plainly than the
  // title's words do; a link in passing does not.
  const reporterLinked = [...byFile.values()].some((hits) =>
    hits.some((h) => names(h) && (h.page?.origin === "location" || h.page?.origin === "table")),
  );
  for (const named of [...namedInText(facts, index), ...namedByTitle(facts, index, all)]) {
    const weight = named.weight < 1 && reporterLinked ? named.weight * 0.6 : named.weight;
    const hit = {
      page: null,
      candidates: [{ path: named.path, score: 1, reasons: [named.reason] }],
      weight,
      why: null,
      fromTitle: named.fromTitle,
    };
    byFile.set(named.path, [...(byFile.get(named.path) ?? []), hit]);
  }

  // 2. What the words, quotes and identifiers say, over every source file.
  // Dated blog posts are history, rarely what a docs fix edits: they count half.
  const scored = scoreFiles(all, facts)
    .map((f) => (rootOf(index.site, f.path)?.kind === "blog" ? { ...f, raw: f.raw / 2 } : f))
    .sort((a, b) => b.raw - a.raw);
  const topRaw = scored[0]?.raw ?? 0;
  const content = new Map(scored.map((s) => [s.path, s]));

  // 3. One list: URL evidence and content evidence added up.
  const files = new Set<string>([...byFile.keys(), ...scored.slice(0, 10).map((s) => s.path)]);
  const ranked = [...files]
    .map((path) => {
      const hits = byFile.get(path) ?? [];
      // Independent pieces of evidence add up (noisy-or): two links to a page say more than one.
      const urlScore = 1 - hits.reduce((miss, h) => miss * (1 - h.weight * (h.candidates[0]?.score ?? 0)), 1);
      const c = content.get(path);
      const contentScore = c && topRaw > 0 ? c.raw / topRaw : 0;
      return { path, hits, c, score: URL_SHARE * urlScore + (1 - URL_SHARE) * contentScore };
    })
    .sort((a, b) => b.score - a.score);
  // When the issue links several pages and its title names one of them, that one is what the issue is
  // about; the others are there to compare with ("page A says X, but page B says Y").
  const subjects = ranked.filter(
    (r) => r.hits.some((h) => h.fromTitle) && r.hits.some((h) => h.page && names(h)),
  );
  const linked = ranked.filter((r) => r.hits.some((h) => h.page && names(h)));
  const [subject] = subjects;
  if (subject && subjects.length === 1 && linked.length > 1 && ranked[0] !== subject) {
    const lead = { ...subject, score: ranked[0]?.score ?? subject.score, subject: true };
    ranked.splice(0, ranked.length, lead, ...ranked.filter((r) => r !== subject));
  }

  const pages: ResolvedPage[] = [];
  const anyNamed = ranked.some((r) => r.hits.some(names));
  for (const r of ranked) {
    const named = r.hits.filter(names);
    // Pages the issue names all count; when it names none, the best-ranked files, up to three.
    if (!named.length && (anyNamed || pages.length >= RANKED_PAGES)) continue;
    const lead = named[0] ?? null;
    const reasons = [
      ...(lead?.candidates[0]?.reasons ?? []),
      ...r.hits
        .filter((h) => h.why)
        .map((h) => `${h.page?.url ?? "the issue"}: ${h.why} (counted for little)`),
      ...("subject" in r
        ? ["the title names this page and the issue links it: the page the issue is about"]
        : []),
      ...(r.c?.reasons ?? []),
    ];
    const anchors = [...new Set(named.flatMap((h) => (h.page?.anchor ? [h.page.anchor] : [])))];
    const linkedHit = named.find((h) => h.page);
    const copies = index.routes.copies.get(r.path) ?? [];
    pages.push(
      newPage({
        url: linkedHit?.page ? withoutHash(linkedHit.page.url) : null,
        anchors,
        context: named.map((h) => h.page?.context).find(Boolean) ?? "",
        sourcePath: r.path,
        lines: named.find((h) => h.lines)?.lines ?? null,
        candidates: lead?.candidates ?? [],
        score: Number(Math.min(1, r.score).toFixed(3)),
        reasons: [
          ...(reasons.length ? reasons : ["ranked by what the issue says"]),
          ...(copies.length
            ? [
                `translated or versioned copies that may need the same change: ${copies.slice(0, 8).join(", ")}`,
              ]
            : []),
        ],
      }),
    );
  }
  for (const page of pages) {
    if (!page.sourcePath) continue;
    const file = await index.load(page.sourcePath);
    if (!file) continue;
    texts.set(file.path, file.text);
    page.section = locateSection(file, facts, page.anchors, page.lines);
    page.sourceQuoteChecks = checkQuotes(facts.docQuotes, file.text);
  }
  return [...pages, ...unmapped].slice(0, Math.max(config.sources.maxPages, RANKED_PAGES));
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
  const { config } = input;
  let { facts } = input;
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
  let site: SiteSummary | null = null;
  let fetcher = input.fetcher;
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
      const index = await buildDocsIndex(snapshot, config);
      site = describeSite(index);
      // The repository's issue templates name the fields of the issue: read it again by them.
      if (input.reparse && index.formLabels.length && !facts.isForm) {
        const again = input.reparse(index.formLabels);
        if (again.isForm) facts = again;
      }
      // The site the repository's own config declares may be fetched, as a configured docs.siteUrl would be.
      const hosts = siteBases(config, index.site).map((u) => u.hostname);
      if (fetcher?.allowing && hosts.length) fetcher = fetcher.allowing(hosts);
      const { skipped } = snapshot;
      const left = skipped.tooLarge + skipped.overLimit;
      const siteNote = `site: ${index.site.generator}${index.site.evidence.length ? ` (${index.site.evidence.slice(0, 3).join(", ")})` : ""}; docs in ${index.site.roots
        .filter((r) => !r.locale && !r.version)
        .map((r) => r.dir || ".")
        .join(", ")}`;
      sources.push(
        record({
          kind: "docs-tree",
          path: config.docs.root || index.site.roots[0]?.dir || ".",
          status: index.docFiles.length ? "ok" : "error",
          reason: `${index.docFiles.length ? `${index.docFiles.length} docs files` : "no docs files (Markdown, MDX or reStructuredText) found"} in ${input.docs.label} at ${snapshot.version.slice(0, 12)} (${HOW[snapshot.how]}${snapshot.blobReads ? `, ${snapshot.blobReads} file(s) read` : ""})${left ? `; ${skipped.tooLarge} file(s) over ${LIMITS.fileBytes / 1e6} MB and ${skipped.overLimit} over the index limits left out` : ""}${snapshot.truncated ? "; GitHub truncated the tree" : ""}; ${siteNote}${index.site.notes.length ? `; ${index.site.notes.join("; ")}` : ""}`,
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
      .filter((p) => locateUrl(p.url, config, docsRepoName)?.onSite)
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

  // The pages with a URL, best first: only the first `sources.maxPages` are fetched.
  const fetchable = new Set(pages.filter((p) => p.url).slice(0, config.sources.maxPages));
  await Promise.all(
    pages.map(async (page) => {
      if (!page.url) return;
      if (!fetchable.has(page)) {
        sources.push(
          record({
            kind: "page",
            url: page.url,
            status: "skipped",
            reason: `sources.maxPages (${config.sources.maxPages}) pages were fetched already`,
          }),
        );
        return;
      }
      if (!fetcher) {
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
      const fetched = await fetchPage(page.url, fetcher, sources);
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
    changelog = await readChangelog({ ...input, facts }, sources, snapshot);
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
    site,
  };
}

const describeSite = (index: DocsIndex): SiteSummary => ({
  generator: index.site.generator,
  evidence: index.site.evidence,
  siteUrls: index.site.siteUrls,
  roots: index.site.roots
    .slice(0, 50)
    .map(({ dir, route, kind, locale, version }) => ({ dir, route, kind, locale, version })),
  rewrites: index.site.rewrites.slice(0, 20),
  redirects: index.site.redirects.slice(0, 20),
  notes: index.site.notes,
});

export const describeError = (err: unknown): string => {
  const status = httpStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  return status
    ? `GitHub answered ${status}: ${message.split("\n")[0]}`
    : (message.split("\n")[0] ?? "unknown error");
};
