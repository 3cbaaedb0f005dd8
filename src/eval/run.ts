import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parsePatch } from "diff";
import { ConfigSchema } from "../config/schema.js";
import { localDocsRepo } from "../github/docs-repo.js";
import { analyzeIssue } from "../pipeline/analyze.js";
import type { AnalysisResult } from "../types/result.js";

/** One evaluation case: a real docs issue and the maintainers' fix (see docs/evaluation.md). */
export interface EvalCase {
  id: string;
  repo: string;
  issue: { number: number; title: string; body: string; html_url?: string };
  /** What kind of issue it is, in words ("broken-link (anchor fragments)", "outdated example (...)"). */
  kind?: string;
  fix: { gold_files: string[]; diff: string };
  /** For issues whose right answer was not an edit: what it was, and for already-documented the passage. */
  outcome?: { kind: string; passage?: { file: string; start_line: number; end_line: number } };
  docs: { root: string; site_url: string | null; site_url_aliases?: string[]; repo?: string };
  corpus: string;
}

export interface CaseScore {
  id: string;
  file1: boolean;
  file3: boolean;
  section: boolean;
  patchFile: boolean;
  patchHunk: boolean;
  /** The kind the case names (normalised), docgap's kind, and the recommendation expected and given. */
  kindWanted: string | null;
  kind: string;
  actionWanted: string;
  action: string;
  actionHit: boolean;
  /** The first affected page is a fixed file and its `lines` fall on the maintainers' edit. */
  line1: boolean;
  top: string;
  ms: number;
  /** Tokens of the prompt docgap assembles for the model, and of the naive prompt (every source pasted whole). */
  promptTokens: number;
  naiveTokens: number;
}

const NEAR = 10;

/** Old-file line ranges of each hunk of a unified diff, by file. */
export function hunkRanges(diff: string): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const file of parsePatch(diff)) {
    const name = (file.oldFileName ?? file.newFileName ?? "").replace(/^[ab]\//, "");
    const ranges = file.hunks.map((h): [number, number] => [
      h.oldStart,
      h.oldStart + Math.max(h.oldLines, 1) - 1,
    ]);
    out.set(name, [...(out.get(name) ?? []), ...ranges]);
  }
  return out;
}

const overlaps = (a: [number, number], b: [number, number], slack = NEAR) =>
  a[0] <= b[1] + slack && b[0] <= a[1] + slack;

/** A case's kind in words, as one of docgap's kinds. */
export function kindOf(words: string | undefined): string | null {
  const w = (words ?? "").toLowerCase();
  const table: Array<[RegExp, string]> = [
    [/^broken[- ]link/, "broken-link"],
    [/^typo/, "typo"],
    [/^(?:wrong|incorrect)/, "wrong"],
    [/^outdated/, "outdated"],
    [/^missing/, "missing"],
    [/^(?:confusing|unclear)/, "unclear"],
    [/^question/, "question"],
  ];
  return table.find(([re]) => re.test(w))?.[1] ?? null;
}

