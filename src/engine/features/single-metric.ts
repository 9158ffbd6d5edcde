/** Feature columns derived from one metric series, in row order. */
export interface FeatureColumns {
  names: string[];
  columns: Float64Array[];
}

/**
 * The baseline's trailing (causal) features of one metric series: no row looks at later rows.
 *
 * - `value`: the value itself.
 * - `diff1`: value minus the previous value; 0 on the first row.
 * - `roll_mean_<w>`: mean of the last `window` rows including the current one (at least 1 row).
 * - `roll_std_<w>`: sample standard deviation (ddof 1) over the same rows (at least 2 rows, else 0).
 * - `dev_mean_<w>`: value minus `roll_mean_<w>`.
 *
 * Without missing values this equals pandas' `s`, `s.diff().fillna(0)`, `s.rolling(w, min_periods=1).mean()`,
 * `s.rolling(w, min_periods=2).std().fillna(0)` and `s - mean`.
 *
 * Missing values (NaN, also ±Infinity) are skipped rather than propagated, so every output is finite:
 * the rolling mean and std use only the finite values in the window (as pandas does; the std needs 2 of
 * them, else 0); `diff1` is 0 when the current or the previous value is missing; `value` is replaced by
 * the last finite value before it (0 if there is none), and `dev_mean` uses that replacement. A window
 * with no finite value at all gets that replacement as its mean (so `dev_mean` is 0).
 *
 * Runs in O(n): running (Welford) mean and variance, recomputed exactly from the window every `window`
 * rows so rounding error cannot build up, and set exactly when the window holds one repeated value.
 */
export function singleMetricFeatures(values: ArrayLike<number>, window = 12): FeatureColumns {
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`singleMetricFeatures: window must be an integer >= 1, got ${window}`);
  }
  const n = values.length;
  const value = new Float64Array(n);
  const diff1 = new Float64Array(n);
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const dev = new Float64Array(n);

  // Welford's running mean and variance of x - shift, for the finite values in the window. The shift
  // (reset to the window mean at every exact recomputation) keeps the running mean near 0, so its
  // rounding stays small next to the spread even when the level is large (1e9 +- 1e-3).
  let count = 0;
  let shift = 0;
  let mu = 0;
  let m2 = 0;
  let lastFinite = 0;
  // Trailing rows that are missing or equal to `lastFinite`: when they cover the whole window, every
  // finite value in it is the same number, and mean/variance are set exactly (Welford would leave dust).
  let sameRun = 0;
  let prev = NaN;

  for (let i = 0; i < n; i++) {
    const x = +values[i];
    const ok = Number.isFinite(x);

    // Drop the row leaving the window, then add the current one.
    const out = i - window;
    if (out >= 0) {
      const y = +values[out];
      if (Number.isFinite(y)) {
        count--;
        if (count === 0) {
          mu = 0;
          m2 = 0;
        } else {
          const delta = y - shift - mu;
          mu -= delta / count;
          m2 -= delta * (y - shift - mu);
        }
      }
    }
    if (ok) {
      if (count === 0) {
        shift = x;
        mu = 0;
        m2 = 0;
        count = 1;
      } else {
        count++;
        const delta = x - shift - mu;
        mu += delta / count;
        m2 += delta * (x - shift - mu);
      }
      sameRun = x === lastFinite ? sameRun + 1 : 1;
      lastFinite = x;
    } else {
      sameRun++;
    }

    if ((i + 1) % window === 0 && count > 0) {
      // Exact two-pass recomputation over the window.
      const from = Math.max(0, i - window + 1);
      let s = 0;
      for (let k = from; k <= i; k++) {
        const v = +values[k];
        if (Number.isFinite(v)) s += v;
      }
      shift = s / count;
      // The rounded mean is off by a little; keep that residual in mu (it matters next to a tiny spread).
      let sd = 0;
      let q = 0;
      for (let k = from; k <= i; k++) {
        const v = +values[k];
        if (Number.isFinite(v)) {
          const d = v - shift;
          sd += d;
          q += d * d;
        }
      }
      mu = sd / count;
      m2 = Math.max(0, q - sd * mu);
    }

    const filled = ok ? x : lastFinite;
    value[i] = filled;
    diff1[i] = ok && Number.isFinite(prev) ? x - prev : 0;
    prev = x;

    let rowMean: number;
    let rowStd: number;
    if (count === 0) {
      rowMean = filled;
      rowStd = 0;
    } else if (sameRun >= Math.min(i + 1, window)) {
      rowMean = lastFinite;
      rowStd = 0;
    } else {
      rowMean = shift + mu;
      rowStd = count >= 2 ? Math.sqrt(Math.max(0, m2 / (count - 1))) : 0;
    }
    mean[i] = rowMean;
    std[i] = rowStd;
    dev[i] = filled - rowMean;
  }

  return {
    names: ['value', 'diff1', `roll_mean_${window}`, `roll_std_${window}`, `dev_mean_${window}`],
    columns: [value, diff1, mean, std, dev],
  };
}
