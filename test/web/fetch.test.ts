import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkUrl, createSafeFetch, defaultPolicy, isPublicAddress } from "../../src/web/fetch.js";
import { htmlToMarkdown, markdownVariant } from "../../src/web/page.js";

const policy = (allowed: string[], env: Record<string, string> = {}) => ({
  ...defaultPolicy(allowed, env),
  timeoutMs: 2000,
});

describe("address decisions", () => {
  test.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
  ])("%s is not public", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  test.each(["93.184.216.34", "2606:4700::6810:84e5", "8.8.8.8"])("%s is public", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  const anyHost = policy(["*"]);
  test.each([
    ["http://127.0.0.1/", "127.0.0.1 is not a public address"],
    ["http://2130706433/", "127.0.0.1 is not a public address"],
    ["http://0x7f.1/", "127.0.0.1 is not a public address"],
    ["http://017700000001/", "127.0.0.1 is not a public address"],
    ["http://127.1/", "127.0.0.1 is not a public address"],
    ["http://[::1]/", "::1 is not a public address"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is not a public address"],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not a public address"],
    ["http://0.0.0.0/", "0.0.0.0 is not a public address"],
    ["http://100.100.100.200/", "100.100.100.200 is not a public address"],
    ["http://[fd12:3456::1]/", "fd12:3456::1 is not a public address"],
    ["http://localhost:8080/", "localhost is a local name"],
    ["file:///etc/passwd", "scheme file: is not allowed"],
    ["gopher://example.com/", "scheme gopher: is not allowed"],
    ["https://user:pw@docs.example.com/", "URLs with credentials are not fetched"],
  ])("%s is refused", (url, reason) => {
    expect(checkUrl(url, { ...anyHost, allowedHosts: ["*", "docs.example.com"] })).toBe(reason);
  });

  test("only allowed hosts are fetched", () => {
    const p = policy(["vite.dev", "*.example.com"]);
    expect(checkUrl("https://vite.dev/guide/", p)).toBeNull();
    expect(checkUrl("https://docs.example.com/a", p)).toBeNull();
    expect(checkUrl("https://evil.dev/", p)).toBe("host evil.dev is not in the allowed hosts");
  });

  test("an operator may allow a named private host, never through repository config", () => {
    const p = policy(["docs.internal"], { DOCGAP_ALLOW_PRIVATE_HOSTS: "docs.internal,127.0.0.1" });
    expect(checkUrl("http://127.0.0.1:3000/", p)).toBeNull();
    expect(checkUrl("http://127.0.0.2:3000/", p)).toBe("127.0.0.2 is not a public address");
  });
});

