import { isDataFile } from "../document/data-files.js";
import type { DocsIndex } from "../locate/docs-index.js";
import type { IssueFacts } from "../types/issue-facts.js";

/** The issue says a link is broken: its sentence speaks of a 404, a dead link, where the link leads. */
const BROKEN = /\b(?:404|broken|dead|not found|no longer exists?|leads? to|points? to|goes to|links? to)\b/i;
/** Navigation outside the site's config and data files: Docusaurus sidebars, Antora `nav.adoc`, mdBook and GitBook `SUMMARY.md`. */
const SIDEBARS = /(?:^|\/)(?:sidebars?\.(?:js|cjs|mjs|ts|json|ya?ml)|nav\.adoc|SUMMARY\.md)$/i;
/** Files searched at most. */
const MAX_FILES = 60;

/** The URLs the issue calls broken, trailing slashes dropped; `fromTitle: false` leaves out those of its title. */
export const brokenLinkUrls = (facts: IssueFacts, fromTitle = true): string[] =>
  facts.urls
    .filter(
      (u) => !u.checklist && (fromTitle || u.origin !== "title") && BROKEN.test(u.context.slice(0, 500)),
    )
    .map((u) => u.url.replace(/\/+$/, ""));

/**
 * The one site-wide file that holds a link the issue calls broken, when the page itself does not: the generator's
 * config (a MkDocs `nav`, a Docusaurus navbar or footer), a sidebar file, or a data file the layouts render (a
 * Jekyll `_data/navigation.yml`). The link is on every page, and the fix is in that file. Null when no such file,
 * or more than one, holds it.
 */
export async function siteFileWithLink(index: DocsIndex, facts: IssueFacts, pageText: string) {
  const urls = brokenLinkUrls(facts).filter((u) => u.length > 10 && !pageText.includes(u));
  if (urls.length === 0) return null;
  const files = [
    ...new Set([...index.site.evidence, ...index.files.filter((f) => SIDEBARS.test(f) || isDataFile(f))]),
  ].slice(0, MAX_FILES);
  // Each file is read once, whatever the number of links looked for.
  const texts: Array<{ path: string; text: string }> = [];
  for (const path of files) {
    const text = (await index.snapshot.text(path))?.slice(0, 1_000_000);
    if (text) texts.push({ path, text });
  }
  for (const url of urls.slice(0, 5)) {
    const holders = texts.filter((t) => t.text.includes(url));
    const only = holders.length === 1 ? holders[0] : undefined;
    if (!only) continue;
    const line = only.text.slice(0, only.text.indexOf(url)).split("\n").length;
    return { path: only.path, text: only.text, url, lines: [line, line] as [number, number] };
  }
  return null;
}
