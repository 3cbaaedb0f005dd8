import type { QuoteCheck } from "../text/prose.js";
import type { ChangelogFinding, LinkedThread } from "./evidence.js";
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
}