/** Scores one result against the fix, as described in docs/evaluation.md. */
export function scoreCase(c: EvalCase, result: AnalysisResult, ms: number): CaseScore {
  const gold = new Set(c.fix.gold_files);
  const paths = result.analysis.affectedPages.map((p) => p.sourcePath);
  const fixHunks = hunkRanges(c.fix.diff);
  const firstGold = result.analysis.affectedPages.find((p) => p.sourcePath && gold.has(p.sourcePath));
  const section =
    !!firstGold?.section &&
    (fixHunks.get(firstGold.sourcePath ?? "") ?? []).some((h) =>
      overlaps([firstGold.section?.startLine ?? 0, firstGold.section?.endLine ?? 0], h),
    );
  const patchFiles = result.patch?.files ?? [];
  const patchHunk = patchFiles.some((f) => {
    const mine = hunkRanges(f.diff).get(f.path) ?? [...hunkRanges(f.diff).values()].flat();
    return (fixHunks.get(f.path) ?? []).some((h) => mine.some((m) => overlaps(m, h)));
  });
  const first = result.analysis.affectedPages[0];
  const line1 =
    !!first?.sourcePath &&
    gold.has(first.sourcePath) &&
    !!first.lines &&
    (fixHunks.get(first.sourcePath) ?? []).some((h) =>
      overlaps([first.lines?.start ?? 0, first.lines?.end ?? 0], h, 0),
    );
  const actionWanted = c.outcome?.kind ?? "update-docs";
  const action = result.analysis.recommendation.action;
  const passage = c.outcome?.passage;
  const answer = result.analysis.answer;
  const actionHit =
    action === actionWanted &&
    (!passage ||
      (answer?.path === passage.file &&
        overlaps([answer.lines.start, answer.lines.end], [passage.start_line, passage.end_line], 0)));
  return {
    id: c.id,
    kindWanted: kindOf(c.kind),
    kind: result.analysis.kind,
    actionWanted,
    action,
    actionHit,
    line1,
    file1: !!paths[0] && gold.has(paths[0]),
    file3: paths.slice(0, 3).some((p) => !!p && gold.has(p)),
    section,
    patchFile: patchFiles.some((f) => gold.has(f.path)),
    patchHunk,
    top: paths[0] ?? "—",
    ms,
    promptTokens: result.prompt?.tokens ?? 0,
    naiveTokens: result.prompt?.naiveTokens ?? 0,
  };
}

/** Analyses one case offline with the heuristic engine, measuring the prompt a model would get. */
/** `configured`: the case's `docs.root` and `docs.siteUrl`; `zero`: no config at all, as a new install runs. */
export type EvalMode = "configured" | "zero";

export async function analyzeCase(
  c: EvalCase,
  corporaDir: string,
  mode: EvalMode = "configured",
): Promise<{ result: AnalysisResult; ms: number }> {
  const config = ConfigSchema.parse(
    mode === "zero"
      ? { analysis: { engine: "heuristic" } }
      : {
          docs: {
            root: c.docs.root,
            siteUrl: c.docs.site_url,
            siteUrlAliases: c.docs.site_url_aliases ?? [],
            ...(c.docs.repo ? { repo: c.docs.repo } : {}),
          },
          analysis: { engine: "heuristic" },
        },
  );
  const docs = localDocsRepo(path.join(corporaDir, c.corpus));
  const t0 = performance.now();
  const result = await analyzeIssue({
    issue: {
      repo: c.repo,
      number: c.issue.number,
      title: c.issue.title,
      body: c.issue.body,
      url: c.issue.html_url ?? null,
    },
    config,
    docs,
    changelogRepo: docs,
    fetcher: null,
    octokit: null,
    offlineReason: "eval runs offline",
    engine: { measurePrompt: true, env: {} },
  });
  return { result, ms: Math.round(performance.now() - t0) };
}

export async function runCase(
  c: EvalCase,
  corporaDir: string,
  mode: EvalMode = "configured",
): Promise<CaseScore> {
  const { result, ms } = await analyzeCase(c, corporaDir, mode);
  return scoreCase(c, result, ms);
}

const mark = (b: boolean) => (b ? "✓" : "·");

const kindMark = (s: CaseScore) =>
  s.kindWanted ? `${mark(s.kind === s.kindWanted)} ${s.kind}` : `– ${s.kind}`;

/** Cases whose right answer was not an edit: the recommendation wanted and given. */
function verdictTable(scores: CaseScore[]): string {
  const n = scores.length;
  return [
    "| case | wanted | docgap | right |",
    "|---|---|---|---|",
    ...scores.map((s) => `| ${s.id} | ${s.actionWanted} | ${s.action} | ${mark(s.actionHit)} |`),
    `| **total (${n})** | | | **${scores.filter((s) => s.actionHit).length}/${n}** |`,
  ].join("\n");
}

