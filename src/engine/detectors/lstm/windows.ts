import type { Matrix } from '../../util/matrix';
import type { Random } from '../../util/random';

/**
 * The trailing windows of a set of rows: window w ends at row `ends[w]` of X and reads rows
 * `rows[w * length + k]`, k = 0..length-1, oldest first.
 */
export interface WindowIndex {
  length: number;
  rows: Int32Array;
  ends: Int32Array;
}

/**
 * One trailing window per row: the row and the `length - 1` rows before it in its entity (each group
 * lists an entity's rows in time order). A row closer than `length - 1` rows to its entity's start has
 * its window padded on the left with copies of the entity's first row, so every row, including the
 * first of each entity, gets a full-length window; a row's window never reads a later row. Windows come
 * in the order of the groups and, within a group, of time.
 */
export function trailingWindows(groups: readonly ArrayLike<number>[], length: number): WindowIndex {
  let n = 0;
  for (const g of groups) n += g.length;
  const rows = new Int32Array(n * length);
  const ends = new Int32Array(n);
  let w = 0;
  for (const g of groups) {
    for (let p = 0; p < g.length; p++, w++) {
      ends[w] = g[p];
      const base = w * length;
      for (let k = 0; k < length; k++) {
        const q = p - length + 1 + k;
        rows[base + k] = g[q < 0 ? 0 : q];
      }
    }
  }
  return { length, rows, ends };
}

/** The windows at `picks` (indices into `index`), as a new index in that order. */
export function pickWindows(index: WindowIndex, picks: ArrayLike<number>): WindowIndex {
  const { length } = index;
  const rows = new Int32Array(picks.length * length);
  const ends = new Int32Array(picks.length);
  for (let k = 0; k < picks.length; k++) {
    const w = picks[k];
    ends[k] = index.ends[w];
    rows.set(index.rows.subarray(w * length, (w + 1) * length), k * length);
  }
  return { length, rows, ends };
}

/** The windows none of whose rows is labelled 1 (the order kept). */
export function normalWindows(index: WindowIndex, labels: ArrayLike<number>): WindowIndex {
  const { length, rows } = index;
  const keep: number[] = [];
  for (let w = 0; w < index.ends.length; w++) {
    let clean = true;
    for (let k = 0; k < length && clean; k++) clean = labels[rows[w * length + k]] !== 1;
    if (clean) keep.push(w);
  }
  return keep.length === index.ends.length ? index : pickWindows(index, keep);
}

/**
 * At most `cap` windows, a uniform sample without replacement when there are more, put back in the
 * order of their end rows (so the last ones stay the latest, for a validation tail).
 */
export function capWindows(index: WindowIndex, cap: number, rng: Random): WindowIndex {
  const n = index.ends.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let picks: Int32Array = order;
  if (n > cap) {
    for (let i = 0; i < cap; i++) {
      const j = i + rng.int(n - i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    picks = order.slice(0, cap);
  }
  const sorted = Array.from(picks).sort((a, b) => index.ends[a] - index.ends[b] || a - b);
  return pickWindows(index, sorted);
}

/**
 * Copies windows `picks` of `index` from X into `out` as float32 [windows, length, cols] (row-major),
 * the layout TensorFlow.js takes for a batch of sequences.
 */
export function gatherWindows(
  X: Matrix,
  index: WindowIndex,
  picks: ArrayLike<number>,
  out: Float32Array = new Float32Array(picks.length * index.length * X.cols),
): Float32Array {
  const { length, rows } = index;
  const d = X.cols;
  const data = X.data;
  let o = 0;
  for (let k = 0; k < picks.length; k++) {
    const base = picks[k] * length;
    for (let s = 0; s < length; s++) {
      const src = rows[base + s] * d;
      for (let j = 0; j < d; j++) out[o++] = data[src + j];
    }
  }
  return out;
}
