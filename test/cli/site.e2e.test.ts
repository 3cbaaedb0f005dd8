import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const cli = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

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
