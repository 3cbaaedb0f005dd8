import { findQuote } from "../text/prose.js";
import type { ChangelogEntry, ChangelogFinding, ChangelogVersion } from "../types/evidence.js";

export const CHANGELOG_NAMES = [
  "CHANGELOG.md",
  "changelog.md",
  "CHANGES.md",
  "HISTORY.md",
  "RELEASES.md",
  "NEWS.md",
  "docs/CHANGELOG.md",
  "docs/changelog.md",
];

const HEADING = /^#{1,3}\s+\[?v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)\]?(?:\s.*)?$/;

/** Parses Keep-a-Changelog (`## [1.2.3] - date`) and plain (`## 1.2.3`) changelogs. */
export function parseChangelog(text: string): ChangelogVersion[] {
  const out: ChangelogVersion[] = [];
  let current: ChangelogVersion | null = null;
  let entry: ChangelogEntry | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    const h = HEADING.exec(line);
    if (h?.[1]) {
      current = { version: h[1], heading: line.replace(/^#+\s*/, ""), line: i + 1, entries: [] };
      out.push(current);
      entry = null;
      return;
    }
    if (!current) return;
    const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line);
    if (bullet?.[1]) {
      entry = { text: bullet[1].trim(), line: i + 1 };
      current.entries.push(entry);
    } else if (entry && /^\s{2,}\S/.test(line)) {
      entry.text += ` ${line.trim()}`;
    } else if (!line.trim() || /^#/.test(line)) {
      entry = null;
    }
  });
  return out;
}

const sameVersion = (a: string, b: string) => a.replace(/^v/, "") === b.replace(/^v/, "");

/**
 * Resolves what an issue cites against the changelog: each quoted entry is looked for in the text (versions in
 * issues can be wrong, or the entry re-published under another heading), each version is looked up.
 */
export function resolveChangelog(
  versions: string[],
  quotes: string[],
  log: ChangelogVersion[],
): ChangelogFinding[] {
  const findings: ChangelogFinding[] = [];
  const all = log.flatMap((v) => v.entries.map((e) => ({ v, e })));
  for (const quote of quotes) {
    let best: { v: ChangelogVersion; e: ChangelogEntry; ratio: number } | null = null;
    for (const { v, e } of all) {
      const { ratio } = findQuote(quote, e.text);
      const cited = versions.some((x) => sameVersion(x, v.version));
      if (!best || ratio > best.ratio || (ratio === best.ratio && cited)) best = { v, e, ratio };
      if (ratio === 1 && cited) break;
    }
    const cited = best ? versions.find((x) => sameVersion(x, best.v.version)) : undefined;
    if (!best || best.ratio < 0.6) {
      findings.push({
        version: versions[0] ?? null,
        status: "not-found",
        quote,
        entry: null,
        foundUnder: null,
        line: null,
        detail: "the quoted entry is not in the changelog",
      });
    } else if (!cited && versions.length) {
      findings.push({
        version: versions[0] ?? null,
        status: "found-elsewhere",
        quote,
        entry: best.e.text,
        foundUnder: best.v.version,
        line: best.e.line,
        detail: `the entry is under ${best.v.version}, not ${versions.join(" or ")}`,
      });
    } else {
      const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
      const partial = best.ratio >= 0.95 && words(best.e.text) > words(quote) * 1.25;
      const exact = best.ratio >= 0.95 && !partial;
      findings.push({
        version: best.v.version,
        status: exact ? "verified" : "differs",
        quote,
        entry: best.e.text,
        foundUnder: best.v.version,
        line: best.e.line,
        detail: exact
          ? `the entry is under ${best.v.version} as quoted`
          : partial
            ? `the issue quotes only part of the entry under ${best.v.version}`
            : `the changelog words it differently (${Math.round(best.ratio * 100)}% of the quote's words)`,
      });
    }
  }
  for (const version of versions) {
    if (findings.some((f) => f.version && sameVersion(f.version, version))) continue;
    const v = log.find((x) => sameVersion(x.version, version));
    findings.push(
      v
        ? {
            version,
            status: "version-found",
            quote: null,
            entry: v.entries.map((e) => e.text).join("\n"),
            foundUnder: v.version,
            line: v.line,
            detail: `${v.entries.length} entries under ${v.heading}`,
          }
        : {
            version,
            status: "not-found",
            quote: null,
            entry: null,
            foundUnder: null,
            line: null,
            detail: `no heading for ${version} in the changelog`,
          },
    );
  }
  return findings;
}
