import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { formLabels } from "../../src/issue/form.js";
import { normaliseUrl, parseIssue } from "../../src/issue/parse.js";

const FIX = path.resolve(import.meta.dirname, "../fixtures/claude-code");
const load = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const ccIssue = (n: string) => load(path.join(FIX, "issues", `${n}.json`));
const template = readFileSync(path.join(FIX, "issue-template/documentation.yml"), "utf8");
const labels = formLabels([template]);

describe("the motivating example (claude-code#52202, full body)", () => {
  const facts = parseIssue(ccIssue("form-four-pages-changelog-quote"), { formLabels: labels });

  test("yields its four affected pages with the reporter's context, in order", () => {
    expect(facts.pages.map((p) => p.url)).toEqual([
      "https://code.claude.com/docs/en/authentication",
      "https://code.claude.com/docs/en/troubleshooting",
      "https://code.claude.com/docs/en/env-vars",
      "https://code.claude.com/docs/en/cli-reference",
    ]);
    expect(facts.pages[1]?.context).toBe(
      "Expired-token guidance currently jumps straight to /login and clock checks",
    );
  });

  test("yields version 2.1.118 and the exact changelog line", () => {
    expect(facts.versions).toEqual(["2.1.118"]);
    expect(facts.changelogQuotes).toEqual([
      "Fixed OAuth token refresh failing when the server revokes a token before its local expiry time",
    ]);
  });

  test("reads the form's fields, with the quoted current documentation", () => {
    expect(facts.isForm).toBe(true);
    expect(facts.docType).toBe("Missing documentation (feature not documented)");
    expect(facts.sectionHint).toMatch(/^Credential management and OAuth token handling/);
    expect(facts.docQuotes).toContain(
      "If Claude Code prompts you to log in again after a session, your OAuth token may have expired.",
    );
    expect(facts.identifiers).toEqual(
      expect.arrayContaining(["CLAUDE_CODE_OAUTH_TOKEN", "apiKeyHelper", "/login"]),
    );
  });
});

describe("issue forms", () => {
  test("the documentation form's labels come from its YAML", () => {
    expect(labels).toEqual([
      "Documentation Type",
      "Documentation Location",
      "Section/Topic",
      "Current Documentation",
      "What's Wrong or Missing?",
      "Suggested Improvement",
      "Impact",
      "Additional Context",
    ]);
  });

  test("_No response_ is an empty answer", () => {
    const facts = parseIssue({
      title: "[DOCS] x",
      body: "### Documentation Type\n\nOther\n\n### Documentation Location\n\n_No response_\n\n### Section/Topic\n\nHooks",
    });
    expect(facts.fields.find((f) => f.role === "location")?.value).toBeNull();
    expect(facts.sectionHint).toBe("Hooks");
  });

  test("a ### heading written inside an answer does not split the form", () => {
    const body = [
      "### What's Wrong or Missing?",
      "",
      "The flags are missing.",
      "",
      "### Detail",
      "",
      "`--brief` is undocumented.",
      "",
      "### Suggested Improvement",
      "",
      "Add them.",
    ].join("\n");
    const facts = parseIssue({ title: "[DOCS] flags", body }, { formLabels: labels });
    expect(facts.fields.map((f) => f.label)).toEqual(["What's Wrong or Missing?", "Suggested Improvement"]);
    expect(facts.problem).toContain("--brief is undocumented");
  });

  test("free text (not a form) is read as the problem", () => {
    const facts = parseIssue(ccIssue("free-text-undocumented-flags"));
    expect(facts.isForm).toBe(false);
    expect(facts.versions).toEqual(["2.1.92"]);
    expect(facts.identifiers).toEqual(expect.arrayContaining(["--brief", "--mcp-debug"]));
    expect(facts.pages[0]?.url).toBe("https://code.claude.com/docs/en/cli-reference");
  });
});

