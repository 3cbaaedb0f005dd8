import { reporterText } from "../issue/said.js";
import { editDistance } from "../text/distance.js";
import type { Gathered } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";

/**
 * Changes the facts determine, found line by line in the files docgap read: the reporter's own before/after, a
 * correction the issue states (`A` should be `B`), a link whose right target the site model names, a doubled
 * word. Nothing here writes new prose: each fix replaces text the file has with text the issue or the site gives.
 */
export interface ConcreteFix {
  path: string;
  /** 1-based first and last line of `find` in the file. */
  startLine: number;
  endLine: number;
  /** The exact text replaced (whole lines), and what replaces it. */
  find: string;
  replace: string;
  /** One sentence: what changes and on what evidence. */
  why: string;
  kind: "reporter-wording" | "correction" | "link" | "doubled-word";
}

const MAX_FIXES = 5;
const DOUBLED = /\b([A-Za-z]{2,30})[ \t]{1,5}\1\b/gi;
const hasDoubled = (text: string) => new RegExp(DOUBLED.source, "i").test(text);

const lineOf = (text: string, offset: number) => text.slice(0, offset).split("\n").length;

const words = (s: string) => new Set(s.match(/\w+/g) ?? []);

/**
 * The replacement a stated correction makes in the text that has `from`: when the two differ in one word
 * ("`Field(validate_defaults=True)` should be `validate_default=True`"), only that word changes, the rest of
 * the reporter's shorthand is not copied in; otherwise both must be single terms.
 */
export function correctionOf(from: string, to: string): { from: string; to: string } | null {
  const a = words(from);
  const b = words(to);
  const onlyA = [...a].filter((w) => !b.has(w));
  const onlyB = [...b].filter((w) => !a.has(w));
  // Each new word pairs with the one old word it is a spelling of (validate_defaults → validate_default).
  const pairs = onlyB.map((y) => [onlyA.find((x) => near(x, y)), y] as const);
  if (onlyB.length > 0 && onlyB.length <= 3 && pairs.every(([x]) => x)) {
    let out = from;
    for (const [x, y] of pairs) out = out.replace(new RegExp(`\\b${x}\\b`), y);
    return out === from ? null : { from, to: out };
  }
  return /^\S+$/.test(from) && /^\S+$/.test(to) && onlyA.length <= 1 ? { from, to } : null;
}

/** Two spellings of one word: one a prefix of the other, or at most two letters apart in a long word. */
function near(x: string, y: string): boolean {
  if (x.length < 3 || y.length < 3) return false;
  if (x.startsWith(y) || y.startsWith(x)) return Math.abs(x.length - y.length) <= 3;
  if (Math.abs(x.length - y.length) > 2 || x.length > 60 || y.length > 60) return false;
  return editDistance(x, y) <= 2;
}

/** The whole lines of `text` holding `needle` (at most `max` places), with the lines as they would read after. */
function replaceInLines(text: string, needle: string, by: string, max: number) {
  const lines = text.split("\n");
  const out: Array<{ line: number; find: string; replace: string }> = [];
  for (const [i, line] of lines.entries()) {
    if (!line.includes(needle)) continue;
    out.push({ line: i + 1, find: line, replace: line.split(needle).join(by) });
    if (out.length > max) return null;
  }
  return out;
}

/**
 * The reporter's own wording, when the issue shows what the page says now and what it should say: a pair of
 * code blocks (current / suggested), or a diff block. The current lines must be in the file once, verbatim
 * apart from indentation; the suggested lines take the file's indentation.
 */
