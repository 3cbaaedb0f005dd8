import type { DocgapConfig } from "../config/schema.js";
import { toDocFile } from "../document/doc-file.js";
import { sliceLines } from "../document/read.js";
import { locateUrl, urlKey } from "../locate/mapping.js";
import { locateSection } from "../locate/sections.js";
import { checkQuotes } from "../text/prose.js";
import type { ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { record, type SourceRecord } from "../types/source-record.js";
import type { SafeFetcher } from "../web/fetch.js";
import { fetchPage } from "../web/page.js";
import { newPage, withoutHash } from "./input.js";

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

/**
 * When no source file was resolved: the pages the issue names by URL, in the issue's order: those on the docs
 * site when its address is known, else every page URL the reporter gave (not a checklist's boilerplate, not a
 * GitHub file): the source is not in this repository, and the comment lists them as published pages.
 */
export function linkedPages(
  facts: IssueFacts,
  config: DocgapConfig,
  docsRepo: string | null,
  templateUrls: Set<string> = new Set(),
): ResolvedPage[] {
  const onSite = facts.pages.filter((p) => locateUrl(p.url, config, docsRepo)?.onSite);
  const named = facts.pages.filter((p) => {
    if (p.checklist || templateUrls.has(urlKey(p.url))) return false;
    const where = locateUrl(p.url, config, docsRepo);
    return where !== null && !where.repoPath && where.rel !== "";
  });
  return (onSite.length ? onSite : named).slice(0, config.sources.maxPages).map((p) =>
    newPage({
      url: withoutHash(p.url),
      anchors: p.anchor ? [p.anchor] : [],
      context: p.context,
      reasons: ["the issue names this page"],
    }),
  );
}

/**
 * Fetches the published pages with a URL, best first, at most `sources.maxPages`: which quoted passages are on
 * each and the section meant. Each page gets its `published` record, or a source record says why not.
 */
export async function fetchPublished(
  pages: ResolvedPage[],
  facts: IssueFacts,
  config: DocgapConfig,
  fetcher: SafeFetcher | null,
  offlineReason: string | undefined,
  sources: SourceRecord[],
): Promise<void> {
  const fetchable = new Set(pages.filter((p) => p.url).slice(0, config.sources.maxPages));
  const skip = (url: string, reason: string) =>
    sources.push(record({ kind: "page", url, status: "skipped", reason }));
  await Promise.all(
    pages.map(async (page) => {
      if (!page.url) return;
      if (!fetchable.has(page))
        return skip(page.url, `sources.maxPages (${config.sources.maxPages}) pages were fetched already`);
      if (!fetcher) return skip(page.url, offlineReason ?? "offline");
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
}
