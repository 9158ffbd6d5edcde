import type { Matrix } from '../../util/matrix';
import type { RawMerges } from './linkage';
import { squaredDistance } from './squared-distance';
import type { WorkPacer } from './work-pacer';

/**
 * One step of Prim's algorithm: lowers each outside row's distance to the tree by its distance to
 * `current` (just added) and returns the outside row nearest the tree (the first of equals, as scipy).
 * Synchronous and called once per row, so V8 optimizes it quickly.
 */
function primStep(
  x: Float64Array,
  d: number,
  current: number,
  outside: Int32Array,
  outsideCount: number,
  toTree: Float64Array,
): number {
  const oc = current * d;
  let best = Infinity;
  let bestRow = -1;
  for (let r = 0; r < outsideCount; r++) {
    const i = outside[r];
    const dist = Math.sqrt(squaredDistance(x, oc, i * d, d));
    if (toTree[i] > dist) toTree[i] = dist;
    if (toTree[i] < best) {
      best = toTree[i];
      bestRow = i;
    }
  }
  return bestRow;
}

/**
 * Single-linkage merges by Prim's algorithm, as scipy's `mst_single_linkage`, with Euclidean distances
 * computed as needed instead of read from a stored matrix: each step links the tree to its nearest
 * outside row. Merges come unsorted; `sortAndLabel` orders them.
 */
export async function mstSingleLinkage(X: Matrix, pacer: WorkPacer): Promise<RawMerges> {
  const n = X.rows;
  const d = X.cols;
  const m = Math.max(n - 1, 0);
  const out: RawMerges = { a: new Int32Array(m), b: new Int32Array(m), height: new Float64Array(m) };
  // Rows not yet in the tree, ascending (scipy's scan order), and each one's distance to the tree.
  const outside = new Int32Array(n);
  for (let i = 0; i < n; i++) outside[i] = i;
  let outsideCount = n;
  const toTree = new Float64Array(n).fill(Infinity);
  let current = 0;
  for (let k = 0; k < m; k++) {
    let w = 0;
    for (let r = 0; r < outsideCount; r++) if (outside[r] !== current) outside[w++] = outside[r];
    outsideCount = w;
    const next = primStep(X.data, d, current, outside, outsideCount, toTree);
    out.a[k] = current;
    out.b[k] = next;
    out.height[k] = toTree[next];
    current = next;
    if (pacer.spend(outsideCount * (d + 2))) await pacer.pause(k / m);
  }
  return out;
}
