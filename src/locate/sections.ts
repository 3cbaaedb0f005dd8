import GithubSlugger from "github-slugger";
import type { DocFile } from "../document/doc-file.js";
import { lineSlicer, type Section } from "../document/read.js";
import { nameKey, quoteLine, tokenize } from "../text/prose.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { LocatedSection } from "../types/locate.js";
import { containsIdentifier, issueTerms } from "./rank.js";

const slug = (s: string) => new GithubSlugger().slug(s);

/** The deepest section that contains a line. */
export const sectionAtLine = (sections: Section[], line: number): Section | undefined =>
  sections.filter((s) => s.startLine <= line && line <= s.endLine).sort((a, b) => b.depth - a.depth)[0];

const jaccard = (a: Set<string>, b: Set<string>) => {
  const inter = [...a].filter((x) => b.has(x)).length;
  return inter / (a.size + b.size - inter || 1);
};

const LINK_TROUBLE =
  /\b(404|broken|break(s|ing)?|dead|outdated|wrong|moved)\b[^.]{0,40}\blinks?\b|\blinks?\b[^.]{0,60}\b(404|broken|dead|moved|nowhere|not found)\b/i;

/**
 * When the issue is about a broken link, the link in the file it describes: the one whose text, target and the
 * words just before it share the most with the issue (at least two words; a word that names the link's host, as
 * "Graphviz" names `graphviz.gitlab.io`, counts twice).
 */
function describedLink(file: DocFile, facts: IssueFacts): { line: number } | null {
  const said = `${facts.title} ${facts.problem ?? ""}`;
  if (!LINK_TROUBLE.test(said)) return null;
  const wanted = new Set(tokenize(said));
  const lines = file.text.split("\n");
  let best: { line: number; score: number } | null = null;
  for (const link of file.doc.links) {
    const line = lines[link.line - 1] ?? "";
    const at = Math.max(0, line.indexOf(link.text));
    const before = line.slice(Math.max(0, at - 60), at);
    const words = new Set(tokenize(`${before} ${link.text} ${link.target.replace(/[/.#-]/g, " ")}`));
    const host = new Set(
      tokenize((/^https?:\/\/([^/?#]+)/i.exec(link.target)?.[1] ?? "").replace(/[.-]/g, " ")),
    );
    const score =
      [...words].filter((w) => wanted.has(w)).length +
      [...host].filter((w) => w.length >= 4 && wanted.has(w)).length;
    if (score >= 2 && (!best || score > best.score)) best = { line: link.line, score };
  }
  return best;
}

/**
 * Picks the section of a docs file that an issue is about: the URL's anchor, quoted text located in the file,
 * the "Section/Topic" the reporter named, identifiers and words. Lines are 1-based, as in the file.
 */
export function locateSection(
  file: DocFile,
  facts: IssueFacts,
  anchors: string[] = [],
  lines: [number, number] | null = null,
): LocatedSection | null {
  const { sections } = file.doc;
  if (sections.length === 0) return null;
  const scores = new Map<Section, { score: number; reasons: string[] }>();
  const bump = (s: Section | undefined, by: number, reason: string) => {
    if (!s) return;
    const cur = scores.get(s) ?? { score: 0, reasons: [] };
    cur.score += by;
    if (!cur.reasons.includes(reason)) cur.reasons.push(reason);
    scores.set(s, cur);
  };

  for (const anchor of anchors) {
    const want = slug(anchor);
    const hit = sections.find(
      (s) => s.ids.includes(anchor) || s.ids.includes(want) || s.ids.includes(anchor.toLowerCase()),
    );
    bump(hit, 10, `the URL's anchor #${anchor} is this heading`);
  }
  if (lines) bump(sectionAtLine(sections, lines[0]), 12, `the issue links to lines ${lines[0]}-${lines[1]}`);
  for (const q of facts.docQuotes) {
    const at = quoteLine(q, file.text);
    if (at) bump(sectionAtLine(sections, at.line), 8 * at.ratio, `the quoted text is at line ${at.line}`);
  }
  const hints = [facts.sectionHint, ...facts.urls.map((u) => u.anchor)].filter((h): h is string => !!h);
  for (const hint of hints) {
    const hintTerms = new Set(tokenize(hint.replace(/-/g, " ")));
    if (hintTerms.size === 0) continue;
    for (const s of sections) {
      const sim = jaccard(hintTerms, new Set(tokenize(s.heading)));
      if (sim >= 0.3) bump(s, 5 * sim, `heading matches "${hint.slice(0, 60)}"`);
    }
  }
  const link = describedLink(file, facts);
  if (link)
    bump(sectionAtLine(sections, link.line), 6, `the link the issue describes is at line ${link.line}`);
  // A heading the issue names, set apart in quotes or emphasis ("the *Proxy settings* section").
  const named = new Set(facts.phrases.map((p) => nameKey(p)));
  for (const s of sections)
    if (s.depth > 0 && named.has(nameKey(s.heading)))
      bump(s, 6, `the issue names the section "${s.heading}"`);
  // A one-word heading the title uses (`### port` for "the default port is wrong") is that option's entry.
  const titleWords = new Set(tokenize(facts.subject).filter((w) => w.length >= 3));
  for (const s of sections) {
    const name = s.heading.replace(/[`*_()]/g, "").trim();
    if (s.depth >= 2 && /^[\w.$-]+$/.test(name) && titleWords.has(name.toLowerCase()))
      bump(s, 2, `the heading ${name} is a word of the title`);
  }
  const terms = issueTerms(facts);
  const ids = facts.identifiers.filter((id) => id.length >= 3);
  const slice = lineSlicer(file.text);
  for (const s of sections) {
    const body = slice(s.startLine, s.bodyEndLine);
    const found = ids.filter((id) => containsIdentifier(body, id));
    if (found.length)
      bump(
        s,
        Math.min(3, found.length * 0.75),
        `mentions ${found
          .slice(0, 3)
          .map((i) => `\`${i}\``)
          .join(", ")}`,
      );
    const headTerms = new Set(tokenize(s.heading));
    const bodyTerms = new Set(tokenize(body));
    let overlap = 0;
    for (const [t, w] of terms) overlap += (headTerms.has(t) ? 1 : 0) * w + (bodyTerms.has(t) ? 0.15 : 0) * w;
    if (overlap > 0) bump(s, Math.min(2.5, overlap * 0.25), "shares words with the issue");
  }
  const ranked = [...scores.entries()].sort(
    (a, b) => b[1].score - a[1].score || b[0].depth - a[0].depth || a[0].startLine - b[0].startLine,
  );
  const best = ranked[0];
  if (!best || best[1].score < 0.5) return null;
  const [s, { score, reasons }] = best;
  return {
    heading: s.heading,
    startLine: s.startLine,
    endLine: s.endLine,
    bodyEndLine: s.bodyEndLine,
    depth: s.depth,
    score: Number(Math.min(1, score / 10).toFixed(2)),
    reasons,
  };
}
