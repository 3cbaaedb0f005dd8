import type { Blockquote, Code, InlineCode, Link, Nodes, Root, Table, Text } from "mdast";
import { visitParents } from "unist-util-visit-parents";
import { blockText, nodeText, parseMarkdown } from "../document/markdown.js";
import { cutLongRuns } from "../text/prose.js";
import { isRepoSlug } from "../text/slug.js";
import type { FormField, IssueFacts, IssueReference, IssueUrl } from "../types/issue-facts.js";
import { statedCorrections } from "./corrections.js";
import { type FormSection, splitForm } from "./form.js";

export interface IssueInput {
  title: string;
  body: string | null;
}

export interface ParseOptions {
  /** Labels of the repository's issue-form fields, when known (see `formLabels`). */
  formLabels?: string[];
}

const TITLE_PREFIX =
  /^\s*(?:(?:\[[^\]]{1,20}\]|\((?:documentation|docs?)\))\s*[:\-–]?\s*|(?:documentation|docs?)\b(?:\([\w-]{1,20}\))?\s*[:\-–]\s*)+/i;
const VERSION = /(?<![\w.])(v?)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?![\w]|\.\d)/g;
const VERSION_CONTEXT =
  /\b(change ?log|changes|release[sd]?|release notes|version|since|added in|introduced|as of)\b/i;
const CHANGELOG_CONTEXT = /\b(change ?log|release notes?)\b/i;
/** `#12` or `owner/repo#12`; names bounded as GitHub bounds them, and a name starts only where a word does. */
const REF = /(?<![\w/&.-])(?:([A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}))?#(\d{1,7})\b/g;
const GITHUB_REF_URL = /^https?:\/\/github\.com\/([\w.-]+\/[\w.-]+)\/(issues|pull)\/(\d+)(?:[/?#].*)?$/;
const ASSET_URL =
  /\/user-attachments\/|\/user-images\.githubusercontent\.com\/|\.(png|jpe?g|gif|svg|webp|mp4|mov)(\?|#|$)/i;
const FLAG = /(?<![\w-])--?[a-zA-Z][\w-]*[\w](?:=[^\s`'"]+)?/g;
const DOTTED = /(?<![\w./-])[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){2,}(?![\w/-])/g;
const ENV_VAR = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/g;
/** Names joined by two or more hyphens (`babel-plugin-macros`, `prefer-arrow-callback`): packages, rules, commands. */
const COMPOUND = /(?<![\w./-])[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}(?![\w/-])/g;
/** English phrases written with hyphens (`up-to-date`, `step-by-step`) are not names. */
const PHRASE_WORD = /^(of|the|to|by|and|in|on|a|an|for|or|at)$/;
const QUOTED = /"([^"\n]{12,400})"|“([^”\n]{12,400})”/g;
/** A short phrase in double quotes, straight or curly. */
const QUOTED_PHRASE = /"([^"\n]{3,60})"|“([^”\n]{3,60})”/g;
const MAX_PHRASES = 50;

const clean = (s: string) => s.replace(/\s+/g, " ").trim();
const unquote = (s: string) =>
  s
    .trim()
    .replace(/^["“'](.*)["”']$/s, "$1")
    .trim();
const uniq = <T>(items: T[], key: (t: T) => string = String): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** Normalises a URL written in an issue: trailing punctuation removed, anchor kept. */
export function normaliseUrl(raw: string): string | null {
  let trimmed = raw.trim().slice(0, 4096);
  // Trailing punctuation is the sentence's; a closing parenthesis is the URL's when it closes one it opened.
  let open = trimmed.split("(").length - trimmed.split(")").length;
  let end = trimmed.length;
  while (end > 0) {
    const last = trimmed[end - 1] ?? "";
    if (last === ")" && open >= 0) break;
    if (!".,;:!?'\"*_>])".includes(last)) break;
    if (last === ")") open++;
    end--;
  }
  trimmed = trimmed.slice(0, end);
  try {
    const url = new URL(trimmed);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.toString();
  } catch {
    return null;
  }
}

const anchorOf = (url: string): string | null => {
  let hash = new URL(url).hash.slice(1);
  // A hash router's fragment is the page (`#/guide/start`); its section is the `id` parameter (docsify's `?id=`).
  if (hash.startsWith("/")) hash = /[?&]id=([^&]{1,200})/.exec(hash)?.[1] ?? "";
  if (!hash) return null;
  try {
    return decodeURIComponent(hash);
  } catch {
    // A malformed escape (`#%`) is kept as written.
    return hash;
  }
};

const fieldAt = (sections: FormSection[], offset: number | undefined) =>
  offset === undefined ? undefined : sections.find((s) => offset >= s.start && offset < s.end);

type Ancestors = Array<Nodes>;

const inCode = (ancestors: Ancestors) => ancestors.some((a) => a.type === "code" || a.type === "inlineCode");

/** The closest block around a node, as text: its table row, list item or paragraph. */
const contextOf = (ancestors: Ancestors): string => {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a && (a.type === "paragraph" || a.type === "listItem" || a.type === "tableCell")) {
      return clean(nodeText(a)).slice(0, 300);
    }
  }
  return "";
};

/** Pages and their context from Markdown tables that have a column of URLs. */
function tablePages(table: Table): Array<{ url: string; context: string }> {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const headers = header.children.map((c) => clean(nodeText(c)).toLowerCase());
  const contextCol = headers.findIndex((h) =>
    /context|description|what|problem|issue|note|reason|gap/.test(h),
  );
  const out: Array<{ url: string; context: string }> = [];
  for (const row of rows) {
    row.children.forEach((cell, col) => {
      const links: string[] = [];
      visitParents(cell, "link", (link: Link) => {
        links.push(link.url);
      });
      for (const link of links) {
        const url = normaliseUrl(link);
        if (!url) continue;
        const others = row.children.filter((_, i) => i !== col);
        const ctxCell = contextCol >= 0 && contextCol !== col ? row.children[contextCol] : undefined;
        const context = clean(ctxCell ? nodeText(ctxCell) : others.map((c) => nodeText(c)).join(" — "));
        out.push({ url, context });
      }
    });
  }
  return out;
}

/** The paragraph right before a node among its siblings, as text. */
const previousText = (ancestors: Ancestors, node: Nodes): string => {
  const parent = ancestors[ancestors.length - 1];
  if (!parent || !("children" in parent)) return "";
  const siblings = parent.children as Nodes[];
  const index = siblings.indexOf(node);
  const prev = index > 0 ? siblings[index - 1] : undefined;
  return prev ? nodeText(prev) : "";
};

/** Text of eight or more words that is mostly letters and spaces: prose, whatever it is formatted as. */
function readsAsProse(text: string): boolean {
  if (text.length > 2_000) return false;
  const words = text.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w));
  const letters = text.replace(/[^\p{L}\s]/gu, "").length;
  return words.length >= 8 && letters / text.length >= 0.8;
}

