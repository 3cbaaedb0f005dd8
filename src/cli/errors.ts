export class UsageError extends Error {}

/** GitHub or the network could not be reached; exit code 3. */
export class UnreachableError extends Error {}

/** The first line of an error's message: what the CLI prints. */
export const firstLine = (err: unknown) => ((err as Error).message ?? String(err)).split("\n")[0] ?? "";

/** Checks that an option's value is one of `choices` ("--format must be markdown or json, not x"); unset passes. */
export function checkChoice<T extends string>(
  option: string,
  value: string | undefined,
  choices: readonly T[],
): asserts value is T | undefined {
  if (value === undefined || (choices as readonly string[]).includes(value)) return;
  const list = `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
  throw new UsageError(`${option} must be ${list}, not ${value}`);
}

/** Checks that `--docs-dir`, when given, is a folder. */
export async function checkDocsDir(dir: string | undefined): Promise<void> {
  if (!dir) return;
  const { stat } = await import("node:fs/promises");
  if (!(await stat(dir).catch(() => null))?.isDirectory())
    throw new UsageError(`--docs-dir ${dir} is not a folder`);
}
