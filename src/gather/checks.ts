import type { DocgapConfig } from "../config/schema.js";
import { generatedMark } from "../document/generated.js";
import { issueKind } from "../issue/kind.js";
import type { DocsIndex } from "../locate/docs-index.js";
import { checkLink, linksMeant } from "../locate/links.js";
import { siteBases } from "../locate/mapping.js";
import type { Checks, GeneratedMark, ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { brokenLinkUrls } from "./site-links.js";

/** Pages whose links and headers are checked: the issue is about the first few. */
const CHECKED_PAGES = 3;

/**
 * The issue's claims checked against the docs as they are: the links it complains about (does a page serve the
 * target, does the anchor exist, which page does), and the pages that say they are generated.
 */
export async function checkClaims(
  pages: ResolvedPage[],
  facts: IssueFacts,
  index: DocsIndex,
  config: DocgapConfig,
  docsRepo: string | null,
): Promise<Checks> {
  const checks: Checks = { links: [], generated: [] };
  const brokenLink = issueKind(facts).kind === "broken-link";
  for (const [i, page] of pages
    .filter((p) => p.sourcePath)
    .slice(0, CHECKED_PAGES)
    .entries()) {
    const file = await index.load(page.sourcePath as string);
    if (!file) continue;
    const mark = generatedMark(file.path, file.text) ?? writtenByPlugin(file.path, index);
    if (mark) checks.generated.push(mark);
    // Links the issue names, on any of its pages; for a link complaint, also those of the first page's section.
    for (const link of linksMeant(file.doc.links, facts, page.section, brokenLink && i === 0))
      checks.links.push(await checkLink(link, file, { index, config, docsRepo }));
    if (brokenLink && i === 0 && page.url) {
      const gone = goneLinks(facts, page.url, file.text, siteHosts(config, index));
      if (gone.length)
        checks.gone = gone.map((url) => ({
          url,
          path: file.path,
          pinned: pinnedVersion(page.url),
          now: sameHostLink(url, file.text),
        }));
    }
  }
  return checks;
}

/** A page under a folder a generator plugin writes (its config says so): generated from the plugin's source. */
function writtenByPlugin(path: string, index: DocsIndex): GeneratedMark | null {
  const g = (index.site.generated ?? []).find((d) => path.startsWith(`${d.dir}/`));
  return g ? { path, marker: `${g.by} writes ${g.dir}/ from ${g.source}`, source: g.source } : null;
}

/** A version in a docs URL: `manual@v1.5.1`, `/v10/`, `/1.2/`, `/en/3.1.x/`. */
const VERSION = /(?:@|\/)(v?\d+(?:\.\d+){0,2}(?:\.x)?)(?=\/|$)/i;

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
};

const siteHosts = (config: DocgapConfig, index: DocsIndex) =>
  new Set(siteBases(config, index.site).map((u) => u.hostname.toLowerCase()));

/** The version the reporter's page URL names, if any. */
const pinnedVersion = (url: string | null): string | null => {
  try {
    return url ? (VERSION.exec(new URL(url).pathname)?.[1] ?? null) : null;
  } catch {
    return null;
  }
};

const LINK = /\bhttps?:\/\/[^\s<>()[\]"'`]{1,2000}/g;

/** The first link of the text to the same host as `url`: what the source links there now. */
function sameHostLink(url: string, text: string): { url: string; line: number } | null {
  const host = hostOf(url);
  for (const m of text.slice(0, 1_000_000).matchAll(LINK))
    if (hostOf(m[0]) === host) return { url: m[0], line: text.slice(0, m.index ?? 0).split("\n").length };
  return null;
}

/**
 * External links the issue calls broken that the page's source does not hold (written out in full, as an
 * external link always is): the source changed since the reporter read the page. Links to the site itself are
 * left out, as the source writes them relative.
 */
function goneLinks(facts: IssueFacts, pageUrl: string, text: string, site: Set<string>): string[] {
  const page = pageUrl.replace(/[#?].*$/, "").replace(/\/+$/, "");
  return brokenLinkUrls(facts, false)
    .filter((u) => {
      const host = hostOf(u);
      return (
        host &&
        !site.has(host) &&
        u.replace(/[#?].*$/, "") !== page &&
        !/github(?:usercontent)?\.com$/.test(host)
      );
    })
    .filter((u) => !text.includes(u))
    .slice(0, 5);
}

/**
 * The pages in the order the checks leave them: a page holding a link the issue reports that leads nowhere is
 * the page to fix, ahead of the page the link was meant to reach.
 */
export function byCheckedLinks(pages: ResolvedPage[], checks: Checks, facts: IssueFacts): ResolvedPage[] {
  if (issueKind(facts).kind !== "broken-link") return pages;
  const broken = new Set(
    checks.links
      .filter((l) => l.status === "missing-page" || l.status === "missing-anchor")
      .map((l) => l.path),
  );
  const first = pages.find((p) => p.sourcePath && broken.has(p.sourcePath));
  if (!first || first === pages[0]) return pages;
  first.reasons.unshift("the link the issue reports is on this page, and it leads nowhere on the site");
  return [first, ...pages.filter((p) => p !== first)];
}
