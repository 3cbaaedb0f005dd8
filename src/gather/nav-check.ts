import type { DocgapConfig } from "../config/schema.js";
import { issueKind } from "../issue/kind.js";
import type { DocsIndex } from "../locate/docs-index.js";
import { checkLink, linksMeant } from "../locate/links.js";
import { NAV_FILE, navEntries } from "../locate/nav.js";
import type { LinkCheck, ResolvedPage } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { newPage } from "./input.js";

/** Navigation files read at most. */
const MAX_NAV_FILES = 10;

/**
 * The navigation entries the issue means (by their label or target) that lead nowhere on the site: a broken link
 * in a sidebar or a nav is fixed in the site's config or sidebar file, at that line. Only for a link complaint.
 */
export async function brokenNavigation(
  facts: IssueFacts,
  index: DocsIndex,
  config: DocgapConfig,
  docsRepo: string | null,
): Promise<{ checks: LinkCheck[]; texts: Map<string, string> }> {
  const checks: LinkCheck[] = [];
  const texts = new Map<string, string>();
  if (issueKind(facts).kind !== "broken-link") return { checks, texts };
  const docsDir = index.site.roots.find((r) => !r.locale && !r.version)?.dir ?? "docs";
  for (const file of index.files.filter((f) => NAV_FILE.test(f)).slice(0, MAX_NAV_FILES)) {
    const text = (await index.snapshot.text(file))?.slice(0, 1_000_000);
    if (!text) continue;
    const meant = linksMeant(navEntries(file, text), facts, null, true);
    if (!meant.length) continue;
    // A MkDocs nav names files relative to `docs_dir`; the others name routes from the site's root.
    const from = {
      path: /(?:^|\/)mkdocs\.ya?ml$/i.test(file) ? `${docsDir}/nav` : file,
    };
    for (const entry of meant) {
      const check = await checkLink(entry, from, { index, config, docsRepo });
      if (check.status !== "missing-page" && check.status !== "missing-anchor") continue;
      // An entry with no label of its own (its page's title shows) is named by its target.
      checks.push({ ...check, path: file, line: entry.line, text: entry.text || entry.target });
      texts.set(file, text);
    }
  }
  return { checks, texts };
}

/** The page to fix for a broken navigation entry: the config or sidebar file, at the entry's line. */
export const navPage = (check: LinkCheck): ResolvedPage =>
  newPage({
    url: null,
    anchors: [],
    context: "",
    reasons: [
      `the navigation entry "${check.text}" (${check.target}) leads nowhere on the site: ${check.why}`,
    ],
    sourcePath: check.path,
    score: 1,
    lines: [check.line, check.line],
  });
