/**
 * Adjusted Rand index of two labelings of the same rows (Hubert and Arabie 1985), as scikit-learn's
 * `adjusted_rand_score`: 1 for identical partitions (whatever the label names), about 0 for random ones.
 */
export function adjustedRand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`adjustedRand: ${n} labels against ${b.length}`);
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  for (const v of rows.values()) sa += c2(v);
  let sb = 0;
  for (const v of cols.values()) sb += c2(v);
  const expected = n < 2 ? 0 : (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  // Both partitions trivial (one cluster each, or all singletons): sklearn returns 1.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
