import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

/**
 * The container image cannot be built on these machines (no Docker daemon): these tests hold the Dockerfile to
 * the steps the README gives and to what the server needs at run time.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1) ?? "";
const instruction = (stage: string, name: string) =>
  stage
    .split("\n")
    .filter((l) => l.startsWith(`${name} `))
    .map((l) => l.slice(name.length + 1).trim());

describe("the container image", () => {
  test("is multi-stage: built with the dev tools, run with production dependencies only", () => {
    expect(stages).toHaveLength(2);
    expect(instruction(stages[0] ?? "", "RUN")).toEqual(
      expect.arrayContaining(["npm ci --no-audit --no-fund", "npm run build"]),
    );
    expect(instruction(runtime, "RUN").join("\n")).toContain("npm ci --omit=dev");
    expect(runtime).toContain("COPY --from=build /app/lib ./lib");
  });

  test("runs the same server as npm start, as a non-root user, on the port the server listens on", () => {
    const cmd = JSON.parse(instruction(runtime, "CMD")[0] ?? "[]") as string[];
    expect(cmd.join(" ")).toBe(pkg.scripts.start);
    expect(instruction(runtime, "USER")).toEqual(["node"]);
    expect(instruction(runtime, "EXPOSE")).toEqual(["3000"]);
    // the entry the command names is what the build emits from src/
    expect(existsSync(path.join(ROOT, cmd[1]?.replace(/^lib\//, "src/").replace(/\.js$/, ".ts") ?? ""))).toBe(
      true,
    );
  });

  test("its health check asks /healthz, and its Node is one the package supports", () => {
    expect(dockerfile).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \[.*\/healthz/);
    const major = Number(/FROM node:(\d+)/.exec(dockerfile)?.[1]);
    expect(pkg.engines.node).toMatch(new RegExp(`>=\\s*${major}\\b|\\b${major}\\b`));
  });

  test("carries what the server reads at run time: the prompts, the package file, the app manifest", () => {
    for (const copied of ["prompts", "package.json", "app.yml", "bin"]) expect(dockerfile).toContain(copied);
  });

  test("the compose file runs the image's two roles against Redis, as the README describes", () => {
    const compose = parse(readFileSync(path.join(ROOT, "compose.yml"), "utf8")) as {
      services: Record<string, { build?: string; command?: string[]; environment?: Record<string, string> }>;
    };
    expect(compose.services.web?.command).toEqual(["docgap", "web"]);
    expect(compose.services.worker?.command).toEqual(["docgap", "worker"]);
    for (const role of ["web", "worker"]) {
      expect(compose.services[role]?.build).toBe(".");
      expect(compose.services[role]?.environment?.REDIS_URL).toMatch(/^redis:\/\//);
    }
    expect(compose.services.redis).toBeDefined();
  });
});
