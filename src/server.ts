/**
 * docgap's HTTP server (`npm start`): the webhook route, `/healthz` and `/metrics`. It refuses to start without a
 * webhook secret outside development, logs JSON, refuses bodies over GitHub's 25 MB limit before reading them,
 * logs a bad signature in one line, and serves `/metrics` only behind a token or on its own port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { type Logger, Probot } from "probot";
import { type AppOptions, createApp, defaultQueue, JobNotStored } from "./app.js";
import { createAnalysisPool } from "./jobs/pool.js";
import { type Role, readSettings, type ServerSettings } from "./settings.js";

export { type Role, readSettings, type ServerSettings } from "./settings.js";

/** GitHub caps a webhook payload at 25 MB; a larger body is refused before it is read. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | undefined | Promise<boolean | undefined>;

const answer = (res: ServerResponse, status: number, body: object, close = false) => {
  if (res.headersSent) return;
  res
    .writeHead(status, { "content-type": "application/json", ...(close ? { connection: "close" } : {}) })
    .end(JSON.stringify(body));
};

/** Reads a body up to `limit` bytes; null when it is larger (reading stops there). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Answers 413 and ends the connection: what the client still sends is read and dropped (never kept) for at most
 * 2 s, so the answer reaches it before the socket closes.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse) {
  res.on("finish", () => {
    req.removeAllListeners("data");
    req.on("data", () => undefined);
    req.resume();
    req.socket.end();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
  answer(res, 413, { error: "payload over 25 MB" }, true);
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
};

/** The webhook route: size first, then the signature, then Probot's handlers (which only enqueue). */
function webhookHandler(probot: Probot, limit: number) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const id = header(req, "x-github-delivery");
    const name = header(req, "x-github-event");
    const signature = header(req, "x-hub-signature-256");
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      probot.log.warn({ delivery: id, bytes: declared }, "docgap: webhook refused, over 25 MB");
      refuseTooLarge(req, res);
      return;
    }
    if (!(header(req, "content-type") ?? "").toLowerCase().startsWith("application/json")) {
      answer(res, 415, { error: "content-type must be application/json" });
      return;
    }
    if (!id || !name || !signature) {
      answer(res, 400, { error: "x-github-delivery, x-github-event and x-hub-signature-256 are required" });
      return;
    }
    const body = await readBody(req, limit);
    if (body === null) {
      probot.log.warn({ delivery: id }, "docgap: webhook refused, over 25 MB");
      refuseTooLarge(req, res);
      return;
    }
    if (!(await probot.webhooks.verify(body, signature).catch(() => false))) {
      probot.log.warn({ delivery: id, event: name }, "docgap: webhook signature does not match, refused");
      answer(res, 401, { error: "signature does not match" });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      answer(res, 400, { error: "the payload is not JSON" });
      return;
    }
    try {
      await probot.receive({ id, name, payload } as Parameters<Probot["receive"]>[0]);
      answer(res, 200, { ok: true });
    } catch (err) {
      const errors = err instanceof AggregateError ? err.errors : [err];
      if (errors.some((e) => e instanceof JobNotStored)) {
        probot.log.error(
          { delivery: id, event: name },
          "docgap: job queue unavailable, webhook refused with 503",
        );
        res.setHeader("retry-after", "60");
        answer(res, 503, { error: "the job queue is unavailable; redeliver this webhook later" });
        return;
      }
      probot.log.error({ delivery: id, event: name, err }, "docgap: webhook handler failed");
      answer(res, 500, { error: "the webhook could not be handled" });
    }
  };
}

const pathOf = (req: IncomingMessage) => (req.url ?? "/").split("?")[0] ?? "/";

export interface RunningServer {
  url: string;
  metricsUrl: string | null;
  probot: Probot;
  close(): Promise<void>;
}

export const listen = (server: Server, port: number, host: string) =>
  new Promise<string>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve(
        `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`,
      );
    });
  });

