import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { buildAction } from "../scripts/build-action.js";
import { hashIn, MARKER } from "../src/publish/render.js";
import { type FakeGitHub, startFakeGitHub } from "./helpers/fake-github.js";
import { answer, chatReply } from "./helpers/model.js";
import { loadJson, viteDocs } from "./helpers/probot.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const ISSUE = 17488;

let dir: string;
let entry: string;
let workspace: string;
let github: FakeGitHub;
let labeled: Record<string, unknown> & { issue: Record<string, unknown> };

/** The inputs as the runner passes them: every default of action.yml, then the workflow's `with:`. */
async function inputs(withInputs: Record<string, string>): Promise<Record<string, string>> {
  const manifest = parseYaml(await readFile(path.join(ROOT, "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
  };
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    const value = withInputs[name] ?? spec.default ?? "";
    // `${{ github.token }}` is the workflow's token: the runner substitutes it.
    env[`INPUT_${name.toUpperCase()}`] =
      value === ["${{", "github.token", "}}"].join(" ") ? "ghs_workflow_token" : value;
  }
  return env;
}

interface Run {
  code: number | null;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  leftLoopback: string;
}

/** Runs the built entry as the runner does: `node dist/action.js`, the event in a file, `GITHUB_*` variables. */
async function runAction(
  eventName: string,
  payload: unknown,
  withInputs: Record<string, string> = {},
): Promise<Run> {
  const step = await mkdtemp(path.join(dir, "step-"));
  const files = {
    event: path.join(step, "event.json"),
    summary: path.join(step, "summary.md"),
    output: path.join(step, "output"),
    loopback: path.join(step, "loopback.log"),
  };
  await writeFile(files.event, JSON.stringify(payload));
  await Promise.all([files.summary, files.output, files.loopback].map((f) => writeFile(f, "")));
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: step,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: "vitejs/vite",
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    RUNNER_TEMP: step,
    LOOPBACK_LOG: files.loopback,
    ...(await inputs(withInputs)),
  };
  const child = spawn(
    process.execPath,
    ["--import", path.join(ROOT, "test/helpers/loopback-only.mjs"), entry],
    { env, cwd: workspace },
  );
  let stdout = "";
  child.stdout.on("data", (c) => {
    stdout += c;
  });
  child.stderr.on("data", (c) => {
    stdout += c;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const raw = await readFile(files.output, "utf8");
  const outputs: Record<string, string> = {};
  for (const m of raw.matchAll(/^([\w-]+)<<([\w-]+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] ?? ""] = m[3] ?? "";
  return {
    code,
    stdout,
    summary: await readFile(files.summary, "utf8"),
    outputs,
    leftLoopback: await readFile(files.loopback, "utf8"),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "docgap-action-"));
  // The action's folder as a release ships it: the bundled entry in dist/ and the prompt files beside it.
  entry = await buildAction(path.join(dir, "action/dist"));
  await cp(path.join(ROOT, "prompts"), path.join(dir, "action/prompts"), { recursive: true });
  // The workflow's checkout of the repository (actions/checkout leaves .git).
  workspace = path.join(dir, "workspace");
  for (const [file, text] of Object.entries(await viteDocs())) {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await writeFile(path.join(workspace, file), text);
  }
  await mkdir(path.join(workspace, ".git"), { recursive: true });
  await mkdir(path.join(workspace, ".github"), { recursive: true });
  await writeFile(
    path.join(workspace, ".github/docgap.yml"),
    "docs:\n  root: docs\n  siteUrl: https://vite.dev/\n  siteUrlAliases: [https://vitejs.dev/]\nsources:\n  maxPages: 0\n",
  );
  github = await startFakeGitHub({
    files: {},
    config: "",
    login: "github-actions[bot]",
    // the label's sender is a maintainer: a model may be asked
    extra: (_req, res, route) => {
      if (!route.endsWith("/collaborators/maintainer/permission")) return false;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ permission: "write" }));
      return true;
    },
  });
  labeled = await loadJson("events/issues.labeled.json");
}, 60_000);

