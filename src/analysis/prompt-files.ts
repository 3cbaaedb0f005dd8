import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The prompt files and the placeholders each must use: no more, no fewer. */
export const PROMPT_SPECS = {
  system: ["allowedPaths", "maxFiles"],
  analyze: ["facts", "sources", "paths", "trimmed"],
  repair: ["error"],
} as const;

export type PromptName = keyof typeof PROMPT_SPECS;
export type PromptVars<N extends PromptName> = Record<(typeof PROMPT_SPECS)[N][number], string>;
export type Prompts = { [N in PromptName]: string };

export class PromptError extends Error {}

/** `prompts/` at the package root, from `src/analysis` and from the built `lib/analysis` alike. */
export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

const PLACEHOLDER = /\{\{\s*([A-Za-z]\w*)\s*\}\}/g;

const placeholders = (template: string) =>
  new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""));

/** Checks one template against its spec; names what is missing or unknown. */
export function checkTemplate(name: PromptName, template: string): void {
  const used = placeholders(template);
  const want: readonly string[] = PROMPT_SPECS[name];
  const missing = want.filter((p) => !used.has(p));
  const unknown = [...used].filter((p) => !want.includes(p));
  if (missing.length || unknown.length) {
    throw new PromptError(
      `prompts/${name}.md: ${[
        missing.length ? `missing placeholder(s) ${missing.map((p) => `{{${p}}}`).join(", ")}` : "",
        unknown.length ? `unknown placeholder(s) ${unknown.map((p) => `{{${p}}}`).join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ")}`,
    );
  }
}

/** Reads and checks every prompt file. Throws a PromptError at load time, never a blank at run time. */
export function loadPrompts(dir = PROMPTS_DIR): Prompts {
  const out = {} as Prompts;
  for (const name of Object.keys(PROMPT_SPECS) as PromptName[]) {
    let text: string;
    try {
      text = readFileSync(`${dir.replace(/\/?$/, "/")}${name}.md`, "utf8");
    } catch {
      throw new PromptError(`prompts/${name}.md cannot be read from ${dir}`);
    }
    checkTemplate(name, text);
    out[name] = text;
  }
  return out;
}

/** Fills a checked template. Values are inserted as they are, in one pass, so they cannot add placeholders. */
export const fillTemplate = <N extends PromptName>(template: string, vars: PromptVars<N>): string =>
  template.replace(PLACEHOLDER, (_m, key: string) => (vars as Record<string, string>)[key] ?? "").trim();
