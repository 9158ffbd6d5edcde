/**
 * Mean, standard deviation, skewness and kurtosis of the last `window` values, O(1) per push.
 *
 * The moments come from running power sums of `x - shift`, where `shift` is the window mean at the
 * last exact re-synchronisation. The sums are compensated (TwoSum), so a spike leaving the window
 * does not leave its rounding behind, and they are recomputed exactly from the stored window every
 * `window` pushes (O(1) amortised) so nothing can build up. They are also recomputed early when the
 * window mean has drifted more than 10 standard deviations away from `shift` (after a level shift or
 * once a large spike has left): the central moments are differences of the raw sums, and that drift
 * would cost digits. A window whose values are all equal is detected exactly (run of equal values), so
 * a constant series gets its value as the mean and exactly 0 for std, skewness and kurtosis.
 *
 * Skewness and kurtosis are scale-free: unlike pandas, which gives NaN when the window variance is
 * below 1e-14 in absolute terms, data in units of 1e-9 gets the same shape as in units of 1. Fourth
 * powers limit the range: spreads beyond about 1e77 overflow and below about 1e-77 underflow.
 */
export class WindowMoments {
  /** The window size in values. */
  readonly window: number;
  /** The highest power sum kept: 4, or 2 when only mean and std are needed (cheaper). */
  private ord: 2 | 4;
  private readonly buf: Float64Array;
  private head = -1;
  private n = 0;
  private shift = 0;
  private s1 = 0;
  private c1 = 0;
  private s2 = 0;
  private c2 = 0;
  private s3 = 0;
  private c3 = 0;
  private s4 = 0;
  private c4 = 0;
  private sinceSync = 0;
  /** How many of the newest values equal `last` in a row. */
  private run = 0;
  private last = NaN;
  // The mean and std of the current window once computed (NaN and -1 until then): several families
  // read the same shared window in a row.
  private meanMemo = NaN;
  private stdMemo = -1;

