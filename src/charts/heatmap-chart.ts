import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import { panelScale } from './distribution-chart';
import {
  GRID_COLOR,
  LEGEND_STYLE,
  TEXT_COLOR,
  emptyChart,
  formatNumber,
  labelWithUnit,
  themed,
} from './theme';

export interface HourOfWeekInput {
  metric: string;
  unit?: string;
  /** 168 means, index `day * 24 + hour`, Monday 00:00 UTC first (`SeasonalProfile.hourOfWeek`); NaN = no data. */
  values: Float64Array;
  width?: number;
}

export interface CorrelationInput {
  /** Metric names, in matrix order. */
  names: string[];
  /** n x n correlations, row-major (`correlationMatrix`); NaN where undefined. */
  matrix: Float64Array;
  method: 'pearson' | 'spearman';
  width?: number;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);
/** Cells without data (or an undefined r): a mid grey, unlike any tint of the blue or purple-green scales. */
const NO_DATA_COLOR = '#d1d5db';
/**
 * Sequential colours of the hour-of-week heatmap: ColorBrewer Blues (9 classes), lightest first. Blue,
 * so no cell reads as the anomaly red; cells without data are grey, unlike any of them.
 */
const BLUES = [
  '#f7fbff',
  '#deebf7',
  '#c6dbef',
  '#9ecae1',
  '#6baed6',
  '#4292c6',
  '#2171b5',
  '#08519c',
  '#08306b',
];
/** Class boundaries of the correlation colours: 9 classes over [-1, 1], white for |r| < 0.2. */
const R_THRESHOLDS = [-0.8, -0.6, -0.4, -0.2, 0.2, 0.4, 0.6, 0.8];
/** The r values are written in the cells up to this many metrics. */
const MAX_LABELLED = 12;

/**
 * Hour-of-week heatmap of one metric: one cell per (day, hour UTC), Monday on top, coloured by the
 * mean in classes of a sequential blue scale split at nice thresholds (up to 9 classes), with a
 * colour legend; cells without data are grey. A tip gives each cell's day, hour and mean.
 */
export function hourOfWeekChart(input: HourOfWeekInput): PlotOptions {
  const { metric, unit, values } = input;
  const cells: { day: string; hour: number; v: number }[] = [];
  let finite = 0;
  for (let k = 0; k < Math.min(168, values.length); k++) {
    const v = values[k];
    if (Number.isFinite(v)) finite++;
    cells.push({ day: DAYS[Math.floor(k / 24)], hour: k % 24, v });
  }
  if (values.length !== 168 || finite === 0) {
    return emptyChart(
      `No hour-of-week pattern of ${metric}: it needs a time column and values.`,
      input.width,
    );
  }
  const withData = cells.filter((c) => Number.isFinite(c.v));
  const missing = cells.filter((c) => !Number.isFinite(c.v));
  const label = `mean ${labelWithUnit(metric, unit)}`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of cells) {
    if (c.v < lo) lo = c.v;
    if (c.v > hi) hi = c.v;
  }
  // Up to 8 nice inner thresholds (9 classes); a flat profile gets one threshold, hence 2 classes.
  let thresholds = panelScale(lo, hi, 8).ticks.filter((t) => t > lo && t <= hi);
  if (thresholds.length > 8) thresholds = panelScale(lo, hi, 5).ticks.filter((t) => t > lo && t <= hi);
  if (thresholds.length === 0) thresholds.push(hi);
  const hh = (h: number): string => String(h).padStart(2, '0');

  const marks: Markish[] = [
    Plot.cell(withData, {
      x: 'hour',
      y: 'day',
      fill: 'v',
      inset: 1,
      title: (c: { day: string; hour: number; v: number }) =>
        `${c.day} ${hh(c.hour)}:00–${hh((c.hour + 1) % 24)}:00 UTC\nmean ${formatNumber(c.v, unit)}`,
      tip: true,
      ariaDescription: 'hour-of-week mean',
    }),
  ];
  if (missing.length > 0) {
    marks.unshift(
      Plot.cell(missing, {
        x: 'hour',
        y: 'day',
        fill: NO_DATA_COLOR,
        inset: 1,
        title: () => 'no data',
        ariaDescription: 'no data',
      }),
    );
  }

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 7 * 28 + 8 + 40,
    marginTop: 8,
    marginBottom: 40,
    marginLeft: 44,
    marginRight: 12,
    x: {
      type: 'band',
      domain: HOURS,
      padding: 0,
      tickFormat: (h: number) => (h % 3 === 0 ? hh(h) : ''),
      tickSize: 0,
      label: 'Hour of day (UTC)',
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { type: 'band', domain: DAYS, label: null, tickSize: 0, padding: 0 },
    // Classes at nice thresholds rather than a continuous ramp: easier to read off the legend, and the
    // legend is drawn with SVG rects, not a canvas, so it renders in Node (tests, reports) too.
    color: legendScale({
      type: 'threshold',
      domain: thresholds,
      range: blues(thresholds.length + 1),
      label,
      legend: 'ramp',
      style: LEGEND_STYLE,
      width: 320,
      tickFormat: (v: number) => formatNumber(v),
    }),
    marks,
  });
}

