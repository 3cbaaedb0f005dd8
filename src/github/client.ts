import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { RequestLog } from "../types/result.js";

const logs = new WeakMap<object, Map<string, number>>();

/** Counts an Octokit's requests; the returned function gives those made since the call. */
export function countRequests(octokit: Octokit): () => RequestLog {
  let counts = logs.get(octokit);
  if (!counts) {
    const fresh = new Map<string, number>();
    counts = fresh;
    logs.set(octokit, fresh);
    octokit.hook.wrap("request", async (request, options) => {
      const route = `${options.method} ${String(options.url)}`;
      fresh.set(route, (fresh.get(route) ?? 0) + 1);
      return request(options);
    });
  }
  const start = new Map(counts);
  const live = counts;
  return () => {
    const byRoute: Record<string, number> = {};
    let requests = 0;
    for (const [route, n] of live) {
      const d = n - (start.get(route) ?? 0);
      if (d > 0) {
        byRoute[route] = d;
        requests += d;
      }
    }
    return { requests, byRoute };
  };
}

/** The HTTP status of a failed GitHub (Octokit) request, if it got one. */
export const httpStatus = (err: unknown): number | undefined => (err as { status?: number } | null)?.status;

/** No request log lines: a failure reaches the caller as an error, never as a line on stderr. */
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A token client's Octokit: GitHub's retry and rate-limit handling, as the App's clients have through Probot. */
const RetryingOctokit = Octokit.plugin(retry, throttling);

/** Waits for a rate limit at most this long (and this many times) before the request fails. */
const MAX_RATE_LIMIT_WAIT_S = 60;
const MAX_RATE_LIMIT_RETRIES = 2;

/**
 * A GitHub client for a plain token (the workflow's, the CLI user's, an installation token on a worker thread):
 * a server error or a dropped connection is tried again with back-off (`retries` times; `retryBaseMs` is the
 * first wait), writes are spaced as GitHub asks, and a rate limit is waited out when the wait is short.
 */
export const tokenClient = (options: {
  token?: string;
  baseUrl: string;
  userAgent: string;
  fetch?: typeof fetch | null;
  retries?: number;
  retryBaseMs?: number;
  /**
   * Whose limits the spacing follows. GitHub counts search and write limits per token, so clients of different
   * installations must not wait for each other; clients with the same id (one installation) share the spacing.
   */
  throttleId?: string;
}): Octokit => {
  const waitOut = (retryAfter: number, _options: object, _octokit: unknown, retryCount: number) =>
    retryAfter <= MAX_RATE_LIMIT_WAIT_S && retryCount < MAX_RATE_LIMIT_RETRIES;
  return new RetryingOctokit({
    auth: options.token || undefined,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    log: quiet,
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: waitOut,
      onSecondaryRateLimit: waitOut,
      ...(options.throttleId ? { id: options.throttleId } : {}),
    },
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
  });
};

/** One line for a failed request: GitHub's status and the first line of its message. */
export const describeError = (err: unknown): string => {
  const status = httpStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  return status
    ? `GitHub answered ${status}: ${message.split("\n")[0]}`
    : (message.split("\n")[0] ?? "unknown error");
};
