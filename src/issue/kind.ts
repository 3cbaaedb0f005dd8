import type { IssueKind } from "../types/analysis.js";
import type { IssueFacts } from "../types/issue-facts.js";
import { reporterText } from "./said.js";

/**
 * What kind of docs issue this is, read the way a maintainer reads it: the issue form's type field first, then
 * the title, then the words of the body. Every pattern is bounded and runs in linear time on untrusted text.
 */

/** The words that say each kind, most specific first: on a tie, the earlier kind wins. */
const SIGNALS: Array<[IssueKind, RegExp]> = [
  [
    "broken-link",
    /\b(?:broken|dead|bad|invalid|wrong)[ -](?:links?|urls?|anchors?)\b|\blinks?\b[^.\n]{0,40}\b(?:broken|dead|404s?|not work\w*|leads? nowhere)\b|\bbreak(?:s|ing)?\b[^.\n]{0,30}\blinks?\b|\b404s?\b|\bpage not found\b/i,
  ],
  [
    "typo",
    /\btypos?\b|\bmisspel\w*|\bspelling\b|\bgrammar\w*|\b(?:doubled?|duplicated?|repeated) words?\b|\b(?:closing|opening|unclosed|unbalanced|missing) (?:quotes?|quotation marks?|brackets?|braces?|parenthes[ie]s|backticks?|commas?)\b/i,
  ],
  [
    "outdated",
    /\boutdated\b|\bout[ -]of[ -]date\b|\bdeprecated\b|\bno longer\b|\bobsolete\b|\bstale\b|\blegacy\b|\b(?:has been|was|were|got) (?:removed|renamed|replaced)\b|\bchanged (?:in|since)\b|\bsince v?\d+\.\d+|(?:\bnot|n't) (?:\w+ ){0,3}(?:been )?updated\b|\bdo(?:es)?(?:n't| not) reflect\b|\breflect (?:the |a )?(?:latest |recent |new )?changes?\b/i,
  ],
  [
    "wrong",
    /\bincorrect(?:ly)?\b|\bwrong\b|\binaccurate\b|\bmistakes?\b|\berroneous\b|\bmisleading\b|\bnot (?:correct|true|accurate|right)\b|\bshould (?:be|say|read)\b|\bcontradict\w*|\binconsistent\b|\bdo(?:es)?(?:n't| not) match\b|\b(?:claimed|documented|stated) default\b|\bdocs? (?:says?|claims?)\b/i,
  ],
  [
    "missing",
    /\bmissing\b|\bundocumented\b|\bnot (?:documented|mentioned|explained)\b|\bno (?:docs|documentation|mention)\b|\bdo(?:es)?(?:n't| not) (?:mention|explain|say|document|cover)\b|\bplease (?:document|add|mention|explain)\b|^(?:describe|document|explain|mention)\b|\bdocument(?:ing)? (?:how|the|that|what|when|why)\b|\b(?:add|write)\b[^.\n]{0,40}\b(?:docs|documentation|section|note|example|guide|caveat)\b/i,
  ],
  [
    "unclear",
    /\bunclear\b|\bconfus\w*|\bambiguous\b|\bhard to (?:understand|follow)\b|\bnot clear\b|\bclarif\w*/i,
  ],
];

/** A report about code, not about what the docs say: a bug report's shape, or text that lives in the code. */
const CODE_DOCS =
  /\bdocstrings?\b|\bjsdoc\b|\bjavadoc\b|\bapi ?doc(?:s|umentation)? comment\b|\bcode comments?\b/i;
const BUG_SHAPE =
  /\b(?:steps to reproduce|reproduction|expected behaviou?r|actual behaviou?r|stack ?trace|traceback|crash(?:es|ed)?|segfault|regression)\b/i;
const DOCS_WORD =
  /\b(?:docs?|documentation|documented|manual|guide|tutorial|readme|reference page|the page|this page|example in)\b/i;
/** "Is this a bug or expected?": a question about what the behaviour should be, which the docs answer. */
const EXPECTED_OR_BUG =
  /\bbug or (?:an? )?(?:expected|intended)\b|\b(?:expected|intended) (?:behaviou?r )?or (?:a )?bug\b|\bis (?:this|it|that) (?:the )?(?:expected|intended)\b/i;
/** A direct question in the body: "is there a way to …?", "how do I …?". */
const QUESTION_BODY =
  /\b(?:is there (?:any |a |an )?(?:way|option|setting|method)|how (?:do|can|could|should|would) (?:i|we|you|one)|what is the (?:best |right |recommended )?way)\b[^?\n]{0,200}\?/i;
const QUESTION_START = /^(?:how|what|why|where|when|which|is|are|can|could|does|do|should|would|will)\b/i;

/** Weights of where a signal stands: the form's type field says it plainly, the title most, the body least. */
const WEIGHT = { form: 4, title: 3, body: 1 } as const;

export interface KindReading {
  kind: IssueKind;
  /** Where it was read from, for the analysis' reasons. */
  why: string;
}

const firstMatch = (text: string) => {
  const hits: IssueKind[] = [];
  for (const [kind, re] of SIGNALS) if (re.test(text)) hits.push(kind);
  return hits;
};

/** Curly apostrophes as straight ones: "doesn’t" is "doesn't". */
const plain = (s: string) => s.replace(/[\u2018\u2019\u02bc]/g, "'");

/** The kind of issue, and why docgap read it so. */
export function issueKind(facts: IssueFacts): KindReading {
  const title = plain(facts.title.slice(0, 300));
  const form = plain((facts.docType ?? "").slice(0, 300));
  const body = plain(reporterText(facts).slice(0, 4000));
  const scores = new Map<IssueKind, { score: number; why: string }>();
  const add = (where: keyof typeof WEIGHT, text: string) => {
    for (const kind of firstMatch(text)) {
      const prev = scores.get(kind);
      const why = where === "form" ? `the form's type field says "${form}"` : `the ${where} says so`;
      if (!prev) scores.set(kind, { score: WEIGHT[where], why });
      else prev.score += WEIGHT[where];
    }
  };
  if (form) add("form", form);
  add("title", title);
  add("body", body);

  const all = `${title}\n${body}`;
  const aboutDocs =
    DOCS_WORD.test(all) || facts.docQuotes.length > 0 || facts.pages.some((p) => !p.checklist);
  if (CODE_DOCS.test(title) || (!aboutDocs && BUG_SHAPE.test(all) && !EXPECTED_OR_BUG.test(all) && !form))
    return {
      kind: "not-docs",
      why: CODE_DOCS.test(title)
        ? "the text the issue is about lives in the code (a docstring or code comment)"
        : "a bug report with no claim about the docs",
    };

  const ranked = SIGNALS.map(([kind]) => [kind, scores.get(kind)] as const)
    .filter((e): e is readonly [IssueKind, { score: number; why: string }] => !!e[1])
    .sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];
  const subject = plain(facts.subject.trim());
  const asks = subject.endsWith("?") || QUESTION_START.test(subject);
  // A question in the title with no stronger claim about the docs is a question.
  if (asks && (!best || best[1].score < WEIGHT.title))
    return { kind: "question", why: "the title asks a question" };
  if (!best && QUESTION_BODY.test(body))
    return { kind: "question", why: "the body asks how to do something" };
  if (best) return { kind: best[0], why: best[1].why };
  return { kind: "missing", why: "no word of the issue names a kind; read as something the docs do not say" };
}
