import { defaultCache, LIMITS, openSnapshot, type Snapshot } from "../github/snapshot.js";
import { buildDocsIndex, type DocsIndex, docsFilter } from "../locate/docs-index.js";
import { siteBases } from "../locate/mapping.js";
import type { SiteSummary } from "../types/gathered.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { record, type SourceRecord } from "../types/source-record.js";
import type { SafeFetcher } from "../web/fetch.js";
import { changelogNames } from "./changelog.js";
import { declaredDocsRepo } from "./declared-docs.js";
import type { GatherInput } from "./input.js";

const HOW: Record<Snapshot["how"], string> = {
  cache: "index cached for this commit",
  archive: "read from the repository archive",
  incremental: "tree read, only changed files fetched",
  tree: "tree and files read",
};

/** Hosts no docs site is served from: links to them say nothing about where the docs are. */
const NOT_DOCS_HOSTS =
  /(?:^|\.)(?:github\.com|githubusercontent\.com|shields\.io|npmjs\.(?:com|org)|badge\w*\.\w+)$/i;

/**
 * Hosts of the issue's page URLs that the repository itself links to: from its README and its issue templates
 * (a form's "see the docs at …"). Only those, so an issue cannot make docgap fetch a host of its choosing.
 */
async function declaredHosts(snapshot: Snapshot, index: DocsIndex, facts: IssueFacts): Promise<string[]> {
  const wanted = new Set(
    facts.pages.flatMap((p) => {
      try {
        return [new URL(p.url).hostname.toLowerCase()];
      } catch {
        return [];
      }
    }),
  );
  if (wanted.size === 0) return [];
  const linked = new Set([...index.templateUrls].map((k) => k.split("/")[0]?.toLowerCase() ?? ""));
  const readme = index.files.find((f) => /^readme\.(?:md|mdx|markdown|rst)$/i.test(f));
  const text = readme ? ((await snapshot.text(readme)) ?? "").slice(0, 200_000) : "";
  for (const m of text.matchAll(/https?:\/\/([a-z0-9][a-z0-9.-]{0,252})/gi))
    linked.add((m[1] ?? "").toLowerCase());
  return [...wanted].filter((h) => linked.has(h) && !NOT_DOCS_HOSTS.test(h));
}

/** The docs as read: the tree, its index and site model, and what they changed about the issue and the fetcher. */
export interface DocsRead {
  snapshot: Snapshot;
  index: DocsIndex;
  site: SiteSummary;
  /** The issue read again by the field labels of the repository's issue templates, when that reads it better. */
  facts: IssueFacts;
  /** The fetcher, also allowed the hosts the site's own config declares. */
  fetcher: SafeFetcher | null;
}

/** What the docs-tree record says: how many files, from where, how read, what was left out, which site. */
function treeReason(input: GatherInput, snapshot: Snapshot, index: DocsIndex): string {
  const { skipped } = snapshot;
  const left = skipped.tooLarge + skipped.overLimit;
  const evidence = index.site.evidence.length ? ` (${index.site.evidence.slice(0, 3).join(", ")})` : "";
  const folders = index.site.roots
    .filter((r) => !r.locale && !r.version)
    .map((r) => r.dir || ".")
    .join(", ");
  const count = index.docFiles.length
    ? `${index.docFiles.length} docs files`
    : "no docs files (Markdown, MDX, reStructuredText or AsciiDoc) found";
  const how = `${HOW[snapshot.how]}${snapshot.blobReads ? `, ${snapshot.blobReads} file(s) read` : ""}`;
  return [
    `${count} in ${input.docs?.label} at ${snapshot.version.slice(0, 12)} (${how})`,
    left
      ? `${skipped.tooLarge} file(s) over ${LIMITS.fileBytes / 1e6} MB and ${skipped.overLimit} over the index limits left out`
      : null,
    snapshot.truncated ? "GitHub truncated the tree" : null,
    `site: ${index.site.generator}${evidence}; docs in ${folders}`,
    ...index.site.notes,
  ]
    .filter(Boolean)
    .join("; ");
}

