/**
 * At most `size` of `rows`, evenly spaced and in order: `rows[floor(k * n / size)]` for k = 0 .. size - 1,
 * or all of them when there are no more than `size`. Deterministic, so a selection is reproducible.
 */
export function evenSample(rows: ArrayLike<number>, size: number): Int32Array {
  const n = rows.length;
  if (n <= size) return Int32Array.from(rows);
  const out = new Int32Array(size);
  for (let k = 0; k < size; k++) out[k] = rows[Math.floor((k * n) / size)];
  return out;
}