export function reporterWording(
  text: string,
  facts: IssueFacts,
): { find: string; replace: string; line: number } | null {
  const blocks = facts.codeBlocks;
  let current = blocks.find((b) => b.role === "current")?.value ?? null;
  let suggested = blocks.find((b) => b.role === "suggested" && b.lang !== "diff")?.value ?? null;
  const diff = blocks.find((b) => b.lang === "diff");
  if (diff && (!current || !suggested)) {
    const keep = (sign: string) =>
      diff.value
        .split("\n")
        .filter((l) => l.startsWith(sign) || l.startsWith(" "))
        .map((l) => l.slice(1))
        .join("\n");
    current = keep("-");
    suggested = keep("+");
  }
  if (!current?.trim() || !suggested?.trim() || current.trim() === suggested.trim()) return null;
  const want = current
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (want.length === 0 || want.length > 40) return null;
  const lines = text.split("\n");
  const matches: number[] = [];
  for (let n = 0; n + want.length <= lines.length && matches.length < 2; n++) {
    if ((lines[n] ?? "").trim() !== want[0]) continue;
    let k = 0;
    let m = n;
    while (k < want.length && m < lines.length) {
      const line = (lines[m] ?? "").trim();
      if (!line && k > 0) {
        m++;
        continue;
      }
      if (line !== want[k]) break;
      k++;
      m++;
    }
    if (k === want.length) matches.push(n);
  }
  if (matches.length !== 1) return null;
  const start = matches[0] as number;
  let end = start;
  for (let k = 0; k < want.length; end++) if ((lines[end] ?? "").trim()) k++;
  const indent = /^\s*/.exec(lines[start] ?? "")?.[0] ?? "";
  const find = lines.slice(start, end).join("\n");
  const body = suggested.replace(/^\n+|\s+$/g, "").split("\n");
  const common = Math.min(...body.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  const replace = body.map((l) => (l.trim() ? `${indent}${l.slice(common)}` : "")).join("\n");
  return { find, replace, line: start + 1 };
}

/** A line without its list, prompt or quote marker. */
const bareLine = (line: string) => {
  const m = /^(\s*(?:(?:[-*+>]|\d{1,3}[.)])\s+)?(?:\$\s+)?)(.*?)\s*$/.exec(line);
  return { prefix: m?.[1] ?? "", text: m?.[2] ?? line.trim() };
};
const tokensOf = (s: string) => new Set(s.split(/[^\w.-]+/).filter((t) => t.length >= 2));

/**
 * The issue pastes a line the file has (once) and one other line that is a close edit of it, absent from the file:
 * the second replaces the first, in the file's own prefix (indentation, prompt).
 */
function pastedPair(text: string, said: string): { line: number; find: string; replace: string } | null {
  const pasted = [
    ...new Set(
      said
        .slice(0, 20_000)
        .split("\n")
        .map((l) => bareLine(l).text),
    ),
  ].filter((l) => l.length >= 16 && l.length <= 300);
  if (pasted.length < 2 || pasted.length > 60) return null;
  const lines = text.split("\n");
  const where = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const t = bareLine(l).text;
    if (t.length >= 16) where.set(t, [...(where.get(t) ?? []), i]);
  });
  const found = pasted.filter((p) => where.get(p)?.length === 1);
  if (found.length !== 1) return null;
  const current = found[0] as string;
  const a = tokensOf(current);
  const variants = pasted.filter((p) => {
    if (p === current || where.has(p)) return false;
    const b = tokensOf(p);
    const shared = [...a].filter((t) => b.has(t)).length;
    return (
      shared >= 3 && shared / Math.max(a.size, b.size) >= 0.6 && p.split(/\s+/)[0] === current.split(/\s+/)[0]
    );
  });
  if (variants.length !== 1) return null;
  const index = where.get(current)?.[0] as number;
  const original = lines[index] ?? "";
  return { line: index + 1, find: original, replace: `${bareLine(original).prefix}${variants[0]}` };
}

