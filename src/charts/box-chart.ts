import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { BoxStats } from '../engine/eda/box-stats';
import {
  BACKGROUND_COLOR,
  MUTED_TEXT_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatCount,
  formatNumber,
  labelWithUnit,
  themed,
} from './theme';

export interface BoxInput {
  metric: string;
  unit?: string;
  /** One box per entity (or a single `all` box), drawn top to bottom in this order. */
  boxes: BoxStats[];
  width?: number;
  /**
   * Log x axis, for heavy-tailed metrics (the statistics stay those of the raw values). Ignored when
   * a value to draw is not positive.
   */
  log?: boolean;
  /** Height of one box row in pixels; default 26. */
  heightPerBox?: number;
}

const DEFAULT_HEIGHT_PER_BOX = 26;
const MARGIN_TOP = 22;
const MARGIN_BOTTOM = 40;
const MARGIN_RIGHT = 118;
/** The most outlier dots a chart draws in all (each box carries up to 50). */
const MAX_OUTLIER_DOTS = 2500;
/** Fill of the box (q1 to q3): a light slate under the dark median tick. */
const BOX_FILL = '#cbd5e1';

/**
 * Horizontal box plots of one metric, one row per entity: whiskers to the most extreme values inside
 * the 1.5 IQR fences, the box from q1 to q3, a tick at the median, the outlier sample as hollow dots,
 * and the outlier counts written at the right (`12 high / 0 low`). Outliers are a statistical rule,
 * not labels, so they are drawn in the series colour rather than the anomaly colour. `log: true` gives
 * a log x axis for heavy-tailed metrics; values <= 0 are then drawn at its left edge. A group without
 * values keeps its row and says so. A tip on each box gives its numbers.
 */
export function boxChart(input: BoxInput): PlotOptions {
  const { metric, unit, boxes } = input;
  if (boxes.length === 0 || boxes.every((b) => b.n === 0)) {
    return emptyChart(`No values of ${metric} to summarise: pick a metric with data.`, input.width);
  }
  const heightPerBox = input.heightPerBox ?? DEFAULT_HEIGHT_PER_BOX;
  const keys = boxes.map((b) => b.key);
  const full = boxes.filter((b) => b.n > 0);

  const perBox = Math.max(1, Math.floor(MAX_OUTLIER_DOTS / boxes.length));
  const outliers: { key: string; v: number }[] = [];
  for (const b of full) {
    const s = b.outlierSample;
    const take = Math.min(s.length, perBox);
    for (let i = 0; i < take; i++) {
      outliers.push({ key: b.key, v: s[take === 1 ? 0 : Math.round((i * (s.length - 1)) / (take - 1))] });
    }
  }

  const fmt = (v: number): string => formatNumber(v, unit);
  const tip = (b: BoxStats): string =>
    [
      `${b.key}: median ${fmt(b.median)}`,
      `q1 to q3: ${formatNumber(b.q1)} to ${formatNumber(b.q3)}`,
      `whiskers: ${formatNumber(b.whiskerLo)} to ${formatNumber(b.whiskerHi)}`,
      `min ${formatNumber(b.min)}, max ${formatNumber(b.max)}`,
      `${formatCount(b.n)} values${b.missing > 0 ? `, ${formatCount(b.missing)} missing` : ''}`,
    ].join('\n');

  const marks: Markish[] = [
    Plot.ruleY(full, {
      y: 'key',
      x1: 'whiskerLo',
      x2: 'whiskerHi',
      stroke: SERIES_COLOR,
      ariaDescription: 'whisker',
    }),
    Plot.tickX(full, { y: 'key', x: 'whiskerLo', stroke: SERIES_COLOR, inset: 6 }),
    Plot.tickX(full, { y: 'key', x: 'whiskerHi', stroke: SERIES_COLOR, inset: 6 }),
    Plot.barX(full, {
      y: 'key',
      x1: 'q1',
      x2: 'q3',
      fill: BOX_FILL,
      stroke: SERIES_COLOR,
      inset: 3,
      title: tip,
      tip: true,
      ariaDescription: 'box',
    }),
    Plot.tickX(full, {
      y: 'key',
      x: 'median',
      stroke: TEXT_COLOR,
      strokeWidth: 2.5,
      inset: 3,
      ariaDescription: 'median',
    }),
    Plot.dot(outliers, {
      y: 'key',
      x: 'v',
      r: 2.5,
      stroke: SERIES_COLOR,
      strokeOpacity: 0.8,
      fill: BACKGROUND_COLOR,
      ariaDescription: 'outlier',
    }),
    Plot.text(boxes, {
      y: 'key',
      text: (b: BoxStats) =>
        b.n === 0 ? 'no values' : `${formatCount(b.outliersHigh)} high / ${formatCount(b.outliersLow)} low`,
      frameAnchor: 'right',
      textAnchor: 'start',
      dx: 10,
      fill: MUTED_TEXT_COLOR,
      ariaDescription: 'outlier count',
    }),
  ];

  let lo = Infinity;
  let hi = -Infinity;
  for (const b of full) {
    lo = Math.min(lo, b.min);
    hi = Math.max(hi, b.max);
  }
  // A log axis starts at the smallest positive value drawn; values <= 0 are clamped to its left edge.
  const log = input.log === true && hi > 0;
  let clamped = false;
  if (log) {
    let positive = hi;
    const drawn = [...full.flatMap((b) => [b.min, b.whiskerLo, b.q1, b.median]), ...outliers.map((o) => o.v)];
    for (const v of drawn) {
      if (v > 0) positive = Math.min(positive, v);
      else clamped = true;
    }
    lo = positive;
  }
  if (lo === hi) {
    lo -= lo === 0 ? 1 : Math.abs(lo) * 0.1;
    hi += hi === 0 ? 1 : Math.abs(hi) * 0.1;
  }
  const longest = keys.reduce((m, k) => Math.max(m, k.length), 0);

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: MARGIN_TOP + MARGIN_BOTTOM + boxes.length * heightPerBox,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: Math.max(40, Math.min(180, 12 + 7 * longest)),
    marginRight: MARGIN_RIGHT,
    x: {
      type: log ? 'log' : 'linear',
      domain: [lo, hi],
      nice: !log,
      grid: true,
      label:
        labelWithUnit(metric, unit) +
        (log ? `, log scale${clamped ? ' (values ≤ 0 at the left edge)' : ''}` : ''),
      ...(log && { clamp: true, tickFormat: logTick }),
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { domain: keys, label: null, tickSize: 0, padding: 0 },
    marks: [
      Plot.text(['outliers (1.5 IQR)'], {
        frameAnchor: 'top-right',
        textAnchor: 'start',
        lineAnchor: 'bottom',
        dx: 10,
        dy: -4,
        fill: MUTED_TEXT_COLOR,
        fontStyle: 'italic',
      }),
      ...marks,
    ],
  });
}

/** Labels of a log axis: 1, 2 and 5 times a power of ten, the other ticks left as unlabelled marks. */
function logTick(v: number): string {
  const lead = Math.round(v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9)));
  return lead === 1 || lead === 2 || lead === 5 ? formatNumber(v) : '';
}
