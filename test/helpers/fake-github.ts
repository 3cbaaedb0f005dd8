import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gitBlobSha } from "../../src/github/docs-repo.js";
import { tarball } from "./tarball.js";

/**
 * A stand-in for the GitHub REST API on loopback (reached by the app through GHE_HOST, under /api/v3): the
 * routes one analysis uses, with the docs repository served from memory. Counts every request by route.
 */
export interface FakeGitHub {
  url: string;
  host: string;
  server: Server;
  /** Requests by "METHOD route". */
  counts: Map<string, number>;
  /** Comment bodies created, by issue number. */
  comments: Map<number, string[]>;
  /** Resolves once `n` comments were created in total. */
  waitForComments(n: number): Promise<void>;
  /** Replaces the docs files served (a new commit). */
  setFiles(files: Record<string, string>): void;
  /** The repository's issues (open unless closed), by number: those given, and those created or edited since. */
  issues: Map<number, FakeIssue>;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => {
      data += c;
    });
    req.on("end", () => resolve(data));
  });

/** An issue of the fake repository; `reactions` are those on its docgap comment. */
export interface FakeIssue {
  number: number;
  /** Who opened it (default: a user, `reporter`; issues created through the API: the token's bot). */
  user?: { login: string; type: "User" | "Bot" };
  title: string;
  body: string | null;
  labels: string[];
  state?: "open" | "closed";
  reactions?: Partial<Record<"+1" | "-1" | "hooray" | "confused", number>>;
}

