import { binaryCurve } from './binary-curve';
import { checkScores } from './validate';

/** The F1-optimal threshold and the metrics it gives. */
export interface BestF1 {
  /** Alert = score >= threshold. `+Infinity` (alert on nothing) when there are no positives. */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The score threshold that maximizes F1 under the rule alert = score >= threshold.
 *
 * Only the distinct scores need to be tried (F1 is constant between them), so this is one sort, O(n log n),
 * then one pass. F1 = 2tp / (tp + fp + positives) is compared by cross-multiplying integer counts, so exact
 * ties are detected exactly (for n below about 4 * 10^7); ties are broken toward the **higher** threshold
 * (fewer alerts for the same F1).
 *
 * With no positive labels every threshold has F1 = 0 (zero_division = 0); the result is then
 * `{threshold: +Infinity, precision: 0, recall: 0, f1: 0}`: alert on nothing. Note that
 * `JSON.stringify(Infinity)` gives `null`.
 *
 * @throws if lengths differ, a label is not 0/1 or a score is NaN (naming the index).
 */
export function bestF1Threshold(labels: ArrayLike<number>, scores: ArrayLike<number>): BestF1 {
  const c = binaryCurve(labels, scores, 'bestF1Threshold');
  const p = c.positives;
  if (p === 0) return { threshold: Infinity, precision: 0, recall: 0, f1: 0 };
  let best = 0;
  let bestNum = 2 * c.tps[0];
  let bestDen = c.tps[0] + c.fps[0] + p;
  // Thresholds decrease with k: a strict ">" keeps the highest threshold among equal F1 values.
  for (let k = 1; k < c.thresholds.length; k++) {
    const num = 2 * c.tps[k];
    const den = c.tps[k] + c.fps[k] + p;
    if (num * bestDen > bestNum * den) {
      best = k;
      bestNum = num;
      bestDen = den;
    }
  }
  const tp = c.tps[best];
  return {
    threshold: c.thresholds[best],
    precision: tp / (tp + c.fps[best]),
    recall: tp / p,
    f1: bestNum / bestDen,
  };
}

/**
 * The threshold at which about a `contamination` fraction of rows alert: the (1 - contamination) quantile of
 * the scores, with linear interpolation exactly as `numpy.quantile(scores, 1 - contamination)` (the default
 * method, including numpy's two-sided lerp).
 *
 * Because alert = score >= threshold, ties at the threshold all alert, so the alert share can exceed
 * `contamination`; with `contamination = 0` the threshold is the maximum score, which still alerts the rows
 * that reach it. (PyOD's detectors use the same quantile to set `threshold_`.)
 *
 * @param scores - at least one score; NaN is refused.
 * @param contamination - expected share of anomalies, in [0, 1].
 * @throws if `scores` is empty, a score is NaN, or `contamination` is outside [0, 1].
 */
export function quantileThreshold(scores: ArrayLike<number>, contamination: number): number {
  if (!(contamination >= 0 && contamination <= 1)) {
    throw new Error(`quantileThreshold: contamination is ${contamination}; it must be between 0 and 1`);
  }
  if (scores.length === 0) throw new Error('quantileThreshold: scores is empty; need at least one score');
  checkScores('quantileThreshold', scores);
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const v = (n - 1) * (1 - contamination);
  if (v >= n - 1) return sorted[n - 1];
  const lo = Math.floor(v);
  const g = v - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  if (a === b) return a; // also avoids Infinity - Infinity = NaN
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

/**
 * Metrics at a set of thresholds, as parallel arrays in increasing threshold order: a precomputed table for
 * the threshold slider. Every threshold is an actual score, so each row is exact for alert = score >= threshold.
 */
export interface Sweep {
  /** Increasing thresholds (distinct scores). */
  threshold: Float64Array;
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  fpr: Float64Array;
  /** Number of rows with score >= threshold. */
  alerts: Uint32Array;
  /** Number of rows. */
  n: number;
  /** Number of rows labelled 1. */
  positives: number;
}

/** One row of a {@link Sweep}. */
export interface SweepPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  fpr: number;
  alerts: number;
}

/**
 * Precision, recall, F1, FPR and alert count at up to `maxPoints` thresholds spread over the score quantiles.
 * Costs one sort, O(n log n); afterwards the UI looks rows up with {@link sweepIndex} / {@link sweepPoint}
 * in O(log maxPoints).
 *
 * If there are at most `maxPoints` distinct scores, every one is a threshold (the table is exact everywhere).
 * Otherwise the thresholds are the scores at chosen ranks: half of the budget at evenly spaced quantiles
 * (0, 1/(u-1), ..., 1, so the minimum and maximum scores are always included), the other half at
 * geometrically spaced alert counts 1, ..., n (the 1 - k/n quantiles), because anomaly thresholds live in the
 * top few percent where even quantile spacing would give only a couple of points. Ranks that fall in the
 * same run of tied scores collapse, so there may be fewer than `maxPoints` rows.
 *
 * Rates with a zero denominator are 0 (see {@link rates}); a single-class label vector is allowed.
 *
 * @param maxPoints - integer >= 2, default 200.
 * @throws if `scores` is empty, lengths differ, a label is not 0/1, a score is NaN, or `maxPoints` is invalid.
 */
export function sweep(labels: ArrayLike<number>, scores: ArrayLike<number>, maxPoints = 200): Sweep {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`sweep: maxPoints is ${maxPoints}; it must be an integer >= 2`);
  }
  const c = binaryCurve(labels, scores, 'sweep');
  const n = labels.length;
  if (n === 0) throw new Error('sweep: no rows; need at least one score');
  const d = c.thresholds.length;
  const pick = new Uint8Array(d);
  if (d <= maxPoints) pick.fill(1);
  else {
    // Group k (thresholds decreasing) holds descending ranks [cum[k-1], cum[k]) where cum[k] = tps[k] + fps[k].
    const groupOfRank = (rank: number): number => {
      let lo = 0;
      let hi = d - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (c.tps[mid] + c.fps[mid] > rank) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const u = Math.max(2, Math.ceil(maxPoints / 2));
    const t = maxPoints - u;
    for (let j = 0; j < u; j++) pick[groupOfRank(n - 1 - Math.round((j * (n - 1)) / (u - 1)))] = 1;
    for (let j = 0; j < t; j++) {
      const count = t === 1 ? 1 : Math.round(Math.pow(n, j / (t - 1)));
      pick[groupOfRank(Math.min(n, Math.max(1, count)) - 1)] = 1;
    }
  }
  let m = 0;
  for (let k = 0; k < d; k++) m += pick[k];
  const out: Sweep = {
    threshold: new Float64Array(m),
    precision: new Float64Array(m),
    recall: new Float64Array(m),
    f1: new Float64Array(m),
    fpr: new Float64Array(m),
    alerts: new Uint32Array(m),
    n,
    positives: c.positives,
  };
  const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  for (let k = d - 1, i = 0; k >= 0; k--) {
    if (!pick[k]) continue;
    const tp = c.tps[k];
    const fp = c.fps[k];
    out.threshold[i] = c.thresholds[k];
    out.precision[i] = div(tp, tp + fp);
    out.recall[i] = div(tp, c.positives);
    out.f1[i] = div(2 * tp, tp + fp + c.positives);
    out.fpr[i] = div(fp, c.negatives);
    out.alerts[i] = tp + fp;
    i++;
  }
  return out;
}

