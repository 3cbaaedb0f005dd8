import type { DocgapConfig } from "../config/schema.js";
import { readDocument, sliceLines } from "../document/read.js";
import type { Gathered } from "../types/gathered.js";
import type { LocatedSection } from "../types/locate.js";
import { type Fitted, fitSources, type SourceItem, tokens } from "./budget.js";
import { fillTemplate, type Prompts } from "./prompt-files.js";

export interface ChatMessage {
  role: "system" | "user";
  content: string;
}

export interface AssembledPrompt {
  messages: ChatMessage[];
  /** The sources sent, by id, for checking what the answer cites. */
  sources: Map<string, SourceItem>;
  tokens: number;
  /** Tokens of the naive prompt (the issue plus every fetched page and mapped file pasted whole), when measured. */
  naiveTokens: number | null;
  shares: Fitted["shares"];
  trimmed: string[];
}

export interface PromptInput {
  gathered: Gathered;
  issue: { title: string; body: string | null };
  config: DocgapConfig;
  prompts: Prompts;
  /** Also count the naive prompt, for the eval (costly on big pages). */
  measureNaive?: boolean;
}

/** Untrusted text cannot close or open its own fence. */
const defang = (text: string) => text.replace(/<(\/?)(untrusted-source)/gi, "&lt;$1$2");

const attr = (s: string) => s.replace(/["<>\n]/g, " ");

/** One source as the model sees it: fenced, labelled as untrusted, with where it comes from. */
export const fence = (item: Pick<SourceItem, "id" | "kind" | "ref" | "text">, note = ""): string =>
  `<untrusted-source id="${item.id}" kind="${item.kind}" ref="${attr(item.ref)}"${note}>\n${defang(item.text)}\n</untrusted-source>`;

const issueText = (issue: PromptInput["issue"]) => `# ${issue.title}\n\n${issue.body ?? ""}`.trim();

/** Everything docgap gathered, as citable source items (most relevant first within each kind). */
export function sourceItems(input: PromptInput): SourceItem[] {
  const { gathered } = input;
  const items: SourceItem[] = [];
  const next = () => `S${items.length + 1}`;
  items.push({ id: next(), kind: "issue", ref: "the issue", text: issueText(input.issue), relevance: 1 });
  gathered.pages.forEach((page, rank) => {
    const text = page.sourcePath ? gathered.files.get(page.sourcePath) : undefined;
    if (page.sourcePath && text !== undefined) {
      const { ref, excerpt } = fileExcerpt(page.sourcePath, text, page.section, rank === 0);
      items.push({
        id: next(),
        kind: "docs-file",
        ref,
        text: excerpt,
        relevance: Math.max(0.05, Math.min(1, page.score) * (page.section ? 1 : 0.7) - rank * 0.05),
      });
    }
    const section = page.published?.section;
    if (page.url && section) {
      items.push({
        id: next(),
        kind: "page",
        ref: `${page.url} (section "${section.heading}")`,
        text: section.excerpt,
        relevance: 0.8 - rank * 0.05,
      });
    }
  });
  for (const c of gathered.changelog) {
    if (!c.entry) continue;
    items.push({
      id: next(),
      kind: "changelog",
      ref: `${gathered.changelogPath ?? "changelog"} ${c.foundUnder ?? c.version ?? ""}`.trim(),
      text: `${c.foundUnder ?? c.version}: ${c.entry}`,
      relevance: c.status === "verified" ? 0.9 : 0.6,
    });
  }
  for (const t of gathered.linked) {
    const touches = t.files.some((f) => gathered.files.has(f));
    items.push({
      id: next(),
      kind: "linked",
      ref: t.url,
      text: `${t.kind === "pull" ? "Pull request" : "Issue"} #${t.number}: ${t.title}\nState: ${t.merged ? "merged" : t.state}${t.files.length ? `\nChanged files: ${t.files.slice(0, 20).join(", ")}` : ""}`,
      relevance: touches ? 0.9 : 0.5,
    });
  }
  return items;
}

/** Most lines of a section sent whole; a longer one is sent up to its first sub-heading, with an outline. */
const SECTION_LINES = 80;
/** Lines sent from a file where no section was located. */
const HEAD_LINES = 30;

/** The part of a source file the model needs: the located section, or the file's start and its outline. */
function fileExcerpt(path: string, text: string, section: LocatedSection | null, top: boolean) {
  const outline = () =>
    readDocument(path, text)
      .sections.filter((s) => s.depth > 0)
      .map((s) => `${"#".repeat(s.depth)} ${s.heading} (line ${s.startLine})`)
      .join("\n");
  if (section) {
    const long = section.endLine - section.startLine + 1 > SECTION_LINES;
    const end = long ? Math.max(section.bodyEndLine, section.startLine + 10) : section.endLine;
    const last = Math.min(end, section.startLine + SECTION_LINES - 1);
    const body = sliceLines(text, section.startLine, last);
    return {
      ref: `${path}:${section.startLine}-${last}`,
      excerpt: long || top ? `${body}\n\n[Outline of ${path}]\n${outline()}` : body,
    };
  }
  return {
    ref: `${path}:1-${HEAD_LINES}`,
    excerpt: `${sliceLines(text, 1, HEAD_LINES)}\n\n[Outline of ${path}]\n${outline()}`,
  };
}

function factsBlock(gathered: Gathered): string {
  const f = gathered.facts;
  const data = {
    docType: f.docType,
    sectionHint: f.sectionHint,
    versions: f.versions,
    identifiers: f.identifiers.slice(0, 20),
    quotedDocs: f.docQuotes.slice(0, 5),
    quotedChangelog: f.changelogQuotes.slice(0, 5),
  };
  return fence({
    id: "parsed",
    kind: "issue",
    ref: "docgap's parse of the issue",
    text: JSON.stringify(data, null, 1),
  });
}

function pathsBlock(gathered: Gathered): string {
  const lines = gathered.pages
    .filter((p) => p.sourcePath && gathered.files.has(p.sourcePath))
    .map(
      (p) =>
        `- \`${p.sourcePath}\`${p.section ? `: section "${p.section.heading.replace(/"/g, "'")}" (lines ${p.section.startLine}-${p.section.endLine})` : ""}`,
    );
  return lines.length ? lines.join("\n") : "(none: docgap resolved no source file, so propose no edits)";
}

