import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseChangelog, resolveChangelog } from "../../src/evidence/changelog.js";

const log = parseChangelog(
  readFileSync(path.resolve(import.meta.dirname, "../fixtures/claude-code/docs-repo/CHANGELOG.md"), "utf8"),
);

describe("changelog", () => {
  test("plain ## X.Y.Z and Keep-a-Changelog headings", () => {
    expect(log.map((v) => v.version)).toContain("2.1.118");
    const kac = parseChangelog(
      "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2024-01-01\n### Added\n- New `--flag` option\n  spanning two lines\n",
    );
    expect(kac).toEqual([
      {
        version: "1.2.3",
        heading: "[1.2.3] - 2024-01-01",
        line: 5,
        entries: [{ text: "New `--flag` option spanning two lines", line: 7 }],
      },
    ]);
  });

  test("an exact quote under the cited version is verified", () => {
    const [f] = resolveChangelog(
      ["2.1.118"],
      ["Fixed OAuth token refresh failing when the server revokes a token before its local expiry time"],
      log,
    );
    expect(f).toMatchObject({ status: "verified", foundUnder: "2.1.118" });
  });

  test("a partial quote is reported as differing, with the real text", () => {
    const [f] = resolveChangelog(
      ["2.1.10"],
      [
        "Added new Setup hook event that can be triggered via --init, --init-only, or --maintenance CLI flags",
      ],
      log,
    );
    expect(f?.status).toBe("differs");
    expect(f?.entry).toMatch(/for repository setup and maintenance operations/);
  });

  test("a quote found under another version says so", () => {
    const entry = log
      .find((v) => v.version === "2.1.69")
      ?.entries.find((e) => e.text.includes("InstructionsLoaded"));
    expect(entry).toBeDefined();
    const [f] = resolveChangelog(["2.1.64"], [entry?.text ?? ""], log);
    expect(f).toMatchObject({ status: "found-elsewhere", foundUnder: "2.1.69" });
  });

  test("a version that is not there", () => {
    expect(resolveChangelog(["2.1.104"], [], log)).toEqual([
      expect.objectContaining({ status: "not-found", detail: "no heading for 2.1.104 in the changelog" }),
    ]);
  });
});
