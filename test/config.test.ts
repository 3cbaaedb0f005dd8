import { describe, expect, test } from "vitest";
import { defaultConfig, parseConfig } from "../src/config.js";

describe("config", () => {
  test("defaults", () => {
    expect(defaultConfig()).toMatchObject({
      trigger: { labels: ["documentation"] },
      output: { mode: "comment" },
      // Null: the docs folders and the site's address are read from the site generator's own config.
      docs: { repo: null, root: null, siteUrl: null },
      analysis: { engine: "auto" },
    });
    expect(parseConfig(null)).toEqual({ ok: true, config: defaultConfig() });
  });

  test("partial config keeps the other defaults", () => {
    const r = parseConfig({ trigger: { labels: ["docs"] }, docs: { siteUrl: "https://vite.dev/" } });
    expect(r.ok && r.config.trigger.labels).toEqual(["docs"]);
    expect(r.ok && r.config.docs.root).toBe(null);
  });

  test.each([
    [
      { output: { mode: "loud" } },
      /^output\.mode: Invalid option: expected one of "dry-run"\|"comment"\|"pull-request"\|"both"$/,
    ],
    [{ docs: { siteUrl: "ftp://x" } }, /^docs\.siteUrl: /],
    [{ docs: { repo: "not a repo" } }, /^docs\.repo: must be written as owner\/name$/],
    [{ trigger: { labels: [] } }, /^trigger\.labels: /],
    [{ docs: { map: [{ from: "guide", to: "x" }] } }, /^docs\.map\[0\]\.from: /],
    [{ analyse: {} }, /^unknown key analyse$/],
    [{ sources: { allowedHosts: ["*."] } }, /^sources\.allowedHosts\[0\]: must be a host name/],
    [{ sources: { allowedHosts: ["*.com."] } }, /^sources\.allowedHosts\[0\]: must be a host name/],
    [{ docs: { repo: "../.." } }, /^docs\.repo: must be written as owner\/name$/],
    [
      { docs: { map: [{ from: "/a/:path/:path", to: "x/:path.md" }] } },
      /^docs\.map\[0\]\.from: a pattern takes the rest/,
    ],
    [{ docs: { map: [{ from: "/a/:slug", to: "x/:name.md" }] } }, /^docs\.map\[0\]\.to: every :name/],
    ["just a string", /must be a YAML mapping/],
  ])("%j is rejected with a message naming the key", (raw, message) => {
    const r = parseConfig(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(message);
  });
});
