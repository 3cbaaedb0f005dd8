/** Text helpers shared by ranking, section location and quote verification. */

const STOP = new Set(
  `a an and are as at be been but by can could do does doesn't don't for from has have how i if in into is isn't it its
  it's just like may might more most must no not of on or our should so some such than that the their them then there
  these they this those to too under up use used using via was we were what when where which while who why will with
  would you your docs doc documentation page pages section currently says say mention mentions missing wrong issue
  example examples please also any all only same new now see e.g ie i.e etc one two want think there's here`.split(
    /\s+/,
  ),
);

/** Lower-case word tokens without stop words; code-ish tokens (`--flag`, `camelCase`) are kept whole too. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z_$][\w$-]*[\w$]|\d+(?:\.\d+)+/g)) {
    const word = m[0];
    const lower = word.toLowerCase();
    if (lower.length < 2 || STOP.has(lower)) continue;
    out.push(lower);
    // Split compound identifiers so "localsConvention" also matches "locals convention".
    const parts = word
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .split(/[\s_-]+/)
      .map((p) => p.toLowerCase())
      .filter((p) => p.length > 2 && !STOP.has(p));
    if (parts.length > 1) out.push(...parts);
  }
  return out;
}

/**
 * Markdown links reduced to their text and images removed, in one pass: `[text](target)` is the first `]` after a
 * `[` followed by `(`, up to the first `)` after it (the next `]` and `)` from every position are found once,
 * from the end, so an unclosed `[a](b` repeated costs no more than its length).
 */
export function stripLinks(text: string): string {
  const n = text.length;
  const nextClose = new Int32Array(n + 2).fill(-1);
  const nextBracket = new Int32Array(n + 2).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    nextClose[i] = text[i] === ")" ? i : (nextClose[i + 1] ?? -1);
    nextBracket[i] = text[i] === "]" ? i : (nextBracket[i + 1] ?? -1);
  }
  let out = "";
  let from = 0;
  for (let i = 0; i < n; i++) {
    const image = text[i] === "!" && text[i + 1] === "[";
    if (text[i] !== "[" && !image) continue;
    const open = image ? i + 1 : i;
    const close = nextBracket[open + 1] ?? -1;
    if (close < 0 || text[close + 1] !== "(") continue;
    const end = nextClose[close + 2] ?? -1;
    if (end < 0) continue;
    out += text.slice(from, i) + (image ? " " : text.slice(open + 1, close));
    from = end + 1;
    i = end;
  }
  return out + text.slice(from);
}

/** A page or heading name compared as written in prose: case, spacing, formatting and end punctuation aside. */
export const nameKey = (s: string) =>
  s
    .replace(/[`*_]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.,:;!?]+$/, "")
    .toLowerCase();

/** Normalises prose for quote matching: Markdown syntax, quotes, case and spacing do not matter. */
export function normaliseProse(text: string): string {
  return stripLinks(text)
    .replace(/<\/?[A-Za-z][^<>\n]*>/g, " ")
    .replace(/[“”‘’"'`*_~>#|]/g, "")
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

export interface QuoteMatch {
  /** 1..0: share of the quote's words found in order at the best place. */
  ratio: number;
  /** Offset in the normalised haystack's word list where the best match starts. */
  wordIndex: number;
}

const words = (s: string) =>
  normaliseProse(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * How well a quote appears in a text: 1 for a verbatim (normalised) occurrence, otherwise the best share of the
 * quote's words found in a window of the same length.
 */
export function findQuote(quote: string, haystack: string): QuoteMatch {
  const q = words(quote);
  const h = words(haystack);
  if (q.length === 0 || h.length === 0) return { ratio: 0, wordIndex: -1 };
  const qs = q.join(" ");
  const hs = h.join(" ");
  const at = hs.indexOf(qs);
  if (at >= 0) return { ratio: 1, wordIndex: hs.slice(0, at).split(" ").length - 1 };
  const need = new Map<string, number>();
  for (const w of q) need.set(w, (need.get(w) ?? 0) + 1);
  let best = { ratio: 0, wordIndex: -1 };
  const win = q.length;
  const have = new Map<string, number>();
  let hits = 0;
  for (let i = 0; i < h.length; i++) {
    const w = h[i] as string;
    const cnt = (have.get(w) ?? 0) + 1;
    have.set(w, cnt);
    if (cnt <= (need.get(w) ?? 0)) hits++;
    if (i >= win) {
      const old = h[i - win] as string;
      const c = have.get(old) ?? 0;
      if (c <= (need.get(old) ?? 0)) hits--;
      have.set(old, c - 1);
    }
    const ratio = hits / q.length;
    if (ratio > best.ratio) best = { ratio, wordIndex: Math.max(0, i - win + 1) };
  }
  return best;
}

/** 1-based line of the text where a quote matches best, or null below `minRatio`. */
export function quoteLine(
  quote: string,
  text: string,
  minRatio = 0.8,
): { line: number; ratio: number } | null {
  const lines = text.split("\n");
  const match = findQuote(quote, text);
  if (match.ratio < minRatio) return null;
  // Walk lines, counting normalised words, until the match's first word.
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    seen += words(lines[i] ?? "").length;
    if (seen > match.wordIndex) return { line: i + 1, ratio: match.ratio };
  }
  return { line: lines.length, ratio: match.ratio };
}

export interface QuoteCheck {
  quote: string;
  /** At least 85% of the quote's words, in a window of its length. */
  found: boolean;
  ratio: number;
  /** 1-based line where it was found, or null. */
  line: number | null;
}

/** Checks each quoted passage against a text (a source file or a fetched page). */
export const checkQuotes = (quotes: string[], text: string): QuoteCheck[] =>
  quotes.map((quote) => {
    const at = quoteLine(quote, text, 0.85);
    return {
      quote,
      found: !!at,
      ratio: at?.ratio ?? Number(findQuote(quote, text).ratio.toFixed(2)),
      line: at?.line ?? null,
    };
  });

/** Longest run without white space kept before Markdown parsing: longer than any real URL or word. */
export const MAX_RUN = 2_048;

/**
 * The text with every run of non-space characters cut to `MAX_RUN`: the Markdown tokenizer's autolink scan is
 * superlinear on one huge URL (64,000 dots: a minute of CPU), and nothing that long says anything. Lines keep
 * their numbers.
 */
export function cutLongRuns(text: string): string {
  let out = "";
  let from = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // space, tab, line feed, carriage return, form feed, vertical tab
    if (c === 32 || (c >= 9 && c <= 13)) run = 0;
    else if (++run > MAX_RUN) {
      out += text.slice(from, i);
      while (i < text.length && !/\s/.test(text.charAt(i))) i++;
      from = i;
      run = 0;
      i--;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
