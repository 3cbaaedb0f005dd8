import type { DocFile } from "../document/doc-file.js";
import { nameKey, tokenize } from "../text/prose.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { DocsIndex } from "./docs-index.js";

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
export interface NamedPage {
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
export function namedInText(facts: IssueFacts, index: DocsIndex): NamedPage[] {
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
export function namedByTitle(facts: IssueFacts, index: DocsIndex, all: DocFile[]): NamedPage[] {
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
