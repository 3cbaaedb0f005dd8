import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import type { ReadText } from "./static-value.js";

/** Largest config file read as data; real ones are a few kilobytes. */
const MAX_CONFIG_CHARS = 200_000;

/**
 * A YAML, TOML or JSON config (by its file name) as a table of data; null when it is not one. YAML is read without
 * running its language tags (MkDocs' `!!python/name:...`, `!ENV`).
 */
export function readData(path: string, raw: string): Record<string, unknown> | null {
  if (raw.length > MAX_CONFIG_CHARS) return null;
  try {
    const data: unknown = path.endsWith(".toml")
      ? parseToml(raw)
      : path.endsWith(".json")
        ? JSON.parse(raw)
        : parseYaml(raw, { customTags: [], logLevel: "silent", maxAliasCount: 100, uniqueKeys: false });
    return data && typeof data === "object" && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A value read as a table (`{}` when it is not one). */
export const table = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A value read as a string (null when it is not one). */
export const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** A YAML, TOML or JSON config read from the repository as a table of data; null when it is missing or not one. */
export async function readConfigData(
  configPath: string,
  readText: ReadText,
): Promise<Record<string, unknown> | null> {
  const raw = await readText(configPath);
  return raw === null ? null : readData(configPath, raw);
}
