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
