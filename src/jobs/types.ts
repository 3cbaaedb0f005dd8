import type { ConfigProblem } from "../config/problems.js";
import type { DocgapConfig } from "../config/schema.js";
import type { IssueTarget } from "../publish/comment.js";
import type { AnalysisTask } from "./analyze.js";

/** The parts of a webhook docgap acts on, as plain data (the handler copies them; the job decides). */
export interface IssueEvent {
  trigger: "labeled" | "edited" | "command";
  /** Label added (`labeled`). */
  label: string | null;
  /** `/docgap pr` (`command`). */
  pullRequest: boolean;
  /** `/docgap dashboard` (`command`): triage the backlog now. */
  dashboard?: boolean;
  /** Who sent the event (added the label): model runs and pull requests need their write access. */
  sender?: string | null;
  /** Who commented (`command`): their permission is checked before anything runs. */
  commenter: string | null;
  /** The command comment, for the reaction. */
  commentId: number | null;
  /** The body before an edit (`edited`): on the dashboard, which boxes were ticked before. */
  previousBody?: string | null;
  repository: { owner: string; name: string; fullName: string; defaultBranch: string | null };
  issue: { number: number; title: string; body: string | null; html_url: string; labels: string[] };
}

/**
 * What a job does; plain data, so it can wait in Redis and be run by any instance. An `event` job reads the
 * config and decides; it queues the `analyze` (or `config-error`) job that does the work.
 */
export type JobData =
  | { kind: "event"; event: IssueEvent }
  | { kind: "analyze"; task: AnalysisTask }
  | { kind: "config-error"; target: IssueTarget; errors: ConfigProblem[] }
  /** Boxes a maintainer ticked on the dashboard: one pull request job per issue, then the boxes are unticked. */
  | { kind: "dashboard-pr"; dashboard: IssueTarget; numbers: number[]; config: DocgapConfig; user: string }
  /** The scheduled triage of a repository's docs backlog, and its dashboard. */
  | {
      kind: "backlog";
      repo: { owner: string; name: string; defaultBranch: string | null };
      /** Asked for by a maintainer (`/docgap dashboard`): runs even when the schedule is off. */
      force?: boolean;
    };

export interface JobEnvelope {
  /** Unique per delivery and issue: a redelivered webhook gets the same id and is not queued twice. */
  id: string;
  /** One per issue: a newer job with the same key supersedes an older one. */
  key: string;
  installationId: number;
  deliveryId: string;
  /** The issue's repository (`owner/name`) and number, on every log line of the job. */
  repo: string;
  issue: number;
  /** `owner/name#N (trigger)`, for logs. */
  label: string;
  data: JobData;
  /** Wait this long before the job may start (a quiet period after an edit); a newer job meanwhile supersedes it. */
  delayMs?: number;
}

export interface JobContext {
  /** 1 for the first try. */
  attempt: number;
  /** False once a newer job for the same issue was queued: the job then publishes nothing. */
  stillCurrent(): Promise<boolean>;
}

export type Processor = (job: JobEnvelope, context: JobContext) => Promise<void>;

export interface QueueStats {
  backend: "memory" | "redis";
  waiting: number;
  running: number;
  delayed: number;
  failed: number;
  /** Redis reachable (`null` for the in-process queue). */
  redis: boolean | null;
}

/** What happened to a job, for logs and metrics. */
export type JobEvent =
  | { type: "completed"; job: JobEnvelope; ms: number }
  | { type: "retry"; job: JobEnvelope; attempt: number; delayMs: number; reason: string }
  | { type: "failed"; job: JobEnvelope; attempt: number; reason: string; permanent: boolean }
  /** Not finished when the drain deadline of a shutdown passed: handed back to Redis, or lost in-process. */
  | { type: "abandoned"; job: JobEnvelope; handedBack: boolean };

export interface JobQueue {
  /** Queues a job; `duplicate` when a job with the same id is already known (a redelivered webhook). */
  add(job: JobEnvelope): Promise<"queued" | "duplicate">;
  /** Resolves when nothing is waiting, delayed or running. */
  onIdle(): Promise<void>;
  /** Stops taking jobs and finishes (or hands back) the running ones. */
  close(): Promise<void>;
  stats(): Promise<QueueStats>;
}

export interface QueueOptions {
  processor: Processor;
  /** Jobs run at once by this process. */
  concurrency?: number;
  /** Jobs of one installation run at once. */
  installationConcurrency?: number;
  /** Tries per job, the first included. */
  attempts?: number;
  /** First retry delay; doubled on each retry. */
  backoffMs?: number;
  onEvent?: (event: JobEvent) => void;
  /** How long `close()` waits for running jobs before it gives them up (default 25 s). */
  drainMs?: number;
}
