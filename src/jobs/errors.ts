import type { JobEnvelope, JobEvent } from "./types.js";

/** A failure that retrying cannot fix (an invalid config, a missing issue). */
export class PermanentJobError extends Error {}

export type Decision =
  | { retry: false; reason: string }
  | { retry: true; delayMs: number | null; reason: string };

interface HttpishError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

const header = (err: HttpishError, name: string) => {
  const value = err.response?.headers?.[name];
  return value === undefined ? null : Number(value);
};

/**
 * Whether a failed job should be tried again, and when. GitHub's secondary rate limit (403 with `retry-after`,
 * which Probot's throttling only logs) and primary limits are waited out; 5xx, 429, timeouts and network errors are
 * retried with backoff; other 4xx are permanent.
 */
export function classify(err: unknown): Decision {
  if (err instanceof PermanentJobError) return { retry: false, reason: err.message };
  const e = (err ?? {}) as HttpishError;
  const reason = (e.message ?? String(err)).split("\n")[0] ?? "unknown error";
  const status = e.status;
  const retryAfter = header(e, "retry-after");
  if (status === 403 || status === 429) {
    if (retryAfter !== null && Number.isFinite(retryAfter))
      return { retry: true, delayMs: retryAfter * 1000, reason };
    if (/secondary rate limit|abuse/i.test(reason)) return { retry: true, delayMs: 60_000, reason };
    const reset = header(e, "x-ratelimit-reset");
    if (header(e, "x-ratelimit-remaining") === 0 && reset)
      return { retry: true, delayMs: Math.max(1000, reset * 1000 - Date.now()), reason };
    return status === 429 ? { retry: true, delayMs: null, reason } : { retry: false, reason };
  }
  if (status === undefined || status >= 500 || status === 401 || status === 408)
    return { retry: true, delayMs: null, reason };
  return { retry: false, reason };
}

export const backoff = (attempt: number, baseMs: number): number => baseMs * 2 ** Math.max(0, attempt - 1);

/**
 * What a queue does after a failed attempt, the same for every queue: the event to report, and for a retry its
 * delay and whether GitHub named it (a rate limit: wait exactly that long) or it is the backoff.
 */
export function afterFailure(
  job: JobEnvelope,
  err: unknown,
  attempt: number,
  attempts: number,
  baseMs: number,
):
  | { event: Extract<JobEvent, { type: "failed" }> }
  | { event: Extract<JobEvent, { type: "retry" }>; told: boolean } {
  const decision = classify(err);
  if (!decision.retry || attempt >= attempts) {
    return { event: { type: "failed", job, attempt, reason: decision.reason, permanent: !decision.retry } };
  }
  return {
    event: {
      type: "retry",
      job,
      attempt,
      delayMs: decision.delayMs ?? backoff(attempt, baseMs),
      reason: decision.reason,
    },
    told: decision.delayMs !== null,
  };
}