export async function startFakeGitHub(options: {
  /** Issues listed by `GET /repos/{owner}/{repo}/issues`. */
  issues?: FakeIssue[];
  files: Record<string, string>;
  config: string;
  /** Login of the token's user, as comments show it (default `docgap[bot]`). */
  login?: string;
  /**
   * Other repositories, by `owner/name`, with their own files (`files` serves every other repository) and whether
   * they are private (`GET /repos/{owner}/{name}` says so).
   */
  repos?: Record<string, { files: Record<string, string>; private?: boolean }>;
  /** The permission every user has on the repository (default `write`). */
  permission?: "admin" | "write" | "read" | "none";
  /** Extra routes, tried first; return true when handled. */
  extra?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;
}): Promise<FakeGitHub> {
  const counts = new Map<string, number>();
  const comments = new Map<number, string[]>();
  let created = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let files = options.files;
  let shas = new Map<string, string>();
  let head = "";
  let archive: Promise<Buffer> | null = null;
  const index = () => {
    shas = new Map(Object.keys(files).map((p) => [p, gitBlobSha(files[p] ?? "")]));
    head = createHash("sha1")
      .update([...shas.values()].join())
      .digest("hex");
    archive = null;
  };
  index();
  const count = (route: string) => counts.set(route, (counts.get(route) ?? 0) + 1);
  /** The files, blob ids and head of the repository a path names (`files` for any repository not in `repos`). */
  const others = new Map(
    Object.entries(options.repos ?? {}).map(([slug, r]) => {
      const otherShas = new Map(Object.keys(r.files).map((p) => [p, gitBlobSha(r.files[p] ?? "")]));
      const otherHead = createHash("sha1")
        .update([...otherShas.values()].join())
        .digest("hex");
      return [
        slug.toLowerCase(),
        { files: r.files, shas: otherShas, head: otherHead, private: r.private ?? false },
      ];
    }),
  );
  const repoOf = (path: string) => {
    const slug = /^\/repos\/([^/]+\/[^/]+)/.exec(path)?.[1]?.toLowerCase() ?? "";
    return others.get(slug) ?? { files, shas, head, private: false };
  };
  const issues = new Map((options.issues ?? []).map((i) => [i.number, { ...i }]));
  const listed = (i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    html_url: `https://github.com/acme/docs/issues/${i.number}`,
    labels: i.labels.map((name) => ({ name })),
    comments: (comments.get(i.number) ?? []).length,
    state: i.state ?? "open",
    user: i.user ?? { login: "reporter", type: "User" },
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ""));
    const method = req.method ?? "GET";
    if (options.extra && (await options.extra(req, res, path))) return;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      count("POST access_tokens");
      return json(res, 201, {
        token: "bench-token",
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
      });
    }
    if (/^\/repos\/[^/]+\/[^/]+\/contents\/\.github\/docgap\.yml$/.test(path)) {
      count("GET config");
      return res.writeHead(200, { "content-type": "text/plain" }).end(options.config);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/issues$/.test(path)) {
      if (method === "GET") {
        count("GET issues");
        const open = [...issues.values()]
          .filter((i) => (i.state ?? "open") === "open")
          .sort((a, b) => b.number - a.number);
        const page = Number(url.searchParams.get("page") ?? 1);
        const per = Number(url.searchParams.get("per_page") ?? 30);
        const last = Math.max(1, Math.ceil(open.length / per));
        const next =
          page < last
            ? {
                link: `<http://${req.headers.host}${url.pathname}?per_page=${per}&page=${page + 1}>; rel="next"`,
              }
            : {};
        return res
          .writeHead(200, { "content-type": "application/json", ...next })
          .end(JSON.stringify(open.slice((page - 1) * per, page * per).map(listed)));
      }
      count("POST issue");
      const { title, body } = JSON.parse(await readBody(req)) as { title: string; body: string };
      const number = Math.max(0, ...issues.keys()) + 1;
      issues.set(number, {
        number,
        title,
        body,
        labels: [],
        user: { login: options.login ?? "docgap[bot]", type: "Bot" },
      });
      return json(res, 201, listed(issues.get(number) as FakeIssue));
    }
    const oneIssue = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(path);
    if (oneIssue) {
      const issue = issues.get(Number(oneIssue[1]));
      if (!issue) return json(res, 404, { message: "Not Found" });
      if (method === "PATCH") {
        count("PATCH issue");
        const patch = JSON.parse(await readBody(req)) as { body?: string; title?: string };
        Object.assign(issue, patch);
      } else count("GET issue");
      return json(res, 200, listed(issue));
    }
    if (path === "/search/issues") {
      count("GET search");
      return json(res, 200, { total_count: 0, incomplete_results: false, items: [] });
    }
    const commentsOf = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
    if (commentsOf) {
      const n = Number(commentsOf[1]);
      if (method === "GET") {
        count("GET comments");
        return json(
          res,
          200,
          (comments.get(n) ?? []).map((body, i) => ({
            id: n * 1000 + i,
            body,
            user: { login: options.login ?? "docgap[bot]", type: "Bot" },
            reactions: { "+1": 0, "-1": 0, hooray: 0, confused: 0, ...issues.get(n)?.reactions },
          })),
        );
      }
      count("POST comment");
      const body = (JSON.parse(await readBody(req)) as { body: string }).body;
      comments.set(n, [...(comments.get(n) ?? []), body]);
      created++;
      for (const w of waiters.filter((w) => created >= w.n)) w.resolve();
      return json(res, 201, { id: n * 1000 + (comments.get(n)?.length ?? 1) - 1 });
    }
    const edited = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
    if (edited) {
      count("PATCH comment");
      const id = Number(edited[1]);
      const list = comments.get(Math.floor(id / 1000));
      const body = (JSON.parse(await readBody(req)) as { body: string }).body;
      if (list && list[id % 1000] !== undefined) list[id % 1000] = body;
      return json(res, 200, { id });
    }
    if (/^\/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/.test(path)) {
      count("GET permission");
      const permission = options.permission ?? "write";
      return json(res, 200, { permission, role_name: permission });
    }
    if (/\/reactions$/.test(path)) {
      count("POST reaction");
      return json(res, 201, {});
    }
    if (/^\/repos\/[^/]+\/[^/]+$/.test(path)) {
      count("GET repository");
      const repo = repoOf(path);
      const bytes = Object.values(repo.files).reduce((n, t) => n + t.length, 0);
      return json(res, 200, { size: Math.ceil(bytes / 1024), default_branch: "main", private: repo.private });
    }
    if (/^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+$/.test(path)) {
      count("GET head commit");
      return res.writeHead(200, { "content-type": "text/plain" }).end(repoOf(path).head);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/tarball\/[^/]+$/.test(path)) {
      count("GET tarball");
      const repo = repoOf(path);
      if (repo.files !== files)
        return res
          .writeHead(200, { "content-type": "application/x-gzip" })
          .end(await tarball(repo.files, `other-${repo.head.slice(0, 7)}`));
      archive ??= tarball(files, `acme-docs-${head.slice(0, 7)}`);
      return res.writeHead(200, { "content-type": "application/x-gzip" }).end(await archive);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/timeline$/.test(path)) {
      count("GET timeline");
      return json(res, 200, []);
    }
    if (/^\/repos\/[^/]+\/[^/]+\/git\/trees\/[^/]+$/.test(path)) {
      count("GET tree");
      const repo = repoOf(path);
      return json(res, 200, {
        sha: "tree",
        truncated: false,
        tree: Object.keys(repo.files).map((p) => ({
          path: p,
          type: "blob",
          mode: "100644",
          sha: repo.shas.get(p),
          size: (repo.files[p] ?? "").length,
        })),
      });
    }
    const blob = /^\/repos\/[^/]+\/[^/]+\/git\/blobs\/([^/]+)$/.exec(path);
    if (blob) {
      count("GET blob");
      const repo = repoOf(path);
      const file = [...repo.shas.entries()].find(([, sha]) => sha === blob[1])?.[0];
      if (!file) return json(res, 404, { message: "Not Found" });
      return json(res, 200, {
        sha: blob[1],
        encoding: "base64",
        content: Buffer.from(repo.files[file] ?? "").toString("base64"),
      });
    }
    count(`${method} other`);
    return json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    host: `127.0.0.1:${port}`,
    server,
    counts,
    comments,
    issues,
    waitForComments: (n) =>
      created >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    setFiles(next) {
      files = next;
      index();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
