import { Readability } from "@mozilla/readability";
import { Parser } from "htmlparser2";
import { parseHTML } from "linkedom";
import { NodeHtmlMarkdown } from "node-html-markdown";
import type { SourceRecord } from "../types/source-record.js";
import { record } from "../types/source-record.js";
import type { SafeFetcher } from "./fetch.js";

export interface FetchedPage {
  url: string;
  title: string | null;
  markdown: string;
  /** `markdown` when the site served a Markdown variant, `html` when converted. */
  via: "markdown" | "html";
}

/** Deeper than any real page: the DOM, Readability and the converter all walk the tree recursively. */
const MAX_HTML_DEPTH = 256;

/**
 * How deep the elements of a page nest, read with htmlparser2's streaming tokenizer (void elements and the ones
 * HTML closes implicitly are closed as a browser closes them); stops once past the limit.
 */
function htmlDepth(html: string): number {
  let depth = 0;
  let max = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > max) max = depth;
      if (max > MAX_HTML_DEPTH) parser.pause();
    },
    onclosetag() {
      depth = Math.max(0, depth - 1);
    },
  });
  parser.end(html);
  return max;
}

/** A page's text without its tags (scripts and styles left out), for pages too deep to build a tree of. */
function plainText(html: string): { title: string | null; markdown: string } {
  let title = "";
  let skip = 0;
  let inTitle = false;
  const chunks: string[] = [];
  const parser = new Parser({
    onopentag(name) {
      if (name === "script" || name === "style") skip++;
      if (name === "title") inTitle = true;
      chunks.push(" ");
    },
    onclosetag(name) {
      if ((name === "script" || name === "style") && skip > 0) skip--;
      if (name === "title") inTitle = false;
      chunks.push(" ");
    },
    ontext(text) {
      if (inTitle) title += text;
      else if (!skip) chunks.push(text);
    },
  });
  parser.end(html);
  const text = chunks
    .join("")
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
  const heading = title.trim().slice(0, 500) || null;
  return { title: heading, markdown: heading ? `# ${heading}\n\n${text}` : text };
}

/**
 * Main content of an HTML page as Markdown: headings, links (absolute) and fenced code kept. A page nested deeper
 * than any real one is taken as its plain text.
 */
export function htmlToMarkdown(html: string, url: string): { title: string | null; markdown: string } {
  if (htmlDepth(html) > MAX_HTML_DEPTH) return plainText(html);
  let { document } = parseHTML(html);
  // A body served as HTML without any element (plain text, a fragment) gets a document around it.
  if (!document.documentElement?.firstElementChild)
    ({ document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`));
  const base = document.createElement("base");
  base.setAttribute("href", url);
  document.head?.prepend(base);
  const langs = [...html.matchAll(/class="[^"]*\b(language-[\w-]+)/g)].map((m) => m[1] as string);
  // The article comes back as its element (no HTML string to parse again), links already absolute.
  const article = new Readability<Node>(document as unknown as Document, {
    classesToPreserve: langs,
    serializer: (node) => node,
  }).parse();
  const title = article?.title?.trim() || null;
  const md = toMarkdown((article?.content ?? document.body) as unknown as ChildNode | null);
  return { title, markdown: title && !md.startsWith("# ") ? `# ${title}\n\n${md}` : md };
}

/** HTML of one block above which its text is taken instead of its Markdown. */
const BLOCK_LIMIT = 50_000;
const converter = new NodeHtmlMarkdown();

/**
 * The article's HTML as Markdown, block by block: the converter's cost grows with the square of the inline nodes
 * in one block (4,000 adjacent links: 19 s), so a block over 50,000 characters of HTML is taken as its plain text.
 */
function toMarkdown(root: ChildNode | null): string {
  let nodes = [...(root?.childNodes ?? [])];
  // Readability wraps the article in a <div> or two: go down to the blocks.
  for (let depth = 0; depth < 10; depth++) {
    const only = nodes.filter((n) => n.nodeType === 1 || (n.textContent ?? "").trim());
    const first = only[0] as (Element & ChildNode) | undefined;
    if (only.length !== 1 || first?.nodeType !== 1 || first.tagName !== "DIV") break;
    nodes = [...first.childNodes];
  }
  return nodes
    .map((node) => {
      if (node.nodeType !== 1) return (node.textContent ?? "").trim();
      const html = (node as Element).outerHTML;
      return html.length > BLOCK_LIMIT ? (node.textContent ?? "").trim() : converter.translate(html).trim();
    })
    .filter(Boolean)
    .join("\n\n");
}

/** The Markdown variant many doc sites serve beside a page (`/guide/intro` → `/guide/intro.md`). */
export function markdownVariant(url: string): string | null {
  const u = new URL(url);
  u.hash = "";
  u.search = "";
  if (/\.(md|mdx)$/i.test(u.pathname)) return null;
  const p = u.pathname.replace(/\/$/, "");
  if (!p) return null;
  u.pathname = `${p.replace(/\.html?$/i, "")}.md`;
  return u.toString();
}

const looksLikeMarkdown = (body: string) => !/^\s*<(!doctype|html|head|body)\b/i.test(body);

/** Fetches a docs page, preferring its Markdown variant; records every attempt. */
export async function fetchPage(
  url: string,
  fetcher: SafeFetcher,
  sources: SourceRecord[],
): Promise<FetchedPage | null> {
  const variant = markdownVariant(url);
  if (variant) {
    const md = await fetcher(variant, "text/markdown, text/plain;q=0.9");
    if (md.status === "ok" && looksLikeMarkdown(md.body) && !/html/i.test(md.contentType)) {
      sources.push(
        record({ kind: "page", url: variant, status: "ok", reason: "Markdown variant of the page" }),
      );
      const title = /^#\s+(.+)$/m.exec(md.body)?.[1]?.trim() ?? null;
      return { url, title, markdown: md.body, via: "markdown" };
    }
    if (md.status === "blocked") {
      sources.push(record({ kind: "page", url: variant, status: "blocked", reason: md.reason }));
      return null;
    }
  }
  const res = await fetcher(url);
  if (res.status !== "ok") {
    sources.push(record({ kind: "page", url, status: res.status, reason: res.reason }));
    return null;
  }
  let converted: { title: string | null; markdown: string };
  try {
    converted = /html/i.test(res.contentType)
      ? htmlToMarkdown(res.body, res.url)
      : { title: null, markdown: res.body };
  } catch (err) {
    // A page that no parser can read is a source that failed, never a failed analysis.
    const reason = `the page could not be read as HTML: ${(err as Error).message?.split("\n")[0] ?? "unknown error"}`;
    sources.push(record({ kind: "page", url, status: "error", reason }));
    return null;
  }
  sources.push(
    record({
      kind: "page",
      url,
      status: "ok",
      reason: /html/i.test(res.contentType) ? "HTML converted to Markdown" : null,
    }),
  );
  return {
    url,
    title: converted.title,
    markdown: converted.markdown,
    via: /html/i.test(res.contentType) ? "html" : "markdown",
  };
}
