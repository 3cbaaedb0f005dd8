import type { Octokit } from "@octokit/rest";
import type { BacklogReport } from "../types/backlog.js";
import { renderBacklog } from "./render.js";
import { encodeState } from "./state.js";

export type DashboardOutcome = { number: number; action: "created" | "updated" | "unchanged" };

/** The body without its summary line (which says when and how much was analysed): what a reader compares. */
const content = (body: string) =>
  body
    .split("\n")
    .filter((l) => !l.startsWith("docgap triaged "))
    .join("\n")
    .trim();

/** The dashboard's body for a report: the groups for people, the entries for the next run. */
export const dashboardBody = (report: BacklogReport): string =>
  renderBacklog(report, { state: encodeState(report.entries) });

/**
 * Creates the one dashboard issue, or edits it in place; writes nothing when only the summary line would change.
 * `existing` is the open dashboard found while listing the issues.
 */
export async function publishDashboard(
  octokit: Octokit,
  repo: string,
  title: string,
  report: BacklogReport,
  existing: { number: number; body: string } | null,
): Promise<DashboardOutcome> {
  const [owner = "", name = ""] = repo.split("/");
  const body = dashboardBody(report);
  if (existing) {
    if (content(existing.body) === content(body)) return { number: existing.number, action: "unchanged" };
    await octokit.rest.issues.update({ owner, repo: name, issue_number: existing.number, body });
    return { number: existing.number, action: "updated" };
  }
  const { data } = await octokit.rest.issues.create({ owner, repo: name, title, body });
  return { number: data.number, action: "created" };
}
