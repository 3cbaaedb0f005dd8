import type { Octokit } from "@octokit/rest";
import { httpStatus } from "../github/client.js";

interface Logger {
  warn(obj: object, msg?: string): void;
}

const WRITE_PERMISSIONS = new Set(["admin", "maintain", "write"]);

/** Whether a user has write access to a repository (admin, maintain or write); unknown users have none. */
export async function hasWriteAccess(
  octokit: Octokit,
  repo: { owner: string; name: string },
  username: string | null,
  log: Pick<Logger, "warn">,
): Promise<boolean> {
  if (!username) return false;
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: repo.owner,
      repo: repo.name,
      username,
    });
    const role = (data as { role_name?: string }).role_name ?? "";
    return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(role);
  } catch (err) {
    if (httpStatus(err) === 404) return false;
    log.warn({ err, user: username }, "docgap: could not read the user's permission");
    throw err;
  }
}
