import path from "node:path/posix";
import GithubSlugger from "github-slugger";
import type { DocgapConfig } from "../config/schema.js";
import type { DocFile } from "../document/doc-file.js";
import type { DocLink } from "../document/model.js";
import { tokenize } from "../text/prose.js";
import type { LinkCheck } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import type { DocsIndex } from "./docs-index.js";
import { locateUrl, mapUrlToFiles, siteBases } from "./mapping.js";

/**
 * Checks the links of a docs file that an issue complains about, as a maintainer would: finds the link (by its
 * text, its target, or the section the issue means), then asks the site model whether a page serves its target
 * and whether the anchor exists, and names the page that does when one is certain.
 */

const MAX_CHECKED = 20;
const FILE_LINK = /\.(?:mdx?|markdown|rst|html?)$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

const lower = (s: string) => s.toLowerCase();
const lastSegment = (target: string) =>
  lower(
    target
      .replace(/[#?].*$/, "")
      .replace(/\/+$/, "")
      .split("/")
      .pop() ?? "",
  ).replace(/\.(?:mdx?|markdown|rst|html?)$/, "");

/** The links of a file the issue is about: named by their text or target, else (for a link complaint) those in the section. */
export function linksMeant(
  links: DocLink[],
  facts: IssueFacts,
  section: { startLine: number; endLine: number } | null,
  brokenLinkIssue: boolean,
): DocLink[] {
  const text = lower(`${facts.title}\n${facts.problem ?? ""}\n${facts.suggestion ?? ""}`).slice(0, 20_000);
  const issueUrls = facts.urls.map((u) => u.url);
  const tails = new Set(issueUrls.map(lastSegment).filter((s) => s.length >= 3));
  const named = links.filter((l) => {
    const t = lower(l.text.trim());
    // A link's text names it when it is distinctive: several words, or any text in an issue about links.
    const distinctive = brokenLinkIssue || t.split(/\s+/).length >= 2;
    if (distinctive && t.length >= 4 && tokenize(t).length > 0 && text.includes(t)) return true;
    if (l.target.length >= 8 && text.includes(lower(l.target))) return true;
    const tail = lastSegment(l.target);
    return (
      SCHEME.test(l.target) &&
      tail.length >= 3 &&
      tails.has(tail) &&
      issueUrls.some((u) => lower(u) === lower(l.target))
    );
  });
  if (named.length || !brokenLinkIssue || !section) return named.slice(0, MAX_CHECKED);
  return links.filter((l) => l.line >= section.startLine && l.line <= section.endLine).slice(0, MAX_CHECKED);
}

export interface LinkContext {
  index: DocsIndex;
  config: DocgapConfig;
  docsRepo: string | null;
}

const slugs = (file: DocFile) => new Set(file.doc.sections.flatMap((s) => s.ids.map(lower)));

/** An anchor the file sets by hand: `{#id}`, `{: #id }` (attr_list), `<a id="id">` / `name="id"`, AsciiDoc anchors. */
const setByHand = (file: DocFile, anchor: string) => {
  const text = lower(file.text);
  return (
    text.includes(`{#${anchor}`) ||
    text.includes(`{: #${anchor}`) ||
    text.includes(`id="${anchor}"`) ||
    text.includes(`name="${anchor}"`) ||
    text.includes(`.. _${anchor}:`) ||
    // AsciiDoc: `[[id]]`, `[[id,text]]`, `[#id]`, `[id=id]`, `anchor:id[]`, anywhere in the page
    text.includes(`[[${anchor}]]`) ||
    text.includes(`[[${anchor},`) ||
    text.includes(`[#${anchor}`) ||
    text.includes(`[id=${anchor}`) ||
    text.includes(`anchor:${anchor}[`)
  );
};

/** The section whose anchor is closest to a missing one: the same words, or one contains the other. */
function nearestAnchor(file: DocFile, anchor: string): string | null {
  const want = new Set(tokenize(anchor.replace(/[-_]/g, " ")));
  if (want.size === 0) return null;
  let best: { slug: string; score: number } | null = null;
  for (const s of file.doc.sections) {
    const have = new Set(tokenize(s.heading));
    const shared = [...want].filter((w) => have.has(w)).length;
    const score = shared / Math.max(want.size, have.size);
    if (score >= 0.5 && (!best || score > best.score)) best = { slug: s.slug, score };
  }
  return best?.slug ?? null;
}

/** The one docs file whose name is the target's last segment, when exactly one is. */
function sameName(index: DocsIndex, target: string): string | null {
  const tail = lastSegment(target);
  if (tail.length < 3) return null;
  const hits = index.sourceFiles.filter((f) => lastSegment(f) === tail);
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

/** A link from `from` to `to`, written the way the original link was (a relative file path, or a route). */
function rewrite(
  original: string,
  from: string,
  to: string,
  index: DocsIndex,
  anchor: string | null,
): string {
  const hash = anchor ? `#${anchor}` : "";
  if (FILE_LINK.test(original.replace(/[#?].*$/, "")) || original.startsWith(".")) {
    let rel = path.relative(path.dirname(from), to);
    // Written as the original was: `./x.md` stays relative-looking, a bare `guide/x.md` (a MkDocs nav) stays bare.
    if (!rel.startsWith(".") && original.startsWith(".")) rel = `./${rel}`;
    return `${rel}${hash}`;
  }
  const route = index.routes.published.get(to);
  return route !== undefined ? `/${route}${hash}`.replace(/\/{2,}/g, "/") : `${original}`;
}

/**
 * Checks one link written in `file`: only its path is read (relative links resolve from it), so a link of a site
 * config or a navigation file is checked the same way as a page's.
 */
export async function checkLink(
  link: DocLink,
  file: Pick<DocFile, "path">,
  ctx: LinkContext,
): Promise<LinkCheck> {
  const base = { path: file.path, line: link.line, text: link.text, target: link.target };
  const target = link.target.trim();
  const [rawPath = "", rawAnchor] = target.split("#", 2);
  const anchor = rawAnchor ? decodeURIComponent(rawAnchor).toLowerCase() : null;
  const withAnchor = async (dest: string): Promise<LinkCheck> => {
    if (!anchor) return { ...base, status: "ok", resolved: dest, suggestion: null, why: `${dest} exists` };
    const doc = await ctx.index.load(dest);
    if (!doc)
      return {
        ...base,
        status: "unchecked",
        resolved: dest,
        suggestion: null,
        why: `${dest} could not be read`,
      };
    if (slugs(doc).has(anchor) || slugs(doc).has(new GithubSlugger().slug(anchor)) || setByHand(doc, anchor))
      return {
        ...base,
        status: "ok",
        resolved: dest,
        suggestion: null,
        why: `${dest} has the anchor #${anchor}`,
      };
    const near = nearestAnchor(doc, anchor);
    return {
      ...base,
      status: "missing-anchor",
      resolved: dest,
      suggestion: near ? `${rawPath}#${near}` : null,
      why: `${dest} has no section with the anchor #${anchor}${near ? `; the closest is #${near}` : ""}`,
    };
  };
  if (!rawPath) return withAnchor(file.path);
  if (/^(?:mailto|tel|javascript|data):/i.test(target))
    return { ...base, status: "unchecked", resolved: null, suggestion: null, why: "not a page link" };
  // A link to the site itself (absolute URL on its host, or a path from its root), or to a file beside this one.
  let dest: string | null = null;
  let onSite = true;
  if (SCHEME.test(rawPath) || rawPath.startsWith("/")) {
    const bases = siteBases(ctx.config, ctx.index.site);
    const url = SCHEME.test(rawPath) ? rawPath : bases[0] ? new URL(rawPath, bases[0]).toString() : null;
    const where = url ? locateUrl(url, ctx.config, ctx.docsRepo, ctx.index.site) : null;
    onSite = !!where?.onSite;
    if (!where || !onSite)
      return {
        ...base,
        status: "external",
        resolved: null,
        suggestion: null,
        why: "a page on another site: docgap does not fetch it to check",
      };
    dest = mapUrlToFiles(where, { routes: ctx.index.routes, config: ctx.config })[0]?.path ?? null;
  } else {
    const joined = path.normalize(path.join(path.dirname(file.path), decodeURIComponent(rawPath)));
    const candidates = [joined, `${joined}.md`, `${joined}.mdx`, `${joined}/index.md`, `${joined}/README.md`];
    dest = candidates.find((c) => ctx.index.routes.files.has(c) || ctx.index.docFiles.includes(c)) ?? null;
    if (!dest && !FILE_LINK.test(rawPath)) {
      // A route relative to the page (`../guide/`): resolve it as the browser would, from the page's own route.
      const route = ctx.index.routes.published.get(file.path);
      const bases = siteBases(ctx.config, ctx.index.site);
      if (route !== undefined && bases[0]) {
        const pageUrl = new URL(`${route}${route && !route.endsWith("/") ? "/" : ""}`, bases[0]);
        const where = locateUrl(
          new URL(rawPath, pageUrl).toString(),
          ctx.config,
          ctx.docsRepo,
          ctx.index.site,
        );
        if (where)
          dest = mapUrlToFiles(where, { routes: ctx.index.routes, config: ctx.config })[0]?.path ?? null;
      }
    }
  }
  if (dest) return withAnchor(dest);
  const same = sameName(ctx.index, rawPath);
  return {
    ...base,
    status: "missing-page",
    resolved: null,
    suggestion: same ? rewrite(target, file.path, same, ctx.index, anchor) : null,
    why: `no page of the site is published at ${rawPath}${same ? `; ${same} has that name` : ""}`,
  };
}
