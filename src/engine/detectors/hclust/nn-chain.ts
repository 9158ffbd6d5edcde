import type { Matrix } from '../../util/matrix';
import type { LinkageMethod, RawMerges } from './linkage';
import { squaredDistance } from './squared-distance';
import type { WorkPacer } from './work-pacer';

// The hot loops are small synchronous functions called once per row or per step, so V8 optimizes them
// after a few calls; inlined in the async loops they ran on slower on-stack-replaced code (about 1.8x
// slower for a single fit of 3,000 x 20).

/** Position of the pair (i, j), i < j, in a condensed distance matrix is rowStart[i] + j. */
function rowStarts(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  return s;
}

/** Row i of the condensed matrix: distances from row i to rows i+1..n-1, written from position p. */
function distanceRow(x: Float64Array, d: number, n: number, i: number, D: Float64Array, p: number): void {
  const oi = i * d;
  for (let j = i + 1; j < n; j++) D[p++] = Math.sqrt(squaredDistance(x, oi, j * d, d));
}

/** scipy's `pdist(X, 'euclidean')`: the upper triangle of the distance matrix, row by row. */
async function condensedDistances(X: Matrix, pacer: WorkPacer, progressShare: number): Promise<Float64Array> {
  const n = X.rows;
  const d = X.cols;
  const D = new Float64Array((n * (n - 1)) / 2);
  const total = D.length || 1;
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    distanceRow(X.data, d, n, i, D, p);
    p += n - i - 1;
    if (pacer.spend((n - i - 1) * (d + 2))) await pacer.pause((progressShare * p) / total);
  }
  return D;
}

/**
 * The live cluster nearest to x, scanning slots in ascending order with a strict comparison from
 * `y` at distance `min` (scipy's order, which decides ties); returns `y` when none is nearer.
 */
function nearest(
  D: Float64Array,
  start: Int32Array,
  active: Int32Array,
  activeCount: number,
  x: number,
  y: number,
  min: number,
): number {
  let r = 0;
  for (; r < activeCount; r++) {
    const i = active[r];
    if (i >= x) break;
    const dist = D[start[i] + x];
    if (dist < min) {
      min = dist;
      y = i;
    }
  }
  const sx = start[x];
  for (; r < activeCount; r++) {
    const i = active[r];
    if (i === x) continue;
    const dist = D[sx + i];
    if (dist < min) {
      min = dist;
      y = i;
    }
  }
  return y;
}

/** Lance-Williams update after merging x into y (x < y) at height h: distances from every live slot to y. */
function updateDistances(
  D: Float64Array,
  start: Int32Array,
  active: Int32Array,
  activeCount: number,
  size: Float64Array,
  code: number,
  x: number,
  y: number,
  h: number,
  nx: number,
  ny: number,
): void {
  const sx = start[x];
  const sy = start[y];
  for (let r = 0; r < activeCount; r++) {
    const i = active[r];
    if (i === y) continue;
    const ix = i < x ? start[i] + x : sx + i;
    const iy = i < y ? start[i] + y : sy + i;
    const dxi = D[ix];
    const dyi = D[iy];
    let v: number;
    if (code === 0) {
      v = dxi > dyi ? dxi : dyi;
    } else if (code === 1) {
      v = (nx * dxi + ny * dyi) / (nx + ny);
    } else {
      const ni = size[i];
      const t = 1 / (nx + ny + ni);
      const s = (ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * h * h;
      // Rounding can take an exact 0 a hair below it; scipy would return NaN there.
      v = s > 0 ? Math.sqrt(s) : 0;
    }
    D[iy] = v;
  }
}

/**
 * Complete, average or Ward merges by the nearest-neighbour chain (Muellner 2011, section 4.2), as
 * scipy's `nn_chain`: follow nearest neighbours until two clusters are each other's nearest, merge them
 * (the merged cluster takes the slot of the higher index) and update its distances by Lance-Williams.
 * Same scan order and strict comparisons as scipy, so ties resolve alike. Merges come unsorted.
 */
export async function nnChainLinkage(X: Matrix, method: LinkageMethod, pacer: WorkPacer): Promise<RawMerges> {
  if (method === 'single') throw new Error('hclust: single linkage runs on the spanning tree, not the chain');
  const n = X.rows;
  const m = Math.max(n - 1, 0);
  const out: RawMerges = { a: new Int32Array(m), b: new Int32Array(m), height: new Float64Array(m) };
  // The distance matrix is about as much work as the chain: give each half of the progress bar.
  const D = await condensedDistances(X, pacer, 0.5);
  const start = rowStarts(n);
  const size = new Float64Array(n).fill(1);
  // Clusters alive, by slot, ascending (scipy scans slots in order; this skips the dead ones).
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let activeCount = n;
  const chain = new Int32Array(n);
  let chainLength = 0;
  const code = method === 'complete' ? 0 : method === 'average' ? 1 : 2;
  const between = (i: number, j: number) => (i < j ? D[start[i] + j] : D[start[j] + i]);

  for (let k = 0; k < m; k++) {
    let x: number;
    let y: number;
    if (chainLength === 0) chain[chainLength++] = active[0];
    for (;;) {
      x = chain[chainLength - 1];
      // Prefer the previous element of the chain, so the chain cannot cycle on ties.
      const previous = chainLength > 1 ? chain[chainLength - 2] : -1;
      y = nearest(
        D,
        start,
        active,
        activeCount,
        x,
        previous,
        previous >= 0 ? between(x, previous) : Infinity,
      );
      if (pacer.spend(8 * activeCount)) await pacer.pause(0.5 + (0.5 * k) / m);
      if (y === previous) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    const h = between(x, y);
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x];
    const ny = size[y];
    out.a[k] = x;
    out.b[k] = y;
    out.height[k] = h;
    size[x] = 0;
    size[y] = nx + ny;
    // x is dead: drop it from the live slots (kept ascending).
    let w = 0;
    for (let r = 0; r < activeCount; r++) if (active[r] !== x) active[w++] = active[r];
    activeCount = w;
    updateDistances(D, start, active, activeCount, size, code, x, y, h, nx, ny);
    if (pacer.spend(16 * activeCount)) await pacer.pause(0.5 + (0.5 * (k + 1)) / m);
  }
  return out;
}
