import type { DocFile } from "../document/doc-file.js";
import { findQuote, normaliseProse, tokenize } from "../text/prose.js";
import type { IssueFacts } from "../types/issue-facts.js";

const K1 = 1.2;
const B = 0.75;

/** The words an issue is about, weighted: the title counts most, then the problem, then the rest. */
export function issueTerms(facts: IssueFacts): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string | null, w: number) => {
    // URLs are evidence of their own (mapped to files); their words would count them twice.
    const words = (text ?? "").replace(/\bhttps?:\/\/\S*/g, " ");
    for (const t of new Set(tokenize(words))) weights.set(t, Math.max(weights.get(t) ?? 0, w));
  };
  add(facts.suggestion, 0.5);
  add(facts.problem, 0.8);
  add(facts.sectionHint, 1);
  add(facts.docQuotes.join(" "), 1);
  add(facts.subject, 1.5);
  return weights;
}

const usefulIdentifier = (id: string) => id.length >= 3 && !/^(null|true|false|undefined|yes|no)$/i.test(id);

/** Looks for an identifier as written (code is case-sensitive) and not as part of a longer word. */
export const containsIdentifier = (text: string, id: string) => {
  let from = 0;
  for (;;) {
    const at = text.indexOf(id, from);
    if (at < 0) return false;
    const before = text[at - 1] ?? " ";
    const after = text[at + id.length] ?? " ";
    if (!/[\w-]/.test(before) || !/\w/.test(id[0] ?? "")) {
      if (!/[\w]/.test(after) || !/\w/.test(id[id.length - 1] ?? "")) return true;
    }
    from = at + 1;
  }
};

export interface Scored {
  path: string;
  /** Unbounded evidence score; compare within one issue only. */
  raw: number;
  reasons: string[];
}

/**
 * Scores docs files by what an issue says: quoted text found in the file, identifiers it mentions, its title and
 * headings, and BM25 over the issue's words. Every score says why. Best first; files with no evidence left out.
 */
export function scoreFiles(files: DocFile[], facts: IssueFacts): Scored[] {
  if (files.length === 0) return [];
  const terms = issueTerms(facts);
  const n = files.length;
  const avgLen = files.reduce((s, f) => s + f.length, 0) / n || 1;
  const df = new Map<string, number>();
  for (const t of terms.keys()) df.set(t, files.filter((f) => f.terms.has(t)).length);
  const idf = (t: string) => {
    const d = df.get(t) ?? 0;
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  };
  const ids = facts.identifiers.filter(usefulIdentifier);
  const idDf = new Map(ids.map((id) => [id, files.filter((f) => containsIdentifier(f.text, id)).length]));
  const quotes = facts.docQuotes.filter((q) => normaliseProse(q).length >= 12);

  const scored = files.map((f) => {
    const reasons: string[] = [];
    let bm25 = 0;
    for (const [t, w] of terms) {
      const tf = f.terms.get(t) ?? 0;
      if (!tf) continue;
      bm25 += w * idf(t) * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * f.length) / avgLen)));
    }
    let score = bm25;
    const titleText = [f.outline.title ?? "", f.path.replace(/[/_.-]+/g, " ")].join(" ");
    const titleTerms = new Set(tokenize(titleText));
    const titleHits = [...terms.keys()].filter((t) => titleTerms.has(t));
    if (titleHits.length) {
      score += titleHits.reduce((s, t) => s + idf(t) * (terms.get(t) ?? 0), 0) * 1.5;
      reasons.push(`title or path matches ${titleHits.slice(0, 4).join(", ")}`);
    }
    const headingTerms = new Set(tokenize(f.outline.headings.join(" ")));
    const headingHits = [...terms.keys()].filter((t) => headingTerms.has(t) && !titleTerms.has(t));
    if (headingHits.length) score += headingHits.reduce((s, t) => s + idf(t) * (terms.get(t) ?? 0), 0) * 0.5;
    // A heading named after an option, flag or API is where it is defined.
    const headings = new Set(f.outline.headings.map((h) => h.replace(/[`()]/g, "").trim()));
    const defined = ids.filter((id) => /[.\-_A-Z]/.test(id) && headings.has(id));
    if (defined.length) {
      score += 20 + defined.length * 5;
      reasons.push(
        `has a heading for ${defined
          .slice(0, 3)
          .map((i) => `\`${i}\``)
          .join(", ")}`,
      );
    }
    const found = ids.filter((id) => containsIdentifier(f.text, id));
    // Parts of a longer identifier found in the same file are the same mention, counted once.
    const foundIds = found.filter((id) => !found.some((other) => other !== id && other.includes(id)));
    if (foundIds.length) {
      score += foundIds.reduce((s, id) => s + 4 * Math.log(1 + n / (idDf.get(id) ?? 1)), 0);
      reasons.push(
        `mentions ${foundIds
          .slice(0, 4)
          .map((i) => `\`${i}\``)
          .join(", ")}`,
      );
    }
    for (const q of quotes) {
      const m = findQuote(q, f.text);
      if (m.ratio >= 0.8) {
        score += 40 * m.ratio;
        reasons.push(`${m.ratio === 1 ? "contains" : "nearly contains"} the quoted text "${q.slice(0, 60)}"`);
      }
    }
    if (bm25 > 0) reasons.push(`shares words with the issue (BM25 ${bm25.toFixed(1)})`);
    return { path: f.path, raw: score, reasons };
  });
  return scored.filter((s) => s.raw > 0).sort((a, b) => b.raw - a.raw);
}