  /**
   * @param window the number of most recent values the statistics cover, an integer >= 1.
   * @param order 4 (default) for all statistics; 2 keeps only the sums that `mean` and `std` need,
   *   and then `skew`, `kurt` throw.
   */
  constructor(window: number, order: 2 | 4 = 4) {
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`WindowMoments: window must be an integer >= 1, got ${window}`);
    }
    if (order !== 2 && order !== 4) throw new RangeError(`WindowMoments: order must be 2 or 4, got ${order}`);
    this.window = window;
    this.ord = order;
    this.buf = new Float64Array(window);
  }

  /** The highest power sum kept: 4, or 2 when only mean and std are needed (cheaper). */
  get order(): 2 | 4 {
    return this.ord;
  }

  /**
   * Raises the order to `order` before the first push (a window shared by families with different
   * needs). Mean and std do not depend on the order.
   */
  widen(order: 2 | 4): void {
    if (order <= this.ord) return;
    if (this.n > 0) throw new Error('WindowMoments.widen: values already pushed');
    this.ord = order;
  }

  /** How many values the window holds (at most `window`: fewer while warming up). */
  get count(): number {
    return this.n;
  }

  /** Appends the next value (finite); the oldest one leaves once the window is full. */
  push(x: number): void {
    this.meanMemo = NaN;
    this.stdMemo = -1;
    let h = this.head + 1;
    if (h === this.window) h = 0;
    this.head = h;
    const full = this.n === this.window;
    const old = this.buf[h];
    this.buf[h] = x;
    if (!full) this.n++;
    this.run = x === this.last ? this.run + 1 : 1;
    this.last = x;

    if (this.n === 1 || ++this.sinceSync >= this.window) {
      this.resync();
      return;
    }
    // The leaving value's powers come off and the new value's go on, as `add(old - shift, -1)` then
    // `add(x - shift, 1)` would do, with the sums kept in locals and stored once.
    const shift = this.shift;
    const d = x - shift;
    const d2 = d * d;
    let s1 = this.s1;
    let c1 = this.c1;
    let s2 = this.s2;
    let c2 = this.c2;
    let t: number;
    let bp: number;
    let v: number;
    if (full) {
      const e = old - shift;
      const e2 = e * e;
      v = -e;
      t = s1 + v;
      bp = t - s1;
      c1 += s1 - (t - bp) + (v - bp);
      s1 = t;
      v = -e2;
      t = s2 + v;
      bp = t - s2;
      c2 += s2 - (t - bp) + (v - bp);
      s2 = t;
      if (this.ord === 4) {
        let s3 = this.s3;
        let s4 = this.s4;
        v = -e2 * e;
        t = s3 + v;
        bp = t - s3;
        this.c3 += s3 - (t - bp) + (v - bp);
        s3 = t;
        v = -e2 * e2;
        t = s4 + v;
        bp = t - s4;
        this.c4 += s4 - (t - bp) + (v - bp);
        s4 = t;
        this.s3 = s3;
        this.s4 = s4;
      }
    }
    t = s1 + d;
    bp = t - s1;
    c1 += s1 - (t - bp) + (d - bp);
    s1 = t;
    t = s2 + d2;
    bp = t - s2;
    c2 += s2 - (t - bp) + (d2 - bp);
    s2 = t;
    this.s1 = s1;
    this.c1 = c1;
    this.s2 = s2;
    this.c2 = c2;
    if (this.ord === 4) {
      const s3 = this.s3;
      const s4 = this.s4;
      v = d2 * d;
      t = s3 + v;
      bp = t - s3;
      this.c3 += s3 - (t - bp) + (v - bp);
      this.s3 = t;
      v = d2 * d2;
      t = s4 + v;
      bp = t - s4;
      this.c4 += s4 - (t - bp) + (v - bp);
      this.s4 = t;
    }
    if (this.run >= this.n) return;
    // Drift test m^2 > 100 b with m = S1/n and b = S2/n - m^2, free of divisions. The second test
    // skips a pointless re-sync when m is only the rounding of the mean itself.
    const n = this.n;
    const m = s1 + c1;
    if (101 * m * m > 100 * n * (s2 + c2) && Math.abs(m) > 1e-13 * n * Math.abs(shift)) this.resync();
  }

  /** The mean of the values in the window; NaN when empty. */
  mean(): number {
    const memo = this.meanMemo;
    if (memo === memo) return memo;
    if (this.n === 0) return NaN;
    const m = this.run >= this.n ? this.last : this.shift + (this.s1 + this.c1) / this.n;
    this.meanMemo = m;
    return m;
  }

  /** The sample standard deviation (ddof 1); 0 with fewer than 2 values or when all values are equal. */
  std(): number {
    let sd = this.stdMemo;
    if (sd >= 0) return sd;
    const n = this.n;
    if (n < 2 || this.run >= n) {
      sd = 0;
    } else {
      const s1 = this.s1 + this.c1;
      const v = (this.s2 + this.c2 - (s1 * s1) / n) / (n - 1);
      sd = v > 0 ? Math.sqrt(v) : 0;
    }
    this.stdMemo = sd;
    return sd;
  }

  /**
   * The z-score of `x` in this window: (x - mean) / std (sample std, ddof 1); 0 when the std is 0.
   * Computed from the deviation of `x` from the internal shift, which keeps the digits that rounding
   * the mean to a double would lose when the level is far larger than the spread (1e9 +- 3).
   */
  zscore(x: number): number {
    const sd = this.std();
    if (sd === 0) return 0;
    return (x - this.shift - (this.s1 + this.c1) / this.n) / sd;
  }

  /**
   * The bias-corrected sample skewness, as pandas' rolling `skew()`:
   * `sqrt(n (n - 1)) / (n - 2) * m3 / m2^1.5` with the central moments `m2`, `m3`.
   * 0 with fewer than 3 values or when all values are equal (where pandas gives NaN or 0).
   */
  skew(): number {
    if (this.ord !== 4) throw new Error('WindowMoments.skew needs order 4');
    const n = this.n;
    if (n < 3 || this.run >= n) return 0;
    const a = (this.s1 + this.c1) / n;
    const b = (this.s2 + this.c2) / n - a * a;
    if (!(b > 0)) return 0;
    const c = (this.s3 + this.c3) / n - a * a * a - 3 * a * b;
    return (Math.sqrt(n * (n - 1)) * c) / ((n - 2) * b * Math.sqrt(b));
  }

  /**
   * The bias-corrected sample excess kurtosis, as pandas' rolling `kurt()`:
   * `((n^2 - 1) m4 / m2^2 - 3 (n - 1)^2) / ((n - 2) (n - 3))`.
   * 0 with fewer than 4 values or when all values are equal (pandas gives NaN for too few values and,
   * oddly, -3 for equal values; its `Series.kurt()` gives 0 there).
   */
  kurt(): number {
    if (this.ord !== 4) throw new Error('WindowMoments.kurt needs order 4');
    const n = this.n;
    if (n < 4 || this.run >= n) return 0;
    const a = (this.s1 + this.c1) / n;
    const a2 = a * a;
    const b = (this.s2 + this.c2) / n - a2;
    if (!(b > 0)) return 0;
    const c = (this.s3 + this.c3) / n - a2 * a - 3 * a * b;
    const d = (this.s4 + this.c4) / n - a2 * a2 - 6 * b * a2 - 4 * c * a;
    return ((n * n - 1) * (d / (b * b)) - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
  }

  /**
   * Adds `sign * d^k` to the k-th power sum, k = 1..order, keeping the rounding error of every
   * addition in the matching compensation term (Knuth's branch-free TwoSum).
   */
  private add(d: number, sign: number): void {
    const d2 = d * d;
    let s = this.s1;
    let v = sign * d;
    let t = s + v;
    let bp = t - s;
    this.c1 += s - (t - bp) + (v - bp);
    this.s1 = t;
    s = this.s2;
    v = sign * d2;
    t = s + v;
    bp = t - s;
    this.c2 += s - (t - bp) + (v - bp);
    this.s2 = t;
    if (this.ord === 2) return;
    s = this.s3;
    v = sign * d2 * d;
    t = s + v;
    bp = t - s;
    this.c3 += s - (t - bp) + (v - bp);
    this.s3 = t;
    s = this.s4;
    v = sign * d2 * d2;
    t = s + v;
    bp = t - s;
    this.c4 += s - (t - bp) + (v - bp);
    this.s4 = t;
  }

  /** Recomputes the sums exactly from the stored window, about its current mean. */
  private resync(): void {
    const n = this.n;
    const buf = this.buf;
    let sum = 0;
    let comp = 0;
    for (let i = 0; i < n; i++) {
      const v = buf[i];
      const t = sum + v;
      const bp = t - sum;
      comp += sum - (t - bp) + (v - bp);
      sum = t;
    }
    this.shift = (sum + comp) / n;
    this.s1 = this.c1 = this.s2 = this.c2 = this.s3 = this.c3 = this.s4 = this.c4 = 0;
    for (let i = 0; i < n; i++) this.add(buf[i] - this.shift, 1);
    this.sinceSync = 0;
  }
}