describe("fetching through a real local server", () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];

  beforeEach(async () => {
    nock.enableNetConnect();
    hits.length = 0;
    server = createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/guide/intro.md") return res.writeHead(404).end();
      if (req.url === "/redirect")
        return res.writeHead(302, { location: "http://169.254.169.254/latest/" }).end();
      if (req.url === "/big")
        return res.writeHead(200, { "content-type": "text/html" }).end("x".repeat(5000));
      if (req.url === "/image") return res.writeHead(200, { "content-type": "image/png" }).end("png");
      if (req.url === "/slow") return setTimeout(() => res.writeHead(200).end("late"), 3000);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": "a=b" });
      res.end(
        `<html><head><title>Intro</title></head><body><nav>menu</nav><article><h1>Intro</h1><h2 id="install">Install</h2><p>Run the <a href="/cli">CLI</a> with a long enough paragraph to count as content for the readability extractor, which wants text.</p><pre><code class="language-bash">npm i vite</code></pre><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></article></body></html>`,
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((r) => server.close(r));
    nock.disableNetConnect();
  });

  test("a loopback server is refused by default, and never contacted", async () => {
    const fetcher = createSafeFetch(policy(["127.0.0.1"]));
    const res = await fetcher(`${base}/guide/intro`);
    expect(res).toMatchObject({ status: "blocked", reason: "127.0.0.1 is not a public address" });
    expect(hits).toEqual([]);
  });

  test("allowed exactly by the operator, it is fetched and converted to Markdown", async () => {
    const fetcher = createSafeFetch(policy([], { DOCGAP_ALLOW_PRIVATE_HOSTS: "127.0.0.1" }));
    const res = await fetcher(`${base}/guide/intro`);
    expect(res.status).toBe("ok");
    if (res.status !== "ok") return;
    const { markdown } = htmlToMarkdown(res.body, res.url);
    expect(markdown).toContain("## Install");
    expect(markdown).toContain("```bash\nnpm i vite\n```");
    expect(markdown).toContain(`[CLI](${base}/cli)`);
    expect(markdown).toContain("| a | b |");
    expect(markdown).not.toContain("menu");
  });

  test("a redirect to a metadata address is refused at the hop", async () => {
    const fetcher = createSafeFetch(policy([], { DOCGAP_ALLOW_PRIVATE_HOSTS: "127.0.0.1" }));
    expect(await fetcher(`${base}/redirect`)).toMatchObject({
      status: "blocked",
      reason: "redirect refused: 169.254.169.254 is not a public address",
    });
  });

  test("size, content type and time limits", async () => {
    const p = { ...policy([], { DOCGAP_ALLOW_PRIVATE_HOSTS: "127.0.0.1" }), maxBytes: 1000, timeoutMs: 500 };
    const fetcher = createSafeFetch(p);
    expect(await fetcher(`${base}/big`)).toMatchObject({
      status: "blocked",
      reason: "the page is larger than 1000 bytes",
    });
    expect(await fetcher(`${base}/image`)).toMatchObject({
      status: "blocked",
      reason: "content type image/png is not fetched",
    });
    expect(await fetcher(`${base}/slow`)).toMatchObject({
      status: "error",
      reason: "no answer within 500 ms",
    });
  });

  test("the Markdown variant of a page is asked for first", () => {
    expect(markdownVariant("https://code.claude.com/docs/en/hooks#setup")).toBe(
      "https://code.claude.com/docs/en/hooks.md",
    );
    expect(markdownVariant("https://vite.dev/guide/")).toBe("https://vite.dev/guide.md");
  });
});

describe("hostile pages", () => {
  test("a body served as HTML without any element is read as text, not a crash", () => {
    expect(htmlToMarkdown("just words, no tags", "https://docs.example.dev/a").markdown).toContain(
      "just words, no tags",
    );
    expect(() => htmlToMarkdown("", "https://docs.example.dev/a")).not.toThrow();
  });

  test("4,000 adjacent links and 8,000 unclosed `[a](b` are converted and checked without a quadratic walk", async () => {
    const { checkQuotes } = await import("../../src/text/prose.js");
    const links = `<!doctype html><html><body><main><p>${`<a href="/x">${"a".repeat(100)}</a>`.repeat(4_000)}</p><h2>After</h2><p>the end</p></main></body></html>`;
    const { markdown } = htmlToMarkdown(links, "https://docs.example.dev/a");
    expect(markdown).toContain("After");
    const unclosed = "[a](b".repeat(8_000);
    expect(checkQuotes(["a quoted passage that is not there"], unclosed)[0]?.found).toBe(false);
  });

  test("a page nested deeper than any real one is read as its plain text, not walked until the stack overflows", () => {
    const deep = `<html><head><title>Deep</title></head><body>${"<div>".repeat(20_000)}<p>The text is here.</p><script>var hidden = 1;</script></body></html>`;
    const { title, markdown } = htmlToMarkdown(deep, "https://docs.example.dev/deep");
    expect(title).toBe("Deep");
    expect(markdown).toContain("The text is here.");
    expect(markdown).not.toContain("hidden");
    // A real page keeps its structure.
    const real = htmlToMarkdown(
      "<html><body><main><h2>Setup</h2><p>Run <code>acme init</code>.</p></main></body></html>",
      "https://docs.example.dev/setup",
    );
    expect(real.markdown).toContain("## Setup");
  });
});
