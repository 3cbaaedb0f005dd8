import { countTokens, decode, encode } from "gpt-tokenizer";
import type { SourceKind } from "../types/result.js";

/** Tokens of a text, counted offline (o200k_base, the encoding of current OpenAI models). */
export const tokens = (text: string): number => countTokens(text);

/** Share of the prompt's source budget each kind of source gets; unused shares go to the most relevant rest. */
export const SHARES: Record<SourceKind, number> = {
  issue: 0.25,
  "docs-file": 0.4,
  page: 0.15,
  changelog: 0.1,
  linked: 0.1,
};

export interface SourceItem {
  id: string;
  kind: SourceKind;
  /** Where it comes from: URL, `path:lines`, changelog version. */
  ref: string;
  text: string;
  /** 0..1; the least relevant is trimmed first. */
  relevance: number;
}

export interface Fitted {
  items: Array<SourceItem & { tokens: number; truncated: boolean }>;
  shares: Record<SourceKind, { budget: number; used: number }>;
  /** What was cut, for the prompt and the report. */
  trimmed: string[];
}

const MIN_USEFUL = 120;

/** Cuts a text to at most `limit` tokens, at a line break where possible. */
export function truncateTokens(text: string, limit: number): string {
  const encoded = encode(text);
  if (encoded.length <= limit) return text;
  const cut = decode(encoded.slice(0, Math.max(0, limit - 4)));
  const nl = cut.lastIndexOf("\n");
  return `${nl > cut.length * 0.6 ? cut.slice(0, nl) : cut}\n[…]`;
}

/**
 * Fits sources into `budget` tokens: each kind first within its share, most relevant first; what a kind leaves
 * unused then goes to the items that did not fit, most relevant first. Items are cut, then dropped.
 */
export function fitSources(sources: SourceItem[], budget: number): Fitted {
  const shares = Object.fromEntries(
    (Object.keys(SHARES) as SourceKind[]).map((k) => [
      k,
      { budget: Math.floor(budget * SHARES[k]), used: 0 },
    ]),
  ) as Fitted["shares"];
  const sized = sources.map((s) => ({ ...s, tokens: tokens(s.text), truncated: false }));
  const byRelevance = [...sized].sort((a, b) => b.relevance - a.relevance);
  const kept = new Map<string, (typeof sized)[number]>();
  const waiting: typeof sized = [];
  for (const item of byRelevance) {
    const share = shares[item.kind];
    const room = share.budget - share.used;
    if (item.tokens <= room) {
      kept.set(item.id, item);
      share.used += item.tokens;
    } else waiting.push(item);
  }
  let pool = Object.values(shares).reduce((n, s) => n + (s.budget - s.used), 0);
  const trimmed: string[] = [];
  for (const item of waiting) {
    // `pool` is every share's unused rest, this kind's included.
    const share = shares[item.kind];
    if (item.tokens <= pool) {
      kept.set(item.id, item);
      pool -= item.tokens;
      share.used += item.tokens;
    } else if (pool >= MIN_USEFUL) {
      const text = truncateTokens(item.text, pool);
      const cut = { ...item, text, tokens: tokens(text), truncated: true };
      kept.set(item.id, cut);
      pool -= cut.tokens;
      share.used += cut.tokens;
      trimmed.push(`${item.id} (${item.ref}) cut from ${item.tokens} to ${cut.tokens} tokens`);
    } else {
      trimmed.push(`${item.id} (${item.ref}) left out: ${item.tokens} tokens, no room left`);
    }
  }
  return {
    items: sized.filter((s) => kept.has(s.id)).map((s) => kept.get(s.id) as (typeof sized)[number]),
    shares,
    trimmed,
  };
}