/** Splits a blockquote into its quoted passages (paragraphs and list items). */
const quotePassages = (quote: Blockquote): string[] =>
  quote.children
    .flatMap((child): Nodes[] => (child.type === "list" ? child.children : [child]))
    .map((n) => unquote(clean(nodeText(n))))
    .filter((t) => t.length >= 8);

export const MAX_BODY = 65_536;

/** Words that introduce what the docs should say (checked before CURRENT_LEAD: "should be" beats "is"). */
const SUGGESTED_LEAD =
  /\b(suggest\w*|should\s+(be|read|say)|expected|correct(ed|ly)?|instead|propos\w*|solution|rewording|fixed|after)\b/i;
/** Words that introduce what the docs show now. */
const CURRENT_LEAD = /\b(current(ly)?|actual|now|existing|before|wrong|incorrect|says?)\b/i;

/** Parses an issue's title and body into facts. Never throws on any input. */
export function parseIssue(issue: IssueInput, options: ParseOptions = {}): IssueFacts {
  const title = (issue.title ?? "").slice(0, 1024);
  // GitHub caps a body at 65,536 characters; anything longer did not come from GitHub and is cut.
  const body = cutLongRuns((issue.body ?? "").slice(0, MAX_BODY).replace(/\r\n?/g, "\n"));
  const tree: Root = parseMarkdown(body);
  const sections = splitForm(body, tree, options.formLabels);
  const fieldOf = (role: FormField["role"]) =>
    sections.find((s) => s.role === role && s.value)?.value ?? null;

  const urls: IssueUrl[] = [];
  const references: IssueReference[] = [];
  const identifiers: string[] = [];
  const phrases: string[] = [];
  const addPhrase = (text: string) => {
    const p = clean(text).replace(/[.,:;!?]+$/, "");
    if (phrases.length < MAX_PHRASES && p.length >= 3 && p.length <= 60 && /\p{L}/u.test(p)) phrases.push(p);
  };
  const versions: string[] = [];
  const changelogQuotes: string[] = [];
  const docQuotes: string[] = [];
  const codeBlocks: IssueFacts["codeBlocks"] = [];

  const addUrl = (raw: string, origin: IssueUrl["origin"], context: string, checklist = false) => {
    const url = normaliseUrl(raw);
    if (!url) return;
    const ref = GITHUB_REF_URL.exec(url);
    if (ref?.[1] && ref[3] && isRepoSlug(ref[1])) {
      references.push({ repo: ref[1], number: Number(ref[3]), kind: ref[2] === "pull" ? "pull" : "issue" });
    }
    urls.push({ url, anchor: anchorOf(url), origin, context, checklist });
  };

  const addVersions = (text: string, always: boolean) => {
    for (const m of text.matchAll(VERSION)) {
      const window = text.slice(Math.max(0, (m.index ?? 0) - 60), (m.index ?? 0) + m[0].length + 30);
      if (always || m[1] === "v" || VERSION_CONTEXT.test(window)) versions.push(m[2] ?? "");
    }
  };

  const addIdentifiers = (text: string) => {
    // Option paths such as config.css.modules.localsConvention: the path and its contiguous parts.
    for (const m of text.matchAll(DOTTED)) {
      // A real option path has a few segments; a run of hundreds is not one (and its parts would be quadratic).
      if (m[0].length > 200) continue;
      const segs = m[0].split(".");
      if (segs.length > 8) continue;
      for (let i = 0; i < segs.length; i++) {
        for (let j = i + 2; j <= segs.length; j++) identifiers.push(segs.slice(i, j).join("."));
      }
      const last = segs[segs.length - 1] ?? "";
      if (/[a-z][A-Z]/.test(last)) identifiers.push(last);
    }
    for (const m of text.matchAll(FLAG)) if (m[0].length > 3) identifiers.push(m[0].split("=")[0] ?? m[0]);
    for (const m of text.matchAll(ENV_VAR)) identifiers.push(m[0]);
    for (const m of text.matchAll(COMPOUND))
      if (m[0].length <= 80 && !m[0].split("-").some((w) => PHRASE_WORD.test(w))) identifiers.push(m[0]);
  };

  // Tables of affected pages first: they carry the reporter's context for each page.
  visitParents(tree, "table", (table: Table) => {
    for (const { url, context } of tablePages(table)) addUrl(url, "table", context);
  });

  visitParents(tree, (node, ancestors) => {
    const field = fieldAt(sections, node.position?.start.offset);
    switch (node.type) {
      case "link": {
        const link = node as Link;
        if (ancestors.some((a) => a.type === "table")) return;
        const text = nodeText(link);
        // A link inside quoted text is the quoted page's own link, not the reporter pointing at a page.
        const origin: IssueUrl["origin"] =
          field?.role === "location"
            ? "location"
            : ancestors.some((a) => a.type === "blockquote")
              ? "quote"
              : text && normaliseUrl(text) !== normaliseUrl(link.url)
                ? "link"
                : "text";
        const checklist = ancestors.some((a) => a.type === "listItem" && typeof a.checked === "boolean");
        addUrl(link.url, origin, contextOf(ancestors as Ancestors) || clean(text), checklist);
        return;
      }
      case "code": {
        const code = node as Code;
        const lead = `${field?.label ?? ""} ${previousText(ancestors as Ancestors, code).slice(-200)}`;
        const role =
          field?.role === "suggestion" || SUGGESTED_LEAD.test(lead)
            ? "suggested"
            : field?.role === "current" || CURRENT_LEAD.test(lead)
              ? "current"
              : null;
        codeBlocks.push({ lang: code.lang ?? null, value: code.value, role });
        return;
      }
      case "inlineCode": {
        const value = (node as InlineCode).value.trim();
        if (value.length > 0 && value.length <= 80) identifiers.push(value);
        // A sentence pasted in backticks is a quote of the docs, not code.
        else if (readsAsProse(value)) docQuotes.push(unquote(clean(value.replace(/^[.…\s]+/, ""))));
        addVersions(value, false);
        return;
      }
      case "text": {
        if (inCode(ancestors as Ancestors) || ancestors.some((a) => a.type === "link")) return;
        const value = (node as Text).value;
        addVersions(value, field?.role === "docType" ? false : CHANGELOG_CONTEXT.test(field?.label ?? ""));
        addIdentifiers(value);
        for (const m of value.matchAll(REF)) {
          if (m[1] && !isRepoSlug(m[1])) continue;
          references.push({ repo: m[1] ?? null, number: Number(m[2]), kind: "unknown" });
        }
        return;
      }
      case "emphasis":
      case "strong": {
        if (!inCode(ancestors as Ancestors)) addPhrase(nodeText(node as Nodes));
        return;
      }
      case "paragraph": {
        const text = nodeText(node as Nodes);
        for (const m of text.matchAll(QUOTED_PHRASE)) addPhrase(m[1] ?? m[2] ?? "");
        if (CHANGELOG_CONTEXT.test(text)) {
          for (const m of text.matchAll(QUOTED)) changelogQuotes.push(clean(m[1] ?? m[2] ?? ""));
        }
        return;
      }
      case "blockquote": {
        const quote = node as Blockquote;
        const lead = `${previousText(ancestors as Ancestors, quote)} ${field?.label ?? ""}`;
        const aboutChangelog = CHANGELOG_CONTEXT.test(previousText(ancestors as Ancestors, quote));
        const passages = quotePassages(quote);
        if (aboutChangelog) changelogQuotes.push(...passages);
        else if (field?.role !== "suggestion" || /current|say|mention|state/i.test(lead))
          docQuotes.push(...passages);
        return;
      }
      default:
        return;
    }
  });

  // Plain-text URLs the Markdown parser did not link (e.g. inside HTML) are still URLs the reporter wrote.
  for (const m of body.matchAll(/https?:\/\/[^\s<>()"'`\]]+/g)) {
    const url = normaliseUrl(m[0]);
    // The Markdown parser's links keep balanced parentheses (`/wiki/A_(b)`); a cut copy of one is not a new URL.
    if (url && !urls.some((u) => u.url.startsWith(url.replace(/\/$/, ""))) && !ASSET_URL.test(url))
      addUrl(url, "text", "");
  }
  for (const m of title.matchAll(/https?:\/\/[^\s<>()"'`]+/g)) addUrl(m[0], "title", title);

  const subject = clean(title.replace(TITLE_PREFIX, "")) || clean(title);
  addVersions(title, false);
  for (const m of title.matchAll(VERSION)) {
    if (!versions.includes(m[2] ?? "")) versions.push(m[2] ?? "");
  }
  for (const m of title.matchAll(/`([^`]{1,80})`/g)) identifiers.push(m[1] ?? "");
  addIdentifiers(title);
  for (const m of title.matchAll(QUOTED_PHRASE)) addPhrase(m[1] ?? m[2] ?? "");

  const dedupedUrls = uniq(urls, (u) => u.url);
  const pages = dedupedUrls.filter((u) => !ASSET_URL.test(u.url) && !GITHUB_REF_URL.test(u.url));
  const suggestionField = fieldOf("suggestion");
  const problemField = fieldOf("problem");

  return {
    title,
    subject,
    isForm: sections.length > 0,
    fields: sections.map(({ label, value, role }) => ({ label, value, role })),
    docType: fieldOf("docType"),
    impact: fieldOf("impact"),
    sectionHint: fieldOf("section"),
    urls: dedupedUrls,
    pages,
    versions: uniq(versions.filter(Boolean)),
    changelogQuotes: uniq(changelogQuotes.filter((q) => q.length >= 8)),
    docQuotes: uniq(docQuotes),
    suggestedText: suggestionField ? suggestedTextOf(suggestionField) : null,
    problem: problemField ? plain(problemField) : sections.length ? null : plain(body),
    suggestion: suggestionField ? plain(suggestionField) : null,
    references: uniq(references, (r) => `${r.repo ?? ""}#${r.number}`),
    corrections: statedCorrections(title, body),
    identifiers: uniq(identifiers.map((i) => i.trim()).filter((i) => i.length > 1)),
    phrases: uniq(phrases),
    codeBlocks,
  };
}

/** Markdown to plain text, for the analysis. */
const plain = (markdown: string): string =>
  blockText(parseMarkdown(markdown)).split("\n").map(clean).filter(Boolean).join("\n");

/** The text a reporter proposes: a blockquote, a fenced block or a quoted "suggested text". */
function suggestedTextOf(markdown: string): string | null {
  const tree = parseMarkdown(markdown);
  const quote = tree.children.find((n) => n.type === "blockquote");
  // As written, without the quote markers: inline code and emphasis stay what the reporter made them.
  const start = quote?.position?.start.offset;
  const end = quote?.position?.end.offset;
  if (quote && start !== undefined && end !== undefined)
    return markdown
      .slice(start, end)
      .split("\n")
      .map((l) => l.replace(/^\s{0,3}>\s?/, ""))
      .join("\n")
      .trim();
  if (quote) return nodeText(quote).trim();
  const match = /suggested text:?\s*["“]([^"”]{8,4000})["”]/i.exec(markdown.slice(0, 20_000));
  return match?.[1]?.trim() ?? null;
}
