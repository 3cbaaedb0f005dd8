import type { DocgapConfig } from "../config/schema.js";
import { generatedMark } from "../document/generated.js";
import { issueKind } from "../issue/kind.js";
import type { DocsIndex } from "../locate/docs-index.js";
import { checkLink, linksMeant } from "../locate/links.js";
import type { Checks, ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";

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
    const mark = generatedMark(file.path, file.text);
    if (mark) checks.generated.push(mark);
    // Links the issue names, on any of its pages; for a link complaint, also those of the first page's section.
    for (const link of linksMeant(file.doc.links, facts, page.section, brokenLink && i === 0))
      checks.links.push(await checkLink(link, file, { index, config, docsRepo }));
  }
  return checks;
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
