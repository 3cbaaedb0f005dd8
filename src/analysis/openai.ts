import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { ModelAnswer } from "./answer.js";
import type { ChatMessage } from "./assemble-prompt.js";
import { fillTemplate, type Prompts } from "./prompt-files.js";

/** Where the model is reached: any OpenAI-compatible endpoint. */
export interface ModelEndpoint {
  apiKey: string;
  /** `OPENAI_BASE_URL`: Azure OpenAI, GitHub Models, OpenRouter, Ollama, vLLM and the like. */
  baseURL?: string;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
}

export interface ModelCall {
  endpoint: ModelEndpoint;
  model: string;
  messages: ChatMessage[];
  prompts: Prompts;
  maxCompletionTokens: number;
  /** Time limit for the whole call, retries and the repair attempt included. */
  timeoutMs: number;
  /** Retries of 429 and 5xx answers (the SDK backs off, honouring `retry-after`). */
  maxRetries?: number;
  /** docgap's own count of the prompt's tokens: the usage reported when the server never says its own. */
  promptTokens?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** True when the server reported no usage (a timeout, a dropped connection) and docgap counted the prompt. */
  estimated?: boolean;
}

/**
 * The answer-length fields to send. OpenAI's own API (and Azure OpenAI) take `max_completion_tokens` and reject
 * `max_tokens` for reasoning models; llama.cpp's server before 2026, llama-cpp-python and Ollama's OpenAI layer
 * read only `max_tokens`. Other endpoints get both.
 */
export function lengthLimit(baseURL: string | undefined, tokens: number) {
  let host = "api.openai.com";
  try {
    if (baseURL) host = new URL(baseURL).hostname.toLowerCase();
  } catch {
    // the SDK reports a bad base URL
  }
  const openai = host === "api.openai.com" || host.endsWith(".openai.azure.com");
  return openai ? { max_completion_tokens: tokens } : { max_completion_tokens: tokens, max_tokens: tokens };
}

export type ModelOutcome =
  | { ok: true; answer: ModelAnswer; usage: Usage; attempts: number }
  | { ok: false; reason: string; usage: Usage; attempts: number };

/** The model answered, but not with something usable: worth one repair attempt. */
class UnusableAnswer extends Error {}

const RESPONSE_FORMAT = zodResponseFormat(ModelAnswer, "gap_analysis");

function readAnswer(choice: OpenAI.Chat.Completions.ChatCompletion.Choice | undefined): ModelAnswer {
  if (!choice) throw new UnusableAnswer("the answer had no choices");
  const message = choice.message;
  if (message.refusal) throw new UnusableAnswer(`the model refused: ${message.refusal.slice(0, 200)}`);
  if (choice.finish_reason === "length")
    throw new UnusableAnswer("the answer was cut off at the token limit");
  if (choice.finish_reason === "content_filter")
    throw new UnusableAnswer("the answer was stopped by a content filter");
  let json: unknown;
  try {
    json = JSON.parse(message.content ?? "");
  } catch {
    throw new UnusableAnswer("the answer is not valid JSON");
  }
  const parsed = ModelAnswer.safeParse(json);
  if (!parsed.success) {
    throw new UnusableAnswer(
      `the answer does not match the schema: ${z.prettifyError(parsed.error).slice(0, 600)}`,
    );
  }
  return parsed.data;
}

/** Why a transport failure happened, in one line. */
function describeFailure(err: unknown): string {
  if (err instanceof OpenAI.APIConnectionTimeoutError || err instanceof OpenAI.APIUserAbortError)
    return "the model did not answer within the time limit";
  if (err instanceof OpenAI.APIError && err.status) {
    // The server's own words say why (a context size, a model name): quoted, on one line, at most 200 characters.
    const said = (err.error as { message?: unknown } | undefined)?.message;
    const quote =
      typeof said === "string" && said.trim()
        ? `: "${said
            .replace(/\p{Cc}+/gu, " ")
            .trim()
            .slice(0, 200)}"`
        : "";
    return `the model endpoint answered ${err.status}${err.status === 429 ? " (rate limited)" : ""}${quote}`;
  }
  if (err instanceof OpenAI.APIConnectionError) return "the model endpoint could not be reached";
  if ((err as Error)?.name === "TimeoutError" || (err as Error)?.name === "AbortError")
    return "the model did not answer within the time limit";
  return (err as Error)?.message?.split("\n")[0] ?? "unknown error";
}

/**
 * Asks the model for a structured gap analysis. An unusable answer (refusal, invalid JSON, schema mismatch,
 * cut off) gets one repair attempt; transport failures are retried by the SDK with backoff; nothing here
 * throws: the caller gets the answer or the reason there is none.
 */
export async function askModel(call: ModelCall): Promise<ModelOutcome> {
  const client = new OpenAI({
    apiKey: call.endpoint.apiKey,
    baseURL: call.endpoint.baseURL,
    ...(call.endpoint.fetch ? { fetch: call.endpoint.fetch } : {}),
    maxRetries: call.maxRetries ?? 2,
    timeout: call.timeoutMs,
  });
  const signal = AbortSignal.timeout(call.timeoutMs);
  const usage: Usage = { promptTokens: 0, completionTokens: 0 };
  const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [...call.messages];
  for (let attempt = 1; attempt <= 2; attempt++) {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client.chat.completions.create(
        {
          model: call.model,
          messages,
          response_format: RESPONSE_FORMAT,
          ...lengthLimit(call.endpoint.baseURL, call.maxCompletionTokens),
          temperature: 0.2,
        },
        { signal },
      );
    } catch (err) {
      // A request the server may have worked on without saying what it spent: count the prompt at least.
      const status = err instanceof OpenAI.APIError ? err.status : undefined;
      if (!status && call.promptTokens) {
        usage.promptTokens += call.promptTokens;
        usage.estimated = true;
      }
      return { ok: false, reason: describeFailure(err), usage, attempts: attempt };
    }
    usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
    usage.completionTokens += completion.usage?.completion_tokens ?? 0;
    try {
      return { ok: true, answer: readAnswer(completion.choices[0]), usage, attempts: attempt };
    } catch (err) {
      if (!(err instanceof UnusableAnswer)) throw err;
      if (attempt === 2)
        return { ok: false, reason: `${err.message} (after one repair attempt)`, usage, attempts: 2 };
      // The answer stays in the conversation, even an empty one: chat templates that require alternating roles
      // (Gemma's among them) reject two user turns in a row.
      const content = completion.choices[0]?.message.content?.slice(0, 20_000) ?? "";
      messages.push({ role: "assistant", content: content.trim() ? content : "(empty answer)" });
      messages.push({
        role: "user",
        content: fillTemplate<"repair">(call.prompts.repair, { error: err.message }),
      });
    }
  }
  return { ok: false, reason: "no answer", usage, attempts: 2 };
}
