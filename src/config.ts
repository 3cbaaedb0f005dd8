import { z } from "zod";
import { isRepoSlug } from "./issue/slug.js";

/** Repository slug `owner/name`. */
const repoSlug = z.string().refine(isRepoSlug, "must be written as owner/name");

/** Schema of `.github/docgap.yml`. Every key is optional; defaults apply. */
export const ConfigSchema = z
  .object({
    trigger: z
      .object({
        /** Labels that start an analysis when added to an issue. */
        labels: z.array(z.string().min(1)).min(1).default(["documentation"]),
        /** Re-run when the title or body of a labeled issue is edited. */
        onEdit: z.boolean().default(true),
      })
      .strict()
      .default({ labels: ["documentation"], onEdit: true }),
    output: z
      .object({
        /**
         * `comment` posts (and edits) one comment; `pull-request` opens a draft pull request with the patch and a
         * short comment linking to it; `both` does both with the full comment; `dry-run` only logs.
         */
        mode: z.enum(["dry-run", "comment", "pull-request", "both"]).default("comment"),
        pullRequest: z
          .object({
            /** Keyword that links the pull request to the issue (`null`: mention it without closing it). */
            closingKeyword: z.enum(["Closes", "Fixes", "Resolves"]).nullable().default("Closes"),
            /** Open pull requests as drafts (falls back to a normal one where drafts are not available). */
            draft: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    docs: z
      .object({
        /** Repository holding the docs source (`owner/name`); default: the issue's repository. */
        repo: repoSlug.nullable().default(null),
        /**
         * Folder of the docs source inside that repository (`""` for the root). Null: found from the site
         * generator's config (Docusaurus, VitePress, Starlight, MkDocs, Sphinx, Mintlify, Eleventy) or the tree.
         */
        root: z.string().nullable().default(null),
        /** Base URL where the docs are published, e.g. `https://vite.dev/`. Null: read from the site's config. */
        siteUrl: z
          .url({ protocol: /^https?$/ })
          .nullable()
          .default(null),
        /** Other base URLs that publish the same docs (old domains, versioned prefixes). */
        siteUrlAliases: z.array(z.url({ protocol: /^https?$/ })).default([]),
        /** Explicit URL path → source file patterns, e.g. `{ from: "/guide/:path", to: "docs/guide/:path.md" }`. */
        map: z
          .array(
            z
              .object({ from: z.string().startsWith("/").max(300), to: z.string().min(1).max(300) })
              .strict()
              .refine(({ from }) => (from.match(/:path\b|:\w+\*/g) ?? []).length <= 1, {
                message: "a pattern takes the rest of the path (`:path`) at most once",
                path: ["from"],
              })
              .refine(({ from, to }) => [...to.matchAll(/:(\w+)/g)].every((m) => from.includes(`:${m[1]}`)), {
                message: "every :name in `to` must stand in `from`",
                path: ["to"],
              }),
          )
          .max(100)
          .default([]),
      })
      .strict()
      .default({ repo: null, root: null, siteUrl: null, siteUrlAliases: [], map: [] }),
    sources: z
      .object({
        /** Extra hosts whose pages docgap may fetch (the docs site's host and GitHub are always allowed). */
        allowedHosts: z
          .array(
            z
              .string()
              .max(253)
              .regex(
                /^(\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
                "must be a host name such as docs.example.com or *.example.com (at least two labels)",
              ),
          )
          .max(50)
          .default([]),
        /** Changelog file in the issue's repository; found automatically when null. */
        changelog: z.string().nullable().default(null),
        /** Follow linked issues and pull requests one hop. */
        followLinks: z.boolean().default(true),
        /** Most pages fetched per analysis. */
        maxPages: z.number().int().min(0).max(20).default(8),
      })
      .strict()
      .default({ allowedHosts: [], changelog: null, followLinks: true, maxPages: 8 }),
    analysis: z
      .object({
        /** `auto` uses the model when OPENAI_API_KEY is set, the heuristic engine otherwise. */
        engine: z.enum(["auto", "heuristic", "openai"]).default("auto"),
        /** Model name for the OpenAI-compatible endpoint. */
        model: z.string().min(1).default("gpt-4o-mini"),
        /** Most tokens of one prompt; each kind of source gets a share, the least relevant is trimmed first. */
        maxPromptTokens: z.number().int().min(1000).max(400_000).default(12_000),
        /** Most tokens of one answer. */
        maxCompletionTokens: z.number().int().min(256).max(32_000).default(3_000),
        /** Time limit for the whole model step of one analysis (retries and the repair attempt included). */
        timeoutSeconds: z.number().int().min(5).max(900).default(120),
        /** Tokens one installation may spend per UTC day; after that the heuristic engine answers. */
        dailyTokenBudget: z.number().int().min(0).nullable().default(null),
        /** Price of the model in USD per million tokens, to report the cost of each analysis. */
        price: z
          .object({ input: z.number().min(0), output: z.number().min(0) })
          .strict()
          .nullable()
          .default(null),
      })
      .strict()
      .prefault({}),
    patch: z
      .object({
        /** Draft a patch of the docs source files. */
        enabled: z.boolean().default(true),
        /** Most files one patch may change. */
        maxFiles: z.number().int().min(1).max(10).default(3),
        /** Most lines (added plus removed) one patch may change. */
        maxChangedLines: z.number().int().min(1).max(1000).default(150),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type DocgapConfig = z.infer<typeof ConfigSchema>;
export type DocgapConfigInput = z.input<typeof ConfigSchema>;

export const CONFIG_FILE = "docgap.yml";

export const defaultConfig = (): DocgapConfig => ConfigSchema.parse({});

export type ConfigResult = { ok: true; config: DocgapConfig } | { ok: false; errors: string[] };

/** Formats a zod issue path as a YAML key path: `docs.map[0].from`. */
const keyPath = (path: PropertyKey[]): string =>
  path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );

/** Validates a parsed config object; errors name the key and say what is wrong. */
export function parseConfig(raw: unknown): ConfigResult {
  if (raw === null || raw === undefined) return { ok: true, config: defaultConfig() };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: ["the file must be a YAML mapping of keys (trigger, output, docs, ...)"] };
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const errors = result.error.issues.map((issue) => {
    const where = keyPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(", ");
      return `unknown key ${keys}`;
    }
    return `${where || "(root)"}: ${issue.message}`;
  });
  return { ok: false, errors };
}