/**
 * Reads the docs tree (one snapshot, cached by commit) and builds its index and site model; records what was
 * read. Throws when the tree cannot be read: the caller records it.
 */
export async function readDocs(input: GatherInput, sources: SourceRecord[]): Promise<DocsRead | null> {
  const { config, docs } = input;
  let { facts } = input;
  if (!docs) {
    sources.push(
      record({
        kind: "docs-tree",
        status: "skipped",
        reason: input.offlineReason ?? "no docs source configured",
      }),
    );
    return null;
  }
  const isDoc = docsFilter(config);
  const names = changelogNames(config);
  const snapshot = await openSnapshot(docs, {
    cache: input.cache ?? defaultCache(),
    keep: (p) => isDoc(p) || names.includes(p),
    archive: true,
  });
  const index = await buildDocsIndex(snapshot, config);
  // The repository's issue templates name the fields of the issue: read it again by them.
  if (input.reparse && index.formLabels.length && !facts.isForm) {
    const again = input.reparse(index.formLabels);
    if (again.isForm) facts = again;
  }
  // The site the repository's own config declares may be fetched, as a configured docs.siteUrl would be; so may a
  // host the repository links from its README or issue templates, when the issue names pages there.
  let fetcher = input.fetcher;
  const hosts = [
    ...siteBases(config, index.site).map((u) => u.hostname),
    ...(await declaredHosts(snapshot, index, facts)),
  ];
  if (fetcher?.allowing && hosts.length) fetcher = fetcher.allowing([...new Set(hosts)]);
  sources.push(
    record({
      kind: "docs-tree",
      path: config.docs.root || index.site.roots[0]?.dir || ".",
      status: index.docFiles.length ? "ok" : "not-found",
      reason: treeReason(input, snapshot, index),
    }),
  );
  const here: DocsRead = { snapshot, index, site: describeSite(index), facts, fetcher };
  return (await declaredElsewhere(input, here, sources)) ?? here;
}

/**
 * No site publishes docs from the issue's repository and nothing is configured: the docs repository it declares
 * (a docs submodule, a docs link in its issue templates or README), read instead, when docgap can read it.
 */
async function declaredElsewhere(input: GatherInput, here: DocsRead, sources: SourceRecord[]) {
  const { config } = input;
  if (config.docs.repo || config.docs.root !== null || !input.openRepo || !input.issueRepo) return null;
  if (here.index.site.generator !== "unknown") return null;
  const declared = await declaredDocsRepo(here.snapshot, input.issueRepo);
  const other = declared && input.openRepo(declared.repo);
  if (!declared || !other) return null;
  const docsConfig = { ...config, docs: { ...config.docs, repo: declared.repo } };
  try {
    const read = await readDocs(
      { ...input, config: docsConfig, docs: other, openRepo: undefined, facts: here.facts },
      sources,
    );
    if (!read?.index.docFiles.length) return null;
    return { ...read, site: { ...read.site, docsRepo: declared } };
  } catch (err) {
    // Not a failure of this analysis: the docs of the issue's own repository were read.
    sources.push(
      record({
        kind: "docs-tree",
        path: declared.repo,
        status: "skipped",
        reason: `${declared.why}, but it could not be read: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
      }),
    );
    return null;
  }
}

export const describeSite = (index: DocsIndex): SiteSummary => ({
  docsRepo: null,
  generator: index.site.generator,
  evidence: index.site.evidence,
  siteUrls: index.site.siteUrls,
  roots: index.site.roots
    .slice(0, 50)
    .map(({ dir, route, kind, locale, version }) => ({ dir, route, kind, locale, version })),
  rewrites: index.site.rewrites.slice(0, 20),
  redirects: index.site.redirects.slice(0, 20),
  notes: index.site.notes,
});
