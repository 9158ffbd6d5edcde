import type { Matrix } from '../../util/matrix';

/**
 * Writes the shingled points of one entity's rows: the point of the k-th row (in the entity's time
 * order) is rows k-size+1, ..., k of that entity concatenated, oldest first (AWS's order), so it is
 * `size * X.cols` wide. The first size-1 rows of an entity, which have fewer predecessors, repeat the
 * entity's earliest row in the missing places; no row of another entity ever enters a shingle.
 *
 * Point k goes to `out` at offset `(at(k)) * size * X.cols`, where `at` maps the position within the
 * entity to a slot of the output (the row index itself for a row-aligned output).
 */
export function writeShingles(
  X: Matrix,
  rows: ArrayLike<number>,
  size: number,
  out: Float64Array,
  at: (k: number) => number,
): void {
  const c = X.cols;
  const width = size * c;
  const data = X.data;
  for (let k = 0; k < rows.length; k++) {
    const o = at(k) * width;
    for (let m = 0; m < size; m++) {
      const src = rows[Math.max(0, k - size + 1 + m)] * c;
      for (let j = 0; j < c; j++) out[o + m * c + j] = data[src + j];
    }
  }
}

/** Throws unless every row of X belongs to an entity group and every group index is a row of X. */
export function checkGroups(groups: readonly ArrayLike<number>[], rows: number): void {
  const seen = new Uint8Array(rows);
  for (const g of groups) {
    for (let k = 0; k < g.length; k++) {
      const r = g[k];
      if (!Number.isInteger(r) || r < 0 || r >= rows) {
        throw new Error(`rcf: context group row ${r} is out of range (0..${rows - 1})`);
      }
      seen[r] = 1;
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new Error(`rcf: row ${missing} belongs to no entity group of the context`);
}

/**
 * The shingled point of every row of X, row-aligned (point i at offset i * size * X.cols), shingling
 * each entity of `groups` on its own (the caller checks the groups with `checkGroups`).
 */
export function shingleRows(X: Matrix, groups: readonly ArrayLike<number>[], size: number): Float64Array {
  const out = new Float64Array(X.rows * size * X.cols);
  for (const g of groups) writeShingles(X, g, size, out, (k) => g[k]);
  return out;
}

/**
 * For each row of an n-row matrix, the rows its shingle is made of (`size` indices, oldest first, as
 * `writeShingles` concatenates them): entry [i * size + m].
 */
export function shingleSources(groups: readonly ArrayLike<number>[], n: number, size: number): Int32Array {
  const out = new Int32Array(n * size);
  for (const g of groups) {
    for (let k = 0; k < g.length; k++) {
      for (let m = 0; m < size; m++) out[g[k] * size + m] = g[Math.max(0, k - size + 1 + m)];
    }
  }
  return out;
}
