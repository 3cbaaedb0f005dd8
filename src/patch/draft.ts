import type { Gathered, ResolvedPage } from "../sources/gather.js";
import { formatOf, readDocument } from "../docs/index.js";
import { containsIdentifier } from "../sources/rank.js";
import type { Edit } from "./edit.js";

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
  return `<!-- ${text.replace(/--+>?/g, "-")} -->`;
};

/** Closes an unbalanced code fence so the draft never swallows the rest of the file. */
const balanced = (text: string) => {
  const fences = text.match(/^\s{0,3}(```|~~~)/gm) ?? [];
  return fences.length % 2 ? `${text}\n${fences[fences.length - 1]?.trim() ?? "```"}` : text;
};

/** Markdown code fences of a draft written as reStructuredText `code-block` directives. */
const asRst = (text: string) => {
  const out: string[] = [];
  let inCode = false;
  for (const line of text.split("\n")) {
    const fence = /^\s{0,3}(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      if (!inCode) out.push(fence[2] ? `.. code-block:: ${fence[2]}` : "::", "");
      else out.push("");
      inCode = !inCode;
      continue;
    }
    out.push(inCode ? `   ${line}` : line);
  }
  return out.join("\n");
};

const clip = (text: string) => {
  const lines = text.trim().split("\n");
  return lines.length > MAX_DRAFT_LINES
    ? [...lines.slice(0, MAX_DRAFT_LINES), "…"].join("\n")
    : lines.join("\n");
};

/**
 * A line of the section, unique in the file, after which the draft goes: a quoted passage, a line of code the
 * issue shows that the file has (the "current" example), or an identifier.
 */
function anchorLine(text: string, page: ResolvedPage, identifiers: string[], code: string[]): string | null {
  const section = page.section;
  if (!section) return null;
  const lines = text.split("\n");
  const inSection = (n: number) => n >= section.startLine && n <= section.endLine;
  const unique = (line: string) => line.trim().length > 3 && text.indexOf(line) === text.lastIndexOf(line);
  const candidates: number[] = [];
  for (const q of page.sourceQuoteChecks) if (q.found && q.line && inSection(q.line)) candidates.push(q.line);
  const shown = new Set(code.map((l) => l.trim()).filter((l) => l.length >= 8));
  for (let n = section.startLine + 1; n <= section.endLine; n++) {
    if (shown.has((lines[n - 1] ?? "").trim())) candidates.push(n);
  }
  for (let n = section.startLine + 1; n <= section.endLine; n++) {
    if (identifiers.some((id) => containsIdentifier(lines[n - 1] ?? "", id))) candidates.push(n);
  }
  for (const n of candidates) {
    const line = lines[n - 1] ?? "";
    if (unique(line)) return line;
  }
  return null;
}

function draftText(gathered: Gathered, page: ResolvedPage, primary: boolean): string {
  const { facts } = gathered;
  if (primary && facts.suggestedText?.trim()) return balanced(clip(facts.suggestedText));
  const entry = gathered.changelog.find((c) => c.status === "verified" && c.entry);
  if (primary && entry?.entry) return `Since version ${entry.foundUnder ?? entry.version}: ${entry.entry}`;
  // The top page's TODO names the issue's subject; the others say what the reporter said about each.
  return `TODO: ${clip(primary ? facts.subject : page.context || facts.subject).split("\n")[0]}`;
}

/** Draft edits for the pages docgap mapped (the top page first), at most `maxFiles` files. */
export function draftEdits(gathered: Gathered, maxFiles: number, issueNumber: number | null): Edit[] {
  const edits: Edit[] = [];
  const pages = gathered.pages.filter((p) => p.sourcePath && gathered.files.has(p.sourcePath));
  const ids = gathered.facts.identifiers.filter((id) => id.length >= 3);
  const codeLines = gathered.facts.codeBlocks.flatMap((b) => b.value.split("\n"));
  for (const [i, page] of pages.slice(0, maxFiles).entries()) {
    const path = page.sourcePath as string;
    const text = gathered.files.get(path) ?? "";
    // Beyond the top page, only pages the issue itself named (by URL) get a draft.
    if (i > 0 && !page.url) continue;
    const marker = comment(
      path,
      `docgap draft${issueNumber ? ` for issue #${issueNumber}` : ""}: finish the wording before merging`,
    );
    const draft = draftText(gathered, page, i === 0);
    // In rst a comment runs on into an indented block: the draft stands after a blank line.
    const body = formatOf(path) === "rst" ? `${marker}\n\n${asRst(draft)}` : `${marker}\n${draft}`;
    const anchor = anchorLine(text, page, ids, codeLines);
    const section = page.section;
    if (anchor) {
      edits.push({ path, kind: "insert-after", heading: null, find: anchor, title: null, text: body });
    } else if (section && section.heading !== "(introduction)") {
      edits.push({
        path,
        kind: "append-to-section",
        heading: section.heading,
        find: null,
        title: null,
        text: body,
      });
    } else {
      const firstHeading = readDocument(path, text).sections.find((s) => s.depth > 0)?.heading ?? null;
      edits.push({
        path,
        kind: "insert-after-heading",
        heading: firstHeading,
        find: null,
        title: null,
        text: body,
      });
    }
  }
  return edits;
}
