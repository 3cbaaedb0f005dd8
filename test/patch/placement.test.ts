import { describe, expect, test } from "vitest";
import { analyzeOffline } from "../helpers/offline.js";
import { repo } from "../helpers/tree.js";

const GUIDE = [
  "# Guide", // 1
  "",
  "Intro words about the tool.", // 3
  "",
  "## Install", // 5
  "",
  "Install it with npm.", // 7
  "",
  "```bash", // 9
  "npm init @acme/app my-app -- --template vue", // 10
  "```", // 11
  "",
  "## Cache", // 13
  "",
  "The cache lives in the home folder.", // 15
  "",
  "Clearing the cache removes every downloaded wheel and archive.", // 17
  "",
  "The cache size is unbounded.", // 19
  "",
  "## Other", // 21
  "",
  "Unrelated text.", // 23
  "",
].join("\n");

const run = async (title: string, body: string) => {
  const dir = await repo({ "docs/guide.md": GUIDE, "docs/other.md": "# Other\n\nNothing here.\n" });
  const result = await analyzeOffline({
    issue: { repo: "acme/tool", number: 9, title, body },
    docs: dir,
    config: { docs: { siteUrl: "https://acme.dev/" } },
  });
  const diff = result.patch?.files[0]?.diff ?? "";
  const added = diff.split("\n").filter((l) => l.startsWith("+") && !l.startsWith("+++"));
  return { result, diff, added };
};

/** The old-file line of the first hunk of a diff. */
const hunkAt = (diff: string) => Number(/@@ -(\d+)/.exec(diff)?.[1] ?? 0);

describe("where the draft goes", () => {
  test("the issue gives the fix (current and suggested code): the draft replaces those lines with it", async () => {
    const { diff, added } = await run(
      "Wrong flag in the install example",
      "On https://acme.dev/guide#install the example is wrong.\n\nCurrent\n\n```bash\nnpm init @acme/app my-app -- --template vue\n```\n\nSuggestion\n\n```bash\nnpm init @acme/app my-app --template vue\n```",
    );
    expect(diff).toContain("-npm init @acme/app my-app -- --template vue");
    expect(added[0]).toBe("+npm init @acme/app my-app --template vue");
    expect(added.join("\n")).toContain("the reporter's wording above; review before merging");
  });

  test("a diff block in the issue is read as the current and the suggested lines", async () => {
    const { diff } = await run(
      "Install example",
      "https://acme.dev/guide\n\n```diff\n-npm init @acme/app my-app -- --template vue\n+npm create @acme/app my-app\n```",
    );
    expect(diff).toContain("+npm create @acme/app my-app");
  });

  test("a GitHub link to lines: the section and the draft are at those lines", async () => {
    const { result, diff } = await run(
      "Cache docs",
      "See https://github.com/acme/tool/blob/main/docs/guide.md#L17 — this is unclear.",
    );
    expect(result.analysis.affectedPages[0]).toMatchObject({ sourcePath: "docs/guide.md" });
    expect(result.analysis.affectedPages[0]?.section?.heading).toBe("Cache");
    expect(hunkAt(diff)).toBeGreaterThanOrEqual(14);
    expect(hunkAt(diff)).toBeLessThanOrEqual(18);
  });

  test("'missing' with nothing to anchor on: after the paragraph that comes closest, not at the section's end", async () => {
    const { diff } = await run(
      "Document what clearing removes",
      "https://acme.dev/guide#cache does not say whether clearing removes downloaded wheel archives.",
    );
    // after line 17 ("Clearing the cache removes every downloaded wheel..."), before line 19
    expect(diff).toMatch(/ Clearing the cache removes every downloaded wheel and archive\.\n \n\+/);
  });

  test("confidence follows the evidence, and an unplaced change is said plainly", async () => {
    const { result } = await run(
      "Zebra quagga",
      "https://acme.dev/guide and https://acme.dev/other are both about zebras.",
    );
    const [a, b] = result.analysis.affectedPages;
    expect(a?.score).not.toBe(b?.score);
    expect(result.analysis.notes.join(" ")).toMatch(/could not place the change in docs\/(guide|other)\.md/);
  });
});