afterAll(async () => {
  await github?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the GitHub Action, run as the runner runs it", () => {
  test("a labeled issue gets one comment, the job summary and the result; an edit updates that comment", async () => {
    const first = await runAction("issues", labeled);
    expect(first.code, first.stdout).toBe(0);
    const posted = [...(github.comments.get(ISSUE) ?? [])];
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(new RegExp(`^${MARKER}`));
    expect(posted[0]).toContain("docs/guide/env-and-mode.md");
    expect(first.summary).toContain(posted[0]);
    expect(first.outputs.outcome).toBe("published");
    const result = JSON.parse(first.outputs.result ?? "{}");
    expect(result.issue).toMatchObject({ repo: "vitejs/vite", number: ISSUE });
    expect(JSON.parse(await readFile(first.outputs["result-path"] ?? "", "utf8"))).toEqual(result);
    // The docs came from the workspace: no archive download; the reporter got the "eyes" reaction.
    expect(github.counts.get("GET tarball")).toBeUndefined();
    expect(github.counts.get("POST reaction")).toBe(1);
    expect(first.leftLoopback).toBe("");
    // Nothing published names the runner's machine: no absolute workspace path in the comment or the result.
    expect(posted[0]).not.toContain(workspace);
    expect(first.outputs.result).not.toContain(workspace);

    const edited = {
      ...labeled,
      action: "edited",
      changes: { body: { from: labeled.issue.body } },
      issue: { ...labeled.issue, body: `${labeled.issue.body}\n\nThe \`lib\` link is broken too.` },
    };
    const second = await runAction("issues", edited);
    expect(second.code, second.stdout).toBe(0);
    const after = github.comments.get(ISSUE) ?? [];
    expect(after).toHaveLength(1);
    expect(github.counts.get("PATCH comment")).toBe(1);
    // Re-analysed from the new text: the comment records other inputs.
    expect(hashIn(after[0] ?? "")).not.toBe(hashIn(posted[0] ?? ""));
    expect(second.summary).toContain(after[0]);
    expect(second.outputs).toMatchObject({ outcome: "published", "comment-id": first.outputs["comment-id"] });
  }, 60_000);

  test("dry-run writes the job summary and posts nothing", async () => {
    const before = github.counts.get("POST comment") ?? 0;
    const patched = github.counts.get("PATCH comment") ?? 0;
    const issue = { ...labeled.issue, number: 99, html_url: "https://github.com/vitejs/vite/issues/99" };
    const run = await runAction("issues", { ...labeled, issue }, { mode: "dry-run" });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.outcome).toBe("dry-run");
    expect(run.summary).toContain("docs/guide/env-and-mode.md");
    expect(github.counts.get("POST comment") ?? 0).toBe(before);
    expect(github.counts.get("PATCH comment") ?? 0).toBe(patched);
    expect(github.comments.get(99)).toBeUndefined();
  }, 60_000);

  test("a label that is not a trigger, a comment without a command and a push do nothing, and say skipped", async () => {
    const before = github.counts.get("POST comment") ?? 0;
    const other = await runAction("issues", { ...labeled, label: { name: "bug" } });
    expect(other).toMatchObject({ code: 0, outputs: { outcome: "skipped" } });
    const chat = await runAction("issue_comment", {
      ...labeled,
      action: "created",
      comment: { id: 5, body: "Thanks!", user: { login: "someone" } },
    });
    expect(chat).toMatchObject({ code: 0, outputs: { outcome: "skipped" } });
    const push = await runAction("push", { ref: "refs/heads/main" });
    expect(push).toMatchObject({ code: 0, outputs: { outcome: "skipped" } });
    expect(github.counts.get("POST comment") ?? 0).toBe(before);
  }, 60_000);

  test("GitHub Models with the workflow's token: no key to manage, the model named as GitHub Models names it", async () => {
    const asked: Array<{ auth: string; model: string }> = [];
    const models = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        asked.push({ auth: String(req.headers.authorization), model: JSON.parse(body).model });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(chatReply({ content: JSON.stringify(answer()) })));
      });
    });
    await new Promise<void>((r) => models.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(models.address() as AddressInfo).port}`;
      const run = await runAction(
        "issues",
        { ...labeled, issue: { ...labeled.issue, number: 77 } },
        { "github-models": "true", "openai-base-url": url, mode: "dry-run" },
      );
      expect(run.code, run.stdout).toBe(0);
      expect(asked[0]).toEqual({ auth: "Bearer ghs_workflow_token", model: "openai/gpt-4o-mini" });
      expect(run.summary).toContain("engine: openai (openai/gpt-4o-mini)");
      // the token is the model key here: it is in no output
      expect(run.summary).not.toContain("ghs_workflow_token");
      expect(run.outputs.result).not.toContain("ghs_workflow_token");
    } finally {
      models.closeAllConnections();
      await new Promise<void>((r) => models.close(() => r()));
    }
  }, 60_000);

  test("a scheduled run triages the open docs issues into one dashboard issue, leaves it alone when nothing changed, and a ticked box gets its issue analysed for a pull request", async () => {
    github.issues.set(501, {
      number: 501,
      title: "Docs: IntelliSense for TypeScript does not say to reference vite/client",
      body: "The IntelliSense for TypeScript section does not say that `vite/client` types must be referenced.",
      labels: ["documentation"],
    });
    github.issues.set(502, { number: 502, title: "HMR is slow", body: "5 seconds", labels: ["bug"] });
    const first = await runAction("schedule", { schedule: "0 6 * * *" });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.outcome).toBe("published");
    const dashboard = github.issues.get(Number(first.outputs.dashboard));
    expect(dashboard?.title).toBe("Docs dashboard");
    expect(dashboard?.body).toContain("vitejs/vite#501");
    expect(dashboard?.body).not.toContain("vitejs/vite#502");
    expect(first.summary).toContain("vitejs/vite#501");
    const again = await runAction("schedule", { schedule: "0 6 * * *" });
    expect(again.outputs.outcome).toBe("unchanged");
    expect(again.outputs.dashboard).toBe(first.outputs.dashboard);

    // A maintainer ticks the box of #501 (ready, or not: the box is only on ready issues, so tick it by hand).
    const before = `${dashboard?.body ?? ""}\n- [ ] <!-- docgap:pr 501 --> vitejs/vite#501`;
    const after = before.replace("- [ ] <!-- docgap:pr 501 -->", "- [x] <!-- docgap:pr 501 -->");
    const number = Number(first.outputs.dashboard);
    github.issues.set(number, { number, title: "Docs dashboard", body: after, labels: [] });
    const ticked = await runAction("issues", {
      action: "edited",
      changes: { body: { from: before } },
      issue: {
        number,
        title: "Docs dashboard",
        body: after,
        html_url: `https://github.com/vitejs/vite/issues/${number}`,
        labels: [],
      },
      repository: labeled.repository,
      sender: { login: "maintainer", type: "User" },
    });
    expect(ticked.code, ticked.stdout).toBe(0);
    // #501 got docgap's comment (with the pull request or the reason there is none), and the box is unticked.
    expect(github.comments.get(501)?.[0]).toContain(MARKER);
    expect(github.issues.get(number)?.body).toContain("- [ ] <!-- docgap:pr 501 -->");
  }, 60_000);
});
