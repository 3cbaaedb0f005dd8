import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { checkAnswer, type ModelAnswer } from "../../src/analysis/answer.js";
import { assemblePrompt } from "../../src/analysis/assemble-prompt.js";
import { heuristicAnalysis } from "../../src/analysis/heuristic.js";
import { lengthLimit } from "../../src/analysis/openai.js";
import { loadPrompts } from "../../src/analysis/prompt-files.js";
import { ConfigSchema, type DocgapConfigInput } from "../../src/config/schema.js";
import { gather } from "../../src/gather/main.js";
import { localDocsRepo } from "../../src/github/docs-repo.js";
import { parseIssue } from "../../src/issue/parse.js";
import { renderComment } from "../../src/publish/render.js";
import type { AnalysisResult } from "../../src/types/result.js";
import { HOSTILE, live } from "../helpers/markdown.js";
import { answer, chatReply } from "../helpers/model.js";
import { analyzeOffline, VITE_DOCS, VITE_SITE } from "../helpers/offline.js";

const docs = localDocsRepo(path.resolve(import.meta.dirname, "../fixtures/vite-docs"));
const ISSUE = {
  repo: "vitejs/vite",
  number: 5,
  title: "Docs: IntelliSense for import.meta.env does not mention vite/client",
  body: "On https://vite.dev/guide/env-and-mode#intellisense-for-typescript the `ImportMetaEnv` example gives no types unless `vite/client` is referenced.",
  url: "https://github.com/vitejs/vite/issues/5",
};
const HASH = "a".repeat(32);

type Reply = (body: Record<string, unknown>, res: ServerResponse) => void;

/** An OpenAI-compatible server on 127.0.0.1 that answers each request with the next scripted reply. */
async function scriptedModel(...replies: Reply[]) {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      requests.push(body);
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
      reply?.(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url, requests };
}
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const json =
  (status: number, body: unknown): Reply =>
  (_b, res) =>
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const says = (a: ModelAnswer | string): Reply =>
  json(200, chatReply({ content: typeof a === "string" ? a : JSON.stringify(a) }));

/** The whole pipeline against the scripted server, and the comment it would post. */
async function run(url: string, config: DocgapConfigInput = {}) {
  const result = await analyzeOffline({
    issue: ISSUE,
    docs: VITE_DOCS,
    config: { docs: VITE_SITE, analysis: { engine: "auto" }, ...config },
    changelog: false,
    engine: { env: { OPENAI_API_KEY: "sk-local", OPENAI_BASE_URL: url } },
  });
  return { result, comment: renderComment(result, HASH) };
}

/** The same issue with no model: what a weak model's comment must never be worse than. */
async function heuristicComment() {
  const result = await analyzeOffline({
    issue: ISSUE,
    docs: VITE_DOCS,
    config: { docs: VITE_SITE, analysis: { engine: "auto" } },
    changelog: false,
  });
  return { result, comment: renderComment(result, HASH) };
}

const field = (comment: string, name: string) =>
  new RegExp(`\\*\\*${name}:?\\*\\*:? ?(.*)`).exec(comment)?.[1];

describe("a weak model's answer is never worse than docgap's own", () => {
  test("junk with high confidence and nothing cited: docgap's analysis, and one line saying why", async () => {
    const junk = answer({
      tldr: { text: ",']?>", sources: ["S99"] },
      guidance: [{ text: "!!!", sources: ["S1"] }],
      causes: [],
      notes: ["", "  ", "...", "—"],
      recommendation: { action: "already-fixed", rationale: ",']?>" },
      confidence: "high",
    });
    const model = await scriptedModel(says(junk));
    const { comment } = await run(model.url);
    const own = await heuristicComment();
    expect(field(comment, "Recommendation")).toBe(field(own.comment, "Recommendation"));
    expect(field(comment, "Confidence")).toBe(field(own.comment, "Confidence"));
    expect(field(comment, "TL;DR")).toBe(field(own.comment, "TL;DR"));
    expect(comment).toContain(
      "_docgap's own analysis is shown: none of the model's statements cited a source docgap read._",
    );
    expect(comment).not.toContain("already-fixed");
    // No empty or punctuation-only bullets anywhere.
    expect(comment).not.toMatch(/^- *[\p{P}\p{S}\s]*$/mu);
  });

  test("'already fixed' with no merged change behind it is not published as such", async () => {
    const model = await scriptedModel(
      says(
        answer({
          recommendation: { action: "already-fixed", rationale: "It was fixed upstream." },
          confidence: "high",
        }),
      ),
    );
    const { comment } = await run(model.url);
    expect(field(comment, "Recommendation")).toMatch(/^`update-docs`/);
    expect(comment).toContain(
      "the model said already-fixed, but docgap found neither a merged change behind it nor a page that no longer has what it reports",
    );
  });

  test("confidence is no higher than what survived supports", async () => {
    const model = await scriptedModel(says(answer({ guidance: [], causes: [], confidence: "high" })));
    const { result } = await run(model.url);
    // One cited statement (the TL;DR) and nothing docgap verified itself: medium at most.
    expect(result.analysis.confidence).toBe("medium");
  });
});

