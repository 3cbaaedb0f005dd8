import { scrubDeep, scrubSecrets } from "../text/secrets.js";

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/**
 * A logger (pino's, or any with the same methods) whose lines never carry a credential: every argument is
 * scrubbed before it is written, and so are the lines of its children.
 */
export function scrubbingLog<T extends object>(log: T): T {
  return new Proxy(log, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "child")
        return (...args: unknown[]) =>
          scrubbingLog((value as (...a: unknown[]) => object).apply(target, args));
      if (typeof prop === "string" && LEVELS.has(prop))
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => unknown).apply(
            target,
            args.map((a) => (typeof a === "string" ? scrubSecrets(a) : scrubDeep(a))),
          );
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
