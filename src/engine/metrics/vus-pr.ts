import { checkBinary, checkSameLength, checkScores } from './validate';

export interface VusOptions {
  /** Largest buffer length L; buffers 0, 1, ..., L are averaged. Default 100 (TSB-AD's `slidingWindow`). */
  maxBuffer?: number;
  /**
   * Thresholds per curve: a number t >= 2 takes the scores at t evenly spaced ranks of the sorted scores
   * (TSB-AD's `thre`, default 250); `'all'` takes every distinct score.
   */
  thresholds?: number | 'all';
}

/** Maximal runs of label 1 as [first, last] rows. */
function anomalyRanges(labels: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    if (out.length && out[out.length - 1][1] === i - 1) out[out.length - 1][1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** Numbers of rows alerted at each threshold, i.e. rows with score >= that threshold, in increasing order. */
function alertCounts(sorted: Float64Array, thresholds: number | 'all'): number[] {
  const n = sorted.length;
  const countAt = (rank: number): number => {
    let k = rank;
    while (k + 1 < n && sorted[k + 1] === sorted[rank]) k++;
    return k + 1;
  };
  const out: number[] = [];
  if (thresholds === 'all') {
    for (let k = 0; k < n; k = out[out.length - 1]) out.push(countAt(k));
    return out;
  }
  // numpy.linspace(0, n - 1, t).astype(int): k * step truncated, the last forced to n - 1.
  const step = (n - 1) / (thresholds - 1);
  for (let j = 0; j < thresholds; j++) out.push(countAt(j === thresholds - 1 ? n - 1 : Math.trunc(j * step)));
  return out;
}

/**
 * VUS-PR, the volume under the range-precision / range-recall surface (Paparrizos et al., VLDB 2022), as
 * TSB-AD computes it (`TSB_AD/evaluation/basic_metrics.py`, `RangeAUC_volume_opt`, the `VUS-PR` of
 * `get_metrics`): the mean over buffer lengths l = 0..L of a range-based average precision.
 *
 * For buffer l, each anomaly range gets floor(l/2) buffer rows on each side labelled sqrt(1 - d/l) at distance
 * d (1 where buffers of two ranges meet), and ranges whose buffers touch are merged into segments. At each
 * threshold (alert = score >= threshold), with P labelled rows, A of them alerted, and B the buffer labels of
 * alerted buffer rows: TP = A + B, P' = P + B/2, recall = min(TP / P', 1), TPR = recall * (segments with an
 * alert / segments), precision = TP / alerts. The curve's AP is sum (TPR_k - TPR_(k-1)) * precision_k from
 * TPR_0 = 0 over thresholds taken from high to low.
 *
 * Thresholds: TSB-AD takes the scores at ranks linspace(0, n - 1, 250) of the descending scores, so on more
 * than 250 rows the curve is sampled; `thresholds: 'all'` uses every distinct score instead (identical when
 * n <= the threshold count). Only the order of the scores matters: any strictly increasing transform of the
 * scores gives the same value.
 *
 * Relation to average precision: with `maxBuffer` 0 and a single anomaly range (or any labels in which every
 * range is alerted as soon as any is), and every distinct score used as a threshold, the value equals
 * {@link averagePrecision}. In general the existence factor makes it lower: with point anomalies TPR is
 * recall squared.
 *
 * Computed incrementally over the rows in score order, O(n log n + n L + t L) for t thresholds.
 *
 * @param labels - 0/1 per row, 1 = anomaly; at least one 1.
 * @param scores - higher = more anomalous; NaN is refused.
 * @returns a number in [0, 1].
 * @throws on mismatched lengths, non-0/1 labels, NaN scores, no anomaly, a `maxBuffer` that is not a whole
 *   number >= 0, or a threshold count that is not a whole number >= 2.
 */
export function vusPr(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  options: VusOptions = {},
): number {
  checkSameLength('vusPr', 'labels', labels, 'scores', scores);
  const positives = checkBinary('vusPr', 'labels', labels);
  checkScores('vusPr', scores);
  if (positives === 0) {
    throw new Error(
      `vusPr: labels contain no anomaly (all ${labels.length} rows are 0); VUS-PR needs at least one 1`,
    );
  }
  const maxBuffer = options.maxBuffer ?? 100;
  if (!Number.isInteger(maxBuffer) || maxBuffer < 0) {
    throw new Error(`vusPr: maxBuffer is ${maxBuffer}; it must be a whole number >= 0`);
  }
  const thresholds = options.thresholds ?? 250;
  if (thresholds !== 'all' && (!Number.isInteger(thresholds) || thresholds < 2)) {
    throw new Error(`vusPr: thresholds is ${String(thresholds)}; it must be a whole number >= 2 or 'all'`);
  }

  const n = labels.length;
  const ranges = anomalyRanges(labels);
  const r = ranges.length;
  const maxHalf = maxBuffer >> 1;

  // Segment key (index of its first range) of range k for half-buffer h, at segKey[h * r + k].
  const segKey = new Int32Array((maxHalf + 1) * r);
  const segCount = new Float64Array(maxHalf + 1);
  for (let h = 0; h <= maxHalf; h++) {
    let key = 0;
    for (let k = 0; k < r; k++) {
      if (k > 0 && ranges[k - 1][1] + h < ranges[k][0] - h) key = k;
      if (key === k) segCount[h]++;
      segKey[h * r + k] = key;
    }
  }

  // For each row: its range, or the nearest two range ends on its left and starts on its right.
  const rangeOf = new Int32Array(n).fill(-1);
  const left1 = new Float64Array(n).fill(Infinity);
  const left2 = new Float64Array(n).fill(Infinity);
  const right1 = new Float64Array(n).fill(Infinity);
  const right2 = new Float64Array(n).fill(Infinity);
  const leftRange = new Int32Array(n).fill(-1);
  const rightRange = new Int32Array(n).fill(-1);
  for (let k = 0; k < r; k++) {
    const [s, e] = ranges[k];
    for (let i = s; i <= e; i++) rangeOf[i] = k;
    const prevEnd = k > 0 ? ranges[k - 1][1] : -1;
    const nextStart = k + 1 < r ? ranges[k + 1][0] : n;
    for (let i = e + 1; i < nextStart; i++) {
      leftRange[i] = k;
      left1[i] = i - e;
      if (k > 0) left2[i] = i - prevEnd;
    }
    for (let i = prevEnd + 1; i < s; i++) {
      rightRange[i] = k;
      right1[i] = s - i;
      if (k + 1 < r) right2[i] = nextStart - i;
    }
  }

  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (scores[b] > scores[a] ? 1 : scores[b] < scores[a] ? -1 : 0));
  const sorted = Float64Array.from(order, (i) => scores[i]);
  const counts = alertCounts(sorted, thresholds);

  const hit = new Uint8Array((maxHalf + 1) * r);
  const existence = new Float64Array(maxHalf + 1);
  const buffer = new Float64Array(maxBuffer + 1);
  const prevTpr = new Float64Array(maxBuffer + 1);
  const ap = new Float64Array(maxBuffer + 1);
  let alertedAnomalies = 0;
  let added = 0;

  const markSegment = (h: number, k: number): void => {
    const cell = h * r + segKey[h * r + k];
    if (!hit[cell]) {
      hit[cell] = 1;
      existence[h]++;
    }
  };

  const addRow = (i: number): void => {
    const k = rangeOf[i];
    if (k >= 0) {
      alertedAnomalies++;
      for (let h = 0; h <= maxHalf; h++) markSegment(h, k);
      return;
    }
    const d = Math.min(left1[i], right1[i]);
    if (d > maxHalf) return;
    for (let h = d; h <= maxHalf; h++) markSegment(h, left1[i] <= h ? leftRange[i] : rightRange[i]);
    for (let w = 2 * d; w <= maxBuffer; w++) {
      const h = w >> 1;
      const reach = +(left1[i] <= h) + +(left2[i] <= h) + +(right1[i] <= h) + +(right2[i] <= h);
      buffer[w] += reach >= 2 ? 1 : Math.sqrt(1 - d / w);
    }
  };

  for (const count of counts) {
    while (added < count) addRow(order[added++]);
    for (let w = 0; w <= maxBuffer; w++) {
      const h = w >> 1;
      const tp = alertedAnomalies + buffer[w];
      const pNew = (positives + (positives + buffer[w])) / 2;
      const tpr = Math.min(tp / pNew, 1) * (existence[h] / segCount[h]);
      ap[w] += (tpr - prevTpr[w]) * (tp / count);
      prevTpr[w] = tpr;
    }
  }

  let sum = 0;
  for (let w = 0; w <= maxBuffer; w++) sum += ap[w];
  return sum / (maxBuffer + 1);
}