/** The fixes the facts determine in the files docgap read, the issue's first page first. */
export function concreteFixes(gathered: Gathered, kind: string): ConcreteFix[] {
  const { facts } = gathered;
  const generated = new Set(gathered.checks.generated.map((g) => g.path));
  const paths = gathered.pages
    .map((p) => p.sourcePath)
    .filter((p): p is string => !!p && gathered.files.has(p) && !generated.has(p));
  const out: ConcreteFix[] = [];
  const body = [facts.problem, facts.suggestion].filter(Boolean).join("\n");
  const top = paths[0];
  if (top) {
    const wording = reporterWording(gathered.files.get(top) ?? "", facts);
    if (wording)
      out.push({
        path: top,
        startLine: wording.line,
        endLine: wording.line + wording.find.split("\n").length - 1,
        find: wording.find,
        replace: wording.replace,
        why: "the issue shows the lines as they are and as they should read",
        kind: "reporter-wording",
      });
  }
  // Links the site model says lead nowhere, and names the page that exists.
  for (const link of gathered.checks.links) {
    if (!link.suggestion || (link.status !== "missing-page" && link.status !== "missing-anchor")) continue;
    if (generated.has(link.path)) continue;
    const line = (gathered.files.get(link.path) ?? "").split("\n")[link.line - 1] ?? "";
    if (line.split(link.target).length !== 2) continue;
    out.push({
      path: link.path,
      startLine: link.line,
      endLine: link.line,
      find: line,
      replace: line.replace(link.target, link.suggestion),
      why: `${link.why}: the link "${link.text}" now leads to ${link.suggestion}`,
      kind: "link",
    });
  }
  // Two lines the issue pastes, one as the page has it and one that edits it ("the page says A, but it should be B").
  if (out.length === 0 && top && (kind === "wrong" || kind === "outdated" || kind === "typo")) {
    const pair = pastedPair(gathered.files.get(top) ?? "", reporterText(facts));
    if (pair)
      out.push({
        path: top,
        startLine: pair.line,
        endLine: pair.line,
        find: pair.find,
        replace: pair.replace,
        why: "the issue pastes this line as the page has it and the line as it should read",
        kind: "reporter-wording",
      });
  }
  // Corrections the issue states, where the file has the text to correct.
  if (out.length === 0)
    for (const { from: said, to: meant } of facts.corrections) {
      const fix = correctionOf(said, meant);
      if (!fix) continue;
      const { from, to } = fix;
      for (const path of paths.slice(0, 2)) {
        const places = replaceInLines(gathered.files.get(path) ?? "", from, to, 5);
        if (!places?.length) continue;
        for (const p of places)
          out.push({
            path,
            startLine: p.line,
            endLine: p.line,
            find: p.find,
            replace: p.replace,
            why: `the issue says \`${said}\` should be \`${meant}\``,
            kind: "correction",
          });
        break;
      }
    }
  // A doubled word the issue names, or (for a typo report) the one doubled word of the located section.
  if (out.length === 0 && top && (kind === "typo" || hasDoubled(`${facts.title}\n${body}`))) {
    const named = [...`${facts.title}\n${body}`.slice(0, 20_000).matchAll(DOUBLED)].map((m) =>
      m[0].toLowerCase(),
    );
    const page = gathered.pages.find((p) => p.sourcePath === top);
    const text = gathered.files.get(top) ?? "";
    const hits = [...text.matchAll(DOUBLED)].filter((m) => {
      const line = lineOf(text, m.index ?? 0);
      const inSection = !page?.section || (line >= page.section.startLine && line <= page.section.endLine);
      return named.length ? named.includes(m[0].toLowerCase()) : inSection;
    });
    if (hits.length === 1 && hits[0]) {
      const m = hits[0];
      const n = lineOf(text, m.index ?? 0);
      const lines = text.split("\n");
      const line = lines[n - 1] ?? "";
      if (!m[0].includes("\n") && line.split(m[0]).length === 2)
        out.push({
          path: top,
          startLine: n,
          endLine: n,
          find: line,
          replace: line.replace(m[0], m[1] ?? ""),
          why: `"${m[0]}" repeats a word`,
          kind: "doubled-word",
        });
    }
  }
  return out.slice(0, MAX_FIXES);
}
