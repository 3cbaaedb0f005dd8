import type { DocgapConfig } from "../config/schema.js";
import { CHANGELOG_NAMES, parseChangelog, resolveChangelog } from "../evidence/changelog.js";
import { releaseVersions } from "../evidence/releases.js";
import { defaultCache, openSnapshot, type Snapshot } from "../github/snapshot.js";
import type { ChangelogFinding, ChangelogVersion } from "../types/evidence.js";
import { record, type SourceRecord } from "../types/source-record.js";
import type { GatherInput } from "./input.js";

export const changelogNames = (config: DocgapConfig) =>
  config.sources.changelog ? [config.sources.changelog] : CHANGELOG_NAMES;

/** The changelog entries behind the versions and lines the issue cites, from the changelog file and GitHub releases. */
export async function readChangelog(
  input: GatherInput,
  sources: SourceRecord[],
  docs: Snapshot | null,
): Promise<{ findings: ChangelogFinding[]; path: string | null }> {
  const { facts, config, changelogRepo } = input;
  if (!changelogRepo || (facts.versions.length === 0 && facts.changelogQuotes.length === 0)) {
    return { findings: [], path: null };
  }
  const names = changelogNames(config);
  // The docs snapshot when it is the same repository; otherwise the tree and one blob, cached by sha.
  const snap =
    docs && docs.repo.id === changelogRepo.id
      ? docs
      : await openSnapshot(changelogRepo, {
          cache: input.cache ?? defaultCache(),
          keep: (p) => names.includes(p),
          archive: false,
        });
  const files = new Set(snap.files);
  const path = names.find((n) => files.has(n)) ?? null;
  let log: ChangelogVersion[] = [];
  if (!path) {
    sources.push(
      record({
        kind: "changelog",
        status: "not-found",
        reason: `none of ${names.join(", ")} in ${changelogRepo.label}`,
      }),
    );
  } else {
    const text = await snap.text(path);
    if (text === null)
      sources.push(record({ kind: "changelog", path, status: "error", reason: "could not be read" }));
    else {
      sources.push(record({ kind: "changelog", path, status: "ok" }));
      log = parseChangelog(text);
    }
  }
  // Versions the file does not have may be GitHub releases.
  const missing = facts.versions.filter((v) => !log.some((x) => x.version === v));
  if (missing.length && input.octokit && input.issueRepo) {
    log = [...log, ...(await releaseVersions(input.octokit, input.issueRepo, missing, sources))];
  }
  return {
    findings: log.length || path ? resolveChangelog(facts.versions, facts.changelogQuotes, log) : [],
    path,
  };
}
