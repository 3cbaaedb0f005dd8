import { describe, expect, test } from "vitest";
import { loadConfigFiles, type ReadConfigFile } from "../../src/config/extends.js";
import { isTriggerLabel } from "../../src/config/labels.js";
import { applyLimits, DEFAULT_DAILY_TOKEN_BUDGET, operatorLimits } from "../../src/config/limits.js";
import { formatProblem, parseConfig } from "../../src/config/problems.js";
import { readConfigText } from "../../src/config/read.js";
import { ConfigSchema, defaultConfig } from "../../src/config/schema.js";
import { blobLink } from "../../src/jobs/triage.js";

describe("config", () => {
  test("defaults", () => {
    expect(defaultConfig()).toMatchObject({
      trigger: { labels: ["documentation", "docs", "doc"], docsLabels: true, spend: "maintainers" },
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
      /^output\.mode: "loud" is not allowed here \(one of "dry-run", "comment", "pull-request", "both"\)$/,
    ],
    [{ docs: { siteUrl: "ftp://x" } }, /^docs\.siteUrl: /],
    [{ docs: { repo: "not a repo" } }, /^docs\.repo: must be written as owner\/name$/],
    [{ trigger: { labels: [] } }, /^trigger\.labels: /],
    [{ docs: { map: [{ from: "guide", to: "x" }] } }, /^docs\.map\[0\]\.from: /],
    [{ analyse: {} }, /^analyse: unknown key; did you mean analysis\?$/],
    [{ output: { mdoe: "comment" } }, /^output\.mdoe: unknown key; did you mean mode\?$/],
    [{ output: { zzz: 1 } }, /^output\.zzz: unknown key \(known here: mode, pullRequest\)$/],
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
    if (!r.ok) expect(formatProblem(r.errors[0] as never)).toMatch(message);
  });
});

/** Files of repositories in memory, read as the GitHub API would (null: no such file). */
const filesOf =
  (files: Record<string, string>): ReadConfigFile =>
  async (repo, path) =>
    files[`${repo}:${path}`] ?? null;

const START = { repo: "acme/site", path: ".github/docgap.yml" };
const link = blobLink("https://github.com/acme/site/issues/1");

describe("config files", () => {
  test("a YAML syntax error names its line and column and quotes the line", () => {
    const r = readConfigText("trigger:\n  labels: [docs\noutput:\n  mode: comment\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.message).toMatch(/^not valid YAML: /);
    expect(r.errors[0]?.line).toBeGreaterThanOrEqual(2);
    expect(r.errors[0]?.excerpt).not.toBeNull();
  });

  test("a schema error points at the key's line in the file, with a link to it", async () => {
    const text = "trigger:\n  labels: [docs]\noutput:\n  mode: loud\n";
    const r = await loadConfigFiles(filesOf({ "acme/site:.github/docgap.yml": text }), START, link);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      key: "output.mode",
      line: 4,
      column: 3,
      excerpt: "  mode: loud",
      file: "acme/site:.github/docgap.yml",
      url: "https://github.com/acme/site/blob/HEAD/.github/docgap.yml#L4",
    });
    expect(r.labels).toEqual(["docs"]);
  });

  test("_extends merges the named file under the repository's own, and a problem is shown where the key is set", async () => {
    const read = filesOf({
      "acme/site:.github/docgap.yml": "_extends: .github\ntrigger:\n  labels: [docs]\n",
      "acme/.github:.github/docgap.yml": "output:\n  mode: dry-run\ntrigger:\n  labels: [documentation]\n",
    });
    const r = await loadConfigFiles(read, START, link);
    expect(r.ok && r.config.trigger.labels).toEqual(["docs"]);
    expect(r.ok && r.config.output.mode).toBe("dry-run");
    expect(r.ok && r.files.map((f) => f.repo)).toEqual(["acme/site", "acme/.github"]);

    const broken = await loadConfigFiles(
      filesOf({
        "acme/site:.github/docgap.yml": "_extends: acme/shared:base.yml\n",
        "acme/shared:base.yml": "\n\nanalysis:\n  maxPromptTokens: 5\n",
      }),
      START,
      link,
    );
    expect(!broken.ok && broken.errors[0]).toMatchObject({
      key: "analysis.maxPromptTokens",
      line: 4,
      file: "acme/shared:base.yml",
    });
  });

  test("without a file in the repository, the owner's .github repository is read; with neither, defaults", async () => {
    const org = await loadConfigFiles(
      filesOf({ "acme/.github:.github/docgap.yml": "output:\n  mode: both\n" }),
      START,
    );
    expect(org.ok && org.config.output.mode).toBe("both");
    expect(await loadConfigFiles(filesOf({}), START)).toEqual({
      ok: true,
      config: defaultConfig(),
      files: [],
    });
  });

  test.each([
    ["_extends: acme/missing\n", /acme\/missing:\.github\/docgap\.yml does not exist/],
    ["_extends: 42\n", /must name a repository/],
    ["_extends: site\n", /already in the chain/],
  ])("a broken _extends (%j) is a problem on the _extends key", async (text, message) => {
    const r = await loadConfigFiles(filesOf({ "acme/site:.github/docgap.yml": text }), START);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]).toMatchObject({
        key: "_extends",
        line: 1,
        message: expect.stringMatching(message),
      });
  });

  test("an oversized file is refused before it is parsed", () => {
    const r = readConfigText(`a: ${"x".repeat(70_000)}`);
    expect(r.ok || r.errors[0]?.message).toMatch(/over 65536 bytes/);
  });
});

