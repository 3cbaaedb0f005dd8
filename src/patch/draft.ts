import { formatOf, readDocument, sliceLines } from "../document/read.js";
import { containsIdentifier, issueTerms } from "../locate/rank.js";
import { tokenize } from "../text/prose.js";
import type { Gathered, ResolvedPage } from "../types/gathered.js";
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

/** Where the draft goes, and why (said in the patch's reasons). */
interface Placement {
  line: string;
  why: string;
}

/**
 * A line, unique in the file, after whose block the draft goes: the lines a GitHub link names, a quoted passage,
 * a line of code the issue shows, an identifier (in the located section); else the block of the section (or of
 * the file, when no section was located) that shares the most words with the issue.
 */
function placement(
  path: string,
  text: string,
  page: ResolvedPage,
  facts: Gathered["facts"],
  code: string[],
): Placement | null {
  const lines = text.split("\n");
  const section = page.section;
  const from = section ? section.startLine + 1 : 1;
  const to = section ? section.endLine : lines.length;
  const unique = (n: number) => {
    const line = lines[n - 1] ?? "";
    return line.trim().length > 3 && text.indexOf(line) === text.lastIndexOf(line);
  };
  const first = (ns: number[], why: string): Placement | null => {
    const n = ns.find(unique);
    return n ? { line: lines[n - 1] ?? "", why: `${why} (line ${n})` } : null;
  };
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
  if (page.lines) {
    const [a, b] = page.lines;
    const hit = first(range(a, b).reverse(), `the lines the issue links to`);
    if (hit) return hit;
  }
  const inSection = (n: number) => n >= from && n <= to;
  const quoted = page.sourceQuoteChecks.flatMap((q) =>
    q.found && q.line && inSection(q.line) ? [q.line] : [],
  );
  const shown = new Set(code.map((l) => l.trim()).filter((l) => l.length >= 8));
  const ids = facts.identifiers.filter((id) => id.length >= 3);
  const candidates: Array<[number[], string]> = [
    [quoted, "where the quoted text is"],
    [range(from, to).filter((n) => shown.has((lines[n - 1] ?? "").trim())), "on the code the issue shows"],
    [
      range(from, to).filter((n) => ids.some((id) => containsIdentifier(lines[n - 1] ?? "", id))),
      "where the identifier is",
    ],
  ];
  for (const [ns, why] of candidates) {
    const hit = first(ns, why);
    if (hit) return hit;
  }
  // "Missing" with nothing to anchor on: after the block that comes closest to what the issue says.
  const terms = issueTerms(facts);
  const doc = readDocument(path, text);
  const headingLines = new Set(doc.sections.map((sec) => sec.startLine));
  let best: { score: number; block: [number, number] } | null = null;
  for (const block of doc.blocks) {
    if (block[0] < from || block[1] > to || headingLines.has(block[0])) continue;
    const words = new Set(tokenize(sliceLines(text, block[0], block[1])));
    let score = 0;
    for (const [t, w] of terms) if (words.has(t)) score += w;
    if (score > 0 && (!best || score > best.score)) best = { score, block };
  }
  return best
    ? first(range(best.block[0], best.block[1]).reverse(), "after the paragraph closest to the issue")
    : null;
}

/**
 * The reporter's own wording, when the issue shows what the page says now and what it should say: a pair of
 * code blocks (current / suggested), or a diff block. The current lines must be in the file once, verbatim
 * apart from indentation; the suggested lines take the file's indentation.
 */
function reporterWording(text: string, facts: Gathered["facts"]): { find: string; replace: string } | null {
  const blocks = facts.codeBlocks;
  let current = blocks.find((b) => b.role === "current")?.value ?? null;
  let suggested = blocks.find((b) => b.role === "suggested" && b.lang !== "diff")?.value ?? null;
  const diff = blocks.find((b) => b.lang === "diff");
  if (diff && (!current || !suggested)) {
    const keep = (sign: string) =>
      diff.value
        .split("\n")
        .filter((l) => l.startsWith(sign) || l.startsWith(" "))
        .map((l) => l.slice(1))
        .join("\n");
    current = keep("-");
    suggested = keep("+");
  }
  if (!current?.trim() || !suggested?.trim() || current.trim() === suggested.trim()) return null;
  const want = current
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (want.length === 0 || want.length > 40) return null;
  const lines = text.split("\n");
  const matches: number[] = [];
  for (let n = 0; n + want.length <= lines.length && matches.length < 2; n++) {
    let k = 0;
    let m = n;
    while (k < want.length && m < lines.length) {
      const line = (lines[m] ?? "").trim();
      if (!line && k > 0) {
        m++;
        continue;
      }
      if (line !== want[k]) break;
      k++;
      m++;
    }
    if (k === want.length) matches.push(n);
  }
  if (matches.length !== 1) return null;
  const start = matches[0] as number;
  let end = start;
  for (let k = 0; k < want.length; end++) if ((lines[end] ?? "").trim()) k++;
  const indent = /^\s*/.exec(lines[start] ?? "")?.[0] ?? "";
  const find = lines.slice(start, end).join("\n");
  const body = suggested.replace(/^\n+|\s+$/g, "").split("\n");
  const common = Math.min(...body.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  const replace = body.map((l) => (l.trim() ? `${indent}${l.slice(common)}` : "")).join("\n");
  return { find, replace };
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
  const codeLines = gathered.facts.codeBlocks.flatMap((b) => b.value.split("\n"));
  for (const [i, page] of pages.slice(0, maxFiles).entries()) {
    const path = page.sourcePath as string;
    const text = gathered.files.get(path) ?? "";
    // Beyond the top page, only pages the issue itself named (by URL) get a draft.
    if (i > 0 && !page.url) continue;
    const who = `docgap draft${issueNumber ? ` for issue #${issueNumber}` : ""}`;
    const wording = i === 0 ? reporterWording(text, gathered.facts) : null;
    if (wording) {
      // The issue gives the fix: it replaces the lines it shows, marked for review right after them.
      const marker = comment(path, `${who}: the reporter's wording above; review before merging`);
      const last =
        wording.replace
          .split("\n")
          .filter((l) => l.trim())
          .pop() ?? "";
      edits.push({
        path,
        kind: "replace",
        heading: null,
        find: wording.find,
        title: null,
        text: wording.replace,
      });
      edits.push({ path, kind: "insert-after", heading: null, find: last, title: null, text: marker });
      continue;
    }
    const marker = comment(path, `${who}: finish the wording before merging`);
    const draft = draftText(gathered, page, i === 0);
    // In rst a comment runs on into an indented block: the draft stands after a blank line.
    const body = formatOf(path) === "rst" ? `${marker}\n\n${asRst(draft)}` : `${marker}\n${draft}`;
    const place = placement(path, text, page, gathered.facts, codeLines);
    const section = page.section;
    if (place) {
      edits.push({ path, kind: "insert-after", heading: null, find: place.line, title: null, text: body });
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
