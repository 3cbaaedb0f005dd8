import type { ModelAnswer } from "../../src/analysis/answer.js";

/** A chat completion as an OpenAI-compatible endpoint returns it. */
export const chatReply = (
  message: { content?: string | null; refusal?: string | null },
  finish_reason = "stop",
  usage = { prompt_tokens: 1200, completion_tokens: 300 },
) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 0,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      finish_reason,
      logprobs: null,
      message: { role: "assistant", content: null, refusal: null, ...message },
    },
  ],
  usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
});

export const PAGE = "docs/guide/env-and-mode.md";

/** A well-formed answer about the vite-docs fixture; `over` replaces top-level keys. */
export const answer = (over: Partial<ModelAnswer> = {}): ModelAnswer => ({
  tldr: {
    text: "The IntelliSense section does not say that `vite/client` types must be referenced.",
    sources: ["S1", "S2"],
  },
  guidance: [
    {
      text: "Add a sentence on referencing `vite/client` under IntelliSense for TypeScript.",
      sources: ["S2"],
    },
    { text: "Vite 9 removed this file entirely.", sources: ["S99"] },
  ],
  causes: [
    {
      text: "The reporter followed the section and got no types; see https://evil.example/x",
      sources: ["S1"],
    },
  ],
  pages: [
    { sourcePath: PAGE, problem: "No word on `vite/client`, cc @octocat" },
    { sourcePath: "docs/secret.md", problem: "made up" },
  ],
  example: {
    needed: true,
    content: '```ts\n/// <reference types="vite/client" />\n```',
    reason: "The fix is a type reference.",
  },
  notes: [],
  recommendation: { action: "update-docs", rationale: "The section lacks the reference." },
  confidence: "high",
  edits: [
    {
      path: PAGE,
      kind: "insert-after-heading",
      heading: "IntelliSense for TypeScript",
      find: null,
      title: null,
      text: "Make sure `vite/client` is referenced, for example in `src/vite-env.d.ts`.",
    },
    {
      path: ".github/workflows/x.yml",
      kind: "replace",
      heading: null,
      find: "on: push",
      title: null,
      text: "on: pull_request_target",
    },
    {
      path: "docs/guide/index.md",
      kind: "append-to-section",
      heading: "Overview",
      find: null,
      title: null,
      text: "Unrelated.",
    },
  ],
  ...over,
});
