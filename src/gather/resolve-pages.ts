import type { DocgapConfig } from "../config/schema.js";
import { dataFilesOf } from "../document/data-files.js";
import { includesOf } from "../document/includes.js";
import type { DocsIndex } from "../locate/docs-index.js";
import {
  type DeclaredRoute,
  declaredRoutes,
  locateUrl,
  mapUrlToFiles,
  siteBases,
  type UrlInSite,
  urlKey,
} from "../locate/mapping.js";
import { namedByTitle, namedInText } from "../locate/named-pages.js";
import { scoreFiles } from "../locate/rank.js";
import { locateSection } from "../locate/sections.js";
import { rootOf } from "../site/read.js";
import { checkQuotes } from "../text/prose.js";
import type { ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { Candidate } from "../types/locate.js";
import { docstringByAnchor, docstringWithQuotes } from "./api-source.js";
import { newPage, withoutHash } from "./input.js";
import { siteFileWithLink } from "./site-links.js";

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

/** Files every repository keeps for its readers and contributors, at any depth. */
const NOTES =
  /(?:^|\/)(?:readme|changelog|changes|history|news|releases|contributing|code_of_conduct|security|license|authors|support)(?:\.[\w-]+)?\.(?:md|mdx|rst|markdown|txt)$/i;
const isRepositoryNote = (path: string) => NOTES.test(path);
/** A folder that holds docs content on sites docgap cannot model. */
const DOCS_CONTENT =
  /(?:^|\/)(?:docs?|documentation|content|guides?|manual|handbook|book|website|site|wiki)\//i;

/** Whether a text holds every passage the issue quotes. */
const holdsQuotes = (facts: IssueFacts, text: string) =>
  facts.docQuotes.length > 0 && checkQuotes(facts.docQuotes, text).every((q) => q.found);

/** The one translated or versioned copy holding every passage the issue quotes (the page holds none). */
async function copyWithQuotes(index: DocsIndex, path: string, facts: IssueFacts) {
  const holding = [];
  for (const c of (index.routes.copies.get(path) ?? []).slice(0, 40)) {
    const file = await index.load(c);
    if (file && holdsQuotes(facts, file.text)) holding.push(file);
  }
  return holding.length === 1 ? (holding[0] ?? null) : null;
}

/** The file the page includes (one level) that holds every passage the issue quotes (the page holds none). */
async function includeWithQuotes(index: DocsIndex, path: string, text: string, facts: IssueFacts) {
  const known = new Set(index.files);
  for (const ref of includesOf(path, text)) {
    const target = ref.paths.find((p) => known.has(p));
    const file = target ? await index.load(target) : null;
    if (file && holdsQuotes(facts, file.text)) return file;
  }
  return null;
}

/**
 * The data file the page renders (`site.data.links`) that holds what the issue points at (a URL it gives, every
 * passage it quotes) when the page itself holds none of it: links and tables written in `_data/` are fixed there.
 */
async function dataWithEvidence(index: DocsIndex, text: string, facts: IssueFacts, quotesElsewhere: boolean) {
  const urls = facts.urls.map((u) => u.url.replace(/\/+$/, "")).filter((u) => !text.includes(u));
  if (urls.length === 0 && !quotesElsewhere) return null;
  for (const p of dataFilesOf(text, index.files).slice(0, 20)) {
    const data = (await index.snapshot.text(p))?.slice(0, 1_000_000);
    if (!data) continue;
    const url = urls.find((u) => data.includes(u));
    if (url) {
      const line = data.slice(0, data.indexOf(url)).split("\n").length;
      return {
        path: p,
        text: data,
        why: "the link the issue gives",
        lines: [line, line] as [number, number],
      };
    }
    if (quotesElsewhere && holdsQuotes(facts, data))
      return { path: p, text: data, why: "the text the issue quotes", lines: null };
  }
  return null;
}

/** Whether a section of the page has one of the URL's anchors (its slug or a custom id). */
const anchorInPage = (file: { doc: { sections: Array<{ ids: string[] }> } }, anchors: string[]) => {
  const wanted = new Set(anchors.map((a) => a.toLowerCase()));
  return file.doc.sections.some((s) => s.ids.some((id) => wanted.has(id.toLowerCase())));
};

/**
 * The page whose source holds every passage the issue quotes comes before pages that hold none: found text says
 * more than shared words (a docstring module found through an API page, ahead of a guide with the same words).
 * A page the issue links keeps its place.
 */
function quotedFirst(pages: ResolvedPage[], facts: IssueFacts): ResolvedPage[] {
  if (facts.docQuotes.length === 0) return pages;
  const holds = (p: ResolvedPage) =>
    p.sourceQuoteChecks.length > 0 && p.sourceQuoteChecks.every((q) => q.found);
  const top = pages[0];
  const quoted = pages.find(holds);
  if (!top || !quoted || quoted === top || holds(top) || top.url) return pages;
  return [quoted, ...pages.filter((p) => p !== quoted)];
}

/** Share of the final score that URL evidence carries; the rest is what the issue's words and quotes say. */
const URL_SHARE = 0.6;
/** Evidence at least this strong names a page (a reporter's link, a file name); weaker evidence only ranks. */
const NAMES_PAGE = 0.5;
const RANKED_PAGES = 3;

/**
 * The pages an issue is about, best first: the URLs it gives mapped to their source files, the pages it names in
 * words, and the files its words, quotes and identifiers rank highest; each with its section and quote checks.
 * The text of each resolved file is kept in `texts`.
 */
export async function resolvePages(
  facts: IssueFacts,
  index: DocsIndex,
  config: DocgapConfig,
  docsRepo: string | null,
  texts: Map<string, string>,
) {
  const templates = index.templateUrls;
  const hasBases = siteBases(config, index.site).length > 0;
  // On a site docgap cannot model, only files in a folder of docs content are its pages: never the repository's
  // notes (README, changelog) nor a plugin's, an example's or a package's Markdown.
  const isPageOfSite = (path: string) =>
    index.site.generator !== "unknown" ||
    config.docs.root !== null ||
    (!isRepositoryNote(path) && DOCS_CONTENT.test(path));
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
    // A file the issue links on GitHub is that file; a site URL leads only to a page of the site.
    if (!where.repoPath) candidates = candidates.filter((c) => isPageOfSite(c.path));
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

  // The issue names its pages by URL, on a site docgap cannot model, and none of them is a file here: the docs
  // are published from elsewhere. Files that merely share words with the issue are no stand-in for them.
  const reporterUrls = facts.pages.filter(
    (p) => !p.checklist && p.origin !== "quote" && !templates.has(urlKey(p.url)),
  );
  if (index.site.generator === "unknown" && byFile.size === 0 && reporterUrls.length > 0) return unmapped;

  // Pages the issue names in words: a file name, the page's own name in the title, "the landing page".
  // A link in the form's page field (or a table of affected pages) says which page more plainly than the
  // title's words do; a link in passing does not.
  const reporterLinked = [...byFile.values()].some((hits) =>
    hits.some((h) => names(h) && (h.page?.origin === "location" || h.page?.origin === "table")),
  );
  for (const named of [...namedInText(facts, index), ...namedByTitle(facts, index, all)].filter((n) =>
    isPageOfSite(n.path),
  )) {
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
  // On a site docgap cannot model, a repository's notes (its README, changelog, a plugin's or an example's
  // README) are not docs pages: nothing says a site publishes them.
  const pagesOfSite = all.filter((f) => isPageOfSite(f.path));
  const scored = scoreFiles(pagesOfSite, facts)
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

  // Pages the reporter lists (a table of affected pages, the form's page field) keep the reporter's order.
  const listedAt = (r: (typeof ranked)[number]) => {
    const at = r.hits
      .filter((h) => names(h) && (h.page?.origin === "table" || h.page?.origin === "location"))
      .map((h) => facts.pages.findIndex((p) => p.url === h.page?.url))
      .filter((i) => i >= 0);
    return at.length ? Math.min(...at) : null;
  };
  const listed = ranked.filter((r) => listedAt(r) !== null);
  if (listed.length >= 2) {
    const inOrder = [...listed].sort((a, b) => (listedAt(a) ?? 0) - (listedAt(b) ?? 0));
    const rest = ranked.filter((r) => listedAt(r) === null);
    ranked.splice(0, ranked.length, ...inOrder, ...rest);
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
    let file = await index.load(page.sourcePath);
    if (!file) continue;
    // A translated copy that has the text the issue quotes, when the source does not, is the file to fix; so is a
    // partial the page includes, and a data file it renders.
    const checks = checkQuotes(facts.docQuotes, file.text);
    const quotesElsewhere = checks.length > 0 && !checks.some((q) => q.found);
    const copy = quotesElsewhere ? await copyWithQuotes(index, file.path, facts) : null;
    const part =
      quotesElsewhere && !copy ? await includeWithQuotes(index, file.path, file.text, facts) : null;
    // A file that is not a page: the module of a docstring, a data file, a site-wide file with the link.
    const elsewhere =
      copy || part
        ? null
        : ((quotesElsewhere ? await docstringWithQuotes(index, file.path, file.text, facts) : null) ??
          (!anchorInPage(file, page.anchors)
            ? await docstringByAnchor(index, file.path, file.text, page.anchors)
            : null) ??
          (await dataWithEvidence(index, file.text, facts, quotesElsewhere).then(
            (d) => d && { ...d, why: `${d.why} is in ${d.path}, the data file ${file?.path} renders` },
          )) ??
          (await siteFileWithLink(index, facts, file.text).then(
            (n) =>
              n && {
                ...n,
                why: `the link the issue calls broken (${n.url}) is not in ${file?.path} but in ${n.path}, which the site renders on its pages`,
              },
          )));
    if (elsewhere) {
      page.reasons.unshift(elsewhere.why);
      page.sourcePath = elsewhere.path;
      page.section = null;
      page.lines = elsewhere.lines;
      page.sourceQuoteChecks = checkQuotes(facts.docQuotes, elsewhere.text);
      texts.set(elsewhere.path, elsewhere.text);
      continue;
    }
    const moved = copy ?? part;
    if (moved) {
      page.reasons.unshift(
        copy
          ? `the text the issue quotes is in the copy ${moved.path}, not in ${file.path}`
          : `the text the issue quotes is in ${moved.path}, which ${file.path} includes`,
      );
      page.sourcePath = moved.path;
      file = moved;
    }
    texts.set(file.path, file.text);
    page.section = locateSection(file, facts, page.anchors, page.lines);
    page.sourceQuoteChecks = moved ? checkQuotes(facts.docQuotes, file.text) : checks;
  }
  return [...quotedFirst(pages, facts), ...unmapped].slice(
    0,
    Math.max(config.sources.maxPages, RANKED_PAGES),
  );
}
