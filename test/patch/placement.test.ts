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

describe("where the change goes, and a draft only when the change is real", () => {
  test("the issue gives the fix (current and suggested code): the draft replaces those lines with it", async () => {
    const { result, diff, added } = await run(
      "Wrong flag in the install example",
      "On https://acme.dev/guide#install the example is wrong.\n\nCurrent\n\n```bash\nnpm init @acme/app my-app -- --template vue\n```\n\nSuggestion\n\n```bash\nnpm init @acme/app my-app --template vue\n```",
    );
    expect(diff).toContain("-npm init @acme/app my-app -- --template vue");
    // the reporter's line, and nothing else: no marker, no placeholder
    expect(added).toEqual(["+npm init @acme/app my-app --template vue"]);
    const lines = result.analysis.affectedPages[0]?.lines;
    expect(GUIDE.split("\n")[(lines?.start ?? 0) - 1]).toBe("npm init @acme/app my-app -- --template vue");
    expect(result.analysis.confidence).toBe("high");
  });

  test("a diff block in the issue is read as the current and the suggested lines", async () => {
    const { diff } = await run(
      "Install example",
      "https://acme.dev/guide\n\n```diff\n-npm init @acme/app my-app -- --template vue\n+npm create @acme/app my-app\n```",
    );
    expect(diff).toContain("+npm create @acme/app my-app");
  });

  test("a GitHub link to lines: the section and the lines are those; nothing to draft", async () => {
    const { result, diff } = await run(
      "Cache docs",
      "See https://github.com/acme/tool/blob/main/docs/guide.md#L17 — this is unclear.",
    );
    const [page] = result.analysis.affectedPages;
    expect(page).toMatchObject({ sourcePath: "docs/guide.md" });
    expect(page?.section?.heading).toBe("Cache");
    expect(page?.lines?.start).toBeGreaterThanOrEqual(14);
    expect(page?.lines?.end).toBeLessThanOrEqual(18);
    expect(result.analysis.kind).toBe("unclear");
    expect(diff).toBe("");
  });

  test("'missing' with nothing to anchor on: the paragraph that comes closest, not the section's end; no placeholder", async () => {
    const { result, diff } = await run(
      "Document what clearing removes",
      "https://acme.dev/guide#cache does not say whether clearing removes downloaded wheel archives.",
    );
    // line 17: "Clearing the cache removes every downloaded wheel and archive."
    expect(result.analysis.affectedPages[0]?.lines).toEqual({ start: 17, end: 17 });
    expect(result.analysis.kind).toBe("missing");
    expect(result.analysis.tldr).toContain("docs/guide.md:17");
    expect(diff).toBe("");
    expect(result.patch?.files).toEqual([]);
  });

  test("confidence follows the evidence, and an unplaced change is said plainly", async () => {
    const { result } = await run(
      "Zebra quagga",
      "https://acme.dev/guide and https://acme.dev/other are both about zebras.",
    );
    const [a, b] = result.analysis.affectedPages;
    expect(a?.score).not.toBe(b?.score);
    expect(result.analysis.notes.join(" ")).toMatch(
      /No section of docs\/(guide|other)\.md matches the issue: where the change goes is only a guess/,
    );
  });

  test("a tag deep in a long list: the lines around it, not the list's first ten; the problem is what the issue says, not its greeting", async () => {
    const images = Array.from({ length: 24 }, (_, i) => `    - \`acme:py3.${i}-slim-bookworm\``);
    const page = [
      "# Images",
      "",
      "## Available images",
      "",
      "- Based on `python3.x-slim-bookworm`:",
      ...images,
      "",
    ];
    const dir = await repo({ "docs/images.md": page.join("\n") });
    const result = await analyzeOffline({
      issue: {
        repo: "acme/tool",
        number: 10,
        title: "Image tag `acme:py3.20-slim-bookworm` is not what is published",
        body: "cc @maintainer\n\nThe published tags end in bookworm-slim, see https://acme.dev/images#available-images",
      },
      docs: dir,
      config: { docs: { siteUrl: "https://acme.dev/" } },
    });
    const first = result.analysis.affectedPages[0];
    const tagLine = page.findIndex((l) => l.includes("acme:py3.20-slim-bookworm")) + 1;
    expect(first?.lines?.start).toBeLessThanOrEqual(tagLine);
    expect(first?.lines?.end).toBeGreaterThanOrEqual(tagLine);
    expect(first?.problem).toBe(
      "The published tags end in bookworm-slim, see https://acme.dev/images#available-images",
    );
  });
});
