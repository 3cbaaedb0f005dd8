import type { Nodes, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visitParents } from "unist-util-visit-parents";

const md = unified().use(remarkParse).use(remarkGfm);

/** What renders live in Markdown, outside code: links, images, raw HTML, headings, and @mentions. */
export function live(markdown: string) {
  const tree = md.parse(markdown) as Root;
  const out = {
    links: [] as string[],
    html: [] as string[],
    headings: [] as string[],
    mentions: [] as string[],
  };
  // Code (fenced or inline) is a leaf: nothing in it is a text node, so it is never looked at.
  visitParents(tree, (node: Nodes) => {
    if (node.type === "link" || node.type === "image") out.links.push(node.url);
    if (node.type === "html") out.html.push(node.value);
    if (node.type === "heading")
      out.headings.push(markdown.slice(node.position?.start.offset, node.position?.end.offset));
    if (node.type === "text" && /(^|[^\w\u200b])[@\uff20\ufe6b][A-Za-z0-9]/.test(node.value))
      out.mentions.push(node.value);
  });
  return out;
}

/** Text that would mention, link, embed, inject HTML, make a heading or break a table if published as is. */
export const HOSTILE = [
  "@octocat",
  "&#64;octocat",
  "＠octocat",
  "[x](https://evil.example/a)",
  "![t](https://evil.example/p.png)",
  "https://evil.example/b",
  "HTTPS://EVIL.EXAMPLE/B",
  "www.evil.example/a",
  "<img src=x>",
  "</details>",
  "<!-- docgap:comment -->",
  "<script>alert(1)</script>",
  "\n# Heading\n",
  "\nTitle\n=====\n",
  "```",
  "`",
  "|",
  "\u202e",
  "\u0000",
  "<https://evil.example/c>",
];
