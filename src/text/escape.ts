/**
 * The one escaping path for everything docgap publishes (the issue comment and the pull request body): issue
 * text, titles, file names, URLs, table cells and quotes. Nothing that arrives as text can become a mention, a
 * link, an image, raw HTML, a heading, a fold marker or a broken table row.
 */

/** Control characters (but tab and newline) and bidirectional overrides/isolates are removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this pattern is for
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Every at sign (ASCII, full-width, small commercial at) gets a zero-width space after it: no `@name` mention
 * and no `name@host` mail link.
 */
const MENTION = /[@\uff20\ufe6b](?!\u200b)/g;

/** No @mentions, team mentions or mail links: a zero-width space follows the @, so GitHub notifies nobody. */
export const noMentions = (text: string): string => text.replace(MENTION, (at) => `${at}\u200b`);

/** A bare URL (any scheme, or a `www.` host) in untrusted prose: bounded runs, linear. */
const BARE_URL =
  /\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s<>`]{1,2000}|\bwww\.[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,10}[^\s<>`]{0,2000}/gi;

/** Escapes prose without URLs (see `inline`). */
const escapeWords = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\[\]!*_~]/g, (c) => `\\${c}`)
    // A heading, list or setext mark at a line start: escape its punctuation (`2\.`, `\#`), since a backslash
    // before a digit is shown as is.
    .replace(
      /^([ \t]*)(?:([#+]|[=-]+)|(\d{1,9})([.)]))(?=[ \t]|$)/gm,
      (_, space: string, mark?: string, n?: string, dot?: string) =>
        mark ? `${space}\\${mark}` : `${space}${n}\\${dot}`,
    );

/**
 * Escapes prose outside code spans (see `inline`). A bare URL is shown as code: copyable as written, never a
 * link that untrusted text made.
 */
const escapeProse = (text: string): string => {
  let out = "";
  let from = 0;
  for (const m of text.matchAll(BARE_URL)) {
    const at = m.index ?? 0;
    // Punctuation that ends the sentence is not part of the URL.
    const url = m[0].replace(/[.,;:!?)\]'"]+$/, "");
    out += escapeWords(text.slice(from, at)) + code(url);
    from = at + url.length;
  }
  return out + escapeWords(text.slice(from));
};

/**
 * Splits text into prose and code spans (`` `x` ``, ``` ``x`` ```), as Markdown reads them: a run of n backticks
 * opens a span closed by the next run of exactly n. One pass: a length that found no closer is not searched
 * again.
 */
function spans(text: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  const noCloserFrom = new Map<number, number>();
  let prose = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      const next = text.indexOf("`", i);
      const end = next < 0 ? text.length : next;
      prose += text.slice(i, end);
      i = end;
      continue;
    }
    let n = 0;
    while (text[i + n] === "`") n++;
    let close = -1;
    if ((noCloserFrom.get(n) ?? Number.POSITIVE_INFINITY) > i) {
      for (let at = text.indexOf("`".repeat(n), i + n); at >= 0; at = text.indexOf("`".repeat(n), at + 1)) {
        let m = 0;
        while (text[at + m] === "`") m++;
        if (m === n && text[at - 1] !== "`") {
          close = at;
          break;
        }
        at += m - 1;
      }
      if (close < 0) noCloserFrom.set(n, i);
    }
    if (close < 0) {
      prose += "ˋ".repeat(n);
      i += n;
      continue;
    }
    if (prose) out.push({ code: false, text: prose });
    prose = "";
    out.push({ code: true, text: text.slice(i, close + n) });
    i = close + n;
  }
  if (prose) out.push({ code: false, text: prose });
  return out;
}

/**
 * Untrusted prose as Markdown that renders as the same words: code spans are kept (nothing in them links,
 * mentions or renders HTML); outside them `&`, `<`, `>` become entities (no raw HTML, no `&#64;` mention, no
 * hidden marker), `[`, `]`, `!`, emphasis marks and backslashes are escaped (no link or image syntax), a `#`,
 * list or setext mark at a line start is escaped (no heading), and bare URLs' `://` is broken by a zero-width
 * space so GitHub does not link them.
 */
export function inline(text: string): string {
  const clean = text.replace(INVISIBLE, "");
  return noMentions(
    spans(clean)
      .map((s) => (s.code ? s.text.replace(/\n/g, " ") : escapeProse(s.text)))
      .join(""),
  );
}

/** A table cell: one line, `|` escaped. */
export const cell = (text: string): string =>
  inline(text.replace(/\s*[\r\n]+\s*/g, " ")).replace(/\|/g, "\\|");

/** Inline code that cannot close early: a backtick inside becomes a look-alike. */
export const code = (s: string): string =>
  `\`${s
    .replace(INVISIBLE, "")
    .replace(/[\r\n]+/g, " ")
    .replace(/`/g, "ˋ")}\``;

/**
 * Inline code in a table cell. GitHub splits cells at a `|` even inside code, and a backslash before it is no
 * reliable escape there: the pipe is shown as a look-alike.
 */
export const codeCell = (s: string): string => code(s.replace(/\|/g, "∣"));

/**
 * A link rebuilt from a parsed URL, never pasted: only http(s), with the characters that could end or split the
 * link percent-encoded; anything else is shown as plain text.
 */
export function link(url: string, label: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return cell(label);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return cell(label);
  const href = parsed.href.replace(
    /[()<>\s"'|\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `[${cell(label)}](${href})`;
}

/** A fenced block whose fence is longer than any backtick run inside, so untrusted text cannot break out. */
export const fenced = (text: string, lang = ""): string => {
  const clean = text.replace(INVISIBLE, "");
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang.replace(/[^\w+-]/g, "")}\n${clean.replace(/\n$/, "")}\n${fence}`;
};