describe("versions, quotes and references as real issues write them", () => {
  test("a sentence pasted in backticks is a quote of the docs; a long line of code is not", () => {
    const facts = parseIssue({
      title: "Confusing sentence",
      body: [
        '```...if &"hello"[0] were valid code that returned the byte value, it would return 104, not h.```',
        "",
        'Also `let answer = &hello[0]; let other = &hello[1..4]; println!("{answer}{other}");` fails.',
      ].join("\n"),
    });
    expect(facts.docQuotes).toEqual([
      'if &"hello"[0] were valid code that returned the byte value, it would return 104, not h.',
    ]);
  });

  test("hyphenated names are identifiers; hyphenated English phrases are not", () => {
    const facts = parseIssue({
      title: "docs: replace deprecated create-react-app examples",
      body: "**create-react-app** is used on this page; keep the step-by-step guide up-to-date and the no-restricted-syntax rule as is.",
    });
    expect(facts.identifiers).toEqual(expect.arrayContaining(["create-react-app", "no-restricted-syntax"]));
    expect(facts.identifiers).not.toContain("step-by-step");
    expect(facts.identifiers).not.toContain("up-to-date");
  });

  test('"The 2.1.20 release notes" with an inline quoted entry', () => {
    const facts = parseIssue(ccIssue("release-notes-inline-quote"));
    expect(facts.versions).toEqual(["2.1.20"]);
    expect(facts.changelogQuotes[0]).toBe(
      "Changed permission rules like Bash(*) to be accepted and treated as equivalent to Bash",
    );
  });

  test('"CHANGELOG 2.1.10 announcing it: …" and an issue reference', () => {
    const facts = parseIssue(ccIssue("changelog-quote-and-reference"));
    expect(facts.versions).toEqual(["2.1.10"]);
    expect(facts.changelogQuotes[0]).toMatch(/^Added new Setup hook event/);
    expect(facts.references).toEqual([{ repo: null, number: 18724, kind: "unknown" }]);
    expect(facts.pages[0]).toMatchObject({
      url: "https://code.claude.com/docs/en/hooks#setup",
      anchor: "setup",
    });
  });

  test("a version only in the title", () => {
    const facts = parseIssue(ccIssue("version-in-title"));
    expect(facts.versions).toContain("2.1.203");
  });

  test("versions inside code blocks (system info) are not cited versions", () => {
    const body = [
      "### Describe the bug",
      "",
      "The docs say the default is `camelCaseOnly`, but the original class name is kept.",
      "",
      "### System Info",
      "",
      "```shell",
      "Binaries:",
      "    Node: 14.16.0 - /usr/local/bin/node",
      "    npm: 7.17.0 - /bin/npm",
      "npmPackages:",
      "    vite: ^2.6.0 => 2.6.0",
      "```",
    ].join("\n");
    const facts = parseIssue({ title: "css.modules.localsConvention default", body });
    expect(facts.versions).toEqual([]);
  });

  test("URLs are de-duplicated, trailing punctuation stripped, anchors kept", () => {
    expect(normaliseUrl("https://vite.dev/guide/#scaffolding).")).toBe("https://vite.dev/guide/#scaffolding");
    const facts = parseIssue({
      title: "t",
      body: "See https://a.dev/x#y, and https://a.dev/x#y. Also <https://a.dev/z>.",
    });
    expect(facts.urls.map((u) => u.url)).toEqual(["https://a.dev/x#y", "https://a.dev/z"]);
  });
});

describe("Markdown issue templates", () => {
  const template =
    "---\nname: Docs edit\nabout: fix a page\n---\n\n## What docs page is being updated?\n\n## What should change?\n";
  test("their headings are the field labels, and an issue written from one is read by them", () => {
    const labels = formLabels([template]);
    expect(labels).toEqual(["What docs page is being updated?", "What should change?"]);
    const facts = parseIssue(
      {
        title: "x",
        body: "## What docs page is being updated?\n\nhttps://acme.dev/api/thing\n\n## What should change?\n\nThe example.",
      },
      { formLabels: labels },
    );
    expect(facts.isForm).toBe(true);
    expect(facts.pages[0]).toMatchObject({ url: "https://acme.dev/api/thing", origin: "location" });
  });
});

