export class UsageError extends Error {}

/** GitHub or the network could not be reached; exit code 3. */
export class UnreachableError extends Error {}

/** The first line of an error's message: what the CLI prints. */
export const firstLine = (err: unknown) => ((err as Error).message ?? String(err)).split("\n")[0] ?? "";
