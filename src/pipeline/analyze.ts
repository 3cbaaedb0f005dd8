import type { Octokit } from "@octokit/rest";
import { type EngineOptions, runEngine } from "../analysis/engine.js";
import { concreteFixes } from "../analysis/fixes.js";
import type { DocgapConfig } from "../config/schema.js";
import type { ThreadComment } from "../evidence/linked.js";
import { gather } from "../gather/main.js";
import { countRequests } from "../github/client.js";
import type { DocsRepo } from "../github/docs-repo.js";
import type { SnapshotCache } from "../github/snapshot.js";
import { parseIssue } from "../issue/parse.js";
import { buildPatch } from "../patch/build.js";
import { draftEdits } from "../patch/draft.js";
import { scrubDeep, scrubKnown } from "../text/secrets.js";
import type { IssueKind } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import type { Edit } from "../types/patch.js";
import type { AnalysisResult, IssueRef } from "../types/result.js";
import type { SafeFetcher } from "../web/fetch.js";

export interface AnalyzeInput {
  issue: IssueRef;
  config: DocgapConfig;
  docs: DocsRepo | null;
  changelogRepo: DocsRepo | null;
  fetcher: SafeFetcher | null;
  octokit: Octokit | null;
  formLabels?: string[];
  offlineReason?: string;
  engine?: EngineOptions;
  /** Trees and files kept between analyses (default: the process-wide cache). */
  cache?: SnapshotCache;
  /** The issue's comments when already listed. */
  comments?: ThreadComment[];
  /** Opens a repository the issue's repository declares for its docs (see `GatherInput`). */
  openRepo?: (repo: string) => DocsRepo | null;
  /** Search GitHub for other issues about the same page (default true; see `GatherInput`). */
  searchDuplicates?: boolean;
  /** Told as each long step starts (the CLI shows it on a terminal). */
  progress?: (step: "gathering sources" | "analysing" | "drafting the patch") => void;
}

const since = (t0: number) => Math.round(performance.now() - t0);

/** Lets waiting I/O (webhooks above all) run between CPU-heavy steps. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The patch: the model's edits when it proposed any that apply, otherwise docgap's own draft at the located
 * place. Edits that were refused are kept with the reason.
 */
function patchFor(
  gathered: Gathered,
  config: DocgapConfig,
  modelEdits: Edit[] | null,
  issueNumber: number | null,
  kind: IssueKind,
) {
  if (!config.patch.enabled) return { patch: null, note: null };
  const fixes = concreteFixes(gathered, kind);
  const common = { files: gathered.files, root: config.docs.root ?? "", limits: config.patch };
  if (modelEdits?.length) {
    const model = buildPatch({ ...common, edits: modelEdits, kind: "model" });
    if (model.files.length) return { patch: model, note: null };
    const draft = buildPatch({
      ...common,
      edits: draftEdits(gathered, fixes, config.patch.maxFiles, issueNumber),
      kind: "draft",
    });
    return {
      patch: { ...draft, rejected: [...model.rejected, ...draft.rejected] },
      note: "None of the model's edits could be applied to the files as they are; the patch is docgap's own draft.",
    };
  }
  return {
    patch: buildPatch({
      ...common,
      edits: draftEdits(gathered, fixes, config.patch.maxFiles, issueNumber),
      kind: "draft",
    }),
    note: null,
  };
}

/** Runs the whole analysis of one issue: understand, gather, analyse, draft the patch. */
export async function analyzeIssue(input: AnalyzeInput): Promise<AnalysisResult> {
  const t0 = performance.now();
  const requests = input.octokit ? countRequests(input.octokit) : null;
  const facts = parseIssue(input.issue, { formLabels: input.formLabels });
  const tParse = since(t0);
  await breathe();
  const t1 = performance.now();
  input.progress?.("gathering sources");
  const gathered = await gather({
    facts,
    config: input.config,
    issueRepo: input.issue.repo,
    issueNumber: input.issue.number,
    docs: input.docs,
    changelogRepo: input.changelogRepo,
    fetcher: input.fetcher,
    octokit: input.octokit,
    offlineReason: input.offlineReason,
    cache: input.cache,
    comments: input.comments,
    searchDuplicates: input.searchDuplicates,
    openRepo: input.openRepo,
    reparse: input.formLabels ? undefined : (formLabels) => parseIssue(input.issue, { formLabels }),
  });
  const tGather = since(t1);
  await breathe();
  const t2 = performance.now();
  input.progress?.("analysing");
  const ran = await runEngine(gathered, input.issue, input.config, input.engine);
  const tAnalyze = since(t2);
  await breathe();
  const t3 = performance.now();
  input.progress?.("drafting the patch");
  const { patch, note } = patchFor(gathered, input.config, ran.edits, input.issue.number, ran.analysis.kind);
  if (note) ran.analysis.notes.push(note);
  // Nothing a remote answer echoed (a key in a model's error, a token in a page) leaves the analysis; the patch keeps
  // docs text that only looks like a key, so it still applies, but never a credential docgap holds.
  const scrubbed = scrubDeep({
    schemaVersion: 1 as const,
    issue: input.issue,
    facts: gathered.facts,
    sources: gathered.sources,
    site: gathered.site,
    analysis: ran.analysis,
    patch,
    engine: ran.engine,
    prompt: ran.prompt,
    github: requests ? requests() : null,
    timings: {
      parseMs: tParse,
      docsMs: gathered.docsMs,
      gatherMs: tGather,
      analyzeMs: tAnalyze,
      patchMs: since(t3),
      totalMs: since(t0),
    },
  });
  return {
    ...scrubbed,
    patch: patch &&
      scrubbed.patch && {
        ...scrubbed.patch,
        files: patch.files.map((f) => ({ ...f, diff: scrubKnown(f.diff) })),
      },
  };
}
