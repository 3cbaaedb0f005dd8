/** Tokens spent per installation and UTC day, for `analysis.dailyTokenBudget`. */
export interface TokenLedger {
  spent(key: string): Promise<number>;
  add(key: string, tokens: number): Promise<void>;
}

export const ledgerKey = (installation: number | string, now = new Date()): string =>
  `${installation}:${now.toISOString().slice(0, 10)}`;

/** In-process ledger; days other than today are dropped as it grows. */
export function memoryLedger(): TokenLedger {
  const spent = new Map<string, number>();
  return {
    spent: async (key) => spent.get(key) ?? 0,
    add: async (key, tokens) => {
      const today = key.slice(key.lastIndexOf(":") + 1);
      for (const k of spent.keys()) if (!k.endsWith(today)) spent.delete(k);
      spent.set(key, (spent.get(key) ?? 0) + tokens);
    },
  };
}

/** Minimal Redis commands the shared ledger needs (an ioredis client). */
export interface LedgerRedis {
  get(key: string): Promise<string | null>;
  incrby(key: string, n: number): Promise<number>;
  expire(key: string, seconds: number): Promise<number>;
}

/** Ledger shared by every instance (when REDIS_URL is set); a day's count expires two days later. */
export function redisLedger(redis: LedgerRedis, prefix = "docgap"): TokenLedger {
  const k = (key: string) => `${prefix}:tokens:${key}`;
  return {
    spent: async (key) => Number((await redis.get(k(key))) ?? 0),
    add: async (key, tokens) => {
      await redis.incrby(k(key), Math.round(tokens));
      await redis.expire(k(key), 2 * 24 * 3600);
    },
  };
}
