import type { DocgapConfig } from "./schema.js";

/**
 * What the operator of a docgap server (or a workflow) allows any repository's config to spend, from the
 * environment. A repository's config can lower these, never raise them.
 */
export interface OperatorLimits {
  maxPromptTokens: number | null;
  maxCompletionTokens: number | null;
  /** Model names a repository may choose; the first is used when it asks for another. */
  allowedModels: string[] | null;
  /** Tokens per installation and UTC day; null: no limit. */
  dailyTokenBudget: number | null;
  maxTimeoutSeconds: number | null;
}

/** A whole number above zero from an environment variable, or the fallback. */
export const positiveInt = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Analyses one process runs at once (`DOCGAP_CONCURRENCY`, default 2). */
export const concurrencyOf = (env: NodeJS.ProcessEnv) => positiveInt(env.DOCGAP_CONCURRENCY, 2);

/** The daily token budget when the operator sets none: about a hundred analyses a day per installation. */
export const DEFAULT_DAILY_TOKEN_BUDGET = 2_000_000;

/** Reads `DOCGAP_MAX_PROMPT_TOKENS`, `DOCGAP_MAX_COMPLETION_TOKENS`, `DOCGAP_ALLOWED_MODELS`, `DOCGAP_DAILY_TOKEN_BUDGET` (`unlimited` for none) and `DOCGAP_MAX_TIMEOUT_SECONDS`. */
export function operatorLimits(
  env: NodeJS.ProcessEnv,
): { ok: true; limits: OperatorLimits } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const count = (name: string, fallback: number | null): number | null => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (name === "DOCGAP_DAILY_TOKEN_BUDGET" && raw.toLowerCase() === "unlimited") return null;
    const n = Number(raw.replace(/_/g, ""));
    if (Number.isInteger(n) && n >= 0) return n;
    errors.push(`${name} must be a whole number, not ${raw.slice(0, 40)}`);
    return fallback;
  };
  const models = env.DOCGAP_ALLOWED_MODELS?.split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  const limits: OperatorLimits = {
    maxPromptTokens: count("DOCGAP_MAX_PROMPT_TOKENS", null),
    maxCompletionTokens: count("DOCGAP_MAX_COMPLETION_TOKENS", null),
    allowedModels: models?.length ? models : null,
    dailyTokenBudget: count("DOCGAP_DAILY_TOKEN_BUDGET", DEFAULT_DAILY_TOKEN_BUDGET),
    maxTimeoutSeconds: count("DOCGAP_MAX_TIMEOUT_SECONDS", null),
  };
  return errors.length ? { ok: false, errors } : { ok: true, limits };
}

/** A repository's config within the operator's limits, and a note for each value that was lowered. */
export function applyLimits(
  config: DocgapConfig,
  limits: OperatorLimits,
): { config: DocgapConfig; notes: string[] } {
  const notes: string[] = [];
  const analysis = { ...config.analysis };
  const cap = <K extends "maxPromptTokens" | "maxCompletionTokens" | "timeoutSeconds">(
    key: K,
    limit: number | null,
  ) => {
    if (limit !== null && analysis[key] > limit) {
      notes.push(`analysis.${key} ${analysis[key]} is over this server's limit; ${limit} applies.`);
      analysis[key] = limit;
    }
  };
  cap("maxPromptTokens", limits.maxPromptTokens);
  cap("maxCompletionTokens", limits.maxCompletionTokens);
  cap("timeoutSeconds", limits.maxTimeoutSeconds);
  if (limits.allowedModels && !limits.allowedModels.includes(analysis.model)) {
    const model = limits.allowedModels[0] as string;
    notes.push(
      `analysis.model ${analysis.model} is not among this server's allowed models; ${model} answered.`,
    );
    analysis.model = model;
  }
  if (limits.dailyTokenBudget !== null)
    analysis.dailyTokenBudget =
      analysis.dailyTokenBudget === null
        ? limits.dailyTokenBudget
        : Math.min(analysis.dailyTokenBudget, limits.dailyTokenBudget);
  return { config: { ...config, analysis }, notes };
}
