import type { QuoteCheck } from "../text/prose.js";
import type { ChangelogFinding, DuplicateCandidate, LinkedThread } from "./evidence.js";
import type { IssueFacts } from "./issue-facts.js";
import type { Candidate, LocatedSection } from "./locate.js";
import type { SourceRecord } from "./source-record.js";

/** The records each step of the pipeline hands to the next: what was gathered about an issue. */
/** A page the issue is about, resolved to its source file and section. */
export interface ResolvedPage {
  url: string | null;
  anchors: string[];
  /** What the reporter says about this page. */
  context: string;
  sourcePath: string | null;
  candidates: Candidate[];
  section: LocatedSection | null;
  score: number;
  reasons: string[];
  /** Lines of the source file a GitHub link in the issue names (`#L12-L15`), or null. */
  lines: [number, number] | null;
  /** Which quoted passages of the issue are in the source file as it is now. */
  sourceQuoteChecks: QuoteCheck[];
  /** The published page, when fetched: which quoted passages were found on it, and the section meant. */
  published: {
    title: string | null;
    /** The page as Markdown. */
    markdown: string;
    quoteChecks: QuoteCheck[];
    section: { heading: string; excerpt: string; reasons: string[] } | null;
  } | null;
}

export interface Gathered {
  facts: IssueFacts;
  pages: ResolvedPage[];
  changelog: ChangelogFinding[];
  changelogPath: string | null;
  linked: LinkedThread[];
  sources: SourceRecord[];
  /** Text of each resolved source file as read, by path: what a patch is made against. */
  files: Map<string, string>;
  /** Time to open the docs index and resolve the pages. */
  docsMs: number;
  /** Other issues about the same page with the same complaint. */
  duplicates: DuplicateCandidate[];
  /** The issue's claims checked against the docs: its links, generated pages. */
  checks: Checks;
  /** The docs site as docgap read it, or null when the docs were not read. */
  site: SiteSummary | null;
}

/** The site model as the JSON output shows it: what docgap believes about the site, so a wrong guess is visible. */
export interface SiteSummary {
  generator: string;
  evidence: string[];
  siteUrls: string[];
  roots: Array<{ dir: string; route: string; kind: string; locale: string | null; version: string | null }>;
  rewrites: Array<{ from: string; to: string }>;
  redirects: Array<{ from: string; to: string }>;
  notes: string[];
  /**
   * The repository the docs were read from when the issue's repository declares another one for its docs (a docs
   * submodule, a docs link in its issue templates or README) and publishes none itself; null otherwise.
   */
  docsRepo?: { repo: string; why: string } | null;
}

/** A link of a docs file the issue is about, checked against the site model. */
export interface LinkCheck {
  path: string;
  /** 1-based line of the link. */
  line: number;
  text: string;
  target: string;
  /**
   * `ok`: a page serves it (and has the anchor); `missing-page`: no page of the site is published there;
   * `missing-anchor`: the page exists without that section; `external` / `unchecked`: not checked.
   */
  status: "ok" | "missing-page" | "missing-anchor" | "external" | "unchecked";
  /** The file the link leads to, when it leads to one. */
  resolved: string | null;
  /** The target that does exist, written as the link was, when docgap is certain of it. */
  suggestion: string | null;
  why: string;
}

/** A docs file that says it is generated: never edited by hand, its source named when the header says it. */
export interface GeneratedMark {
  path: string;
  /** The header's words. */
  marker: string;
  /** The source it names (a path or a command), when it names one. */
  source: string | null;
}

/** What docgap checked of the issue's claims against the docs as they are. */
export interface Checks {
  links: LinkCheck[];
  generated: GeneratedMark[];
  /**
   * Links the issue calls broken that the current source of its page no longer has: the page was changed since
   * the reporter read it (`pinned`: the version their URL names, when it names one).
   */
  gone?: Array<{
    url: string;
    path: string;
    pinned: string | null;
    /** The link to the same host the source has now, and its 1-based line. */
    now: { url: string; line: number } | null;
  }>;
}
