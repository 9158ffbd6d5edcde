import { robustLocationScale } from '../detectors/baseline/robust-stats';
import { hourOfWeekIndex } from '../eda/seasonal-profile';

/** One metric's part in an alert: how far the row is from that metric's usual level. */
export interface Contribution {
  metric: string;
  value: number;
  /** The usual level: the training median for the row's hour of the week (or overall without times). */
  usual: number;
  /** (value - usual) / robust scale: in standard deviations of a normal distribution. */
  sigma: number;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Fewer training rows than this in an hour-of-week slot: the metric's overall baseline is used. */
const MIN_SLOT_ROWS = 4;

/** Baselines per metric: overall median and scale, and per hour-of-week slot when times exist. */
export interface MetricBaselines {
  metrics: string[];
  overall: { median: number; scale: number }[];
  /** [metric][slot] or null without times (or for a thin slot). */
  slots: ({ median: number; scale: number } | null)[][] | null;
}

/**
 * The usual level of each metric, from the training rows: the median and robust scale (1.4826 MAD, or
 * the mean absolute deviation when the MAD is 0) overall and per hour of the week (UTC, Monday 00:00
 * first) when the rows have times.
 */
export function fitBaselines(
  metrics: readonly string[],
  columns: readonly ArrayLike<number>[],
  trainRows: ArrayLike<number>,
  times: ArrayLike<number> | null,
): MetricBaselines {
  const slotOf = times ? hourOfWeekIndex(Float64Array.from(trainRows, (i) => times[i])) : null;
  const overall = columns.map((col) => {
    const vals = Float64Array.from(trainRows, (i) => col[i]).filter(Number.isFinite);
    const r = robustLocationScale(vals, new Float64Array(vals.length));
    return { median: r.median, scale: r.scale };
  });
  let slots: MetricBaselines['slots'] = null;
  if (slotOf) {
    slots = columns.map((col) => {
      const bySlot: number[][] = Array.from({ length: 168 }, () => []);
      for (let k = 0; k < trainRows.length; k++) {
        const v = col[trainRows[k]];
        if (slotOf[k] < 168 && Number.isFinite(v)) bySlot[slotOf[k]].push(v);
      }
      return bySlot.map((vals) => {
        if (vals.length < MIN_SLOT_ROWS) return null;
        const a = Float64Array.from(vals);
        const r = robustLocationScale(a, new Float64Array(a.length));
        return { median: r.median, scale: r.scale };
      });
    });
  }
  return { metrics: [...metrics], overall, slots };
}

/** Metric j's value against its usual level in an hour-of-week slot (255 = none); null when unknown. */
function contributionAt(b: MetricBaselines, j: number, v: number, slot: number): Contribution | null {
  if (!Number.isFinite(v)) return null;
  const base = (slot < 168 && b.slots?.[j][slot]) || b.overall[j];
  if (!Number.isFinite(base.median)) return null;
  return { metric: b.metrics[j], value: v, usual: base.median, sigma: (v - base.median) / base.scale };
}

/**
 * Every metric's distance from its usual level for rows of a dataset, in robust sigmas (NaN where the
 * value or its baseline is missing): `[metric][k]` for the rows `rows` of `columns`.
 */
export function metricSigmas(
  b: MetricBaselines,
  columns: readonly ArrayLike<number>[],
  rows: ArrayLike<number>,
  times: ArrayLike<number> | null,
): Float64Array[] {
  const slots = times && b.slots ? hourOfWeekIndex(Float64Array.from(rows, (i) => times[i])) : null;
  return b.metrics.map((_, j) =>
    Float64Array.from(
      rows,
      (i, k) => contributionAt(b, j, columns[j][i], slots ? slots[k] : 255)?.sigma ?? NaN,
    ),
  );
}

/**
 * The metrics that stand out most in one row, as plain sentences:
 * "cpu_pct 3.1 sigma above its usual Tuesday 14:00 level (82.0 vs 41.5)".
 */
export function explainRow(
  b: MetricBaselines,
  values: readonly number[],
  time: number | null,
  top = 3,
): { contributions: Contribution[]; sentences: string[] } {
  const slot = time !== null && b.slots ? hourOfWeekIndex([time])[0] : 255;
  const contributions: Contribution[] = [];
  b.metrics.forEach((metric, j) => {
    const c = contributionAt(b, j, values[j], slot);
    if (c) contributions.push(c);
  });
  contributions.sort((a, c) => Math.abs(c.sigma) - Math.abs(a.sigma));
  const kept = contributions.slice(0, top);
  const when = slot < 168 ? ` ${DAYS[Math.floor(slot / 24)]} ${String(slot % 24).padStart(2, '0')}:00` : '';
  const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const sentences = kept.map(
    (c) =>
      `${c.metric} ${Math.abs(c.sigma).toFixed(1)} sigma ${c.sigma >= 0 ? 'above' : 'below'} its usual${when} level (${fmt(c.value)} vs ${fmt(c.usual)})`,
  );
  return { contributions: kept, sentences };
}
