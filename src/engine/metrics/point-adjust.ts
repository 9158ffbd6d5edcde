import { confusion, rates } from './confusion';
import { checkSegments } from './events';
import { labelledEvents } from './latency';
import { checkBinary, checkSameLength } from './validate';

export interface PointAdjusted {
  precision: number;
  recall: number;
  f1: number;
  /** Plain-text caveat for reports: why this F1 overstates detection quality, with this case's numbers. */
  warning: string;
}

const fmt = (x: number): string => x.toFixed(3);

/**
 * Point-adjusted precision, recall and F1 (the protocol of Xu et al., WWW 2018, common in deep-learning
 * anomaly-detection papers): when any row of a labelled event alerts, every row of that event counts as
 * alerting; then the plain row-wise metrics are computed ({@link confusion}, {@link rates}).
 *
 * Adjustment only turns false negatives into true positives, so the adjusted F1 is never below the plain
 * F1, and one alert in a long event earns credit for all of its rows: random alerts can reach a high
 * adjusted F1 (Kim et al., AAAI 2022). The returned `warning` says so, with the adjusted and plain values.
 * Rows outside every segment are counted as in plain metrics but never adjusted.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param alerts - 0/1 decisions for the same rows.
 * @param segments - disjoint [start, end) row ranges, one per entity, rows in time order inside each.
 * @throws if lengths differ, a label or alert is not 0/1, or a segment is invalid.
 */
export function pointAdjustedF1(
  labels: ArrayLike<number>,
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
): PointAdjusted {
  const fn = 'pointAdjustedF1';
  checkSameLength(fn, 'labels', labels, 'alerts', alerts);
  checkBinary(fn, 'labels', labels);
  checkBinary(fn, 'alerts', alerts);
  checkSegments(fn, segments, labels.length);

  const events = labelledEvents(labels, segments);
  const adjusted = Uint8Array.from(alerts);
  let detected = 0;
  for (const e of events) {
    let k = e.firstRow;
    while (k <= e.lastRow && alerts[k] !== 1) k++;
    if (k > e.lastRow) continue;
    detected++;
    adjusted.fill(1, e.firstRow, e.lastRow + 1);
  }
  const r = rates(confusion(labels, adjusted));
  const plain = rates(confusion(labels, alerts));
  const warning =
    'Point-adjusted F1 is inflated: when any single row of a labelled event alerts, every row of that ' +
    'event is counted as detected, so one alert in a long event earns credit for all of its rows and even ' +
    'random alerts can score high. ' +
    `Here ${detected} of ${events.length} events have an alert; F1 is ${fmt(r.f1)} adjusted vs ` +
    `${fmt(plain.f1)} unadjusted (recall ${fmt(r.recall)} vs ${fmt(plain.recall)}). ` +
    'Report it only next to event-wise or range-based metrics.';
  return { precision: r.precision, recall: r.recall, f1: r.f1, warning };
}