/**
 * Index of the sweep row whose threshold is nearest to `threshold` (ties toward the higher threshold).
 * O(log rows). Exact when `threshold` is one of the sweep's thresholds; otherwise the nearest row is an
 * approximation of the metrics at `threshold`.
 *
 * @throws if `threshold` is NaN or the sweep is empty.
 */
export function sweepIndex(s: Sweep, threshold: number): number {
  if (Number.isNaN(threshold)) throw new Error('sweepIndex: threshold is NaN; it must be a number');
  const t = s.threshold;
  if (t.length === 0) throw new Error('sweepIndex: the sweep has no rows');
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < threshold) lo = mid + 1;
    else hi = mid;
  }
  // lo = first index with t[lo] >= threshold (or t.length).
  if (lo === t.length) return t.length - 1;
  if (lo === 0 || t[lo] === threshold) return lo;
  return threshold - t[lo - 1] < t[lo] - threshold ? lo - 1 : lo;
}

/** Row `i` of a sweep as a plain object. @throws if `i` is out of range. */
export function sweepPoint(s: Sweep, i: number): SweepPoint {
  if (!Number.isInteger(i) || i < 0 || i >= s.threshold.length) {
    throw new Error(`sweepPoint: index ${i} is out of range 0..${s.threshold.length - 1}`);
  }
  return {
    threshold: s.threshold[i],
    precision: s.precision[i],
    recall: s.recall[i],
    f1: s.f1[i],
    fpr: s.fpr[i],
    alerts: s.alerts[i],
  };
}
