import { cell, code } from "../text/escape.js";
import type { BacklogEntry, BacklogGroup, BacklogReport } from "../types/backlog.js";
import { GROUP_ORDER } from "./groups.js";
import { DASHBOARD_MARKER } from "./select.js";

/** GitHub refuses issue bodies over 65,536 characters; the dashboard stays well under. */
export const MAX_BODY = 60_000;
/** Issues listed per group; the rest are counted. */
const PER_GROUP = 50;

export const GROUP_TITLE: Record<BacklogGroup, string> = {
  ready: "Ready: a draft exists",
  "already-documented": "Already documented: answer and close",
  "already-fixed": "Already fixed: check and close",
  duplicate: "Likely duplicates",
  "docs-elsewhere": "Docs elsewhere: transfer or fix there",
  "to-write": "To write: the place is known, the words are yours",
  "needs-info": "Needs information from the reporter",
  "not-docs": "Not about the docs",
  failed: "Could not be analysed",
};

/** A label Mermaid reads as text whatever the input: quotes, brackets and line breaks dropped. */
const mermaidText = (s: string, max = 48): string => {
  const clean = s.replace(/[^\p{L}\p{N} ._/:#-]/gu, "").trim();
  return clean.length > max ? `…${clean.slice(clean.length - max + 1)}` : clean || "?";
};

/** Where the first page's change goes: ` — file L5 ("Section")`, or only ` L5 ("Section")` without the file. */
const where = (e: BacklogEntry, withFile = true): string => {
  const p = e.pages[0];
  if (!p) return "";
  const file = p.path ? code(p.path) : p.url ? code(p.url) : "";
  const lines = p.lines ? ` L${p.lines.start}${p.lines.end !== p.lines.start ? `-${p.lines.end}` : ""}` : "";
  const section = p.section ? ` (${cell(`"${p.section}"`)})` : "";
  return withFile ? ` — ${file}${lines}${section}` : `${lines}${section}`;
};

/** One issue's line: the box to ask for a pull request (ready issues), the link, what to do there. */
function line(e: BacklogEntry, repo: string): string {
  const ref = `${repo}#${e.number}`;
  const title = cell(e.title.slice(0, 120));
  const head = e.group === "ready" ? `- [ ] <!-- docgap:pr ${e.number} --> ${ref}` : `- ${ref}`;
  const extra =
    e.group === "already-documented" && e.answer
      ? ` — answered in ${code(e.answer.path)} (${cell(`"${e.answer.heading}"`)}, L${e.answer.lines.start}-${e.answer.lines.end})`
      : e.group === "already-fixed" && (e.fixedBy || e.answer)
        ? e.fixedBy
          ? ` — changed by ${cell(e.fixedBy)}${where(e)}`
          : ` — the current ${code(e.answer?.path ?? "")} has it right (L${e.answer?.lines.start})`
        : e.group === "duplicate" && e.duplicateOf
          ? ` — same page and complaint as #${e.duplicateOf}${where(e)}`
          : e.group === "failed"
            ? ` — ${cell(e.error ?? "unknown error")}`
            : e.group === "ready"
              ? ` — draft for ${e.draftFiles.map(code).join(", ")}${where(e, false)}`
              : where(e);
  // The reply to post, for the issues a maintainer can answer and close.
  const reply =
    e.answer && (e.group === "already-documented" || e.group === "already-fixed")
      ? `\n  - Reply: ${cell(e.answer.reply.slice(0, 400))}`
      : "";
  return `${head} ${title}${extra} · ${e.kind}${reply}`;
}

function groupSection(group: BacklogGroup, entries: BacklogEntry[], repo: string): string {
  if (!entries.length) return "";
  const shown = entries.slice(0, PER_GROUP).map((e) => line(e, repo));
  if (entries.length > PER_GROUP) shown.push(`- … and ${entries.length - PER_GROUP} more`);
  const hint =
    group === "ready"
      ? "\nTick a box to have docgap open a draft pull request with the fix (maintainers only).\n"
      : "";
  return `### ${GROUP_TITLE[group]} (${entries.length})\n${hint}\n${shown.join("\n")}\n`;
}

function charts(report: BacklogReport): string {
  const counts = GROUP_ORDER.map((g) => [g, report.groups[g].length] as const).filter(([, n]) => n > 0);
  if (!counts.length) return "";
  const pie = [
    "```mermaid",
    "pie showData title Open docs issues by what to do",
    ...counts.map(([g, n]) => `  "${mermaidText(GROUP_TITLE[g].split(":")[0] ?? g)}" : ${n}`),
    "```",
  ].join("\n");
  const pages = report.topPages.filter((p) => p.issues.length > 0).slice(0, 8);
  if (!pages.length) return pie;
  const max = Math.max(...pages.map((p) => p.issues.length));
  const bar = [
    "```mermaid",
    "xychart-beta horizontal",
    '  title "Pages with the most open docs issues"',
    `  x-axis [${pages.map((p) => `"${mermaidText(p.page, 40)}"`).join(", ")}]`,
    `  y-axis "Open issues" 0 --> ${max}`,
    `  bar [${pages.map((p) => p.issues.length).join(", ")}]`,
    "```",
  ].join("\n");
  return `${pie}\n\n${bar}`;
}

function feedbackLine(report: BacklogReport): string {
  const f = report.feedback;
  if (!f.rated) return "";
  return `People reacted to docgap's comments on ${f.rated} of these issues: ${f.useful} found useful (more 👍 and 🎉 than 👎 and 😕).`;
}

function pagesTable(report: BacklogReport, repo: string): string {
  const rows = report.topPages.filter((p) => p.issues.length > 1);
  if (!rows.length) return "";
  return [
    "### Pages with more than one open issue",
    "",
    "| Page | Open issues |",
    "|---|---|",
    ...rows.map((p) => `| ${code(p.page)} | ${p.issues.map((n) => `${repo}#${n}`).join(", ")} |`),
    "",
  ].join("\n");
}

/**
 * The backlog as Markdown: a summary, the charts, one list per group, the pages with the most issues. With
 * `state`, the dashboard issue's body: the marker first, the state last (dropped if the body would be too long).
 */
export function renderBacklog(report: BacklogReport, options: { state?: string } = {}): string {
  const by = (g: BacklogGroup) => report.entries.filter((e) => e.group === g);
  const { analysed, reused, failed } = report.run;
  const head = [
    options.state !== undefined ? DASHBOARD_MARKER : "",
    `docgap triaged **${report.entries.length}** open docs issues of ${report.repo} (${analysed} analysed, ${reused} unchanged since the last run${failed ? `, ${failed} could not be analysed` : ""}).`,
    "",
    ...(feedbackLine(report) ? [feedbackLine(report), ""] : []),
    charts(report),
    "",
  ]
    .filter((l, i) => i > 0 || l)
    .join("\n");
  const body = [
    head,
    ...GROUP_ORDER.map((g) => groupSection(g, by(g), report.repo)),
    pagesTable(report, report.repo),
  ]
    .filter(Boolean)
    .join("\n");
  const withState = options.state ? `${body}\n${options.state}\n` : `${body}\n`;
  if (withState.length <= MAX_BODY) return withState;
  // Too long with the state: the next run analyses everything again; too long without: cut at a line.
  if (body.length + 1 <= MAX_BODY) return `${body}\n`;
  const cut = body.slice(0, MAX_BODY - 200);
  return `${cut.slice(0, cut.lastIndexOf("\n"))}\n\n_The list is cut here: run \`docgap triage --format json\` for all of it._\n`;
}
