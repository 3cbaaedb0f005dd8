import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pkg from "../../package.json" with { type: "json" };

const ROOT = path.resolve(import.meta.dirname, "../..");
const CC = "test/fixtures/claude-code";
let dir: string;
let config: string;

/** Runs the CLI as a user does, in its own process, where nothing can leave loopback. */
function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./test/helpers/loopback-only.mjs", "src/cli.ts", ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: dir, ...env } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A local server that records every request and answers with `reply` (default: an empty JSON list). */
async function canary(
  reply: (req: IncomingMessage) => { status: number; body: unknown } | null = () => null,
) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    const answer = reply(req) ?? { status: 200, body: [] };
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "docgap-cli-"));
  config = path.join(dir, "docgap.yml");
  // The bundled example's config, with no page fetched and no thread followed: only the model is asked.
  await writeFile(
    config,
    'docs:\n  root: ""\n  siteUrl: https://code.claude.com/docs/\nsources:\n  maxPages: 0\n  followLinks: false\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const local = (...more: string[]) => [
  "analyze",
  `${CC}/issues/form-four-pages-changelog-quote.json`,
  "--docs-dir",
  `${CC}/docs-repo`,
  "--config",
  config,
  ...more,
];

describe("help and version", () => {
  test("--version prints the package's version; docgap alone prints the usage on stderr and exits 2", async () => {
    expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain("docgap analyze <issue>");
  });

  test("each command's --help names every option, the environment and every exit code", async () => {
    const analyze = await cli(["analyze", "--help"]);
    expect(analyze.code).toBe(0);
    for (const option of [
      "--docs-dir",
      "--config",
      "--engine",
      "--format",
      "--offline",
      "--strict",
      "--help",
    ])
      expect(analyze.stdout).toContain(option);
    for (const variable of [
      "GITHUB_TOKEN",
      "GITHUB_API_URL",
      "OPENAI_API_KEY",
      "OPENAI_BASE_URL",
      "HTTPS_PROXY",
    ])
      expect(analyze.stdout).toContain(variable);
    for (const code of ["0  done", "1  done, but", "2  usage", "3  GitHub"])
      expect(analyze.stdout).toContain(code);
    const evaluate = await cli(["eval", "-h"]);
    expect(evaluate.code).toBe(0);
    for (const option of ["--corpora", "--mode", "--case", "--format"])
      expect(evaluate.stdout).toContain(option);
  });
});

describe("exit codes", () => {
  test("--offline sends nothing anywhere, even with a model key and endpoint set", async () => {
    const endpoint = await canary();
    const run = await cli(local("--offline"), {
      OPENAI_API_KEY: "sk-canary",
      OPENAI_BASE_URL: `${endpoint.url}/v1`,
      GITHUB_API_URL: `${endpoint.url}/api/v3`,
      GITHUB_TOKEN: "ghp_canary",
    });
    await endpoint.close();
    expect(run.code, run.stderr).toBe(0);
    expect(endpoint.seen).toEqual([]);
    expect(run.stdout).toContain("en/authentication.md");
    expect(run.stdout).toContain("engine: heuristic");
  });

  test("a model that refuses the prompt: a warning quoting it, exit 0; with --strict, exit 1", async () => {
    const refusal = "the request exceeds the available context size (8890 prompt tokens, n_ctx 8192)";
    const endpoint = await canary((req) =>
      req.url?.endsWith("/chat/completions") ? { status: 400, body: { error: { message: refusal } } } : null,
    );
    const env = {
      OPENAI_API_KEY: "sk-local",
      OPENAI_BASE_URL: `${endpoint.url}/v1`,
      GITHUB_API_URL: `${endpoint.url}/api/v3`,
    };
    const lenient = await cli(local(), env);
    const strict = await cli(local("--strict"), env);
    await endpoint.close();
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toContain("en/authentication.md");
    expect(lenient.stderr).toMatch(
      /^docgap: warning: The model engine \(gpt-4o-mini\) gave no usable answer/m,
    );
    // The server's own words are quoted: they say what to change.
    expect(lenient.stderr).toContain(`answered 400: "${refusal}"`);
    expect(strict.code).toBe(1);
    expect(endpoint.seen.some((r) => r.startsWith("POST /v1/chat/completions"))).toBe(true);
  });

  test("GitHub that cannot be reached exits 3 with the reason; an issue that does not exist exits 2", async () => {
    const down = await cli(["analyze", "acme/docs#1", "--docs-dir", `${CC}/docs-repo`], {
      GITHUB_API_URL: "http://127.0.0.1:1/api/v3",
    });
    expect(down.code).toBe(3);
    expect(down.stdout).toBe("");
    expect(down.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^docgap: cannot reach GitHub to read acme\/docs#1/),
    ]);
    const api = await canary(() => ({ status: 404, body: { message: "Not Found" } }));
    const missing = await cli(["analyze", "acme/docs#1", "--docs-dir", `${CC}/docs-repo`], {
      GITHUB_API_URL: `${api.url}/api/v3`,
    });
    await api.close();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^docgap: acme\/docs#1 does not exist, or is private/);
  });

  test("only GitHub issue URLs are read: another host is a usage error, and nothing is requested", async () => {
    const run = await cli(["analyze", "https://gitlab.com/acme/docs/issues/3"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a GitHub issue URL/);
  });
});

describe("proxy", () => {
  test("HTTP_PROXY carries the GitHub requests (tunnelled with CONNECT, as proxies expect)", async () => {
    const issue = {
      number: 7,
      title: "The authentication page is outdated",
      body: "https://code.claude.com/docs/en/authentication does not say how tokens refresh.",
      html_url: "https://github.com/acme/docs/issues/7",
    };
    const api = await canary((req) =>
      req.url === "/api/v3/repos/acme/docs/issues/7" ? { status: 200, body: issue } : null,
    );
    // The proxy: every CONNECT is recorded and tunnelled to the local GitHub API (github.invalid resolves nowhere).
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? "");
      const upstream = connect(Number(new URL(api.url).port), "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const run = await cli(["analyze", "acme/docs#7", "--docs-dir", `${CC}/docs-repo`, "--config", config], {
      GITHUB_API_URL: "http://github.invalid/api/v3",
      HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    });
    proxy.closeAllConnections();
    await new Promise<void>((r) => proxy.close(() => r()));
    await api.close();
    expect(run.code, run.stderr).toBe(0);
    expect(tunnels[0]).toBe("github.invalid:80");
    expect(api.seen[0]).toBe("GET /api/v3/repos/acme/docs/issues/7");
    expect(run.stdout).toContain("en/authentication.md");
  });
});
