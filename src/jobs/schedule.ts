import type { Octokit } from "@octokit/rest";
import type { Logger } from "./analyze.js";
import { loadConfig } from "./triage.js";
import type { JobEnvelope } from "./types.js";

export interface SweepDeps {
  /** The App's own client (JWT): lists the installations. */
  app(): Promise<Octokit>;
  auth(installationId: number): Promise<Octokit>;
  enqueue(job: JobEnvelope): Promise<"queued" | "duplicate">;
  log: Logger;
  now?: () => number;
}

/**
 * One pass of the dashboard schedule: every repository docgap is installed on whose config turns the dashboard on
 * gets a backlog job once per `dashboard.everyHours`. The job id names the period, so instances sharing Redis
 * (and a restart within the period) queue it once.
 */
export async function sweepDashboards(deps: SweepDeps): Promise<number> {
  const now = deps.now?.() ?? Date.now();
  const app = await deps.app();
  const installations = await app.paginate(app.rest.apps.listInstallations, { per_page: 100 });
  let queued = 0;
  for (const installation of installations) {
    try {
      const octokit = await deps.auth(installation.id);
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      for (const repo of repos) {
        if (repo.archived || repo.disabled) continue;
        const loaded = await loadConfig(octokit, repo.owner.login, repo.name).catch(() => null);
        if (!loaded?.ok || !loaded.config.dashboard.enabled) continue;
        const period = Math.floor(now / (loaded.config.dashboard.everyHours * 3_600_000));
        const key = `backlog:${repo.full_name}`;
        const outcome = await deps.enqueue({
          id: `${key}@${period}`,
          key,
          installationId: installation.id,
          deliveryId: `schedule-${period}`,
          repo: repo.full_name,
          issue: 0,
          label: `${repo.full_name} (dashboard)`,
          data: {
            kind: "backlog",
            repo: { owner: repo.owner.login, name: repo.name, defaultBranch: repo.default_branch ?? null },
          },
        });
        if (outcome === "queued") queued++;
      }
    } catch (err) {
      deps.log.warn(
        { err, installation: installation.id },
        "docgap: dashboard schedule skipped an installation",
      );
    }
  }
  return queued;
}
