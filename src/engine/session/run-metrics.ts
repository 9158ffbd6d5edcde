import { averagePrecision, rocAuc } from '../metrics/index';

/** How a model did on one part of the split (validation or test). */
export interface PartMetrics {
  part: 'validation' | 'test';
  rows: number;
  /** Labelled anomalous rows in the part (0 without labels). */
  positives: number;
  /** Null unless the part has labels of both classes. */
  rocAuc: number | null;
  prAuc: number | null;
  /** Share of the part's rows at or above the threshold. */
  alertRate: number;
  /** Counts of the part's scores in 20 equal bins between its min and max (for a distribution spark). */
  histogram: { min: number; max: number; counts: number[] };
}

const BINS = 20;

/**
 * Metrics of a model's scores on the rows of one split part: ranking quality when the part holds both
 * classes of label, else only the alert rate and the score distribution.
 */
export function partMetrics(
  part: PartMetrics['part'],
  rows: ArrayLike<number>,
  scores: Float64Array,
  labels: ArrayLike<number> | null,
  threshold: number,
): PartMetrics {
  const s = Float64Array.from(rows, (i) => scores[i]);
  let alerts = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of s) {
    if (v >= threshold) alerts++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(BINS).fill(0);
  if (s.length) {
    const width = max - min;
    for (const v of s) counts[width > 0 ? Math.min(BINS - 1, Math.floor(((v - min) / width) * BINS)) : 0]++;
  }
  let positives = 0;
  let y: Uint8Array | null = null;
  if (labels) {
    y = Uint8Array.from(rows, (i) => (Number(labels[i]) === 1 ? 1 : 0));
    for (const v of y) positives += v;
  }
  const ranked = y !== null && positives > 0 && positives < s.length;
  return {
    part,
    rows: s.length,
    positives,
    rocAuc: ranked && y ? rocAuc(y, s) : null,
    prAuc: ranked && y ? averagePrecision(y, s) : null,
    alertRate: s.length ? alerts / s.length : 0,
    histogram: s.length ? { min, max, counts } : { min: 0, max: 0, counts },
  };
}
