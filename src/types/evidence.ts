export interface ChangelogEntry {
  text: string;
  /** 1-based line in the changelog file. */
  line: number;
}

export interface ChangelogVersion {
  version: string;
  heading: string;
  line: number;
  entries: ChangelogEntry[];
}

export interface ChangelogFinding {
  /** The version the issue cites, or null for a quote with no version. */
  version: string | null;
  status: "verified" | "differs" | "found-elsewhere" | "not-found" | "version-found";
  /** The quote, when it quoted one. */
  quote: string | null;
  /** The entry as the changelog has it. */
  entry: string | null;
  /** The version heading the entry is under. */
  foundUnder: string | null;
  line: number | null;
  detail: string;
}

export interface LinkedThread {
  repo: string;
  number: number;
  kind: "issue" | "pull";
  title: string;
  state: string;
  url: string;
  merged: boolean | null;
  /** Files the pull request changed (first 100). */
  files: string[];
}

/** Another issue of the repository about the same page with the same complaint. */
export interface DuplicateCandidate {
  number: number;
  title: string;
  url: string;
  state: string;
  /** Why it looks the same: the page both name, the words both use. */
  why: string;
}
