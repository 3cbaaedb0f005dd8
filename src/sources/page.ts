import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { NodeHtmlMarkdown } from "node-html-markdown";
import type { SafeFetcher } from "./fetch.js";
import type { SourceRecord } from "./record.js";
import { record } from "./record.js";

export interface FetchedPage {
  url: string;
  title: string | null;
  markdown: string;
  /** `markdown` when the site served a Markdown variant, `html` when converted. */
  via: "markdown" | "html";
}

/** Main content of an HTML page as Markdown: headings, links (absolute) and fenced code kept. */
export function htmlToMarkdown(html: string, url: string): { title: string | null; markdown: string } {
  const { document } = parseHTML(html);
  const base = document.createElement("base");
  base.setAttribute("href", url);
  document.head?.prepend(base);
  const langs = [...html.matchAll(/class="[^"]*\b(language-[\w-]+)/g)].map((m) => m[1] as string);
  const article = new Readability(document as unknown as Document, { classesToPreserve: langs }).parse();
  const content = article?.content ?? document.body?.innerHTML ?? "";
  const title = article?.title?.trim() || null;
  const md = NodeHtmlMarkdown.translate(content).trim();
  return { title, markdown: title && !md.startsWith("# ") ? `# ${title}\n\n${md}` : md };
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
  const converted = /html/i.test(res.contentType)
    ? htmlToMarkdown(res.body, res.url)
    : { title: null, markdown: res.body };
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
