import { readFileSync } from "node:fs";

const ENV_HELP = `Environment:
  GITHUB_TOKEN        token for the GitHub API (public repositories work without one, at a low rate limit)
  GITHUB_API_URL      GitHub API base, for GitHub Enterprise Server (its host's issue URLs are accepted too)
  OPENAI_API_KEY      key of an OpenAI-compatible endpoint; without it the heuristic engine answers
  OPENAI_BASE_URL     that endpoint's base URL (default OpenAI's own)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                      proxy for GitHub and the model endpoint (docs pages are fetched directly, as their
                      address is checked before each request)
  DOCGAP_MAX_PROMPT_TOKENS, DOCGAP_MAX_COMPLETION_TOKENS, DOCGAP_ALLOWED_MODELS, DOCGAP_DAILY_TOKEN_BUDGET,
  DOCGAP_MAX_TIMEOUT_SECONDS
                      limits the config cannot raise (README, "Operator limits")`;

const EXIT_HELP = `Exit codes:
  0  done
  1  done, but a source or the model failed (with --strict; without it, a warning on stderr)
  2  usage error or unreadable input (an option, a file, the config, the issue)
  3  GitHub or the network could not be reached`;

export const HELP = {
  main: `docgap: the first pass on documentation issues.

Usage:
  docgap analyze <issue> [options]    analyse one issue and print the comment docgap would post
  docgap triage <owner/repo> [options]
                                      triage every open docs issue; --dashboard keeps the dashboard issue
  docgap site (owner/repo | --docs-dir DIR) [options]
                                      the docs site as docgap reads it: generator, folders, routes, redirects
  docgap eval [--cases DIR] [--corpora DIR] [options]
                                      measure localization on a set of real issues
  docgap web                          the webhook server only (with REDIS_URL; workers run the jobs)
  docgap worker                       run the jobs from Redis (with REDIS_URL)
  docgap <command> --help             every option of a command
  docgap --version

${EXIT_HELP}`,
  analyze: `Usage: docgap analyze <issue> [options]

Analyses one documentation issue: the pages and source files it means, the sections, the changelog evidence,
and a draft patch. Prints the comment docgap would post (or the whole analysis as JSON).

<issue>  a JSON file (a GitHub issue object or a webhook payload), owner/repo#N, or a GitHub issue URL

Options:
  --docs-dir DIR     read the docs (and the changelog) from this checkout, not through the GitHub API
  --config FILE      docgap's config (default: DIR/.github/docgap.yml with --docs-dir, otherwise the
                     issue repository's .github/docgap.yml, as the app reads it; _extends is followed)
  --engine NAME      heuristic or openai (default: the config's analysis.engine)
  --format FORMAT    markdown (the comment, default) or json (the whole analysis)
  --offline          make no request of any kind: no GitHub, no pages, no model
  --strict           exit 1 when a source or the model failed
  -h, --help         this help

${ENV_HELP}

${EXIT_HELP}`,
  triage: `Usage: docgap triage <owner/repo> [options]

Triages every open documentation issue of a repository (a trigger label, a docs label, or a title that says
docs): the docs are read once, the analyses run in parallel, and the issues are grouped by what a maintainer can
do: ready (a draft exists), already documented, already fixed, likely duplicates, docs elsewhere, to write, needs
information, not docs. Prints the groups and the pages with the most open issues (or all of it as JSON). No
comment is posted on the issues.

Options:
  --dashboard        create the "Docs dashboard" issue (dashboard.title), or edit it in place; it keeps each
                     issue's inputs, so the next run analyses only what changed
  --previous FILE    a report saved with --format json: issues whose inputs did not change are not analysed again
  --docs-dir DIR     read the docs from this checkout, not through the GitHub API
  --config FILE      docgap's config (default: the repository's .github/docgap.yml)
  --engine NAME      heuristic (default) or openai: a model answers only when asked, and within the operator's
                     limits (a backlog is hundreds of analyses)
  --format FORMAT    markdown (default) or json (every issue: kind, recommendation, confidence, pages,
                     sections, lines, the passage, the fixing change, the draft's files, the group)
  --concurrency N    analyses at once (default 4)
  -h, --help         this help

${ENV_HELP}

${EXIT_HELP}`,
  site: `Usage: docgap site (owner/repo | --docs-dir DIR) [options]

Prints the docs site as docgap reads it, so you can check it and correct it in .github/docgap.yml: the generator
and the config files that say so, the site's address, the folders it publishes and at which routes (locales,
versions), the redirects, and a few pages with their URLs.

Options:
  --docs-dir DIR     read a local checkout instead of the GitHub API
  --config FILE      docgap's config (default: as docgap analyze reads it)
  --format FORMAT    text (default) or json
  -h, --help         this help

${EXIT_HELP}`,
  eval: `Usage: docgap eval [--cases DIR] [--corpora DIR] [options]

Runs docgap offline on every case (a real issue and the file its maintainers fixed) and prints how often the
right file and section came first. The cases and docs trees are not part of docgap: see docs/evaluation.md,
and scripts/fetch-corpora.ts to download each case's docs tree by repository and commit.

Options:
  --cases DIR        the case files (default: ../shared/eval/dev, or DOCGAP_EVAL_CASES)
  --corpora DIR      the docs trees of the cases' repositories, one folder per repository@commit
                     (default: ../shared/corpora, or DOCGAP_EVAL_CORPORA)
  --mode MODE        both (default), configured (each case's docs.root and siteUrl) or zero (no config)
  --case ID          one case only
  --format FORMAT    table (default) or json
  -h, --help         this help

${EXIT_HELP}`,
};

/** An error the user can fix; printed as one line, exit code 2. */

/** docgap's version, from its package.json. */
export const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
};
