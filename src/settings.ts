/** The server's settings, read from the environment and checked: every problem is named at once. */
import { getPrivateKey } from "@probot/get-private-key";
import { concurrencyOf } from "./config/limits.js";
import { budgetFromEnv, type PoolOptions } from "./jobs/pool.js";

/**
 * What a process does: `all` (webhooks and analyses, one machine), `web` (webhooks, health, metrics; it only
 * enqueues) or `worker` (runs the jobs from Redis). `web` and `worker` scale apart and need `REDIS_URL`.
 */
export type Role = "all" | "web" | "worker";

export interface ServerSettings {
  role: Role;
  appId: number;
  privateKey: string;
  secret: string;
  host: string;
  port: number;
  webhookPath: string;
  baseUrl: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  logFormat: "json" | "pretty";
  /** `/metrics` on its own port (not on the webhook port), or behind `Authorization: Bearer <token>`. */
  metricsPort: number | null;
  metricsToken: string | null;
  /** Where web and worker processes share their jobs (`REDIS_URL`, `DOCGAP_REDIS_PREFIX`). */
  redis: { url: string; prefix: string } | null;
  /** Worker threads for analyses and their budgets; null runs analyses on the server's thread. */
  pool: PoolOptions | null;
  /** How often to look for dashboards that are due (`DOCGAP_DASHBOARD_SWEEP_MINUTES`, default 60, 0 off), in ms. */
  sweepMs: number;
  /** Said once at start: settings that are allowed but worth knowing. */
  warnings: string[];
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

export const port = (value: string | undefined, fallback: number | null) => {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n < 65536 ? n : Number.NaN;
};

/** The private key as Probot finds it (`PRIVATE_KEY` as PEM or base64, `PRIVATE_KEY_PATH`, a `.pem` file here). */
function privateKeyOf(env: NodeJS.ProcessEnv): string | null {
  try {
    return getPrivateKey({ env });
  } catch {
    return null;
  }
}

/** Reads and checks the server's environment; every problem is named, so the operator fixes them at once. */
export function readSettings(
  env: NodeJS.ProcessEnv,
  role: Role = "all",
): { ok: true; settings: ServerSettings } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (role !== "all" && !env.REDIS_URL)
    errors.push(`docgap ${role} needs REDIS_URL: web and worker processes share their jobs through Redis`);
  const warnings: string[] = [];
  const development = env.NODE_ENV === "development";
  const appId = Number(env.APP_ID);
  if (!Number.isInteger(appId) || appId <= 0)
    errors.push("APP_ID must be the GitHub App's id (a number); register the app first (README, Install)");
  const privateKey = privateKeyOf(env);
  if (!privateKey)
    errors.push(
      env.PRIVATE_KEY || env.PRIVATE_KEY_PATH
        ? "the private key in PRIVATE_KEY / PRIVATE_KEY_PATH cannot be read as a PEM key"
        : "PRIVATE_KEY or PRIVATE_KEY_PATH must give the GitHub App's private key",
    );
  let secret = env.WEBHOOK_SECRET ?? "";
  // A worker receives no webhook: it needs no secret.
  if (!secret && role === "worker") secret = "unused-by-workers";
  if (!secret) {
    if (development) {
      secret = "development";
      warnings.push(
        'WEBHOOK_SECRET is not set: deliveries signed with "development" are accepted (NODE_ENV=development)',
      );
    } else
      errors.push(
        "WEBHOOK_SECRET is not set: without it anyone could send forged webhooks (set NODE_ENV=development to try docgap locally)",
      );
  }
  const listen = port(env.PORT, 3000);
  if (Number.isNaN(listen)) errors.push(`PORT must be a port number, not ${env.PORT}`);
  const metricsPort = port(env.METRICS_PORT, null);
  if (Number.isNaN(metricsPort)) errors.push(`METRICS_PORT must be a port number, not ${env.METRICS_PORT}`);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 16)
    errors.push("METRICS_TOKEN must be at least 16 characters");
  if (metricsPort === null && metricsToken === null && role !== "worker")
    warnings.push(
      "/metrics is off: set METRICS_PORT (its own port) or METRICS_TOKEN (a bearer token) to serve it",
    );
  const level = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level))
    errors.push(`LOG_LEVEL must be one of ${LEVELS.join(", ")}, not ${env.LOG_LEVEL}`);
  const format = env.LOG_FORMAT ?? (development ? "pretty" : "json");
  if (format !== "json" && format !== "pretty")
    errors.push(`LOG_FORMAT must be json or pretty, not ${format}`);
  // Whole numbers above zero, named when they are not (a typo is not silently the default).
  for (const name of [
    "DOCGAP_CONCURRENCY",
    "DOCGAP_INSTALLATION_CONCURRENCY",
    "DOCGAP_DRAIN_SECONDS",
    "DOCGAP_ANALYSIS_TIMEOUT_SECONDS",
    "DOCGAP_ANALYSIS_MEMORY_MB",
    "DOCGAP_INDEX_CACHE_MB",
    "DOCGAP_ENQUEUE_TIMEOUT_MS",
  ]) {
    const value = env[name];
    if (value !== undefined && value !== "" && !/^[1-9]\d{0,8}$/.test(value.trim()))
      errors.push(`${name} must be a whole number above zero, not ${JSON.stringify(value)}`);
  }
  const sweep = env.DOCGAP_DASHBOARD_SWEEP_MINUTES;
  if (sweep !== undefined && sweep !== "" && !/^\d{1,5}$/.test(sweep.trim()))
    errors.push(
      `DOCGAP_DASHBOARD_SWEEP_MINUTES must be a whole number of minutes (0 turns the dashboard schedule off), not ${JSON.stringify(sweep)}`,
    );
  const threads = env.DOCGAP_WORKER_THREADS;
  if (threads !== undefined && threads !== "" && !/^\d{1,4}$/.test(threads.trim()))
    errors.push(
      `DOCGAP_WORKER_THREADS must be a whole number (0 runs analyses on the main thread), not ${JSON.stringify(threads)}`,
    );
  if (env.REDIS_URL) {
    let scheme: string | null = null;
    try {
      scheme = new URL(env.REDIS_URL).protocol;
    } catch {
      // not a URL
    }
    if (scheme !== "redis:" && scheme !== "rediss:")
      errors.push(
        `REDIS_URL must be a redis:// or rediss:// URL, not ${JSON.stringify(env.REDIS_URL.slice(0, 80))}`,
      );
  }
  if (errors.length || !privateKey) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      role,
      redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.DOCGAP_REDIS_PREFIX ?? "docgap" } : null,
      appId,
      privateKey,
      secret,
      host: env.HOST || "0.0.0.0",
      port: listen as number,
      webhookPath: env.WEBHOOK_PATH || "/api/github/webhooks",
      baseUrl: env.GHE_HOST
        ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`
        : env.GITHUB_API_URL || "https://api.github.com",
      logLevel: level as ServerSettings["logLevel"],
      logFormat: format as ServerSettings["logFormat"],
      metricsPort,
      metricsToken,
      pool:
        env.DOCGAP_WORKER_THREADS === "0" || role === "web" ? null : budgetFromEnv(env, concurrencyOf(env)),
      // The process that runs jobs looks for due dashboards; a web-only process does not.
      sweepMs: role === "web" ? 0 : Number(sweep?.trim() || 60) * 60_000,
      warnings,
    },
  };
}
