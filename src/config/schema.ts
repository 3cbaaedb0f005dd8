import { z } from "zod";
import { isRepoSlug } from "../text/slug.js";

/** Repository slug `owner/name`. */
const repoSlug = z.string().refine(isRepoSlug, "must be written as owner/name");

/** Schema of `.github/docgap.yml`. Every key is optional; defaults apply. */
export const ConfigSchema = z
  .object({
    trigger: z
      .object({
        labels: z
          .array(z.string().min(1))
          .min(1)
          .default(["documentation", "docs", "doc"])
          .describe("Labels that start an analysis when added to an issue (compared without case)."),
        docsLabels: z
          .boolean()
          .default(true)
          .describe(
            "Also start on any label whose words say documentation (`type: docs`, `area/documentation`, `📚 documentation / examples`).",
          ),
        onEdit: z
          .boolean()
          .default(true)
          .describe("Re-run when the title or body of a labeled issue is edited."),
        quietSeconds: z
          .number()
          .min(0)
          .max(3600)
          .default(60)
          .describe(
            "After an edit, wait this long for more edits before analysing again: a burst of edits is one run.",
          ),
        spend: z
          .enum(["maintainers", "anyone"])
          .default("maintainers")
          .describe(
            "Who may start a model run or a pull request: `maintainers` (a label added, or `/docgap`, by someone with write access; other triggers get the heuristic comment) or `anyone`.",
          ),
      })
      .strict()
      .default({
        labels: ["documentation", "docs", "doc"],
        docsLabels: true,
        onEdit: true,
        quietSeconds: 60,
        spend: "maintainers",
      }),
    output: z
      .object({
        mode: z
          .enum(["dry-run", "comment", "pull-request", "both"])
          .default("comment")
          .describe(
            "`comment` posts (and edits) one comment; `pull-request` opens a draft pull request with the patch and a short comment linking to it; `both` does both with the full comment; `dry-run` only logs.",
          ),
        pullRequest: z
          .object({
            closingKeyword: z
              .enum(["Closes", "Fixes", "Resolves"])
              .nullable()
              .default("Closes")
              .describe(
                "Keyword that links the pull request to the issue (`null`: mention it without closing it).",
              ),
            draft: z
              .boolean()
              .default(true)
              .describe(
                "Open pull requests as drafts (falls back to a normal one where drafts are not available).",
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    docs: z
      .object({
        repo: repoSlug
          .nullable()
          .default(null)
          .describe("Repository holding the docs source (`owner/name`); default: the issue's repository."),
        root: z
          .string()
          .nullable()
          .default(null)
          .describe(
            'Folder of the docs source inside that repository (`""` for the root). Null: found from the site generator\'s config (Docusaurus, VitePress, Starlight, MkDocs, Sphinx, Mintlify, Eleventy) or the tree.',
          ),
        siteUrl: z
          .url({ protocol: /^https?$/ })
          .nullable()
          .default(null)
          .describe(
            "Base URL where the docs are published, e.g. `https://vite.dev/`. Null: read from the site's config.",
          ),
        siteUrlAliases: z
          .array(z.url({ protocol: /^https?$/ }))
          .default([])
          .describe("Other base URLs that publish the same docs (old domains, versioned prefixes)."),
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
          .default([])
          .describe(
            'Explicit URL path \u2192 source file patterns, e.g. `{ from: "/guide/:path", to: "docs/guide/:path.md" }`.',
          ),
      })
      .strict()
      .default({ repo: null, root: null, siteUrl: null, siteUrlAliases: [], map: [] }),
    sources: z
      .object({
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
          .default([])
          .describe(
            "Extra hosts whose pages docgap may fetch (the docs site's host and GitHub are always allowed).",
          ),
        changelog: z
          .string()
          .nullable()
          .default(null)
          .describe("Changelog file in the issue's repository; found automatically when null."),
        followLinks: z.boolean().default(true).describe("Follow linked issues and pull requests one hop."),
        maxPages: z.number().int().min(0).max(20).default(8).describe("Most pages fetched per analysis."),
      })
      .strict()
      .default({ allowedHosts: [], changelog: null, followLinks: true, maxPages: 8 }),
    analysis: z
      .object({
        engine: z
          .enum(["auto", "heuristic", "openai"])
          .default("auto")
          .describe("`auto` uses the model when OPENAI_API_KEY is set, the heuristic engine otherwise."),
        model: z
          .string()
          .min(1)
          .default("gpt-4o-mini")
          .describe("Model name for the OpenAI-compatible endpoint."),
        maxPromptTokens: z
          .number()
          .int()
          .min(1000)
          .max(400_000)
          .default(12_000)
          .describe(
            "Most tokens of one prompt; each kind of source gets a share, the least relevant is trimmed first.",
          ),
        maxCompletionTokens: z
          .number()
          .int()
          .min(256)
          .max(32_000)
          .default(3_000)
          .describe("Most tokens of one answer."),
        timeoutSeconds: z
          .number()
          .int()
          .min(5)
          .max(900)
          .default(120)
          .describe(
            "Time limit for the whole model step of one analysis (retries and the repair attempt included).",
          ),
        dailyTokenBudget: z
          .number()
          .int()
          .min(0)
          .nullable()
          .default(null)
          .describe(
            "Tokens one installation may spend per UTC day; after that the heuristic engine answers.",
          ),
        price: z
          .object({ input: z.number().min(0), output: z.number().min(0) })
          .strict()
          .nullable()
          .default(null)
          .describe("Price of the model in USD per million tokens, to report the cost of each analysis."),
      })
      .strict()
      .prefault({}),
    patch: z
      .object({
        enabled: z.boolean().default(true).describe("Draft a patch of the docs source files."),
        maxFiles: z.number().int().min(1).max(10).default(3).describe("Most files one patch may change."),
        maxChangedLines: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(150)
          .describe("Most lines (added plus removed) one patch may change."),
      })
      .strict()
      .prefault({}),
    dashboard: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe(
            "Triage every open docs issue on a schedule and keep one dashboard issue current (the App; the Action and the CLI run `triage` when asked).",
          ),
        title: z.string().min(1).max(100).default("Docs dashboard").describe("Title of the dashboard issue."),
        everyHours: z
          .number()
          .int()
          .min(1)
          .max(168)
          .default(24)
          .describe("How often the App triages the backlog when the dashboard is on."),
        maxIssues: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(500)
          .describe("Most open issues one triage reads (the most recently updated first)."),
        engine: z
          .enum(["heuristic", "analysis"])
          .default("heuristic")
          .describe(
            "Engine of the scheduled triage: `heuristic` (no tokens spent), or `analysis` (the engine `analysis.engine` chooses, within the daily token budget).",
          ),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type DocgapConfig = z.infer<typeof ConfigSchema>;
export type DocgapConfigInput = z.input<typeof ConfigSchema>;

export const CONFIG_FILE = "docgap.yml";
/** Where a repository keeps its docgap config. */
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export const defaultConfig = (): DocgapConfig => ConfigSchema.parse({});
