import { expect, test } from "vitest";
import { cli } from "../helpers/cli.js";

test("docgap site shows what docgap read of a site: generator and its config, folders and routes, pages' URLs", async () => {
  const text = await cli("site", "--docs-dir", "test/fixtures/acme-docs");
  expect(text.code).toBe(0);
  expect(text.stdout).toContain("generator: vitepress (read from docs/.vitepress/config.ts)");
  expect(text.stdout).toContain("site: https://acme.dev/");
  expect(text.stdout).toContain("docs/guide/start.md -> /guide/start");
  const json = JSON.parse(
    (await cli("site", "--docs-dir", "test/fixtures/acme-docs", "--format", "json")).stdout,
  );
  expect(json).toMatchObject({ generator: "vitepress", roots: [{ dir: "docs", route: "" }] });
  const bad = await cli("site");
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain("site takes one of owner/repo or --docs-dir DIR");
}, 60_000);
