/**
 * What FasterPAM and PAM keep per point (Schubert & Rousseeuw 2021): its nearest medoid (a position in
 * the medoid list), the distance to it and the distance to the second nearest, over a distance matrix
 * `D` (n x n, row-major).
 */
export class MedoidCache {
  readonly nearest: Int32Array;
  readonly dNearest: Float64Array;
  readonly dSecond: Float64Array;

  constructor(
    readonly D: Float32Array,
    readonly n: number,
    readonly medoids: Int32Array,
  ) {
    this.nearest = new Int32Array(n);
    this.dNearest = new Float64Array(n);
    this.dSecond = new Float64Array(n);
    this.refresh();
  }

  /** Recomputes every point's nearest and second-nearest medoid (after a swap); returns the total deviation. */
  refresh(): number {
    const { D, n, medoids, nearest, dNearest, dSecond } = this;
    let td = 0;
    for (let o = 0; o < n; o++) {
      let best = Infinity;
      let second = Infinity;
      let at = 0;
      for (let m = 0; m < medoids.length; m++) {
        const v = D[medoids[m] * n + o];
        if (v < best) {
          second = best;
          best = v;
          at = m;
        } else if (v < second) second = v;
      }
      nearest[o] = at;
      dNearest[o] = best;
      dSecond[o] = second;
      td += best;
    }
    return td;
  }

  /** Per medoid, the increase of the total deviation if it were removed and no point replaced it. */
  removalLoss(out: Float64Array): void {
    out.fill(0);
    for (let o = 0; o < this.n; o++) out[this.nearest[o]] += this.dSecond[o] - this.dNearest[o];
  }

  /**
   * The change of total deviation for swapping each medoid with point h, all k at once in O(n)
   * (FastPAM1): `delta` starts as the removal losses and receives, per medoid, the change of the
   * swap that replaces it by h.
   */
  swapDeltas(h: number, removal: Float64Array, delta: Float64Array): void {
    const { D, n, nearest, dNearest, dSecond } = this;
    delta.set(removal);
    let shared = 0;
    const oh = h * n;
    for (let o = 0; o < n; o++) {
      const v = D[oh + o];
      const dn = dNearest[o];
      if (v < dn) {
        shared += v - dn;
        delta[nearest[o]] += dn - dSecond[o];
      } else if (v < dSecond[o]) {
        delta[nearest[o]] += v - dSecond[o];
      }
    }
    for (let m = 0; m < delta.length; m++) delta[m] += shared;
  }
}
