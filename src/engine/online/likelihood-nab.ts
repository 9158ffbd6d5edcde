import type { RowContext } from '../detectors/detector';
import { contextGroups } from '../detectors/detector';
import { labelledEvents } from '../metrics/latency';
import type { NabProfile } from '../metrics/nab-score';
import { nabOptimizeAll } from '../metrics/nab-sweep';
import { AnomalyLikelihood } from './likelihood';
import type { LikelihoodParams } from './likelihood-params';

/** NAB of a likelihood, one threshold per profile optimised across the series. */
export interface LikelihoodNab {
  normalized: Record<NabProfile, number | null>;
  /** The optimised thresholds (null where no alert at all scored best). */
  threshold: Record<NabProfile, number | null>;
}

/**
 * Every row's anomaly likelihood from a detector's scores: each entity of `context` in time order
 * through its own `AnomalyLikelihood`, so a row's likelihood depends on its entity's earlier scores only.
 */
export function likelihoodsOf(
  scores: ArrayLike<number>,
  context: RowContext | undefined,
  params: Partial<LikelihoodParams> = {},
): Float64Array {
  const out = new Float64Array(scores.length);
  for (const g of contextGroups(scores.length, context)) {
    const l = new AnomalyLikelihood(params);
    for (let k = 0; k < g.length; k++) out[g[k]] = l.push(scores[g[k]]);
  }
  return out;
}

/**
 * NAB (standard, reward-low-FP, reward-low-FN) of `likelihoods` over some rows: each segment [start, end)
 * of `labels` and `likelihoods` (one entity's rows in time order) a NAB file whose windows are its
 * labelled runs, without a probationary period (the rows before a test part are its learning period),
 * and the threshold optimised across the segments as NAB's optimiser does. Null when no row is labelled.
 */
export function likelihoodNab(
  likelihoods: ArrayLike<number>,
  labels: ArrayLike<number>,
  segments: readonly [number, number][],
): LikelihoodNab | null {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0) return null;
  const files = segments.map(([start, end]) => ({
    times: null,
    scores: Array.prototype.slice.call(likelihoods, start, end) as number[],
    windows: labelledEvents(labels, [[start, end]]).map((e): [number, number] => [
      e.firstRow - start,
      e.lastRow - start,
    ]),
    probationRows: 0,
  }));
  const nab = nabOptimizeAll(files);
  const profiles = Object.keys(nab) as NabProfile[];
  return {
    normalized: Object.fromEntries(profiles.map((p) => [p, nab[p].total.normalized])) as Record<
      NabProfile,
      number | null
    >,
    threshold: Object.fromEntries(
      profiles.map((p) => [p, Number.isFinite(nab[p].threshold) ? nab[p].threshold : null]),
    ) as Record<NabProfile, number | null>,
  };
}