describe("everything the model writes goes through one gate", () => {
  test("markup in the example and the notes stays text: no fold closed, no heading, no image, no script", async () => {
    const model = await scriptedModel(
      says(
        answer({
          example: {
            needed: true,
            content: "</details>\n# Owned\n<img src=https://evil.example/p.png>",
            reason: "<script>x</script>",
          },
          notes: ["</summary></details><details open>", "# Heading in a note"],
        }),
      ),
    );
    const { comment } = await run(model.url);
    const own = live((await heuristicComment()).comment);
    const seen = live(comment);
    expect(seen.headings).toEqual(own.headings);
    expect(seen.html.filter((h) => !/^<\/?(details|summary|sub)>|^<!-- docgap:/.test(h))).toEqual([]);
    expect(seen.html.filter((h) => h === "</details>").length).toBe(
      seen.html.filter((h) => h.startsWith("<details>")).length,
    );
    expect(comment).not.toContain("<img");
  });

  test("links in every spelling are removed unless docgap read the page; a backtick in a path links nothing", async () => {
    const model = await scriptedModel(
      says(
        answer({
          notes: [
            "see www.evil.example/a",
            "and HTTPS://EVIL.EXAMPLE/B",
            "and //evil.example/c",
            "but https://vite.dev/guide/env-and-mode stays",
          ],
          pages: [{ sourcePath: "docs/`x](https://evil.example/d)`.md", problem: "made up" }],
        }),
      ),
    );
    const { comment, result } = await run(model.url);
    expect(result.analysis.notes.slice(0, 3)).toEqual([
      "see (link removed)",
      "and (link removed)",
      "and (link removed)",
    ]);
    expect(result.analysis.notes[3]).toContain("https://vite.dev/guide/env-and-mode");
    expect(result.analysis.notes).toContain("4 link(s) to pages docgap did not read were removed.");
    expect(live(comment).links.filter((l) => /evil/i.test(l))).toEqual([]);
  });
});

describe("compatible with the servers people run", () => {
  test("an empty answer gets one repair request whose roles alternate", async () => {
    const model = await scriptedModel(says(""), says(answer()));
    const { result } = await run(model.url);
    expect(result.engine.name).toBe("openai");
    const roles = ((model.requests[1]?.messages ?? []) as Array<{ role: string }>).map((m) => m.role);
    expect(roles).toEqual(["system", "user", "assistant", "user"]);
    for (let i = 1; i < roles.length; i++) expect(roles[i]).not.toBe(roles[i - 1]);
  });

  test("an endpoint that is not OpenAI's own also gets max_tokens", async () => {
    const model = await scriptedModel(says(answer()));
    await run(model.url, { analysis: { maxCompletionTokens: 700 } });
    expect(model.requests[0]).toMatchObject({ max_completion_tokens: 700, max_tokens: 700 });
  });

  test("a server's refusal is quoted in the note", async () => {
    const refusal = "the request exceeds the available context size (8890 prompt tokens, n_ctx 8192)";
    const model = await scriptedModel(
      json(400, { error: { message: refusal, type: "exceed_context_size_error" } }),
    );
    const { result, comment } = await run(model.url);
    expect(result.engine.fallback).toContain(`answered 400: "${refusal}"`);
    expect(comment).toContain("exceeds the available context size (8890 prompt tokens");
  });

  test("a server that ignores the limit and streams on is cut off by the time limit, and the tokens sent are counted", async () => {
    const model = await scriptedModel((_b, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const drip = setInterval(() => res.write(" "), 100);
      res.on("close", () => clearInterval(drip));
    });
    const { result, comment } = await run(model.url, { analysis: { timeoutSeconds: 5 } });
    expect(result.engine.name).toBe("heuristic");
    expect(result.engine.fallback).toMatch(/did not answer within the time limit/);
    expect(result.engine.usage).toMatchObject({ estimated: true });
    expect(result.engine.usage?.promptTokens).toBeGreaterThan(100);
    expect(comment).toMatch(/about \d+ prompt tokens sent \(the server reported no usage\)/);
  }, 20_000);
});

