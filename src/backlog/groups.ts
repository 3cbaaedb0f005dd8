import {
  type BacklogEntry,
  type BacklogGroup,
  BacklogGroup as BacklogGroupSchema,
  type BacklogReport,
  type Feedback,
} from "../types/backlog.js";

/** The groups in the order a maintainer works through them (the order the schema lists them). */
export const GROUP_ORDER: readonly BacklogGroup[] = BacklogGroupSchema.options;

const STOP = new Set(
  "the and for with that this does not are was were has have its there here which docs doc documentation page section about from into when how what why should would could can".split(
    " ",
  ),
);

/** The distinctive words of a title (bounded: the first 300 characters). */
const wordsOf = (title: string): Set<string> =>
  new Set(
    (
      title
        .slice(0, 300)
        .toLowerCase()
        .match(/[a-z0-9][a-z0-9._-]{2,}/g) ?? []
    ).filter((w) => !STOP.has(w)),
  );

/**
 * Titles that say the same thing: at least half of the shorter one's distinctive words are in the other. The
 * words of `context` (the page and section both are about) say nothing about the complaint and are left out.
 */
export function sameComplaint(a: string, b: string, context = ""): boolean {
  const known = wordsOf(context);
  const wa = new Set([...wordsOf(a)].filter((w) => !known.has(w)));
  const wb = new Set([...wordsOf(b)].filter((w) => !known.has(w)));
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  if (small.size === 0) return false;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared * 2 >= small.size;
}

const pageKey = (e: BacklogEntry): string | null => {
  const p = e.pages[0];
  return p ? (p.path ?? p.url) : null;
};

/**
 * Marks likely duplicates inside the backlog: an issue about the same page, the same section and the same kind of
 * problem as an older open issue, whose title says the same, is a duplicate of the older one.
 */
export function markDuplicates(entries: BacklogEntry[]): BacklogEntry[] {
  const open = new Map<string, BacklogEntry[]>();
  return [...entries]
    .sort((a, b) => a.number - b.number)
    .map((e) => {
      const page = pageKey(e);
      if (!page || (e.group !== "ready" && e.group !== "to-write")) return e;
      const key = `${page}\u0000${e.pages[0]?.section ?? ""}\u0000${e.kind}`;
      const older = open.get(key) ?? [];
      const context = `${page.replace(/[/._-]+/g, " ")} ${e.pages[0]?.section ?? ""}`;
      const twin = older.find((o) => sameComplaint(o.title, e.title, context));
      open.set(key, [...older, e]);
      return twin ? { ...e, group: "duplicate" as const, duplicateOf: twin.number } : e;
    });
}

/** The pages with the most open issues (by their first page), most first. */
export function topPages(entries: BacklogEntry[], limit = 10): BacklogReport["topPages"] {
  const by = new Map<string, number[]>();
  for (const e of entries) {
    const page = pageKey(e);
    if (!page || e.group === "not-docs" || e.group === "failed") continue;
    by.set(page, [...(by.get(page) ?? []), e.number]);
  }
  return [...by.entries()]
    .map(([page, issues]) => ({ page, issues }))
    .sort((a, b) => b.issues.length - a.issues.length || a.page.localeCompare(b.page))
    .slice(0, limit);
}

const none = (): Feedback => ({ up: 0, down: 0, hooray: 0, confused: 0 });
const add = (a: Feedback, b: Feedback): Feedback => ({
  up: a.up + b.up,
  down: a.down + b.down,
  hooray: a.hooray + b.hooray,
  confused: a.confused + b.confused,
});

/** Whether people found the comment useful: more 👍 and 🎉 than 👎 and 😕. */
export const useful = (f: Feedback): boolean => f.up + f.hooray > f.down + f.confused;
const rated = (f: Feedback | null): f is Feedback => !!f && f.up + f.down + f.hooray + f.confused > 0;

/** Reactions on docgap's comments: how many were rated, how many found useful, and the sums per group. */
export function feedbackOf(entries: BacklogEntry[]): BacklogReport["feedback"] {
  const byGroup: BacklogReport["feedback"]["byGroup"] = {};
  let count = 0;
  let good = 0;
  for (const e of entries) {
    if (!rated(e.feedback)) continue;
    count++;
    if (useful(e.feedback)) good++;
    const was = byGroup[e.group] ?? { ...none(), rated: 0, useful: 0 };
    byGroup[e.group] = {
      ...add(was, e.feedback),
      rated: was.rated + 1,
      useful: was.useful + (useful(e.feedback) ? 1 : 0),
    };
  }
  return { rated: count, useful: good, byGroup };
}

/** The issue numbers of each group, in the order a maintainer works through them. */
export function groupsOf(entries: BacklogEntry[]): BacklogReport["groups"] {
  const groups = Object.fromEntries(GROUP_ORDER.map((g) => [g, [] as number[]])) as BacklogReport["groups"];
  for (const e of entries) groups[e.group].push(e.number);
  return groups;
}
