import type { DocgapConfig } from "../config/schema.js";
import { registerSecret } from "../text/secrets.js";
import type { GapAnalysis } from "../types/analysis.js";
import type { Gathered } from "../types/gathered.js";
import type { Edit } from "../types/patch.js";
import type { EngineReport, PromptReport } from "../types/result.js";
import { checkAnswer } from "./answer.js";
import { assemblePrompt } from "./assemble-prompt.js";
import { heuristicAnalysis } from "./heuristic.js";
import { ledgerKey, type TokenLedger } from "./ledger.js";
import { askModel } from "./openai.js";
import { loadPrompts, type Prompts } from "./prompt-files.js";

export interface EngineEnv {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
}

export interface EngineOptions {
  /** Where the model key and endpoint come from (default: the process environment). */
  env?: EngineEnv;
  prompts?: Prompts;
  ledger?: TokenLedger;
  /** Installation the daily token budget is counted for. */
  installation?: number | string | null;
  /** The fetch the model client uses (the CLI passes one that goes through the proxy variables). */
  fetch?: typeof fetch;
  /** Assemble the prompt even when no model is called, to report its size (the eval does). */
  measurePrompt?: boolean;
}

export interface EngineResult {
  analysis: GapAnalysis;
  /** Edits the model proposed, or null when the heuristic engine answered. */
  edits: Edit[] | null;
  engine: EngineReport;
  prompt: PromptReport | null;
}

type Choice = { model: true; apiKey: string } | { model: false; note: string | null };

/** The model that will answer under this config and environment, or null when the heuristic engine will. */
export const modelFor = (config: DocgapConfig, env: EngineEnv): string | null =>
  config.analysis.engine !== "heuristic" && env.OPENAI_API_KEY ? config.analysis.model : null;

function chooseEngine(config: DocgapConfig, env: EngineEnv): Choice {
  if (modelFor(config, env) && env.OPENAI_API_KEY) return { model: true, apiKey: env.OPENAI_API_KEY };
  return {
    model: false,
    note:
      config.analysis.engine === "openai"
        ? "analysis.engine is openai, but OPENAI_API_KEY is not set; the heuristic engine answered."
        : null,
  };
}

const cost = (config: DocgapConfig, promptTokens: number, completionTokens: number) =>
  config.analysis.price
    ? Number(
        (
          (promptTokens * config.analysis.price.input + completionTokens * config.analysis.price.output) /
          1e6
        ).toFixed(6),
      )
    : null;

/** Runs the configured engine; any model failure falls back to the heuristic analysis, with a visible note. */
export async function runEngine(
  gathered: Gathered,
  issue: { title: string; body: string | null; repo?: string | null },
  config: DocgapConfig,
  options: EngineOptions = {},
): Promise<EngineResult> {
  const heuristic = heuristicAnalysis(gathered, { config, issueRepo: issue.repo ?? null });
  const env = options.env ?? (process.env as EngineEnv);
  registerSecret(env.OPENAI_API_KEY);
  const choice = chooseEngine(config, env);
  const fallback = (note: string | null, usage: EngineReport["usage"] = null): EngineResult => ({
    analysis: note ? { ...heuristic, notes: [...heuristic.notes, note] } : heuristic,
    edits: null,
    engine: { name: "heuristic", model: null, usage, fallback: note },
    prompt: null,
  });
  if (!choice.model) {
    const result = fallback(choice.note);
    if (options.measurePrompt) {
      const assembled = assemblePrompt({
        gathered,
        issue,
        config,
        prompts: options.prompts ?? loadPrompts(),
        measureNaive: true,
      });
      result.prompt = report(assembled);
    }
    return result;
  }
  const { ledger } = options;
  const budget = config.analysis.dailyTokenBudget;
  const key = options.installation != null ? ledgerKey(options.installation) : null;
  if (ledger && key && budget !== null && (await ledger.spent(key)) >= budget) {
    return fallback(
      `The daily token budget of this installation (${budget} tokens) is spent; the heuristic engine answered. It resets at 00:00 UTC.`,
    );
  }
  const prompts = options.prompts ?? loadPrompts();
  const assembled = assemblePrompt({ gathered, issue, config, prompts });
  await new Promise<void>((resolve) => setImmediate(resolve));
  const outcome = await askModel({
    endpoint: { apiKey: choice.apiKey, baseURL: env.OPENAI_BASE_URL || undefined, fetch: options.fetch },
    model: config.analysis.model,
    messages: assembled.messages,
    prompts,
    maxCompletionTokens: config.analysis.maxCompletionTokens,
    timeoutMs: config.analysis.timeoutSeconds * 1000,
    promptTokens: assembled.tokens,
  });
  const { promptTokens, completionTokens } = outcome.usage;
  if (ledger && key) await ledger.add(key, promptTokens + completionTokens);
  const usage = {
    promptTokens,
    completionTokens,
    costUsd: cost(config, promptTokens, completionTokens),
    ...(outcome.usage.estimated ? { estimated: true } : {}),
  };
  if (!outcome.ok) {
    const result = fallback(
      `The model engine (${config.analysis.model}) gave no usable answer: ${outcome.reason}. The heuristic engine answered.`,
      promptTokens + completionTokens ? usage : null,
    );
    result.prompt = report(assembled);
    return result;
  }
  const checked = checkAnswer(outcome.answer, { gathered, sources: assembled.sources, heuristic });
  return {
    analysis: checked.analysis,
    edits: checked.edits,
    engine: { name: "openai", model: config.analysis.model, usage, fallback: null, notice: checked.notice },
    prompt: report(assembled),
  };
}

const report = (a: ReturnType<typeof assemblePrompt>): PromptReport => ({
  tokens: a.tokens,
  naiveTokens: a.naiveTokens,
  shares: a.shares,
  trimmed: a.trimmed,
});