describe("operator limits", () => {
  test("the default daily budget applies when neither the operator nor the repository sets one", () => {
    const env = operatorLimits({});
    expect(env).toEqual({
      ok: true,
      limits: {
        maxPromptTokens: null,
        maxCompletionTokens: null,
        allowedModels: null,
        dailyTokenBudget: DEFAULT_DAILY_TOKEN_BUDGET,
        maxTimeoutSeconds: null,
      },
    });
    if (!env.ok) return;
    expect(applyLimits(defaultConfig(), env.limits).config.analysis.dailyTokenBudget).toBe(
      DEFAULT_DAILY_TOKEN_BUDGET,
    );
    const unlimited = operatorLimits({ DOCGAP_DAILY_TOKEN_BUDGET: "unlimited" });
    expect(unlimited.ok && unlimited.limits.dailyTokenBudget).toBeNull();
  });

  test("a repository may lower a limit (kept, no note) but never raise it (lowered, with a note)", () => {
    const env = operatorLimits({ DOCGAP_MAX_PROMPT_TOKENS: "8000", DOCGAP_DAILY_TOKEN_BUDGET: "100_000" });
    if (!env.ok) throw new Error("limits");
    const lower = parseConfig({ analysis: { maxPromptTokens: 2000, dailyTokenBudget: 5000 } });
    if (!lower.ok) throw new Error("config");
    expect(applyLimits(lower.config, env.limits)).toMatchObject({
      config: { analysis: { maxPromptTokens: 2000, dailyTokenBudget: 5000 } },
      notes: [],
    });
    const higher = parseConfig({ analysis: { maxPromptTokens: 100_000, dailyTokenBudget: 10_000_000 } });
    if (!higher.ok) throw new Error("config");
    expect(applyLimits(higher.config, env.limits)).toMatchObject({
      config: { analysis: { maxPromptTokens: 8000, dailyTokenBudget: 100_000 } },
      notes: ["analysis.maxPromptTokens 100000 is over this server's limit; 8000 applies."],
    });
  });
});

describe("trigger labels that fire with no config", () => {
  const trigger = ConfigSchema.parse({}).trigger;
  test.each([
    ["documentation", true],
    ["Documentation", true],
    ["docs", true],
    ["📚 documentation / examples", true],
    ["type: docs", true],
    ["area/doc", true],
    ["bug", false],
    ["docker", false],
    ["doctor", false],
  ])("%s → %s", (label, fires) => {
    expect(isTriggerLabel(label, trigger)).toBe(fires);
  });

  test("configured labels are compared without case; docsLabels: false keeps only them", () => {
    const own = ConfigSchema.parse({ trigger: { labels: ["Needs Docs"], docsLabels: false } }).trigger;
    expect(isTriggerLabel("needs docs", own)).toBe(true);
    expect(isTriggerLabel("documentation", own)).toBe(false);
  });
});
