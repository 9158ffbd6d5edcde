/** One bin of the alert rate over time: [start, end) in epoch ms (or row positions without times). */
export interface AlertRateBin {
  start: number;
  end: number;
  /** Rows of the fleet in the bin, alerting rows among them, and the instances with an alerting row. */
  rows: number;
  alerts: number;
  entities: number;
}

export interface AlertRate {
  axis: 'time' | 'row';
  /** What one bin spans: `hour`, `day`, `week`, or `rows` without times. */
  binName: 'hour' | 'day' | 'week' | 'rows';
  binSize: number;
  bins: AlertRateBin[];
  /** The busiest bin's alerts over the mean of the bins: > 3 says alerts come in bursts. */
  peakToMean: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Fewer bins than this at a width: the next finer width is used (a chart of 3 bars says little). */
const MIN_BINS = 12;
/** Row bins without times: at most this many. */
const ROW_BINS = 60;

/**
 * Alerting rows of a fleet over time, in bins of an hour, a day or a week (the widest giving at least
 * 12 bins, so a month of data is read by day), with the instances alerting in each bin. Without times,
 * each instance's rows are binned by position (its k-th row in bin floor(k / size)).
 *
 * @param times - row times in epoch ms (null without a time column), in the order of `alerts`.
 * @param alerts - 0/1 per row.
 * @param segments - [start, end) per instance, rows in time order within each.
 */
export function alertRateOverTime(
  times: ArrayLike<number> | null,
  alerts: ArrayLike<number>,
  segments: readonly (readonly [number, number])[],
): AlertRate {
  if (times && times.length !== alerts.length)
    throw new Error(`alertRateOverTime: ${times.length} times for ${alerts.length} alerts`);
  let lo = Infinity;
  let hi = -Infinity;
  let longest = 0;
  for (const [a, b] of segments) {
    longest = Math.max(longest, b - a);
    if (times)
      for (let k = a; k < b; k++) {
        if (times[k] < lo) lo = times[k];
        if (times[k] > hi) hi = times[k];
      }
  }
  if (!segments.length || longest === 0) {
    return {
      axis: times ? 'time' : 'row',
      binName: times ? 'day' : 'rows',
      binSize: 0,
      bins: [],
      peakToMean: null,
    };
  }
  let binName: AlertRate['binName'];
  let size: number;
  let origin: number;
  if (times && Number.isFinite(lo)) {
    const span = hi - lo;
    [binName, size] =
      span >= MIN_BINS * 7 * DAY ? ['week', 7 * DAY] : span >= MIN_BINS * DAY ? ['day', DAY] : ['hour', HOUR];
    // Bins on calendar boundaries (UTC midnight, Monday for weeks: 1970-01-05 was a Monday).
    const offset = binName === 'week' ? 4 * DAY : 0;
    origin = Math.floor((lo - offset) / size) * size + offset;
  } else {
    binName = 'rows';
    size = Math.max(1, Math.ceil(longest / ROW_BINS));
    origin = 0;
  }
  const count = times ? Math.floor((hi - origin) / size) + 1 : Math.ceil(longest / size);
  const bins: AlertRateBin[] = Array.from({ length: count }, (_, j) => ({
    start: origin + j * size,
    end: origin + (j + 1) * size,
    rows: 0,
    alerts: 0,
    entities: 0,
  }));
  for (const [a, b] of segments) {
    let lastCounted = -1;
    for (let k = a; k < b; k++) {
      const j = times ? Math.floor((times[k] - origin) / size) : Math.floor((k - a) / size);
      const bin = bins[j];
      bin.rows++;
      if (alerts[k] === 1) {
        bin.alerts++;
        if (lastCounted !== j) {
          bin.entities++;
          lastCounted = j;
        }
      }
    }
  }
  const total = bins.reduce((s, bin) => s + bin.alerts, 0);
  const peak = bins.reduce((m, bin) => Math.max(m, bin.alerts), 0);
  return {
    axis: times ? 'time' : 'row',
    binName,
    binSize: size,
    bins,
    peakToMean: total > 0 ? peak / (total / bins.length) : null,
  };
}
