import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import { clusterColor } from './dendrogram-chart';
import { GRID_COLOR, LEGEND_STYLE, TEXT_COLOR, emptyChart, formatCount, formatNumber, themed } from './theme';

export interface ClusterIntensityInput {
  metrics: readonly string[];
  clusters: readonly { index: number; size: number; alertShare: number }[];
  /** [cluster][metric]: the cluster's mean robust z of the metric against its training level; NaN = none. */
  z: readonly (readonly number[])[];
  width?: number;
}

/**
 * Diverging colours of the z classes: ColorBrewer RdBu (9 classes) reversed, blue below the training
 * level, red above it, near-white around it. Red is the anomaly hue on purpose here: a metric well
 * above its training level is what makes a cluster alert.
 */
const BLUE_WHITE_RED = [
  '#2166ac',
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#f7f7f7',
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b',
];
/** The scale ends here at most: a cluster 4 sigma off is as far off as the colours say. */
const MAX_SIGMA = 4;
/** Cells without a value (no finite z in the cluster): a mid grey, unlike any class of the scale. */
const NO_DATA_COLOR = '#d1d5db';
const ROW_HEIGHT = 30;
const MARGIN_TOP = 8;
const MARGIN_RIGHT = 12;
/** Cells are wide enough for the metric's name up to this width, and at least this narrow one. */
const MAX_CELL = 120;
const MIN_CELL = 36;
const PREFERRED_CELL = 56;
const DEFAULT_MAX_WIDTH = 880;
/** Rough advance of a character at 12px, to size the margins for the labels. */
const CHAR_WIDTH = 6.2;
/** Room between the row labels and the cells for each cluster's colour swatch. */
const SWATCH_ROOM = 20;

interface Cell {
  metric: string;
  row: string;
  z: number;
}

