import { eventLatencies, labelledEvents, type LabelledEvent } from './latency';
import { checkBinary, checkSameLength } from './validate';

/** Event-wise detection metrics at one set of alerts (see {@link eventMetrics}). */
export interface EventMetrics {
  /** Number of labelled events (runs of label 1 within segments). */
  events: number;
  /** Labelled events with at least one alerting row. */
  detected: number;
  /** detected / events; 0 when there are no labelled events. */
  eventRecall: number;
  /** Number of alert events ({@link alertEvents} with the given `maxGap`). */
  alertEvents: number;
  /** Alert events whose row range [firstRow, lastRow] overlaps a labelled event. */
  truePositiveAlertEvents: number;
  /** truePositiveAlertEvents / alertEvents; 0 when there are no alerts. */
  eventPrecision: number;
  latency: {
    /** Median latency of the detected events in ms; `null` when none is detected. */
    medianMs: number | null;
    /** Largest latency of the detected events in ms; `null` when none is detected. */
    maxMs: number | null;
    /** One entry per labelled event in row order: latency in ms, or `null` when the event is missed. */
    perEvent: (number | null)[];
  };
}

export interface EventMetricsOptions {
  /** Epoch ms per row (same length as `labels`); latencies are time differences when given. */
  times?: ArrayLike<number> | null;
  /** Step between rows in ms, used for latencies when `times` is absent. Default 300000 (5 minutes). */
  stepMs?: number;
  /** Alert runs separated by at most this many non-alert rows count as one alert event. Default 0. */
  maxGap?: number;
}

/**
 * Throws unless every segment is a pair of integers 0 <= start <= end <= n and no two segments overlap
 * (an overlap would count its rows, and their events, twice).
 */
export function checkSegments(fn: string, segments: readonly (readonly [number, number])[], n: number): void {
  for (let s = 0; s < segments.length; s++) {
    const [start, end] = segments[s];
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > n) {
      throw new Error(
        `${fn}: segments[${s}] is [${String(start)}, ${String(end)}]; ` +
          `a segment must be integers [start, end) with 0 <= start <= end <= ${n} (the number of rows)`,
      );
    }
  }
  const order = segments.map((_, s) => s).sort((a, b) => segments[a][0] - segments[b][0]);
  for (let k = 1; k < order.length; k++) {
    const prev = segments[order[k - 1]];
    const cur = segments[order[k]];
    if (cur[0] < prev[1] && cur[0] < cur[1]) {
      throw new Error(
        `${fn}: segments[${order[k - 1]}] and segments[${order[k]}] overlap; segments must be disjoint`,
      );
    }
  }
}

function checkMaxGap(fn: string, maxGap: number): void {
  if (!Number.isInteger(maxGap) || maxGap < 0) {
    throw new Error(`${fn}: maxGap is ${String(maxGap)}; it must be a non-negative integer`);
  }
}

function groupAlerts(
  alerts: ArrayLike<number>,
  segments: readonly (readonly [number, number])[],
  maxGap: number,
): LabelledEvent[] {
  const out: LabelledEvent[] = [];
  for (const [start, end] of segments) {
    let open = -1;
    let last = -1;
    for (let k = start; k < end; k++) {
      if (alerts[k] !== 1) continue;
      if (open >= 0 && k - last - 1 > maxGap) {
        out.push({ firstRow: open, lastRow: last });
        open = -1;
      }
      if (open < 0) open = k;
      last = k;
    }
    if (open >= 0) out.push({ firstRow: open, lastRow: last });
  }
  return out;
}

/**
 * Groups alerting rows into alert events: runs of consecutive 1s within each segment [start, end), merged
 * when separated by at most `maxGap` non-alert rows. An event never crosses a segment boundary, and it
 * starts and ends on an alerting row (trailing gaps are not included).
 *
 * @param alerts - 0/1 decisions, rows in time order within each segment.
 * @param segments - disjoint [start, end) row ranges, one per entity; rows outside every segment are ignored.
 * @param maxGap - largest number of silent rows bridged inside one event; 0 (default) gives plain runs.
 * @throws if an alert is not 0/1, a segment is out of range or overlaps another, or maxGap is not an
 *   integer >= 0.
 */
export function alertEvents(
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
  maxGap = 0,
): LabelledEvent[] {
  checkBinary('alertEvents', 'alerts', alerts);
  checkSegments('alertEvents', segments, alerts.length);
  checkMaxGap('alertEvents', maxGap);
  return groupAlerts(alerts, segments, maxGap);
}

/**
 * Event-wise recall, precision and detection latency.
 *
 * A labelled event (a run of label-1 rows, {@link labelledEvents}) is detected when any of its rows alerts.
 * An alert event ({@link alertEvents}) is a true positive when its row range [firstRow, lastRow] overlaps a
 * labelled event; with `maxGap > 0` the bridged silent rows count as part of the alert event. Latency is
 * measured by {@link eventLatencies}: from the event's first row to its first alerting row.
 *
 * Ratios with a zero denominator are 0, as in {@link rates}.
 *
 * @param labels - 0/1 ground truth, 1 = anomaly.
 * @param alerts - 0/1 decisions for the same rows.
 * @param segments - disjoint [start, end) row ranges, one per entity, rows in time order inside each.
 * @throws if lengths differ (labels, alerts, times), a label or alert is not 0/1, a segment is invalid,
 *   `stepMs` is not a positive finite number or `maxGap` is not an integer >= 0.
 */
export function eventMetrics(
  labels: ArrayLike<number>,
  alerts: ArrayLike<number>,
  segments: readonly [number, number][],
  options: EventMetricsOptions = {},
): EventMetrics {
  const fn = 'eventMetrics';
  const { times = null, stepMs = 300000, maxGap = 0 } = options;
  checkSameLength(fn, 'labels', labels, 'alerts', alerts);
  if (times) checkSameLength(fn, 'labels', labels, 'times', times);
  checkBinary(fn, 'labels', labels);
  checkBinary(fn, 'alerts', alerts);
  checkSegments(fn, segments, labels.length);
  checkMaxGap(fn, maxGap);
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) {
    throw new Error(`${fn}: stepMs is ${String(stepMs)}; it must be a positive finite number of ms`);
  }

  const events = labelledEvents(labels, segments);
  const summary = eventLatencies(events, alerts, 1, times, stepMs);
  const perEvent = events.map((e) => eventLatencies([e], alerts, 1, times, stepMs).latenciesMs[0] ?? null);

  const groups = groupAlerts(alerts, segments, maxGap);
  // A group lies inside one segment, and so do the labelled events: a labelled row in its range is an overlap.
  let truePositives = 0;
  for (const g of groups) {
    let k = g.firstRow;
    while (k <= g.lastRow && labels[k] !== 1) k++;
    if (k <= g.lastRow) truePositives++;
  }

  return {
    events: events.length,
    detected: summary.detected,
    eventRecall: events.length ? summary.detected / events.length : 0,
    alertEvents: groups.length,
    truePositiveAlertEvents: truePositives,
    eventPrecision: groups.length ? truePositives / groups.length : 0,
    latency: { medianMs: summary.medianMs, maxMs: summary.maxMs, perEvent },
  };
}
