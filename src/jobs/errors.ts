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

/** The longest wait between two tries. */
export const MAX_BACKOFF_MS = 20 * 60_000;
/** How long a job that fails because GitHub (or another source) is unreachable keeps being tried: over an hour. */
export const OUTAGE_RETRY_MS = 75 * 60_000;

export const backoff = (attempt: number, baseMs: number): number =>
  Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));

/** A failure that is an outage (a 5xx, a timeout, no answer at all): it ends when the service is back. */
const isOutage = (err: unknown) => {
  const status = (err as HttpishError | null)?.status;
  return !(err instanceof PermanentJobError) && (status === undefined || status >= 500 || status === 408);
};

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
  /** When the job was first tried (ms since the epoch): an outage is waited out from then, over an hour. */
  firstTriedAt: number | null = null,
  now: number = Date.now(),
):
  | { event: Extract<JobEvent, { type: "failed" }> }
  | { event: Extract<JobEvent, { type: "retry" }>; told: boolean } {
  const decision = classify(err);
  const elapsed = firstTriedAt === null ? null : now - firstTriedAt;
  // An outage outlasts any number of attempts: keep trying, each wait as long as the time already waited (capped),
  // until the outage window closes. `told` keeps such waits from using up attempts.
  if (
    decision.retry &&
    attempt >= attempts &&
    isOutage(err) &&
    elapsed !== null &&
    elapsed < OUTAGE_RETRY_MS
  ) {
    return {
      event: {
        type: "retry",
        job,
        attempt,
        delayMs: Math.min(MAX_BACKOFF_MS, Math.max(baseMs, elapsed), OUTAGE_RETRY_MS - elapsed),
        reason: decision.reason,
      },
      told: true,
    };
  }
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
