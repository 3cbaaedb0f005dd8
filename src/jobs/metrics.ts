import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobEvent, JobQueue } from "./types.js";

export interface Metrics {
  registry: Registry;
  queued: Counter;
  jobEvent(event: JobEvent): void;
  tokens(usage: { promptTokens: number; completionTokens: number } | null): void;
  outcome(outcome: string): void;
  /** The reactions a repository's backlog triage read on docgap's comments (the last triage of each counts). */
  feedback(repo: string, feedback: { byGroup: Record<string, { rated: number; useful: number }> }): void;
}

/** Prometheus metrics of this process: jobs by state and outcome, durations, tokens. */
export function createMetrics(queue: () => JobQueue | null): Metrics {
  const registry = new Registry();
  // The process itself: CPU, memory, event-loop delay, handles (prom-client's defaults).
  collectDefaultMetrics({ register: registry });
  const abandoned = new Counter({
    name: "docgap_jobs_abandoned_total",
    help: "Jobs still running when a shutdown's drain deadline passed (handed_back: returned to Redis)",
    labelNames: ["handed_back"],
    registers: [registry],
  });
  const queued = new Counter({
    name: "docgap_jobs_queued_total",
    help: "Analysis (and config-error) jobs queued",
    registers: [registry],
  });
  const completed = new Counter({
    name: "docgap_jobs_completed_total",
    help: "Jobs completed, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const failed = new Counter({
    name: "docgap_jobs_failed_total",
    help: "Jobs failed after their last attempt, by whether the failure was permanent",
    labelNames: ["permanent"],
    registers: [registry],
  });
  const retried = new Counter({
    name: "docgap_jobs_retried_total",
    help: "Job retries",
    registers: [registry],
  });
  const duration = new Histogram({
    name: "docgap_job_duration_seconds",
    help: "Time to run a job",
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const tokens = new Counter({
    name: "docgap_model_tokens_total",
    help: "Model tokens used, by kind",
    labelNames: ["kind"],
    registers: [registry],
  });
  new Gauge({
    name: "docgap_queue_jobs",
    help: "Jobs in the queue, by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const q = queue();
      if (!q) return;
      const s = await q.stats();
      for (const state of ["waiting", "running", "delayed", "failed"] as const) this.set({ state }, s[state]);
    },
  });
  // The last triage of each repository: analyses people reacted to, and those they found useful, by group.
  const reactions = new Map<string, Map<string, { rated: number; useful: number }>>();
  new Gauge({
    name: "docgap_feedback_analyses",
    help: "docgap comments people reacted to (rated) and those with more 👍/🎉 than 👎/😕 (useful), by backlog group, as the last triage of each repository read them",
    labelNames: ["group", "verdict"],
    registers: [registry],
    collect() {
      this.reset();
      for (const groups of reactions.values())
        for (const [group, n] of groups) {
          this.inc({ group, verdict: "rated" }, n.rated);
          this.inc({ group, verdict: "useful" }, n.useful);
        }
    },
  });
  return {
    registry,
    queued,
    feedback(repo, feedback) {
      const groups = new Map<string, { rated: number; useful: number }>();
      for (const [group, n] of Object.entries(feedback.byGroup))
        groups.set(group, { rated: n.rated, useful: n.useful });
      reactions.set(repo, groups);
    },
    jobEvent(event) {
      if (event.type === "completed") duration.observe(event.ms / 1000);
      else if (event.type === "retry") retried.inc();
      else if (event.type === "abandoned") abandoned.inc({ handed_back: String(event.handedBack) });
      else failed.inc({ permanent: String(event.permanent) });
    },
    tokens(usage) {
      if (!usage) return;
      tokens.inc({ kind: "prompt" }, usage.promptTokens);
      tokens.inc({ kind: "completion" }, usage.completionTokens);
    },
    outcome: (outcome) => completed.inc({ outcome }),
  };
}