export function formatTable(scores: CaseScore[]): string {
  const fixes = scores.filter((s) => s.actionWanted === "update-docs");
  const verdicts = scores.filter((s) => s.actionWanted !== "update-docs");
  if (fixes.length === 0) return verdictTable(verdicts);
  const rows = fixes.map(
    (s) =>
      `| ${s.id} | ${mark(s.file1)} | ${mark(s.file3)} | ${mark(s.section)} | ${mark(s.line1)} | ${kindMark(s)} | ${mark(s.actionHit)} | ${mark(s.patchFile)} | ${mark(s.patchHunk)} | ${s.promptTokens} | ${s.naiveTokens} | ${s.ms} | ${s.top} |`,
  );
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const medPrompt = med(fixes.map((s) => s.promptTokens));
  const medNaive = med(fixes.map((s) => s.naiveTokens));
  const ratios = fixes.filter((s) => s.naiveTokens).map((s) => s.promptTokens / s.naiveTokens);
  const n = fixes.length;
  const sum = (k: keyof CaseScore) => fixes.filter((s) => s[k] === true).length;
  const kinds = fixes.filter((s) => s.kindWanted);
  const kindHits = kinds.filter((s) => s.kind === s.kindWanted).length;
  const patched = fixes.filter((s) => s.patchFile).length;
  const median = med(fixes.map((s) => s.ms));
  const repos = [...new Set(fixes.map((s) => s.id.replace(/__\d+$/, "")))];
  const perRepo = repos.map((r) => {
    const mine = fixes.filter((s) => s.id.replace(/__\d+$/, "") === r);
    const k = mine.length;
    const count = (key: keyof CaseScore) => `${mine.filter((s) => s[key] === true).length}/${k}`;
    return `| ${r} | ${count("file1")} | ${count("file3")} | ${count("section")} | ${count("line1")} | ${count("patchFile")} | ${count("patchHunk")} |`;
  });
  return [
    "| case | file@1 | file@3 | section | line@1 | kind | update-docs | patch file | patch hunk | prompt tokens | naive prompt | ms | top file |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    `| **total (${n})** | **${sum("file1")}/${n}** | **${sum("file3")}/${n}** | **${sum("section")}/${n}** | **${sum("line1")}/${n}** | **${kindHits}/${kinds.length}** | **${sum("actionHit")}/${n}** | **${sum("patchFile")}/${n}** | **${sum("patchHunk")}/${n}** (${sum("patchHunk")}/${patched} of the drafts) | median ${medPrompt} | median ${medNaive} (prompt/naive: median ${med(ratios).toFixed(2)}) | median ${median} | |`,
    "",
    "| repository | file@1 | file@3 | section | line@1 | patch file | patch hunk |",
    "|---|---|---|---|---|---|---|",
    ...perRepo,
    ...(verdicts.length ? ["", verdictTable(verdicts)] : []),
  ].join("\n");
}

/** Runs every case in a folder offline with the heuristic engine and prints the scores. */
export async function runEval(
  casesDir: string,
  corporaDir: string,
  format: "table" | "json",
  modes: EvalMode[] = ["configured", "zero"],
  only: string | null = null,
): Promise<string> {
  const names = (await readdir(casesDir))
    .filter((f) => f.endsWith(".json") && (!only || f.includes(only)))
    .sort();
  const cases: EvalCase[] = [];
  for (const name of names)
    cases.push(JSON.parse(await readFile(path.join(casesDir, name), "utf8")) as EvalCase);
  const out: Record<string, CaseScore[]> = {};
  for (const mode of modes) {
    const scores: CaseScore[] = [];
    for (const c of cases) scores.push(await runCase(c, corporaDir, mode));
    out[mode] = scores;
  }
  if (format === "json") return JSON.stringify(out, null, 2);
  const title = { configured: "With each case's docs.root and docs.siteUrl", zero: "With no config at all" };
  return modes.map((m) => `### ${title[m]}\n\n${formatTable(out[m] ?? [])}`).join("\n\n");
}
