/** A docs source file proposed for a page or an issue, with why. */
export interface Candidate {
  path: string;
  /** 0..1; higher is more certain. */
  score: number;
  reasons: string[];
}

export interface LocatedSection {
  heading: string;
  startLine: number;
  endLine: number;
  /** 1-based last line before the section's first sub-heading. */
  bodyEndLine: number;
  /** Heading level (0 for a page's introduction). */
  depth: number;
  score: number;
  reasons: string[];
}
