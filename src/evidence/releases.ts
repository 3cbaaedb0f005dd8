import type { Octokit } from "@octokit/rest";
import { httpStatus } from "../github/client.js";
import type { ChangelogVersion } from "../types/evidence.js";
import { record, type SourceRecord } from "../types/source-record.js";
import { parseChangelog } from "./changelog.js";

/** Reads the GitHub releases tagged with the cited versions (`v1.2.3` or `1.2.3`) as changelog sections. */
export async function releaseVersions(
  octokit: Octokit,
  repo: string,
  versions: string[],
  sources: SourceRecord[],
): Promise<ChangelogVersion[]> {
  const [owner = "", name = ""] = repo.split("/");
  const out: ChangelogVersion[] = [];
  for (const version of versions.slice(0, 5)) {
    let found = false;
    for (const tag of [`v${version}`, version]) {
      try {
        const { data } = await octokit.rest.repos.getReleaseByTag({ owner, repo: name, tag });
        const parsed = parseChangelog(`## ${version}\n${data.body ?? ""}`);
        out.push(...parsed);
        sources.push(record({ kind: "release", url: data.html_url, status: "ok", reason: `release ${tag}` }));
        found = true;
        break;
      } catch (err) {
        if (httpStatus(err) !== 404) {
          sources.push(
            record({
              kind: "release",
              url: `https://github.com/${repo}/releases/tag/${tag}`,
              status: "error",
              reason: String((err as Error).message).split("\n")[0] ?? null,
            }),
          );
          found = true;
          break;
        }
      }
    }
    if (!found) {
      sources.push(
        record({
          kind: "release",
          url: `https://github.com/${repo}/releases/tag/v${version}`,
          status: "not-found",
          reason: `no release tagged v${version} or ${version}`,
        }),
      );
    }
  }
  return out;
}
