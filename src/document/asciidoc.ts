import path from "node:path/posix";
import { closeSections, type DocLink, type DocModel, type Section } from "./model.js";

/**
 * AsciiDoc as Asciidoctor and Antora read it, into the document model: section titles (`= Title`, `== Section`,
 * and the Markdown-style `#` form), custom ids (`[[id]]`, `[#id]`) on the line above a title, auto ids as
 * Asciidoctor makes them (`idprefix`, `idseparator`, by default `_`), document header attributes as front matter,
 * top-level blocks (paragraphs, lists, delimited blocks with their attribute and title lines) and links. One pass
 * over the lines; no regular expression backtracks.
 */

const TITLE = /^(={1,6}|#{1,6})\s+(\S.{0,500})$/;
const ATTRIBUTE = /^:(!?[\w][\w-]{0,60}!?):(?:\s+(.{0,1000}))?$/;
/** `[[id]]`, `[[id,reftext]]`, `[#id]`, `[#id.role%option]`: the id's characters and what may follow never overlap. */
const ANCHOR = /^\[\[([\w:.-]{1,200})(?:,[^\]]{0,200})?\]\]$|^\[#([\w:-]{1,200})(?:[.%,][^\]]{0,200})?\]$/;
/** Delimiter lines of delimited blocks: listing, literal, example, sidebar, quote, passthrough, comment, table, open. */
const DELIMITER = /^(-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|\+{4,}|\/{4,}|[|,:!]={3,}|--)$/;

const blank = (line: string | undefined) => line === undefined || line.trim() === "";

/** Inline markup dropped from a title: `code`, *strong*, _emphasis_, attribute references stay as written. */
const plainAdocTitle = (title: string) =>
  title
    .replace(/`([^`]{0,300})`/g, "$1")
    .replace(/\*([^*]{0,300})\*/g, "$1")
    .replace(/(^|\s)_([^_]{0,300})_(?=\s|$)/g, "$1$2")
    .trim();

/** Asciidoctor's auto id: lower case, markup and invalid characters removed, spaces, `-` and `.` as the separator. */
export function adocId(title: string, prefix = "_", separator = "_"): string {
  const words = title
    .toLowerCase()
    .replace(/<[^>]{0,200}>/g, "")
    .replace(/&[#\w]{1,10};/g, "")
    .replace(/[^\p{L}\p{N}_\s.-]+/gu, "")
    .split(/[\s.-]+/)
    .filter(Boolean);
  return `${prefix}${words.join(separator)}`;
}

interface Head {
  /** 0-based line. */
  line: number;
  depth: number;
  text: string;
  /** A custom id written above it. */
  id: string | null;
}

/** The lines inside delimited blocks (where `== x` is no title) and the blocks themselves. */
function scan(lines: string[]) {
  const inside = new Set<number>();
  const blocks: Array<[number, number]> = [];
  let i = 0;
  let start = -1;
  let end = -1;
  const close = () => {
    if (start >= 0) blocks.push([start + 1, end + 1]);
    start = -1;
  };
  while (i < lines.length) {
    const line = (lines[i] ?? "").trimEnd();
    if (blank(line)) {
      close();
      i++;
      continue;
    }
    if (TITLE.test(line)) {
      close();
      i++;
      continue;
    }
    if (start < 0) start = i;
    if (DELIMITER.test(line)) {
      // Runs to the same delimiter (a comment, listing or table keeps everything inside as text).
      let j = i + 1;
      while (j < lines.length && (lines[j] ?? "").trimEnd() !== line) inside.add(j++);
      end = Math.min(j, lines.length - 1);
      i = j + 1;
      close();
      continue;
    }
    end = i;
    i++;
  }
  close();
  return { inside, blocks };
}

/** Reads an AsciiDoc page; its repository path (when known) resolves Antora `xref:`s to the files they name. */
export function readAsciidoc(source: string, file = ""): DocModel {
  const lines = source.split("\n");
  const lineCount = lines.length;
  const { inside, blocks } = scan(lines);
  const heads: Head[] = [];
  lines.forEach((raw, i) => {
    if (inside.has(i)) return;
    const m = TITLE.exec(raw.trimEnd());
    if (!m?.[1] || !m[2]) return;
    const above = (lines[i - 1] ?? "").trim();
    const anchor = ANCHOR.exec(above);
    heads.push({
      line: i,
      depth: m[1].length,
      text: plainAdocTitle(m[2]),
      id: anchor?.[1] ?? anchor?.[2] ?? null,
    });
  });
  // The document header: attribute entries right after the document title.
  const frontMatter: Record<string, unknown> = {};
  const title = heads[0]?.depth === 1 ? heads[0] : null;
  for (let l = (title?.line ?? -1) + 1; l < lineCount; l++) {
    const m = ATTRIBUTE.exec(lines[l] ?? "");
    if (!m?.[1]) {
      if (blank(lines[l]) || !/^(\/\/|\S+\s<|v?\d)/.test(lines[l] ?? "")) break;
      continue; // an author or revision line
    }
    frontMatter[m[1]] = m[2] ?? "";
  }
  const prefix = typeof frontMatter.idprefix === "string" ? frontMatter.idprefix : "_";
  const separator = typeof frontMatter.idseparator === "string" ? frontMatter.idseparator : "_";
  const used = new Map<string, number>();
  const sections: Section[] = [];
  const stack: Section[] = [];
  heads.forEach((h, k) => {
    const base = adocId(h.text, prefix, separator) || `_section_${k + 1}`;
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    const auto = n ? `${base}_${n + 1}` : base;
    // Sites that set `idprefix` and `idseparator` in their build rather than the page (Antora playbooks), and
    // Asciidoctor's defaults: those ids too.
    const variants = [auto, adocId(h.text), adocId(h.text, "", "-"), adocId(h.text, "", "_")];
    const slug = h.id ?? auto;
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= h.depth) stack.pop();
    const startLine = h.id ? h.line : h.line + 1;
    const section: Section = {
      depth: h.depth,
      heading: h.text,
      slug,
      ids: [...new Set([slug, ...variants])],
      startLine,
      endLine: lineCount,
      bodyEndLine: heads[k + 1] ? (heads[k + 1]?.line ?? lineCount) : lineCount,
      parents: stack.map((s) => s.heading),
    };
    stack.push(section);
    sections.push(section);
  });
  closeSections(sections, lineCount);
  const headLines = new Set(heads.map((h) => h.line + 1));
  // A custom id line above a title belongs to the title, not to a block of its own.
  const bodyBlocks = blocks.filter(
    ([a, b]) => !(a === b && (headLines.has(a) || ANCHOR.test((lines[a - 1] ?? "").trim()))),
  );
  const firstHead = heads[0] ? heads[0].line + 1 : lineCount;
  const intro = bodyBlocks.find(([a]) => a < firstHead && !ATTRIBUTE.test(lines[a - 1] ?? ""));
  if (intro && heads.length)
    sections.unshift({
      depth: 0,
      heading: "(introduction)",
      slug: "",
      ids: [],
      startLine: intro[0],
      endLine: firstHead - 1,
      bodyEndLine: firstHead - 1,
      parents: [],
    });
  return {
    format: "asciidoc",
    frontMatter,
    title: title?.text ?? null,
    sections,
    lineCount,
    blocks: bodyBlocks,
    links: linksOf(lines, inside, file),
  };
}

/** `link:target[text]`, `https://url[text]`, `mailto:`, and `<<id,text>>` cross references within the page. */
const URL_MACRO = /(?:\blink:|\b(?=https?:\/\/))([^\s[\]]{1,500})\[([^\]]{0,300})\]/g;
const XREF_INTERNAL = /<<([\w:.-]{1,200})(?:,\s*([^>]{0,200}))?>>/g;

