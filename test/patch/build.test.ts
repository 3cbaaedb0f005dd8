import { applyPatch } from "diff";
import { describe, expect, test } from "vitest";
import { applyEdit } from "../../src/patch/apply.js";
import { buildPatch } from "../../src/patch/build.js";
import type { Edit } from "../../src/types/patch.js";

const DOC = `---
title: Env
---

# Env Variables

Intro text.

## Modes

By default, the dev server runs in \`development\` mode.

### Details

More.

## Other

Last.
`;

const edit = (e: Partial<Edit>): Edit => ({
  path: "docs/env.md",
  kind: "replace",
  heading: null,
  find: null,
  title: null,
  text: "",
  ...e,
});

const files = new Map([["docs/env.md", DOC]]);
const limits = { maxFiles: 3, maxChangedLines: 20 };

describe("anchored edits", () => {
  test("replace a passage found verbatim", () => {
    const out = applyEdit(
      DOC,
      edit({ find: "runs in `development` mode", text: "runs in `development` mode unless `--mode` is set" }),
    );
    expect(out).toEqual({ ok: true, text: DOC.replace("mode.", "mode unless `--mode` is set.") });
  });

  test("insert after a heading, before its text", () => {
    const out = applyEdit(
      DOC,
      edit({ kind: "insert-after-heading", heading: "Modes", text: "New first paragraph." }),
    );
    expect(out.ok && out.text).toContain("## Modes\n\nNew first paragraph.\n\nBy default");
  });

  test("append to a section's own text, before its sub-headings", () => {
    const out = applyEdit(DOC, edit({ kind: "append-to-section", heading: "## Modes", text: "Appended." }));
    expect(out.ok && out.text).toContain("`development` mode.\n\nAppended.\n\n### Details");
  });

  test("append a subsection one level down, after the section's sub-headings", () => {
    const out = applyEdit(
      DOC,
      edit({ kind: "append-subsection", heading: "Modes", title: "Custom modes", text: "Body." }),
    );
    expect(out.ok && out.text).toContain("More.\n\n### Custom modes\n\nBody.\n\n## Other");
  });

  test("insert after the block that holds a passage", () => {
    const out = applyEdit(DOC, edit({ kind: "insert-after", find: "the dev server", text: "Added." }));
    expect(out.ok && out.text).toContain("`development` mode.\n\nAdded.\n\n### Details");
  });

  test("a passage re-wrapped or re-indented (as models do) still anchors, when it matches once", () => {
    const out = applyEdit(
      DOC,
      edit({ find: "By default,\n  the dev server   runs in `development` mode.", text: "Replaced." }),
    );
    expect(out.ok && out.text).toContain("## Modes\n\nReplaced.\n\n### Details");
  });

  test("anchors that are not in the file, or are ambiguous, are refused with the reason", () => {
    expect(applyEdit(DOC, edit({ find: "not there", text: "x" }))).toEqual({
      ok: false,
      reason: "the passage to anchor on is not in the file verbatim",
    });
    expect(applyEdit(DOC, edit({ find: "More", text: "x" }))).toMatchObject({ ok: true });
    expect(applyEdit(DOC, edit({ find: "Env", text: "x" }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/in the file \d+ times/),
    });
    expect(applyEdit(DOC, edit({ kind: "append-to-section", heading: "Nope", text: "x" }))).toEqual({
      ok: false,
      reason: 'no heading "Nope" in the file',
    });
  });
});

describe("the checked patch", () => {
  test("a unified diff that applies to the file as it is", () => {
    const patch = buildPatch({
      edits: [edit({ kind: "append-to-section", heading: "Other", text: "Added line." })],
      kind: "model",
      files,
      root: "docs",
      limits,
    });
    expect(patch.rejected).toEqual([]);
    const [file] = patch.files;
    expect(file).toMatchObject({ path: "docs/env.md", additions: 2, deletions: 0 });
    expect(file?.diff).toMatch(/^--- a\/docs\/env\.md\n\+\+\+ b\/docs\/env\.md\n@@ /);
    expect(applyPatch(DOC, file?.diff ?? "")).toContain("Last.\n\nAdded line.\n");
  });

  test("never workflows, manifests, files outside docs.root or files docgap did not map", () => {
    const patch = buildPatch({
      edits: [
        edit({ path: ".github/workflows/ci.yml", find: "on: push", text: "x" }),
        edit({ path: "package.json", find: "{", text: "x" }),
        edit({ path: "docs/../README.md", find: "x", text: "y" }),
        edit({ path: "docs/other.md", kind: "append-to-section", heading: "A", text: "y" }),
        edit({ path: "src/index.ts", find: "x", text: "y" }),
      ],
      kind: "model",
      files: new Map([...files, ["src/index.ts", "x"], ["package.json", "{}"]]),
      root: "docs",
      limits,
    });
    expect(patch.files).toEqual([]);
    expect(patch.rejected.map((r) => r.reason)).toEqual([
      "docgap never changes this kind of file",
      "docgap never changes this kind of file",
      "not a plain relative path",
      "not one of the files docgap resolved for this issue",
      "not a Markdown, MDX, reStructuredText or AsciiDoc documentation file",
    ]);
  });

  test("over the size budget, or leaving a code fence open: refused, nothing half-applied", () => {
    const big = buildPatch({
      edits: [edit({ kind: "append-to-section", heading: "Other", text: "line\n".repeat(30) })],
      kind: "model",
      files,
      root: "docs",
      limits,
    });
    expect(big.files).toEqual([]);
    expect(big.rejected[0]?.reason).toMatch(/over the budget of 20/);
    const open = buildPatch({
      edits: [edit({ kind: "append-to-section", heading: "Other", text: "```js\nconst a = 1" })],
      kind: "model",
      files,
      root: "docs",
      limits,
    });
    expect(open.rejected).toEqual([{ path: "docs/env.md", reason: "the patch leaves a code fence open" }]);
  });

  test("MDX that no longer parses is refused", () => {
    const mdx = new Map([["docs/a.mdx", "# A\n\n<Tabs>\n  <Tab>x</Tab>\n</Tabs>\n"]]);
    const patch = buildPatch({
      edits: [edit({ path: "docs/a.mdx", kind: "append-to-section", heading: "A", text: "<Note>unclosed" })],
      kind: "model",
      files: mdx,
      root: "docs",
      limits,
    });
    expect(patch.files).toEqual([]);
    expect(patch.rejected[0]?.reason).toMatch(/^the patched MDX does not parse/);
  });

  test("a Docusaurus heading id ({#id}) the strict MDX parser rejects does not block every patch of the file", () => {
    const mdx = new Map([["docs/b.mdx", "# B\n\n## Install {#install}\n\nRun `acme install`.\n"]]);
    const patch = buildPatch({
      edits: [
        edit({
          path: "docs/b.mdx",
          kind: "replace",
          find: "Run `acme install`.",
          text: "Run `acme install --yes`.",
        }),
      ],
      kind: "model",
      files: mdx,
      root: "docs",
      limits,
    });
    expect(patch.rejected).toEqual([]);
    expect(patch.files[0]?.diff).toContain("+Run `acme install --yes`.");
  });
});
