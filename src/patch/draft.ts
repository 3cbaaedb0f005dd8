import type { ConcreteFix } from "../analysis/fixes.js";
import { formatOf } from "../document/read.js";
import { placement } from "../locate/placement.js";
import type { Gathered } from "../types/gathered.js";
import type { Edit } from "../types/patch.js";

/**
 * The heuristic engine's patch: an honest draft at the right place. It carries what the issue itself asks for
 * (the reporter's suggested text, or the verified changelog entry) under a visible marker, so a maintainer
 * finishes the wording; it never invents documentation prose.
 */

const MAX_DRAFT_LINES = 40;

/** The draft's marker as a comment of the file's format: readers of the built page never see it. */
const comment = (path: string, text: string) => {
  const format = formatOf(path);
  if (format === "mdx") return `{/* ${text.replace(/\*\//g, "* /")} */}`;
  // An rst comment is `.. ` followed by text that is not a directive (no `::`) or a target (no leading `_`).
  if (format === "rst") return `.. ${text.replace(/::/g, ":").replace(/^_/, "")}`;
  if (format === "asciidoc") return `// ${text}`;
  return `<!-- ${text.replace(/--+>?/g, "-")} -->`;
};

/** Closes an unbalanced code fence so the draft never swallows the rest of the file. */
const balanced = (text: string) => {
  const fences = text.match(/^\s{0,3}(```|~~~)/gm) ?? [];
  return fences.length % 2 ? `${text}\n${fences[fences.length - 1]?.trim() ?? "```"}` : text;
};

/** A draft's Markdown code fences rewritten in the file's format: each fence's lines replaced, code lines indented. */
const refenced = (
  text: string,
  open: (lang: string) => string[],
  close: string[],
  indent: string,
  prose: (line: string) => string = (line) => line,
) => {
  const out: string[] = [];
  let inCode = false;
  for (const line of text.split("\n")) {
    const fence = /^\s{0,3}(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      out.push(...(inCode ? close : open(fence[2] ?? "")));
      inCode = !inCode;
      continue;
    }
    out.push(inCode ? `${indent}${line}` : prose(line));
  }
  return out.join("\n");
};

/**
 * As reStructuredText: `code-block` directives (a literal block `::` without a language), and inline code in double
 * backticks (single ones are interpreted text there).
 */
const asRst = (text: string) =>
  refenced(
    text,
    (lang) => [lang ? `.. code-block:: ${lang}` : "::", ""],
    [""],
    "   ",
    (line) => line.replace(/(?<!`)`([^`\n]{1,200})`(?!`)/g, "``$1``"),
  );

/** As AsciiDoc listing blocks (`[source,lang]` and `----`). */
const asAsciidoc = (text: string) =>
  refenced(text, (lang) => [...(lang ? [`[source,${lang}]`] : []), "----"], ["----"], "");

const clip = (text: string) => {
  const lines = text.trim().split("\n");
  return lines.length > MAX_DRAFT_LINES
    ? [...lines.slice(0, MAX_DRAFT_LINES), "…"].join("\n")
    : lines.join("\n");
};

/** Text the reporter proposes that may go into a docs file as is: plain prose or code, no links, images or HTML. */
const PLAIN = (text: string) => !/\]\(|!\[|<[a-z!/]|https?:\/\/|\bwww\./i.test(text);

/**
 * Draft edits, only where the change is real: the fixes the facts determine (the reporter's before/after, a
 * stated correction, a link the site model corrects, a doubled word), else the reporter's explicit proposed
 * wording at the place the issue points to, marked for review. Otherwise none: the comment says where the change
 * goes, and nothing is drafted. Generated files are never edited.
 */
export function draftEdits(
  gathered: Gathered,
  fixes: ConcreteFix[],
  maxFiles: number,
  issueNumber: number | null,
): Edit[] {
  const generated = new Set(gathered.checks.generated.map((g) => g.path));
  const files = [...new Set(fixes.map((f) => f.path))].filter((p) => !generated.has(p)).slice(0, maxFiles);
  if (files.length)
    return fixes
      .filter((f) => files.includes(f.path))
      .map((f) => ({
        path: f.path,
        kind: "replace",
        heading: null,
        find: f.find,
        title: null,
        text: f.replace,
      }));
  const proposed = gathered.facts.suggestedText?.trim();
  const page = gathered.pages.find((p) => p.sourcePath && gathered.files.has(p.sourcePath));
  if (!proposed || !PLAIN(proposed) || !page?.sourcePath || generated.has(page.sourcePath) || maxFiles < 1)
    return [];
  const path = page.sourcePath;
  const text = gathered.files.get(path) ?? "";
  const codeLines = gathered.facts.codeBlocks.flatMap((b) => b.value.split("\n"));
  const place = placement(path, text, page, gathered.facts, codeLines);
  const who = `docgap draft${issueNumber ? ` for issue #${issueNumber}` : ""}`;
  const marker = comment(path, `${who}: the reporter's proposed wording; review before merging`);
  const draft = balanced(clip(proposed));
  // In rst a comment runs on into an indented block: the draft stands after a blank line.
  const format = formatOf(path);
  const body =
    format === "rst"
      ? `${marker}\n\n${asRst(draft)}`
      : format === "asciidoc"
        ? `${marker}\n${asAsciidoc(draft)}`
        : `${marker}\n${draft}`;
  if (place)
    return [{ path, kind: "insert-after", heading: null, find: place.line, title: null, text: body }];
  const section = page.section;
  if (section && section.heading !== "(introduction)")
    return [
      { path, kind: "append-to-section", heading: section.heading, find: null, title: null, text: body },
    ];
  return [];
}
