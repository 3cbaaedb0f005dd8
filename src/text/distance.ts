/** Edit distance (insertions, deletions, substitutions) of two short strings, without case; each cut to `max`. */
export function editDistance(a: string, b: string, max = 60): number {
  const x = a.slice(0, max).toLowerCase();
  const y = b.slice(0, max).toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length] ?? 0;
}