function percent(share: number): string {
  if (!Number.isFinite(share)) return 'n/a';
  const p = 100 * share;
  return `${p > 0 && p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** `cluster 2 · 140 rows · 3.5% alerting`: the label of a cluster's row. */
function rowLabel(c: { index: number; size: number; alertShare: number }): string {
  return `cluster ${c.index} · ${formatCount(c.size)} row${c.size === 1 ? '' : 's'} · ${percent(c.alertShare)} alerting`;
}

/** A z with one decimal and a true minus sign; `—` for no value. */
function formatZ(z: number): string {
  if (!Number.isFinite(z)) return '—';
  const text = Math.abs(z).toFixed(1);
  return z < 0 && text !== '0.0' ? `−${text}` : text;
}

/**
 * The half-width of the symmetric colour domain: 1, 2 or 4 sigma, the smallest that holds the largest
 * |z| (4 when it is beyond), so small departures still show and large ones saturate at 4.
 */
function sigmaDomain(cells: readonly Cell[]): number {
  let top = 0;
  for (const c of cells) if (Number.isFinite(c.z)) top = Math.max(top, Math.abs(c.z));
  return top <= 1 ? 1 : top <= 2 ? 2 : MAX_SIGMA;
}

/**
 * How each behaviour cluster departs from the training level of each metric: one cell per (metric,
 * cluster), coloured by the cluster's mean robust z on a diverging blue-white-red scale over a symmetric
 * domain of at most ±4 sigma (9 classes, white within a quarter of it), with the value written in the
 * cell (`—` without one). Each row is labelled with the cluster's number, size and alerting share, and
 * a swatch in the cluster's colour ties it to the scatter and the dendrogram.
 *
 * @throws RangeError when z does not have one row per cluster and one value per metric
 */
export function clusterIntensityChart(input: ClusterIntensityInput): PlotOptions {
  const { metrics, clusters, z } = input;
  if (metrics.length === 0 || clusters.length === 0) {
    return emptyChart(
      'No cluster intensities yet: cluster the test rows on at least one metric.',
      input.width,
    );
  }
  if (z.length !== clusters.length || z.some((r) => r.length !== metrics.length)) {
    throw new RangeError(
      `cluster intensity: ${clusters.length} clusters x ${metrics.length} metrics need a z matrix of that shape`,
    );
  }
  const labels = clusters.map(rowLabel);
  const cells: Cell[] = [];
  clusters.forEach((_, i) =>
    metrics.forEach((m, j) => cells.push({ metric: m, row: labels[i], z: z[i][j] })),
  );
  const d = sigmaDomain(cells);
  const step = d / 4;
  const thresholds = [-4, -3, -2, -1, 1, 2, 3, 4].map((k) => k * step);

  const n = metrics.length;
  const longestLabel = labels.reduce((m, s) => Math.max(m, s.length), 0);
  const marginLeft = Math.ceil(12 + SWATCH_ROOM + CHAR_WIDTH * longestLabel);
  const longestMetric = metrics.reduce((m, s) => Math.max(m, s.length), 0);
  const room = (input.width ?? DEFAULT_MAX_WIDTH) - marginLeft - MARGIN_RIGHT;
  // Wide enough for the names to lie flat when the width allows it, else rotated names.
  const wanted = Math.max(PREFERRED_CELL, Math.min(MAX_CELL, Math.ceil(CHAR_WIDTH * longestMetric + 12)));
  const cell = Math.max(MIN_CELL, Math.min(wanted, Math.floor(room / n)));
  const rotate = CHAR_WIDTH * longestMetric > cell - 6;
  // Rotated labels need about 0.6 of their length vertically.
  const marginBottom = rotate ? Math.min(160, 16 + Math.round(CHAR_WIDTH * longestMetric * 0.6)) : 28;
  const width = input.width ?? marginLeft + MARGIN_RIGHT + n * cell;

  const marks: Markish[] = [
    Plot.cell(
      cells.filter((c) => !Number.isFinite(c.z)),
      {
        x: 'metric',
        y: 'row',
        fill: NO_DATA_COLOR,
        inset: 1,
        title: (c: Cell) => `${c.row}\n${c.metric}: no value`,
        ariaDescription: 'no value',
      },
    ),
    Plot.cell(
      cells.filter((c) => Number.isFinite(c.z)),
      {
        x: 'metric',
        y: 'row',
        fill: 'z',
        inset: 1,
        title: (c: Cell) =>
          `${c.row}\n${c.metric}: mean robust z ${formatZ(c.z)} (${c.z >= 0 ? 'above' : 'below'} its training level)`,
        tip: true,
        ariaDescription: 'intensity',
      },
    ),
    Plot.text(cells, {
      x: 'metric',
      y: 'row',
      text: (c: Cell) => formatZ(c.z),
      fill: (c: Cell) => (Math.abs(c.z) >= 3 * step ? '#ffffff' : TEXT_COLOR),
      fontSize: 11,
      ariaDescription: 'z value',
    }),
    // The cluster's colour, just left of its row, as in the scatter and the dendrogram.
    Plot.dot(clusters, {
      y: (_: unknown, i: number) => labels[i],
      frameAnchor: 'left',
      dx: -SWATCH_ROOM / 2 - 2,
      symbol: 'square',
      r: 4.5,
      fill: { value: clusters.map((c) => clusterColor(c.index)), scale: null },
      ariaDescription: 'cluster swatch',
    }),
    Plot.frame({ stroke: GRID_COLOR }),
  ];

  return themed({
    width,
    height: MARGIN_TOP + marginBottom + clusters.length * ROW_HEIGHT,
    marginTop: MARGIN_TOP,
    marginRight: MARGIN_RIGHT,
    marginBottom,
    marginLeft,
    x: {
      type: 'band',
      domain: [...metrics],
      label: null,
      tickSize: 0,
      padding: 0,
      ...(rotate && { tickRotate: -35 }),
    },
    y: { type: 'band', domain: labels, label: null, tickSize: 0, padding: 0, tickPadding: SWATCH_ROOM + 2 },
    // Classes rather than a continuous ramp: easier to read off the legend, and the legend is drawn with
    // SVG rects, not a canvas, so it renders in Node (tests, reports) too.
    color: legendScale({
      type: 'threshold',
      domain: thresholds,
      range: BLUE_WHITE_RED,
      label: 'Mean robust z against the training level (σ)',
      legend: 'ramp',
      style: LEGEND_STYLE,
      width: 320,
      // Quarter-sigma thresholds (the ±1 domain) unlabelled: their labels would run into each other.
      tickFormat: (v: number) =>
        Number.isInteger(2 * v) ? `${v < 0 ? '−' : ''}${formatNumber(Math.abs(v))}` : '',
    }),
    marks,
  });
}

/** Scale options with a colour legend's options (Plot reads both from the same object). */
function legendScale(options: Plot.ScaleOptions & Plot.LegendOptions): PlotOptions['color'] {
  return options;
}
