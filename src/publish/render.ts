import { createHash } from "node:crypto";
import type { ConfigProblem } from "../config/problems.js";
import { cell, code, codeCell, fenced, inline, link } from "../text/escape.js";
import { scrubSecrets } from "../text/secrets.js";
import type { AnalysisResult } from "../types/result.js";
import type { PrOutcome } from "./pull-request.js";

export const MARKER = "<!-- docgap:comment -->";

const pathOf = (url: string) => {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
};
/** GitHub rejects comment bodies over 65,536 characters; stay well under. */
export const MAX_COMMENT = 60_000;

const INPUTS_RE = /<!-- docgap:inputs=([a-f0-9]{16,64}) -->/;

/** Hash of whatever determines a comment, so an unchanged re-run edits nothing. */
export const inputsHash = (value: unknown): string =>
  createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 32);

/** The version of the analysis: raising it analyses every issue again. */
export const ANALYSIS_VERSION = 3;

/** What an analysis of an issue depends on: its title and body, the config, the engine that answers. */
export const analysisHash = (
  issue: { title: string; body: string | null | undefined },
  config: unknown,
  engine: string | null,
): string => inputsHash({ title: issue.title, body: issue.body, config, engine, v: ANALYSIS_VERSION });

/** The inputs hash docgap wrote last in a comment (the last one: quoted text cannot shadow it). */
export const hashIn = (body: string): string | null =>
  [...body.matchAll(new RegExp(INPUTS_RE.source, "g"))].at(-1)?.[1] ?? null;

/** Makes untrusted text safe to post (see `escape.ts`); `oneLine` for table cells. */
export const safeText = (text: string, oneLine = false): string => (oneLine ? cell(text) : inline(text));

/**
 * Untrusted items as a bullet list: each on one line and none empty, so no item's text can continue into the
 * next one or turn a bare `-` into a heading underline.
 */
const bullets = (items: string[], mark = ""): string =>
  items
    .map((t) => inline(t.replace(/\s*[\r\n]+\s*/g, " ").trim()))
    .filter((t) => t.length > 0)
    .map((t) => `- ${mark}${t}`)
    .join("\n");