describe("fuzzing the gate and the renderer together", () => {
  test("random model text: no link, mention, HTML or heading it carried survives outside code", async () => {
    const config = ConfigSchema.parse({ docs: { root: "docs", siteUrl: "https://vite.dev/" } });
    const facts = parseIssue(ISSUE);
    const gathered = await gather({
      facts,
      config,
      issueRepo: ISSUE.repo,
      issueNumber: ISSUE.number,
      docs,
      changelogRepo: null,
      fetcher: null,
      octokit: null,
    });
    const heuristic = heuristicAnalysis(gathered);
    const { sources } = assemblePrompt({ gathered, issue: ISSUE, config, prompts: loadPrompts() });
    const base = (await heuristicComment()).result;
    const render = (a: ModelAnswer) => {
      const checked = checkAnswer(a, { gathered, sources, heuristic });
      const result: AnalysisResult = {
        ...base,
        analysis: checked.analysis,
        engine: { name: "openai", model: "m", usage: null, fallback: null, notice: checked.notice },
      };
      return renderComment(result, HASH);
    };
    const own = live(
      render(answer({ notes: ["plain"], example: { needed: false, content: null, reason: "plain" } })),
    );
    // and what a model answer adds: a protocol-relative link, a bare tag, a source id, nothing at all.
    const HOSTILE_ANSWER = [...HOSTILE, "//evil.example/c", "<script>", "S1", ""];
    const text = fc
      .array(fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_ANSWER)), { maxLength: 6 })
      .map((p) => p.join(" "));
    const cited = fc.record({ text, sources: fc.constantFrom<string[]>(["S1"], ["S2"], ["S99"], []) });
    fc.assert(
      fc.property(text, cited, text, text, text, (t, c, example, note, path) => {
        const a = answer({
          tldr: c,
          guidance: [c, { text: t, sources: ["S1"] }],
          causes: [{ text: t, sources: ["S2"] }],
          pages: [
            { sourcePath: path, problem: t },
            { sourcePath: "docs/guide/env-and-mode.md", problem: t },
          ],
          example: { needed: true, content: example, reason: t },
          notes: [note, t],
          recommendation: { action: "update-docs", rationale: t },
          edits: [],
        });
        const seen = live(render(a));
        expect(seen.links.filter((l) => !own.links.includes(l))).toEqual([]);
        expect(seen.html.filter((h) => !own.html.includes(h))).toEqual([]);
        expect(seen.headings).toEqual(own.headings);
        expect(seen.mentions).toEqual([]);
      }),
      {
        numRuns: 150,
        // An item that ends on a line of its own before an empty one: the empty item's `-` underlined it.
        examples: [
          [
            "\u202e \nTitle\n=====\n",
            { text: "", sources: ["S1"] },
            "",
            "\nTitle\n=====\n \nTitle\n=====\n",
            "",
          ],
        ],
      },
    );
  });
});

describe("the answer limit each provider reads", () => {
  test.each([
    [undefined, false],
    ["https://api.openai.com/v1", false],
    ["https://acme.openai.azure.com/openai/v1/", false],
    ["https://models.github.ai/inference", true],
    ["https://openrouter.ai/api/v1", true],
    ["http://localhost:11434/v1", true],
    ["http://localhost:8000/v1", true],
    ["http://localhost:8080/v1", true],
  ])("%s: max_tokens sent as well: %s", (baseURL, both) => {
    expect(lengthLimit(baseURL, 900)).toEqual(
      both ? { max_completion_tokens: 900, max_tokens: 900 } : { max_completion_tokens: 900 },
    );
  });
});

describe("a credential a remote answer echoes is published nowhere", () => {
  test("a gateway's error that quotes the model key: not in the comment, the result or the notice", async () => {
    const key = "sk-proj-Zq81mPfW3kX9vLr2NcT7bYh4";
    const server = await scriptedModel(
      json(401, {
        error: { message: `Incorrect API key provided: ${key}. You can find your API key at the dashboard.` },
      }),
    );
    const result = await analyzeOffline({
      issue: ISSUE,
      docs: VITE_DOCS,
      config: { docs: VITE_SITE, analysis: { engine: "auto" } },
      changelog: false,
      engine: { env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.url } },
    });
    const comment = renderComment(result, HASH);
    expect(server.requests.length).toBeGreaterThan(0);
    // the failure is still explained, without the key
    expect(result.engine.fallback).toMatch(/401/);
    expect(result.engine.fallback).toContain("‹redacted›");
    for (const text of [comment, JSON.stringify(result)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain("Zq81mPfW3kX9vLr2NcT7bYh4");
    }
  });
});