const XREF = /\bxref:([^\s[\]]{1,500})\[([^\]]{0,300})\]/g;

/**
 * Where an `xref:` leads, as a path relative to the file: in an Antora module (`modules/<m>/`) a page id is
 * from the module's `pages/` folder (`other:page.adoc` in another module); elsewhere it is relative to the page.
 * Null for another component's page (`component:module:page.adoc`) and for what cannot be resolved.
 */
function xrefTarget(file: string, spec: string): string | null {
  const [id = "", fragment] = spec.split("#", 2);
  const hash = fragment ? `#${fragment}` : "";
  if (!id) return hash || null;
  const page = id.replace(/^[\w.-]{1,100}@/, "").replace(/^page\$/, "");
  const at = file.lastIndexOf("modules/");
  // A page, a partial or the module's `nav.adoc`: in every file of a module, page ids are from its `pages/`.
  const pages = at >= 0 ? /^modules\/([^/]{1,100})\//.exec(file.slice(at)) : null;
  if (!pages) return page.includes(":") ? null : `${page}${hash}`;
  const coords = page.split(":");
  if (coords.length > 2) return null;
  const module = coords.length === 2 ? coords[0] : pages[1];
  const target = `${file.slice(0, at)}modules/${module}/pages/${(coords[coords.length - 1] ?? "").replace(/^page\$/, "")}`;
  const rel = path.relative(path.dirname(file), target);
  return `${rel.startsWith(".") ? rel : `./${rel}`}${hash}`;
}

function linksOf(lines: string[], inside: Set<number>, file: string): DocLink[] {
  const out: DocLink[] = [];
  lines.forEach((raw, i) => {
    if (inside.has(i) || out.length >= 5_000 || raw.length > 2_000) return;
    for (const m of raw.matchAll(XREF)) {
      const target = xrefTarget(file, m[1] ?? "");
      if (target) out.push({ line: i + 1, text: m[2] ?? "", target });
    }
    for (const m of raw.matchAll(URL_MACRO)) out.push({ line: i + 1, text: m[2] ?? "", target: m[1] ?? "" });
    for (const m of raw.matchAll(XREF_INTERNAL))
      out.push({ line: i + 1, text: m[2] ?? m[1] ?? "", target: `#${m[1] ?? ""}` });
  });
  return out;
}

/** Section titles, custom ids and delimited blocks of a file: what a patch must not break. */
export function asciidocStructure(source: string) {
  const lines = source.split("\n");
  const doc = readAsciidoc(source);
  let delimiters = 0;
  let anchors = 0;
  for (const line of lines) {
    const t = line.trimEnd();
    if (DELIMITER.test(t)) delimiters++;
    if (ANCHOR.test(t.trim())) anchors++;
  }
  return { titles: doc.sections.filter((s) => s.depth > 0).length, anchors, open: delimiters % 2 };
}
