import type { SnapshotCache } from "../github/snapshot.js";
import { BacklogEntry } from "../types/backlog.js";

/**
 * Entries a triage has finished, kept as it goes: a run that is stopped midway (a deploy, a crash, a retry after a
 * failed dashboard write) takes them up again instead of analysing those issues once more.
 */
export interface BacklogCheckpoint {
  /** The entry kept for this issue and these inputs (a failed analysis is never kept), or null. */
  get(number: number, hash: string): Promise<BacklogEntry | null>;
  put(entry: BacklogEntry): Promise<void>;
}

/**
 * A checkpoint in the docs cache (Redis when the App has it, so another worker or a restarted one finds it). An
 * entry is keyed by its issue and the hash of its analysis inputs, so it is never taken for a changed issue.
 */
export function cacheCheckpoint(cache: SnapshotCache, repo: string): BacklogCheckpoint {
  const key = (number: number, hash: string) => `backlog:${repo.toLowerCase()}#${number}@${hash}`;
  return {
    async get(number, hash) {
      const raw = await cache.getText(key(number, hash)).catch(() => null);
      if (!raw) return null;
      try {
        const parsed = BacklogEntry.safeParse(JSON.parse(raw));
        return parsed.success && parsed.data.number === number && parsed.data.hash === hash
          ? parsed.data
          : null;
      } catch {
        return null;
      }
    },
    async put(entry) {
      if (entry.error) return;
      await cache.putText(key(entry.number, entry.hash), JSON.stringify(entry)).catch(() => undefined);
    },
  };
}