/** Starts the server with checked settings; `options` are the app's (tests pass a queue, a fetcher). */
export async function startServer(
  settings: ServerSettings,
  options: AppOptions = {},
  log?: Logger,
): Promise<RunningServer> {
  // JSON lines from a logger of our own: Probot names its child logger itself, so the line carries `name` once.
  const logger = log ?? (settings.logFormat === "json" ? pino({ level: settings.logLevel }) : undefined);
  const probot = new Probot({
    ...(logger ? { log: logger } : {}),
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.secret,
    baseUrl: settings.baseUrl,
    logLevel: settings.logLevel,
    logFormat: settings.logFormat,
  });
  const handlers: Handler[] = [];
  const pool = options.pool ?? (settings.pool ? createAnalysisPool(settings.pool) : undefined);
  const queue =
    options.queue ??
    (settings.role === "all" || !settings.redis
      ? undefined
      : defaultQueue(
          { REDIS_URL: settings.redis.url, DOCGAP_REDIS_PREFIX: settings.redis.prefix },
          settings.role === "worker",
        ));
  // One orderly shutdown, run by the server: the HTTP server stops, then the app's queue drains, then the pool.
  let closeApp: (() => Promise<void>) | null = null;
  await probot.load(
    createApp({
      ...options,
      pool,
      queue,
      sweepMs: options.sweepMs ?? settings.sweepMs,
      handleSignals: options.handleSignals ?? false,
      onClose: (close) => {
        closeApp = close;
      },
    }),
    {
      cwd: process.cwd(),
      addHandler: (handler: Handler) => handlers.push(handler),
    } as never,
  );
  for (const warning of settings.warnings) probot.log.warn(`docgap: ${warning}`);
  const ops = async (req: IncomingMessage, res: ServerResponse) => {
    for (const handler of handlers) if (await handler(req, res)) return;
    answer(res, 404, { error: "not found" });
  };
  const webhooks = webhookHandler(probot, MAX_WEBHOOK_BYTES);
  const authorized = (req: IncomingMessage) =>
    settings.metricsToken !== null && header(req, "authorization") === `Bearer ${settings.metricsToken}`;

  const main = createServer((req, res) => {
    const path = pathOf(req);
    const run = async () => {
      if (settings.role === "worker") return answer(res, 404, { error: "a worker serves no webhooks" });
      if (path === settings.webhookPath && req.method === "POST") return webhooks(req, res);
      if (path === "/metrics" && (settings.metricsPort !== null || !authorized(req)))
        return answer(res, settings.metricsPort === null && settings.metricsToken !== null ? 401 : 404, {
          error: settings.metricsToken !== null ? "a bearer token is required" : "not found",
        });
      return ops(req, res);
    };
    run().catch((err) => {
      probot.log.error({ err }, "docgap: request failed");
      answer(res, 500, { error: "internal error" });
    });
  });
  main.requestTimeout = 30_000;
  // A worker listens only for its metrics and health, and only on METRICS_PORT.
  const url = settings.role === "worker" ? "" : await listen(main, settings.port, settings.host);
  let metricsServer: Server | null = null;
  let metricsUrl: string | null = null;
  if (settings.metricsPort !== null) {
    metricsServer = createServer((req, res) => {
      const path = pathOf(req);
      if (path !== "/metrics" && path !== "/healthz") return answer(res, 404, { error: "not found" });
      ops(req, res).catch(() => answer(res, 500, { error: "internal error" }));
    });
    metricsUrl = await listen(metricsServer, settings.metricsPort, settings.host);
  }
  probot.log.info({ role: settings.role, url: url || null, metrics: metricsUrl }, "docgap: started");
  const close = async () => {
    const stop = (s: Server | null) =>
      new Promise<void>((resolve) => {
        if (!s) return resolve();
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    await Promise.all([stop(url ? main : null), stop(metricsServer)]);
    // The queue the server made is drained here; a queue a caller passed in is the caller's to close.
    if (!options.queue) await (closeApp as (() => Promise<void>) | null)?.();
    if (!options.pool) await pool?.close().catch(() => undefined);
  };
  return { url, metricsUrl, probot, close };
}

/** Starts a process of the given role from the environment; errors are printed and exit with code 1. */
export async function main(role?: Role): Promise<void> {
  // `.env` in the working folder (what `npm run setup` writes), as Probot reads it; set variables win.
  try {
    process.loadEnvFile(".env");
  } catch {
    // no .env
  }
  role ??= (process.env.DOCGAP_ROLE as Role) || "all";
  if (!["all", "web", "worker"].includes(role)) {
    process.stderr.write(`docgap: DOCGAP_ROLE must be all, web or worker, not ${role}\n`);
    process.exit(1);
  }
  const read = readSettings(process.env, role);
  if (!read.ok) {
    for (const error of read.errors) process.stderr.write(`docgap: ${error}\n`);
    process.exit(1);
  }
  try {
    const server = await startServer(read.settings);
    for (const signal of ["SIGTERM", "SIGINT"] as const)
      process.once(signal, () => {
        server.probot.log.info(`docgap: ${signal}`);
        void server.close().finally(() => process.exit(0));
      });
  } catch (err) {
    process.stderr.write(`docgap: cannot start: ${(err as Error).message.replace(/^docgap: /, "")}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void main();