/** An example: one fenced code block is shown as code (re-fenced so it cannot break out); anything else as prose. */
function exampleBlock(content: string): string {
  const m = /^\s*(`{3,}|~{3,})([\w+-]*)[^\n]*\n([\s\S]*?)\n\1\s*$/.exec(content.slice(0, 20_000));
  return m ? fenced(m[3] ?? "", m[2] ?? "") : inline(content);
}

const details = (summary: string, body: string) =>
  `<details>\n<summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;

const STATUS_ICON: Record<string, string> = {
  ok: "✅",
  skipped: "⏭️",
  blocked: "⛔",
  "not-found": "❓",
  error: "⚠️",
};

function affectedTable(result: AnalysisResult): string {
  const rows = result.analysis.affectedPages.map((p, i) => {
    const page = p.url ? link(p.url, pathOf(p.url)) : "—";
    const file = p.sourcePath ? codeCell(p.sourcePath) : "not found";
    const section = p.section
      ? `${safeText(p.section.heading, true)} (L${p.section.startLine}-${p.section.endLine})`
      : "—";
    const lines = p.lines ? `L${p.lines.start}${p.lines.end > p.lines.start ? `-${p.lines.end}` : ""}` : "—";
    return `| ${i + 1} | ${page} | ${file} | ${lines} | ${section} | ${safeText(p.problem, true)} | ${safeText(p.reasons.slice(0, 2).join("; "), true)} |`;
  });
  return [
    "| # | Page | Source file | Lines | Section | What is wrong there | Why this file |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function evidenceList(result: AnalysisResult): string {
  return result.analysis.evidence
    .map(
      (e) =>
        `- ${e.verified ? "✅" : "⚠️"} ${safeText(e.claim, true)} — _${safeText(e.source.ref, true)}_${e.detail ? `: ${safeText(e.detail, true)}` : ""}`,
    )
    .join("\n");
}

function sourcesTable(result: AnalysisResult): string {
  const rows = result.sources.map(
    (s) =>
      `| ${STATUS_ICON[s.status] ?? ""} ${s.status} | ${s.kind} | ${(s.url ?? s.path) ? codeCell(s.url ?? s.path ?? "") : "—"} | ${safeText(s.reason ?? "", true)} |`,
  );
  return ["| Status | Kind | Target | Detail |", "|---|---|---|---|", ...rows].join("\n");
}

function patchBlock(result: AnalysisResult): string {
  const patch = result.patch;
  if (!patch || (!patch.files.length && !patch.rejected.length)) return "";
  const title =
    patch.kind === "draft"
      ? "Draft patch (the change the facts determine: review before merging)"
      : "Suggested patch (written by the model: review before merging)";
  const diffs = patch.files.map(
    (f) => `${code(f.path)} (+${f.additions} −${f.deletions})\n\n${fenced(f.diff, "diff")}`,
  );
  const refused = patch.rejected.length
    ? `Edits not applied:\n${patch.rejected.map((r) => `- ${code(r.path)}: ${safeText(r.reason, true)}`).join("\n")}`
    : "";
  return details(title, [...diffs, refused].filter(Boolean).join("\n\n"));
}

function footer(result: AnalysisResult): string {
  const engine = result.engine.model ? `${result.engine.name} (${result.engine.model})` : result.engine.name;
  const u = result.engine.usage;
  const usage = u
    ? u.estimated
      ? ` · about ${u.promptTokens} prompt tokens sent (the server reported no usage)`
      : ` · ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${u.costUsd !== null ? ` ($${u.costUsd.toFixed(4)})` : ""}`
    : "";
  return `<sub>docgap · engine: ${engine}${usage} · ${result.timings.totalMs ?? 0} ms · re-run with \`/docgap analyze\`</sub>`;
}

/** One line on the pull request: where it is, or why there is none. */
export function prLine(pr: PrOutcome): string {
  switch (pr.status) {
    case "opened":
    case "updated":
      return `**Pull request:** [#${pr.number}](${pr.url}) ${pr.status} with the patch, on \`${pr.branch}\`; review it there.`;
    case "unchanged":
      return `**Pull request:** [#${pr.number}](${pr.url}) already has this patch, on \`${pr.branch}\`.`;
    case "closed":
      return pr.merged
        ? `**Pull request:** [#${pr.number}](${pr.url}) was merged; docgap opens no other one for this issue.`
        : `**Pull request:** [#${pr.number}](${pr.url}) was closed, so docgap left it closed and pushed nothing. Reopen it to have it updated, or delete its branch to let docgap open a new one.`;
    case "foreign-commits":
      return `**Pull request:** the branch \`${pr.branch}\` has commits docgap did not make, so docgap did not push to it${pr.url ? ` ([pull request](${pr.url}))` : ""}; the patch is below.`;
    case "skipped":
      return `**Pull request:** not opened: ${safeText(pr.reason)}. The patch is below.`;
  }
}

export interface RenderOptions {
  /** What became of the pull request, when one was asked for. */
  pr?: PrOutcome | null;
  /** Short comment (TL;DR, recommendation, pull request link) when the pull request carries the rest. */
  compact?: boolean;
}

/** Renders the analysis as the issue comment: short on top, details folded. */
export function renderComment(result: AnalysisResult, hash: string, options: RenderOptions = {}): string {
  return scrubSecrets(commentOf(result, hash, options));
}

function commentOf(result: AnalysisResult, hash: string, options: RenderOptions): string {
  const a = result.analysis;
  // Why docgap's own analysis (or part of it) is shown: the model's answer overruled, or no usable answer.
  const notice = result.engine.notice ?? result.engine.fallback;
  const head = [
    MARKER,
    "### docgap: documentation gap analysis",
    "",
    `**TL;DR** ${safeText(a.tldr)}`,
    "",
    ...(options.pr ? [prLine(options.pr), ""] : []),
    `**Recommendation:** ${code(a.recommendation.action)} — ${safeText(a.recommendation.rationale)}`,
    "",
    `**Kind:** ${code(a.kind)} · **Confidence:** ${a.confidence}`,
    ...(a.answer
      ? [
          "",
          "**Suggested reply:**",
          "",
          ...safeText(a.answer.reply)
            .split("\n")
            .map((l) => `> ${l}`),
        ]
      : []),
    ...(notice ? ["", `_${safeText(notice)}_`] : []),
  ].join("\n");
  const tail = `${footer(result)}\n<!-- docgap:inputs=${hash} -->`;
  if (options.compact) return fitToLimit(head, [], tail);
  const parts = [
    a.affectedPages.length
      ? details(`Affected pages (${a.affectedPages.length})`, affectedTable(result))
      : "",
    a.causes.length ? details("Causes", bullets(a.causes)) : "",
    a.guidance.length ? details("Guidance", bullets(a.guidance)) : "",
    details(
      "Example",
      a.example.content
        ? `${safeText(a.example.reason)}\n\n${exampleBlock(a.example.content)}`
        : safeText(a.example.reason),
    ),
    a.evidence.length
      ? details(
          `Evidence (${a.evidence.filter((e) => e.verified).length} of ${a.evidence.length} verified)`,
          evidenceList(result),
        )
      : "",
    patchBlock(result),
    a.notes.length ? details("Notes", bullets(a.notes)) : "",
    details(`Sources (${result.sources.length})`, sourcesTable(result)),
  ].filter(Boolean);
  return fitToLimit(head, parts, tail);
}

/** Joins the parts, dropping the last details blocks (with a visible note) when the comment would be too long. */
function fitToLimit(head: string, parts: string[], tail: string): string {
  const join = (ps: string[], note = "") => [head, ...ps, note, tail].filter(Boolean).join("\n\n");
  let kept = [...parts];
  let body = join(kept);
  while (body.length > MAX_COMMENT && kept.length) {
    kept = kept.slice(0, -1);
    body = join(
      kept,
      `> [!NOTE]\n> ${parts.length - kept.length} section(s) were left out to stay under GitHub's comment size limit; run \`docgap analyze --format json\` for everything.`,
    );
  }
  if (body.length > MAX_COMMENT)
    body = `${body.slice(0, MAX_COMMENT - tail.length - 80)}\n\n…(truncated to fit GitHub's comment size limit)\n\n${tail}`;
  return body;
}

/** A short comment in docgap's place: the marker, a title, its paragraphs, the inputs hash. */
const noticeComment = (title: string, paragraphs: string[], hash: string): string =>
  [
    MARKER,
    `### docgap: ${title}`,
    "",
    ...paragraphs.flatMap((p) => [p, ""]),
    // No inputs hash: such a comment is always replaced by the next run, whether the issue changed or not.
    ...(hash ? [`<!-- docgap:inputs=${hash} -->`] : []),
  ].join("\n");

/**
 * The comment posted when a source the analysis rests on could not be read: what, and that docgap tries again.
 * It carries no inputs hash, so the next run replaces it even when the issue did not change.
 */
export const renderUnreadable = (what: string[]): string =>
  noticeComment(
    "could not read the sources yet",
    [
      `docgap could not read ${what.map((w) => safeText(w)).join("; ")}, so it gives no verdict yet.`,
      "It tries again by itself over the next hour; a label or `/docgap analyze` also starts a new try.",
    ],
    "",
  );

/** The comment posted when an analysis was stopped at its time or memory budget. */
export const renderStopped = (reason: string, hash: string): string =>
  noticeComment(
    "analysis stopped",
    [
      `docgap stopped this analysis: ${safeText(reason)}. Nothing was published from it.`,
      "A very large docs repository or an unusual issue can need more; the operator can raise `DOCGAP_ANALYSIS_TIMEOUT_SECONDS` and `DOCGAP_ANALYSIS_MEMORY_MB`. Re-run with `/docgap analyze`.",
    ],
    hash,
  );

/** The comment posted instead of an analysis that would show a private repository's docs on a public issue. */
/**
 * The public comment when the docs live in a private repository: the pages the issue itself names, the changelog
 * entries it cites (this repository's), what kind of issue it is, and where the draft went; nothing of the private
 * docs (no repository name, file, section, line, quote or link).
 */
export function renderPublicOnly(result: AnalysisResult, hash: string, pr: PrOutcome | null): string {
  const a = result.analysis;
  const opened = pr && (pr.status === "opened" || pr.status === "updated" || pr.status === "unchanged");
  const pages = result.facts.pages.filter((p) => !p.checklist).slice(0, 10);
  const changelog = a.evidence.filter((e) => e.source.kind === "changelog" || e.source.kind === "release");
  const lines = [
    MARKER,
    "### docgap: documentation gap analysis",
    "",
    `**TL;DR** The docs for this issue are kept in a private repository. ${
      opened
        ? "docgap opened a draft pull request there with the analysis and the change; its maintainers can review it."
        : "docgap analysed them there; its maintainers can run `docgap analyze` in that repository to see the analysis."
    }`,
    "",
    `**Kind:** ${code(a.kind)} · **Recommendation:** ${code(a.recommendation.action)}`,
    ...(pages.length
      ? ["", "**Pages this issue names:**", ...pages.map((p) => `- ${link(p.url, p.url)}`)]
      : []),
    ...(changelog.length
      ? [
          "",
          "**Changelog:**",
          ...changelog.map((e) => `- ${e.verified ? "✅" : "⚠️"} ${safeText(e.claim, true)}`),
        ]
      : []),
    "",
    `<sub>docgap · nothing of the private docs is shown here · re-run with \`/docgap analyze\`</sub>`,
    `<!-- docgap:inputs=${hash} -->`,
  ];
  return scrubSecrets(lines.join("\n"));
}

/** One config problem as a list item: the key, where it is (linked), what is wrong, and the line itself. */
function configProblemItem(p: ConfigProblem): string {
  const where = p.line !== null ? `line ${p.line}${p.column !== null ? `, column ${p.column}` : ""}` : null;
  const label = [p.file, where].filter(Boolean).join(" ");
  const place = !label
    ? null
    : p.url
      ? link(p.url, label)
      : [p.file ? code(p.file) : null, where].filter(Boolean).join(" ");
  const head = [p.key ? code(p.key) : null, place ? `(${place})` : null].filter(Boolean).join(" ");
  const item = `- ${head ? `${head}: ` : ""}${safeText(p.message, true)}`;
  return p.excerpt ? `${item}\n\n${fenced(p.excerpt, "yaml").replace(/^/gm, "  ")}` : item;
}

/** The comment posted instead of an analysis when `.github/docgap.yml` is invalid. */
export const renderConfigError = (errors: ConfigProblem[], hash: string): string =>
  noticeComment(
    "configuration error",
    [
      "docgap did not analyse this issue because `.github/docgap.yml` is invalid:",
      errors.slice(0, 20).map(configProblemItem).join("\n"),
      "Fix the file and re-run with `/docgap analyze` (or remove and re-add the label). The keys are documented in docgap's README and in `schema/docgap.schema.json`.",
    ],
    hash,
  );
