import { describe, expect, test } from "vitest";
import { readDocument } from "../../src/document/read.js";
import { adornmentFor, docutilsId } from "../../src/document/rst.js";
import { applyEdit } from "../../src/patch/apply.js";
import { formatRefusal } from "../../src/patch/check.js";

const RST = `:orphan:

.. _validators:

==========
Validators
==========

Validators run after the instance is initialized.

Decorator
---------

The method has to accept three arguments:

#. the *instance*,
#. the *attribute*,
#. the *value*.

.. note::

   These are positional.

   Still the note.

.. _callables:

\`\`Callables\`\` and :func:\`attrs.field\`
--------------------------------------

Use the \`\`validator\`\` argument::

    def f(inst, attr, val):
        ...

Sub topic
~~~~~~~~~

Deep text.

Order
-----

Last words.
`;

describe("reStructuredText document model", () => {
  const doc = readDocument("docs/init.rst", RST);

  test("titles by adornment, levels in order of first use, line ranges, labels as anchors", () => {
    expect(doc.format).toBe("rst");
    expect(doc.title).toBe("Validators");
    expect(doc.frontMatter).toEqual({ orphan: "" });
    expect(
      doc.sections.map((s) => [s.depth, s.heading, s.startLine, s.endLine, s.bodyEndLine, s.ids]),
    ).toEqual([
      [1, "Validators", 5, 45, 10, ["validators"]],
      [2, "Decorator", 11, 27, 27, ["decorator"]],
      [2, "Callables and attrs.field", 28, 40, 35, ["callables-and-attrs-field", "callables"]],
      [3, "Sub topic", 36, 40, 40, ["sub-topic"]],
      [2, "Order", 41, 45, 45, ["order"]],
    ]);
  });

  test("blocks: a directive with its indented body, a paragraph with its literal block", () => {
    const block = (line: number) => doc.blocks.find(([a, b]) => a <= line && line <= b);
    expect(block(22)).toEqual([20, 24]); // .. note:: and both indented paragraphs
    expect(block(31)).toEqual([31, 34]); // "Use the validator argument::" and the code below it
  });

  test("an indented adornment-looking line or a transition is not a title", () => {
    const d = readDocument("a.rst", "Title\n=====\n\nText.\n\n    Code\n    ----\n\n----\n\nMore.\n");
    expect(d.sections.map((s) => s.heading)).toEqual(["Title"]);
    expect(docutilsId("Setting `validate_default`!")).toBe("setting-validate-default");
  });
});

test("links: hyperlinks, :ref:/:doc: roles and named targets, by line; a broken-link issue finds its section", async () => {
  const text = [
    "Deploying",
    "=========",
    "",
    "Intro text.",
    "",
    "Gunicorn",
    "--------",
    "",
    "See the `Gunicorn docs <https://gunicorn.org/old/>`_ and :ref:`deploy-nginx`.",
    "",
    "uWSGI",
    "-----",
    "",
    "Read :doc:`the uWSGI page <uwsgi>`.",
    "",
    ".. _uwsgi site: https://uwsgi.example/",
    "",
  ].join("\n");
  const doc = readDocument("docs/deploying/index.rst", text);
  expect(doc.links).toEqual([
    { line: 9, text: "Gunicorn docs", target: "https://gunicorn.org/old/" },
    { line: 9, text: "deploy-nginx", target: "deploy-nginx" },
    { line: 14, text: "the uWSGI page", target: "uwsgi" },
    { line: 16, text: "uwsgi site", target: "https://uwsgi.example/" },
  ]);
  const { locateSection } = await import("../../src/locate/sections.js");
  const { parseIssue } = await import("../../src/issue/parse.js");
  const { toDocFile } = await import("../../src/document/doc-file.js");
  const facts = parseIssue({
    title: "Broken link to the Gunicorn docs",
    body: "The link to gunicorn.org/old is dead (404).",
  });
  expect(locateSection(toDocFile("docs/deploying/index.rst", text), facts)?.heading).toBe("Gunicorn");
});

describe("reStructuredText patches", () => {
  const edit = (fields: Record<string, unknown>) => ({
    path: "docs/init.rst",
    kind: "insert-after" as const,
    heading: null,
    find: null,
    title: null,
    text: "New words.",
    ...fields,
  });

  test("inserting after a directive goes after its whole indented body", () => {
    const out = applyEdit(RST, edit({ find: "These are positional." }));
    expect(out.ok).toBe(true);
    const lines = out.ok ? out.text.split("\n") : [];
    expect(lines.indexOf("New words.")).toBe(lines.indexOf("   Still the note.") + 2);
  });

  test("a new subsection uses the adornment the file already uses at that level", () => {
    expect(adornmentFor(RST, 3)).toEqual({ char: "~", overline: false });
    const out = applyEdit(
      RST,
      edit({ kind: "append-subsection", heading: "Decorator", title: "Positional" }),
    );
    expect(out.ok && out.text).toContain("Positional\n~~~~~~~~~~\n\nNew words.");
    const none = applyEdit(RST, edit({ kind: "append-subsection", heading: "Sub topic", title: "Deeper" }));
    expect(none).toEqual({ ok: false, reason: 'the file has no title level below "Sub topic" to follow' });
  });

  test("format checks: a too-short underline, a lost label or a broken directive is refused", () => {
    expect(
      formatRefusal("a.rst", RST, RST.replace("Decorator\n---------", "Decorators and more\n---------")),
    ).toBe("the patch removes or breaks a section title");
    expect(formatRefusal("a.rst", RST, RST.replace(".. _callables:\n", ""))).toBe(
      "the patch removes a label other pages may link to",
    );
    expect(formatRefusal("a.rst", RST, RST.replace(".. note::", ".. note:"))).toBe(
      "the patch breaks a directive",
    );
    expect(formatRefusal("a.rst", RST, RST.replace("Deep text.", "Deep text, reworded."))).toBeNull();
  });
});

test("the reporter's proposed wording keeps its inline code, in reStructuredText's double backticks", async () => {
  const { analyzeOffline } = await import("../helpers/offline.js");
  const result = await analyzeOffline({
    issue: {
      title: "Explain when to raise CACHE_SIZE",
      body: "### Page\n\nhttps://acme.readthedocs.io/en/latest/settings.html#cache\n\n### Suggested change\n\n> Raise `CACHE_SIZE` when the hit rate drops below half.\n",
    },
    docs: {
      "docs/conf.py": "project = 'acme'\n",
      "docs/settings.rst": "Settings\n========\n\nCache\n-----\n\nThe cache holds ``CACHE_SIZE`` entries.\n",
    },
    config: { docs: { siteUrl: "https://acme.readthedocs.io/en/latest/" } },
  });
  const diff = result.patch?.files[0]?.diff ?? "";
  expect(diff).toContain("+Raise ``CACHE_SIZE`` when the hit rate drops below half.");
  expect(diff).toMatch(/^\+\.\. docgap draft for issue #7/m);
});
