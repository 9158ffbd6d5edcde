import { loadDetector } from '../detectors/index';
import type { DetectorJSON } from '../detectors/detector';
import {
  alertsAt,
  averagePrecision,
  confusion,
  bootstrapCI,
  evaluateSeries,
  eventMetrics,
  jaccardMatrix,
  nabScore,
  pointAdjustedF1,
  prCurve,
  rates,
  rocAuc,
  rocCurve,
} from '../metrics/index';
import type { PreprocessedData } from '../pipeline/fit';
import type { Matrix } from '../util/matrix';
import { labelledEvents } from '../metrics/latency';
import { rowContext } from '../pipeline/row-context';
import { partRows } from './part-rows';
import { columnValues } from '../table/column-values';
import { BASE_ONLINE_TYPES, likelihoodDefaults, type BaseOnlineType } from '../online/base-models';
import { likelihoodNab, likelihoodsOf, type LikelihoodNab } from '../online/likelihood-nab';

/** A model to compare: a detector fitted on the current preparation, at its alert threshold. */
export interface CompareModel {
  id: string;
  label: string;
  detector: DetectorJSON;
  threshold: number;
}

/** One model's scores on the test rows and its metrics there. */
export interface ModelComparison {
  id: string;
  label: string;
  type: string;
  threshold: number;
  /** Curves thinned to at most 400 points for drawing; null without labels of both classes. */
  roc: { fpr: Float64Array; tpr: Float64Array } | null;
  pr: { recall: Float64Array; precision: Float64Array } | null;
  rocAuc: number | null;
  prAuc: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  fpr: number | null;
  alerts: number;
  alertsPerDay: number | null;
  events: number;
  eventsDetected: number;
  /** Alert runs (incidents as raised) and the share of them that overlap a labelled event. */
  alertEvents: number;
  eventPrecision: number | null;
  latencyMedianMs: number | null;
  latencyMaxMs: number | null;
  /** Range-based precision and recall (Tatbul et al. 2018, flat bias, no existence reward). */
  rangePrecision: number | null;
  rangeRecall: number | null;
  /** Precision among the K highest scores, K = the labelled anomalous rows (R-precision). */
  precisionAtK: number | null;
  /** Point-adjusted F1: inflated by design; shown only beside its warning. */
  pointAdjustedF1: number | null;
  /**
   * Labelled events detected per anomaly type, when the data names the type of each anomalous row (an
   * `anomaly_type` column, as the demo data has); null otherwise.
   */
  byType: Record<string, { events: number; detected: number }> | null;
  /** 95% interval of the test PR-AUC from 200 event-block bootstrap resamples (null without labels). */
  prAucInterval: { low: number | null; high: number | null } | null;
  /** The same for the test ROC-AUC. */
  rocAucInterval: { low: number | null; high: number | null } | null;
  /** The same for the standard-profile NAB score at the model's threshold (each resample one series). */
  nabInterval: { low: number | null; high: number | null } | null;
  /** The same for event recall at the model's threshold (each resample read as one series). */
  eventRecallInterval: { low: number | null; high: number | null } | null;
  /** Volume under the range-PR surface (TSB-AD). */
  vusPr: number | null;
  /** NAB normalized scores, each entity a file (100 perfect, 0 = never alerting). */
  nab: { standard: number | null; reward_low_fp: number | null; reward_low_fn: number | null } | null;
  /**
   * NAB of the model's anomaly likelihood (each entity's scores in time order through its own
   * likelihood, from its first row) on the test rows, one threshold per profile optimised across the
   * entities, as NAB's optimiser does; null without labels.
   */
  nabLikelihood: LikelihoodNab | null;
  /** Test scores in test-row order (see `CompareResult.order`). */
  scores: Float64Array;
}