/** `k` (at most 9) classes of {@link BLUES}, spread over its 7 darkest (over more when k > 7). */
function blues(k: number): string[] {
  const from = k <= 7 ? 2 : BLUES.length - k;
  const to = BLUES.length - 1;
  return Array.from(
    { length: k },
    (_, i) => BLUES[k === 1 ? to : Math.round(from + (i * (to - from)) / (k - 1))],
  );
}

/**
 * Correlation heatmap: one cell per pair of metrics, coloured on a diverging purple-green scale over
 * [-1, 1] in classes of 0.2 (white for |r| < 0.2), with r written in each cell when there are at most
 * 12 metrics. An undefined r (a constant column) is a grey cell marked `n/a`. Cells are square: the
 * chart sets its own width from the number of metrics (or fits the given width).
 */
export function correlationChart(input: CorrelationInput): PlotOptions {
  const { names, matrix, method } = input;
  const n = names.length;
  if (n === 0) {
    return emptyChart('No correlations yet: pick at least two numeric metrics.', input.width);
  }
  if (matrix.length !== n * n) {
    throw new RangeError(`correlation chart: ${n} names need ${n * n} values, got ${matrix.length}`);
  }
  const rName = method === 'pearson' ? 'Pearson r' : 'Spearman ρ';
  const cells: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) cells.push({ a: names[i], b: names[j], r: matrix[i * n + j] });
  }
  const longest = names.reduce((m, s) => Math.max(m, s.length), 0);
  const marginLeft = Math.max(40, Math.min(200, 12 + 7 * longest));
  // Rotated x labels need about 0.6 of their length vertically.
  const marginBottom = Math.max(40, Math.min(160, 16 + Math.round(7 * longest * 0.6)));
  const marginTop = 8;
  const marginRight = 16;
  const maxCell = n <= MAX_LABELLED ? 60 : 32;
  const fit = input.width !== undefined ? Math.floor((input.width - marginLeft - marginRight) / n) : Infinity;
  const cell = Math.max(8, Math.min(maxCell, fit));
  const fmt = (r: number): string => (Number.isFinite(r) ? r.toFixed(2) : 'n/a');

  const marks: Markish[] = [
    Plot.cell(
      cells.filter((c) => !Number.isFinite(c.r)),
      { x: 'b', y: 'a', fill: NO_DATA_COLOR, inset: 0.5 },
    ),
    Plot.cell(
      cells.filter((c) => Number.isFinite(c.r)),
      {
        x: 'b',
        y: 'a',
        fill: 'r',
        inset: 0.5,
        title: (c: { a: string; b: string; r: number }) => `${c.a} × ${c.b}\n${rName} = ${fmt(c.r)}`,
        tip: true,
        ariaDescription: 'correlation',
      },
    ),
  ];
  if (n <= MAX_LABELLED) {
    marks.push(
      Plot.text(cells, {
        x: 'b',
        y: 'a',
        text: (c: { r: number }) => fmt(c.r),
        fill: (c: { r: number }) => (Math.abs(c.r) > 0.6 ? '#ffffff' : TEXT_COLOR),
        fontSize: cell < 40 ? 9 : 11,
        ariaDescription: 'r value',
      }),
    );
  }

  return themed({
    width: marginLeft + marginRight + n * cell,
    height: marginTop + marginBottom + n * cell,
    marginTop,
    marginBottom,
    marginLeft,
    marginRight,
    x: { domain: names, label: null, tickRotate: -35, tickSize: 0 },
    y: { domain: names, label: null, tickSize: 0 },
    // Purple-green (ColorBrewer PRGn, colour-blind safe) rather than the usual red-blue: red means
    // "labelled anomaly" in this workbench, and a strong correlation is not one. -1 purple, +1 green.
    // Classes of 0.2 (|r| < 0.2 white) rather than a continuous ramp: the legend reads directly, and it
    // is drawn with SVG rects, not a canvas, so it renders in Node (tests, reports) too.
    color: legendScale({
      type: 'threshold',
      scheme: 'prgn',
      domain: R_THRESHOLDS,
      label: rName,
      legend: 'ramp',
      style: LEGEND_STYLE,
      width: 320,
    }),
    marks: [...marks, Plot.frame({ stroke: GRID_COLOR })],
  });
}

/** Scale options with a colour legend's options (Plot reads both from the same object). */
function legendScale(options: Plot.ScaleOptions & Plot.LegendOptions): PlotOptions['color'] {
  return options;
}
