/** A value read from a config file without running it: `UNKNOWN` where it cannot be known statically. */ export const UNKNOWN: unique symbol =
  Symbol("unknown");
export type StaticValue =
  | string
  | number
  | boolean
  | null
  | typeof UNKNOWN
  | StaticValue[]
  | { [key: string]: StaticValue };

/** Key under which an object passed to a call records the callee's name (`defineConfig`, `starlight`). */
export const CALLEE = "(call)";

/**
 * Key under which an object passed to wrappers that plugin calls made (`const withNextra = nextra({...});
 * withNextra({...})`) lists those calls' own values, innermost first: the plugins' options.
 */
export const MADE_BY = "(made by)";

export type ReadText = (repoPath: string) => Promise<string | null>;

export const isObject = (v: StaticValue | undefined): v is { [key: string]: StaticValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A string value, or null. */
export const str = (v: StaticValue | undefined): string | null => (typeof v === "string" ? v : null);
