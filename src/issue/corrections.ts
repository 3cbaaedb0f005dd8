/**
 * Corrections an issue states in so many words, read from its Markdown (code spans and quotes kept):
 * "`A` should be `B`", "replace `A` with `B`", "use `B` instead of `A`", "`A` → `B`". Bounded, linear patterns.
 */
/** A correction the issue states: "`A` should be `B`", "`A` instead of `B`", "replace `A` with `B`", "`A` → `B`". */
const QUOTED = String.raw`(?:\x60([^\x60\n]{1,120})\x60|"([^"\n]{1,120})")`;
const SHOULD_BE = new RegExp(
  `${QUOTED}[^\\x60"\\n]{0,20}?(?:\\bshould (?:be|read|say)|\\b(?:renamed|changed) to|→|->|=>)\\s*${QUOTED}`,
  "gi",
);
const REPLACE_WITH = new RegExp(`\\breplac\\w*\\s+${QUOTED}\\s+(?:with|by)\\s+${QUOTED}`, "gi");
const INSTEAD_OF = new RegExp(
  `\\b(?:use|uses|using|should use)\\s+${QUOTED}\\s+instead of\\s+${QUOTED}`,
  "gi",
);
/** The same word twice in a row ("the the"), bounded per word. */
/** Every `(from, to)` correction the title and body state. */
export function statedCorrections(title: string, body: string): Array<{ from: string; to: string }> {
  const text = `${title}\n${body}`.slice(0, 20_000);
  const out: Array<[string, string]> = [];
  const pick = (m: RegExpMatchArray, i: number) => (m[i] ?? m[i + 1] ?? "").trim();
  for (const m of text.matchAll(SHOULD_BE)) out.push([pick(m, 1), pick(m, 3)]);
  for (const m of text.matchAll(REPLACE_WITH)) out.push([pick(m, 1), pick(m, 3)]);
  for (const m of text.matchAll(INSTEAD_OF)) out.push([pick(m, 3), pick(m, 1)]);
  return out
    .filter(([a, b]) => a.length >= 2 && b.length >= 1 && a !== b)
    .slice(0, 10)
    .map(([from, to]) => ({ from, to }));
}
