import { parseArgs } from "node:util";
import type { DocsIndex } from "../locate/docs-index.js";
import { isRepoSlug } from "../text/slug.js";
import type { Outcome } from "./analyze.js";
import { loadConfig } from "./analyze.js";
import { checkChoice, checkDocsDir, UnreachableError, UsageError } from "./errors.js";
import { githubClient, type Unreachable } from "./issue.js";

/**
 * `docgap site`: the site model as docgap reads it, so a maintainer can check it in a minute and correct it with
 * `docs.root`, `docs.siteUrl` or `docs.map`: the generator and the files that say so, the docs folders and their
 * routes, locales and versions, redirects, the site's address, and a few pages with their URLs.
 */
export async function site(args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      "docs-dir": { type: "string" },
      config: { type: "string" },
      format: { type: "string", default: "text" },
    },
  });
  const docsDir = values["docs-dir"];
  const repo = positionals[0] ?? null;
  if ((docsDir ? 1 : 0) + (repo ? 1 : 0) !== 1 || positionals.length > 1)
    throw new UsageError("site takes one of owner/repo or --docs-dir DIR; try docgap site --help");
  if (repo && !isRepoSlug(repo)) throw new UsageError(`${repo} is not a repository name (owner/repo)`);
  checkChoice("--format", values.format, ["text", "json"]);
  await checkDocsDir(docsDir);
  const warnings: string[] = [];
  const unreachable: Unreachable = { count: 0, last: "" };
  const client = repo ? () => githubClient(env, unreachable, null) : null;
  const config = await loadConfig({
    file: values.config,
    docsDir,
    repo,
    client,
    warn: (w) => warnings.push(w),
  });
  const [{ localDocsRepo, githubDocsRepo }, { defaultCache, openSnapshot }, { buildDocsIndex, docsFilter }] =
    await Promise.all([
      import("../github/docs-repo.js"),
      import("../github/snapshot.js"),
      import("../locate/docs-index.js"),
    ]);
  const docs = docsDir
    ? localDocsRepo(docsDir)
    : githubDocsRepo(await (client as () => Promise<never>)(), repo as string);
  let index: DocsIndex;
  try {
    const snapshot = await openSnapshot(docs, {
      cache: defaultCache(),
      keep: docsFilter(config),
      archive: true,
    });
    index = await buildDocsIndex(snapshot, config);
  } catch (err) {
    if (unreachable.count)
      throw new UnreachableError(`cannot reach GitHub to read ${repo}: ${unreachable.last}`);
    throw err;
  }
  const summary = siteSummary(index, config);
  return {
    output: values.format === "json" ? JSON.stringify(summary, null, 2) : siteText(summary),
    warnings,
    strict: false,
    unreachable: null,
  };
}

type Config = Awaited<ReturnType<typeof loadConfig>>;

function siteSummary(index: DocsIndex, config: Config) {
  const { site, routes } = index;
  const overrides = [
    config.docs.root !== null ? `docs.root: ${config.docs.root}` : null,
    config.docs.siteUrl ? `docs.siteUrl: ${config.docs.siteUrl}` : null,
    config.docs.map.length ? `docs.map: ${config.docs.map.length} pattern(s)` : null,
    config.docs.repo ? `docs.repo: ${config.docs.repo}` : null,
  ].filter((o): o is string => !!o);
  return {
    generator: site.generator,
    readFrom: site.evidence,
    siteUrls: site.siteUrls,
    overrides,
    roots: site.roots.map(({ dir, route, kind, locale, version }) => ({
      dir: dir || ".",
      route,
      kind,
      locale,
      version,
    })),
    docsFiles: index.docFiles.length,
    sourceFiles: index.sourceFiles.length,
    copies: [...routes.copies.values()].reduce((n, c) => n + c.length, 0),
    redirects: site.redirects.slice(0, 20),
    redirectCount: site.redirects.length,
    notes: site.notes,
    generated: site.generated ?? [],
    pages: index.sourceFiles
      .slice(0, 12)
      .map((f) => ({ file: f, url: `/${routes.published.get(f) ?? "?"}` })),
  };
}

function siteText(s: ReturnType<typeof siteSummary>): string {
  const lines = [
    `generator: ${s.generator}${s.readFrom.length ? ` (read from ${s.readFrom.join(", ")})` : " (no site config found)"}`,
    `site: ${s.siteUrls.length ? s.siteUrls.join(", ") : "unknown (set docs.siteUrl)"}`,
    `settings that override it: ${s.overrides.length ? s.overrides.join("; ") : "none"}`,
    `docs files: ${s.docsFiles} (${s.sourceFiles} sources, ${s.copies} translated or versioned copies)`,
    "",
    "folders the site publishes:",
    ...s.roots.map(
      (r) =>
        `  ${r.dir} -> /${r.route}${r.kind !== "docs" ? ` (${r.kind})` : ""}${r.locale ? ` [locale ${r.locale}]` : ""}${r.version ? ` [version ${r.version}]` : ""}`,
    ),
    "",
    `redirects: ${s.redirectCount}`,
    ...s.redirects.slice(0, 10).map((r) => `  /${r.from} -> /${r.to}`),
    "",
    ...(s.generated.length
      ? [
          "folders a plugin writes (their pages are fixed in the source):",
          ...s.generated.map((g) => `  ${g.dir} <- ${g.source} (${g.by})`),
          "",
        ]
      : []),
    "pages (first 12):",
    ...s.pages.map((p) => `  ${p.file} -> ${p.url}`),
    ...(s.notes.length ? ["", "notes:", ...s.notes.map((n) => `  ${n}`)] : []),
  ];
  return lines.join("\n");
}
