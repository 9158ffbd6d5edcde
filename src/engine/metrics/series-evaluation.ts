import { precisionAtK, recallAtK } from './at-k';
import { eventMetrics } from './events';
import { labelledEvents } from './latency';
import { nabCombine, nabScoreAll, type NabProfile, type NabResult } from './nab-score';
import { rangePrecisionRecall } from './range-pr';
import { vusPr } from './vus-pr';

/** The time-series view of one scored series (or several entities' series side by side). */
export interface SeriesEvaluation {
  /** Labelled events (runs of label 1) and alert events; latency in seconds. */
  event: {
    events: number;
    detected: number;
    recall: number;
    alert_events: number;
    precision: number;
    latency: { median: number | null; max: number | null };
  };
  /** Tatbul et al. (2018) range-based precision and recall: flat bias, no existence reward. */
  range: { precision: number; recall: number; f1: number };
  /** Precision and recall among the K highest scores, K = the labelled anomalous rows. */
  at_k: { k: number; precision: number; recall: number };
  /** Volume under the range-PR surface (TSB-AD's defaults: buffers up to 100 rows, 250 thresholds). */
  vus_pr: number;
  /**
   * NAB normalized scores (100 = a detection at the start of every window, 0 = never alerting), each
   * entity a file, combined as NAB does; the labelled runs are the windows.
   */
  nab: Record<NabProfile, number | null>;
}

/**
 * Event, range, top-K, VUS-PR and NAB metrics of scores and alerts whose rows are in time order within
 * each segment [start, end) (one segment per entity). Needs labels of both classes.
 */
export function evaluateSeries(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
  options: { times?: ArrayLike<number> | null; stepMs?: number } = {},
): SeriesEvaluation {
  const times = options.times ?? null;
  const ev = eventMetrics(labels, alerts, segments, { times, stepMs: options.stepMs ?? 300_000 });
  const range = rangePrecisionRecall(labels, alerts, segments);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const perProfile: Record<NabProfile, NabResult[]> = { standard: [], reward_low_fp: [], reward_low_fn: [] };
  for (const [start, end] of segments) {
    const seg = (a: ArrayLike<number>) => Array.prototype.slice.call(a, start, end) as number[];
    const segLabels = seg(labels);
    // Windows by row: NAB places them by row too, and times may repeat (a daylight-saving hour).
    const windows = labelledEvents(segLabels, [[0, end - start]]).map((e): [number, number] => [
      e.firstRow,
      e.lastRow,
    ]);
    const all = nabScoreAll(null, seg(alerts), windows);
    for (const p of Object.keys(perProfile) as NabProfile[]) perProfile[p].push(all[p]);
  }
  const nab = Object.fromEntries(
    (Object.keys(perProfile) as NabProfile[]).map((p) => [p, nabCombine(perProfile[p]).normalized]),
  ) as Record<NabProfile, number | null>;
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    event: {
      events: ev.events,
      detected: ev.detected,
      recall: ev.eventRecall,
      alert_events: ev.alertEvents,
      precision: ev.eventPrecision,
      latency: { median: seconds(ev.latency.medianMs), max: seconds(ev.latency.maxMs) },
    },
    range,
    at_k: {
      k: positives,
      precision: precisionAtK(labels, scores, positives),
      recall: recallAtK(labels, scores, positives),
    },
    vus_pr: vusPr(labels, scores),
    nab,
  };
}
