import { describe, expect, test } from "vitest";
import { issueKind } from "../../src/issue/kind.js";
import { parseIssue } from "../../src/issue/parse.js";

const kindOf = (title: string, body = "") => issueKind(parseIssue({ title, body })).kind;

describe("the kind of issue, read as a maintainer reads it", () => {
  test.each([
    ["Broken Link: ExpressJS StatusBoard", "", "broken-link"],
    ["Mermaid changed its homepage, breaking the docs links", "", "broken-link"],
    ["Change Request: no-restricted-syntax documentation link to AST node names 404s", "", "broken-link"],
    ["Typo in [EN] tutorial", "`examples examples` in the second paragraph", "typo"],
    ["docs(typo): `Field(validate_defaults=True)` should be `validate_default=True`", "", "typo"],
    ["Closing quote missing in example", "The last spider is missing a closing quote", "typo"],
    ["Docs: Documents state that --ext is no longer supported, but then uses it", "", "outdated"],
    [
      "[request] Reflect configuration change for IPC pattern",
      "However, the docs doesn’t reflect the latest change.",
      "outdated",
    ],
    ["Docker image tag documentation does not match published tags", "", "wrong"],
    ["Vite's default is not what the docs say it is", "", "wrong"],
    ["Special treatment of package.json is apparently undocumented", "", "missing"],
    ["Describe the side effects cache", "Please add a description of what it is", "missing"],
    ["The Using Babel section is confusing", "", "unclear"],
    ["How do I configure a proxy for the dev server?", "", "question"],
    ["Typo in t.w.r.ErrorPage class docstring", "", "not-docs"],
  ])("%s → %s", (title, body, kind) => {
    expect(kindOf(title, body)).toBe(kind);
  });

  test("the issue form's type field says it plainly, over the words of the body", () => {
    const body =
      "### Documentation is\n\n- [ ] Missing\n- [X] Outdated\n\n### Explain in Detail\n\nThe example is wrong.";
    const reading = issueKind(parseIssue({ title: "Env page", body }));
    expect(reading.kind).toBe("outdated");
    expect(reading.why).toMatch(/the form's type field says/);
  });

  test("a bug report with no claim about the docs is not a docs issue; one that asks whether it is expected is", () => {
    const bug =
      "### Steps to reproduce\n\n1. run it\n\n### Expected behavior\n\nno crash\n\nIt crashes with a stack trace.";
    expect(kindOf("Crash on start", bug)).toBe("not-docs");
    expect(kindOf("validation triggered too late", `${bug}\n\nIs this a bug or expected behavior?`)).not.toBe(
      "not-docs",
    );
  });

  test("a title prefix such as [Docs]: is not part of the subject", () => {
    expect(parseIssue({ title: "[Docs]: fix the install page", body: "" }).subject).toBe(
      "fix the install page",
    );
    expect(parseIssue({ title: "Docker image tags", body: "" }).subject).toBe("Docker image tags");
  });
});