describe("links the form put there, and links with parentheses", () => {
  test("a link in a checklist item is marked; a link in prose is not", () => {
    const facts = parseIssue({
      title: "Sitemap misses the base",
      body: "See [the sitemap page](https://vp.dev/guide/sitemap).\n\n### Validations\n\n- [x] Read the [docs](https://vp.dev).\n- [ ] Follow our [Code of Conduct](https://vuejs.org/coc.html)",
    });
    expect(facts.pages.map((p) => [p.url, p.checklist])).toEqual([
      ["https://vp.dev/guide/sitemap", false],
      ["https://vp.dev/", true],
      ["https://vuejs.org/coc.html", true],
    ]);
  });

  test("a URL with balanced parentheses is kept whole, once", () => {
    const facts = parseIssue({
      title: "x",
      body: "The page https://kb.example/wiki/Thing_(computing) is out of date.",
    });
    expect(facts.pages.map((p) => p.url)).toEqual(["https://kb.example/wiki/Thing_(computing)"]);
  });

  test("a malformed escape in an anchor does not throw", () => {
    expect(parseIssue({ title: "x", body: "https://example.com/#%" }).pages[0]?.anchor).toBe("%");
  });
});

describe("every fixture issue parses", () => {
  const files = [...readdirSync(path.join(FIX, "issues")).map((f) => path.join(FIX, "issues", f))];
  test.each(files.map((f) => [path.basename(f), f]))("%s", (_name, file) => {
    const json = load(file);
    const issue = json.issue ?? json;
    const facts = parseIssue(issue, { formLabels: labels });
    expect(facts.title).toBe(issue.title);
    // Every issue in the fixtures names what it is about somewhere: a page, an identifier or a quoted passage.
    expect(
      facts.pages.length + facts.identifiers.length + facts.docQuotes.length + (facts.problem?.length ?? 0),
    ).toBeGreaterThan(0);
    for (const u of facts.urls) expect(() => new URL(u.url)).not.toThrow();
  });

  test("nothing crashes on hostile input", () => {
    for (const body of [
      "",
      "###",
      "> ",
      "|a|\n|-|\n|[x](javascript:alert(1))|",
      "#".repeat(10_000),
      "\u0000\u202e",
    ]) {
      expect(() => parseIssue({ title: "", body })).not.toThrow();
    }
    expect(parseIssue({ title: "x", body: "[x](javascript:alert(1))" }).urls).toEqual([]);
  });

  test.each([
    ["a dotted run of 32,000 segments", `a${".a".repeat(32_000)}`],
    ["a hyphenated run of 30,000 segments", `${"a-".repeat(30_000)}/`],
    ["`> - ` nested 1,200 deep", "> - ".repeat(1_200)],
    ["`> ` nested 30,000 deep", "> ".repeat(30_000)],
    ["`- ` nested 30,000 deep on one line", "- ".repeat(30_000)],
    ["8 KB of newlines after a suggested-text label", `suggested text:${"\n".repeat(8_000)}x`],
    ["a URL followed by 64,000 dots", `https://example.dev/${".".repeat(64_000)}`],
    ["`[a](b` repeated", "[a](b".repeat(8_000)],
    ["`](` repeated", "](".repeat(30_000)],
    ["12,000 underlined headings", "a\n=\n\n".repeat(12_000)],
    ["a body over GitHub's 65,536 characters", `${"word ".repeat(20_000)}https://late.example/after-the-cap`],
  ])("%s: parsed without a crash, nothing quadratic kept", (_name, body) => {
    const facts = parseIssue({ title: "t", body });
    expect(facts.identifiers.length).toBeLessThan(1_000);
    expect(facts.urls.some((u) => u.url.includes("after-the-cap"))).toBe(false);
  });
});