export interface CompareResult {
  models: ModelComparison[];
  /** Dataset rows of the test part, per entity in time order (the row order of every `scores`). */
  order: Int32Array;
  labels: Uint8Array | null;
  /** Jaccard index of every pair of models' alert sets on the test rows (1 on the diagonal). */
  agreement: number[][];
  /** Why point-adjusted F1 flatters a detector, for the table's footnote (null without labels). */
  pointAdjustWarning: string | null;
  /** [start, end) of each entity's stretch in `order`. */
  segments: [number, number][];
  days: number | null;
}

const MAX_POINTS = 400;
/** The column that names each anomalous row's type in the demo data (and in files that follow it). */
const TYPE_COLUMN = 'anomaly_type';

/** Events (runs of labelled rows) per type, and how many of them have at least one alerting row. */
export function detectedByType(
  labels: ArrayLike<number>,
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
  types: readonly string[],
): Record<string, { events: number; detected: number }> {
  const out: Record<string, { events: number; detected: number }> = {};
  for (const [start, end] of segments) {
    let k = start;
    while (k < end) {
      if (labels[k] !== 1) {
        k++;
        continue;
      }
      let last = k;
      let hit = alerts[k] === 1;
      while (last + 1 < end && labels[last + 1] === 1) {
        last++;
        if (alerts[last] === 1) hit = true;
      }
      const type = types[k] || 'unnamed';
      const entry = (out[type] ??= { events: 0, detected: 0 });
      entry.events++;
      if (hit) entry.detected++;
      k = last + 1;
    }
  }
  return out;
}

function thin(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  if (a.length <= MAX_POINTS) return [a, b];
  const step = (a.length - 1) / (MAX_POINTS - 1);
  return [
    Float64Array.from({ length: MAX_POINTS }, (_, i) => a[Math.round(i * step)]),
    Float64Array.from({ length: MAX_POINTS }, (_, i) => b[Math.round(i * step)]),
  ];
}

/**
 * Scores every model on the preparation's rows (each detector with the whole history, so sequential ones
 * see the rows before the test part) and measures it on the test rows: curves, point metrics at its own
 * threshold, alerts per day and per-event detection. `allOf` gives a model its input rows (every row of
 * `pre`'s dataset): by default the preparation's features.
 */
