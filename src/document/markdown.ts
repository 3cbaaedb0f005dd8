import GithubSlugger from "github-slugger";
import type { Definition, Heading, Link, Root, RootContent } from "mdast";
import { toString as mdToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { parse as parseYaml } from "yaml";
import { cutLongRuns } from "../text/prose.js";
import gfmWithoutFootnotes from "./gfm.js";
import { closeSections, type DocLink, type DocModel, type Section } from "./model.js";

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .use(gfmWithoutFootnotes);

const PARSED_MAX = 256;
const MAX_DEPTH = 48;

/** How deep a tree nests, walked without recursion. */
function depthOf(tree: Root): number {
  let max = 0;
  const stack: Array<[Root | RootContent, number]> = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [Root | RootContent, number];
    if (depth > max) max = depth;
    if (max > MAX_DEPTH) return max;
    if ("children" in node)
      for (const child of node.children as RootContent[]) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * The deepest run of container markers (`>`, `-`, `*`, `+`, `1.`) opening a line: how deep the parser would nest
 * before it builds the tree. One pass over the text, stopping once past the limit.
 */
function containerDepth(source: string): number {
  let max = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    let depth = 0;
    for (;;) {
      while (source[i] === " " || source[i] === "\t") i++;
      const c = source[i];
      if (c === ">") i++;
      else if ((c === "-" || c === "*" || c === "+") && (source[i + 1] === " " || source[i + 1] === "\t"))
        i += 2;
      else if (c !== undefined && c >= "0" && c <= "9") {
        let j = i;
        while (j < n && j - i < 9 && (source[j] ?? "") >= "0" && (source[j] ?? "") <= "9") j++;
        if ((source[j] === "." || source[j] === ")") && (source[j + 1] === " " || source[j + 1] === "\t"))
          i = j + 2;
        else break;
      } else break;
      depth++;
      if (depth > MAX_DEPTH) return depth;
    }
    if (depth > max) max = depth;
    const nl = source.indexOf("\n", i);
    if (nl < 0) break;
    i = nl + 1;
  }
  return max;
}

const MAX_SETEXT = 400;

/**
 * How many lines underline the line before them (`Title` over `=====` or `-----`), stopping past the limit: the
 * parser resolves each such heading over all the events before it, quadratic in their number.
 */
function setextUnderlines(source: string): number {
  let count = 0;
  let prevBlank = true;
  let i = 0;
  const n = source.length;
  while (i < n && count <= MAX_SETEXT) {
    const nl = source.indexOf("\n", i);
    const end = nl < 0 ? n : nl;
    const line = source.slice(i, Math.min(end, i + 200));
    const blank = line.trim() === "";
    if (!prevBlank && /^ {0,3}(?:=+|-+)[ \t]*$/.test(line)) count++;
    prevBlank = blank;
    i = end + 1;
  }
  return count;
}

const flat = (source: string): Root => ({
  type: "root",
  children: [{ type: "paragraph", children: [{ type: "text", value: source }] }],
});
const parsed = new Map<string, Root>();

/**
 * Parses Markdown (GFM, front matter) into an mdast tree with positions. The same text is parsed once: the last
 * few hundred trees are kept (least recently used dropped). Callers must not change the tree.
 */
export function parseMarkdown(source: string): Root {
  const hit = parsed.get(source);
  if (hit) {
    parsed.delete(source);
    parsed.set(source, hit);
    return hit;
  }
  // Nesting deeper than any real document (`> - ` repeated) would overflow the parser's own recursive walks and
  // every later one, and hundreds of underlined headings take the parser quadratic time: such a text is kept as
  // one plain paragraph, checked before parsing and after.
  let tree: Root;
  if (containerDepth(source) > MAX_DEPTH || setextUnderlines(source) > MAX_SETEXT) tree = flat(source);
  else {
    let parsedTree: Root;
    try {
      parsedTree = processor.parse(source) as Root;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      parsedTree = flat(source);
    }
    tree = depthOf(parsedTree) > MAX_DEPTH ? flat(source) : parsedTree;
  }
  parsed.set(source, tree);
  if (parsed.size > PARSED_MAX) parsed.delete(parsed.keys().next().value as string);
  return tree;
}

export const nodeText = (node: Root | RootContent): string => mdToString(node);

const BLOCK_CONTAINERS = new Set(["root", "blockquote", "list", "listItem", "table", "tableRow"]);

/** Plain text of a tree, one line per block (mdast-util-to-string runs blocks together). */
export const blockText = (node: Root | RootContent): string =>
  BLOCK_CONTAINERS.has(node.type) && "children" in node
    ? (node.children as RootContent[]).map(blockText).filter(Boolean).join("\n")
    : node.type === "code"
      ? node.value
      : mdToString(node);

const readFrontMatter = (tree: Root): Record<string, unknown> => {
  const first = tree.children[0];
  if (first?.type !== "yaml") return {};
  try {
    const data = parseYaml(first.value) as unknown;
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * Strips trailing anchors from a heading text: `{#custom-id}` (Docusaurus, VitePress, attr lists) and react.dev's
 * form, the id in an MDX comment in braces (its stars read away as emphasis: `{/custom-id/}`).
 */
const cleanHeading = (text: string): { text: string; id: string | null } => {
  const match = /\s*\{#([\w-]+)\}\s*$/.exec(text) ?? HEADING_COMMENT_ID.exec(text);
  return match
    ? { text: text.slice(0, match.index).trim(), id: match[1] ?? null }
    : { text: text.trim(), id: null };
};

/** An id in an MDX comment in braces at a heading's end, also with its stars read as emphasis. */
export const HEADING_COMMENT_ID = /\s*\{\/\*?\s*([\w-]{1,200})\s*\*?\/\}\s*$/;

/** Splits a Markdown or MDX file into its heading sections with 1-based line ranges. */
export function readMarkdown(source: string, format: "markdown" | "mdx" = "markdown"): DocModel {
  const tree = parseMarkdown(cutLongRuns(source));
  const lineCount = source.split("\n").length;
  const slugger = new GithubSlugger();
  const heads = tree.children.filter((n): n is Heading => n.type === "heading");
  const sections: Section[] = [];
  const stack: Section[] = [];
  heads.forEach((h, i) => {
    const { text, id } = cleanHeading(nodeText(h));
    const startLine = h.position?.start.line ?? 1;
    const nextAny = heads[i + 1];
    const bodyEndLine = nextAny ? (nextAny.position?.start.line ?? lineCount) - 1 : lineCount;
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= h.depth) stack.pop();
    const slug = id ?? slugger.slug(text);
    const section: Section = {
      depth: h.depth,
      heading: text,
      slug,
      ids: [slug],
      startLine,
      endLine: lineCount,
      bodyEndLine,
      parents: stack.map((s) => s.heading),
    };
    stack.push(section);
    sections.push(section);
  });
  closeSections(sections, lineCount);
  // Text before the first heading (after front matter) is a section of its own: the page's introduction.
  const firstBlock = tree.children.find((n) => n.type !== "yaml" && (n.type as string) !== "toml");
  const firstHeadingLine = heads[0]?.position?.start.line ?? lineCount + 1;
  const introStart = firstBlock?.position?.start.line;
  if (firstBlock && firstBlock.type !== "heading" && introStart && introStart < firstHeadingLine) {
    sections.unshift({
      depth: 0,
      heading: "(introduction)",
      slug: "",
      ids: [],
      startLine: introStart,
      endLine: firstHeadingLine - 1,
      bodyEndLine: firstHeadingLine - 1,
      parents: [],
    });
  }
  const frontMatter = readFrontMatter(tree);
  const fmTitle = typeof frontMatter.title === "string" ? frontMatter.title : null;
  const h1 = sections.find((s) => s.depth === 1)?.heading ?? null;
  const blocks = tree.children
    .filter((n) => n.type !== "yaml" && (n.type as string) !== "toml" && n.position)
    .map((n): [number, number] => [n.position?.start.line ?? 0, n.position?.end.line ?? 0]);
  const links: DocLink[] = [];
  visit(tree, (node) => {
    if (links.length >= 5_000) return;
    if (node.type === "link")
      links.push({ line: node.position?.start.line ?? 0, text: nodeText(node), target: (node as Link).url });
    // Reference definitions (`[the spec]: https://...`) are where a reference-style link's target is written.
    else if (node.type === "definition") {
      const def = node as Definition;
      links.push({ line: def.position?.start.line ?? 0, text: def.label ?? def.identifier, target: def.url });
    }
  });
  return { format, frontMatter, title: fmTitle ?? h1, sections, lineCount, blocks, links };
}
