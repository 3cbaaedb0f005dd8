import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { dashboardExample, examples, withDashboard, withExamples } from "../../scripts/readme-examples.js";

test("the README's example comments are what the CLI prints today (npm run examples writes them)", async () => {
  const readme = await readFile(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const current = withExamples(readme, await examples());
  expect(readme).toBe(current);
  // each example shows its verdict: the three kinds of answer a maintainer gets
  for (const action of ["update-docs", "already-documented"])
    expect(readme).toContain(`**Recommendation:** \`${action}\``);
  expect(readme).toContain("**Suggested reply:**");
});

test("the README's dashboard is what docgap triage prints today", async () => {
  const readme = await readFile(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  expect(readme).toBe(withDashboard(readme, await dashboardExample()));
  expect(readme).toContain("<!-- docgap:pr 41 -->");
});