export function compareModels(
  pre: PreprocessedData,
  test: ArrayLike<number>,
  models: readonly CompareModel[],
  stepMs: number | null,
  allOf: (m: CompareModel) => Matrix = () => pre.all,
): CompareResult {
  const ds = pre.dataset;
  const part = partRows(ds, test);
  const { segments, labels, times } = part;
  const rows = part.order;
  const positives = labels ? labels.reduce((a, b) => a + b, 0) : 0;
  const ranked = labels !== null && positives > 0 && positives < labels.length;
  let days: number | null = null;
  if (times && segments.length) {
    let span = 0;
    for (const [a, b] of segments) span = Math.max(span, times[b - 1] - times[a] + (stepMs ?? 0));
    days = span > 0 ? span / 86_400_000 : null;
  } else if (stepMs) days = (rows.length / Math.max(1, segments.length)) * (stepMs / 86_400_000);
  const context = rowContext(ds);
  const typeCol = ds.table.columnNames().includes(TYPE_COLUMN)
    ? (columnValues(ds.table, TYPE_COLUMN) as ArrayLike<unknown>)
    : null;
  let warning: string | null = null;
  const out = models.map((m): ModelComparison => {
    const all = loadDetector(m.detector).score(allOf(m), context);
    const scores = Float64Array.from(rows, (i) => all[i]);
    const type = m.detector.type as BaseOnlineType;
    const likelihoods = ranked
      ? likelihoodsOf(all, context, BASE_ONLINE_TYPES.includes(type) ? likelihoodDefaults(type) : {})
      : all;
    const alerts = alertsAt(scores, m.threshold);
    const nAlerts = alerts.reduce((a, b) => a + b, 0);
    const base = {
      id: m.id,
      label: m.label,
      type: m.detector.type,
      threshold: m.threshold,
      alerts: nAlerts,
      alertsPerDay: days ? nAlerts / Math.max(1, segments.length) / days : null,
      scores,
    };
    if (!ranked || !labels) {
      return {
        ...base,
        roc: null,
        pr: null,
        rocAuc: null,
        prAuc: null,
        precision: null,
        recall: null,
        f1: null,
        fpr: null,
        events: 0,
        eventsDetected: 0,
        alertEvents: 0,
        eventPrecision: null,
        latencyMedianMs: null,
        latencyMaxMs: null,
        rangePrecision: null,
        rangeRecall: null,
        precisionAtK: null,
        pointAdjustedF1: null,
        vusPr: null,
        nab: null,
        nabLikelihood: null,
        nabInterval: null,
        rocAucInterval: null,
        prAucInterval: null,
        eventRecallInterval: null,
        byType: null,
      };
    }
    const rc = rocCurve(labels, scores);
    const pc = prCurve(labels, scores);
    const [fpr, tpr] = thin(rc.fpr, rc.tpr);
    const [recall, precision] = thin(pc.recall, pc.precision);
    const r = rates(confusion(labels, alerts));
    const series = evaluateSeries(labels, scores, alerts, segments, { times, stepMs: stepMs ?? 300_000 });
    const adjusted = pointAdjustedF1(labels, alerts, segments);
    warning ??= adjusted.warning;
    return {
      ...base,
      roc: { fpr, tpr },
      pr: { recall, precision },
      rocAuc: rocAuc(labels, scores),
      prAuc: averagePrecision(labels, scores),
      precision: r.precision,
      recall: r.recall,
      f1: r.f1,
      fpr: r.fpr,
      events: series.event.events,
      eventsDetected: series.event.detected,
      alertEvents: series.event.alert_events,
      eventPrecision: series.event.alert_events ? series.event.precision : null,
      latencyMedianMs: series.event.latency.median === null ? null : series.event.latency.median * 1000,
      latencyMaxMs: series.event.latency.max === null ? null : series.event.latency.max * 1000,
      rangePrecision: series.range.precision,
      rangeRecall: series.range.recall,
      precisionAtK: series.at_k.precision,
      pointAdjustedF1: adjusted.f1,
      vusPr: series.vus_pr,
      nab: series.nab,
      nabLikelihood: likelihoodNab(
        Float64Array.from(rows, (i) => likelihoods[i]),
        labels,
        segments,
      ),
      byType: typeCol
        ? detectedByType(
            labels,
            alerts,
            segments,
            Array.from(rows, (i) => String(typeCol[i])),
          )
        : null,
      prAucInterval: (() => {
        const ci = bootstrapCI(labels, scores, segments, averagePrecision, { seed: 0, resamples: 200 });
        return { low: ci.low, high: ci.high };
      })(),
      rocAucInterval: (() => {
        const ci = bootstrapCI(labels, scores, segments, rocAuc, { seed: 0, resamples: 200 });
        return { low: ci.low, high: ci.high };
      })(),
      nabInterval: (() => {
        // Each resample read as one series with its labelled runs as NAB windows (row positions).
        const nab = (l: ArrayLike<number>, sc: ArrayLike<number>) => {
          const windows = labelledEvents(l, [[0, l.length]]).map((e): [number, number] => [
            e.firstRow,
            e.lastRow,
          ]);
          return nabScore(null, alertsAt(sc, m.threshold), windows, 'standard').normalized ?? NaN;
        };
        const ci = bootstrapCI(labels, scores, segments, nab, { seed: 0, resamples: 200 });
        return { low: ci.low, high: ci.high };
      })(),
      eventRecallInterval: (() => {
        const recall = (l: ArrayLike<number>, sc: ArrayLike<number>) =>
          eventMetrics(l, alertsAt(sc, m.threshold), [[0, l.length]]).eventRecall;
        const ci = bootstrapCI(labels, scores, segments, recall, { seed: 0, resamples: 200 });
        return { low: ci.low, high: ci.high };
      })(),
    };
  });
  const agreement = jaccardMatrix(out.map((m) => alertsAt(m.scores, m.threshold)));
  return { models: out, order: rows, labels, agreement, pointAdjustWarning: warning, segments, days };
}