/** Fixed overhead the sources' budget must leave room for. */
const RESERVE = 200;

/** Builds the messages for the model within `analysis.maxPromptTokens`, and counts the naive alternative. */
export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const { gathered, config, prompts } = input;
  const allowed = [...gathered.files.keys()];
  const system = fillTemplate<"system">(prompts.system, {
    allowedPaths: allowed.length ? allowed.map((p) => `\`${p}\``).join(", ") : "(none)",
    maxFiles: String(config.patch.maxFiles),
  });
  const facts = factsBlock(gathered);
  const paths = pathsBlock(gathered);
  const frame = fillTemplate<"analyze">(prompts.analyze, { facts, sources: "", paths, trimmed: "" });
  const systemTokens = tokens(system);
  const fixed = systemTokens + tokens(frame) + RESERVE;
  const all = sourceItems(input);
  const fitted = fitSources(all, Math.max(0, config.analysis.maxPromptTokens - fixed));
  const trimmedNote = fitted.trimmed.length
    ? `Trimmed to fit the prompt budget: ${fitted.trimmed.join("; ")}.`
    : "";
  const user = fillTemplate<"analyze">(prompts.analyze, {
    facts,
    sources: fitted.items.map((i) => fence(i, i.truncated ? ' truncated="true"' : "")).join("\n\n"),
    paths,
    trimmed: trimmedNote,
  });
  const naive = () =>
    [
      system,
      issueText(input.issue),
      ...gathered.pages.map((p) => p.published?.markdown ?? ""),
      ...[...gathered.files.values()],
      ...all.filter((i) => i.kind === "changelog" || i.kind === "linked").map((i) => i.text),
    ].join("\n\n");
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
  return {
    messages,
    sources: new Map(fitted.items.map((i) => [i.id, i])),
    tokens: systemTokens + tokens(user),
    naiveTokens: input.measureNaive ? tokens(naive()) : null,
    shares: fitted.shares,
    trimmed: fitted.trimmed,
  };
}
