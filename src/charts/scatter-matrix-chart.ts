import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import { labelEvery, panelScale, type PanelScale } from './distribution-chart';
import {
  ANOMALY_COLOR,
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  NORMAL_COLOR,
  TEXT_COLOR,
  colorLegend,
  emptyChart,
  formatCount,
  themed,
} from './theme';

export interface ScatterMatrixInput {
  /** Metric names, one row and one column of panels each. */
  metrics: string[];
  /** Sampled values per metric (e.g. rows from `scatterSample`), all of the same length. */
  columns: Float64Array[];
  /** 0/1 per sampled row (non-zero = labelled anomaly), or null when the data has no labels. */
  labels: Uint8Array | null;
  /** Units per metric, in the same order, shown under the names on the diagonal. */
  units?: (string | undefined)[];
  /** Outer width; the panels are square, so the chart may come out narrower. Default 760. */
  width?: number;
}

/** The most dots the whole matrix draws; each off-diagonal panel gets an equal share. */
const MAX_DOTS = 3000;
const MARGIN_TOP = 8;
const MARGIN_RIGHT = 8;
const MARGIN_BOTTOM = 30;
const MARGIN_LEFT = 46;
const PADDING = 0.06;
const DIAGONAL_BINS = 20;
/** Values map to [0, 1]; the scales reach a little further so dots on the edge are not cut. */
const PAD = 0.04;

/**
 * Pairwise scatter matrix: an n x n grid of panels, row i and column j plotting metric j (x) against
 * metric i (y), normal rows as small translucent grey dots and labelled anomalies on top in the
 * anomaly colour. The diagonal shows each metric's name, unit and a histogram of the sampled values.
 *
 * Metrics have different units and Plot facets share their scales, so each metric's nice extent is
 * mapped to [0, 1] (the same in every panel it appears in), with inner tick labels written along
 * the bottom row and the left column. At most {@link MAX_DOTS} dots are drawn in all: when the sample
 * is larger, every panel draws the same evenly spaced subset of rows, anomalies first (up to a third).
 * The diagonal histograms count every sampled row: with a sample rich in anomalies (as `scatterSample`
 * makes it), they show the sample, not the data.
 * Rows where a panel's x or y is not finite are left out of that panel.
 *
 * @throws RangeError when the columns, metrics or labels differ in length
 */
export function scatterMatrixChart(input: ScatterMatrixInput): PlotOptions {
  const { metrics, columns, labels } = input;
  if (columns.length !== metrics.length) {
    throw new RangeError(`scatter matrix: ${metrics.length} metrics but ${columns.length} columns`);
  }
  const n = metrics.length;
  const rows = n > 0 ? columns[0].length : 0;
  for (const c of columns) {
    if (c.length !== rows)
      throw new RangeError(`scatter matrix: columns have ${rows} and ${c.length} values`);
  }
  if (labels && labels.length !== rows) {
    throw new RangeError(`scatter matrix: ${rows} rows but ${labels.length} labels`);
  }
  if (n < 2) return emptyChart('Pick at least two metrics to compare them pairwise.', input.width);
  if (rows === 0) return emptyChart('No rows to draw: the sample is empty.', input.width);

  const panel = Math.max(
    70,
    Math.min(200, Math.floor(((input.width ?? 760) - MARGIN_LEFT - MARGIN_RIGHT) / n)),
  );
  const scales: PanelScale[] = columns.map((c) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return panelScale(lo, hi, panel >= 140 ? 4 : 3);
  });
  const norm = columns.map((c, m) => {
    const { lo, hi } = scales[m];
    return Float64Array.from(c, (v) => (v - lo) / (hi - lo));
  });

  let anomalyCount = 0;
  if (labels) for (let r = 0; r < rows; r++) if (labels[r] > 0) anomalyCount++;
  const drawnOf = (k: number, of: number): string =>
    k === of ? formatCount(k) : `${formatCount(k)} of ${formatCount(of)} drawn`;
  const drawn = pickRows(rows, labels, Math.floor(MAX_DOTS / (n * (n - 1))));
  const normalRows = drawn.filter((r) => !(labels && labels[r] > 0));
  const anomalyRows = drawn.filter((r) => labels !== null && labels[r] > 0);
  const names = {
    normal: `${labels ? 'normal' : 'rows'} (${drawnOf(normalRows.length, rows - anomalyCount)})`,
    anomaly: `labelled anomaly (${drawnOf(anomalyRows.length, anomalyCount)})`,
  };

  const dots = (which: number[]): { x: Float64Array; y: Float64Array; fx: string[]; fy: string[] } => {
    const x: number[] = [];
    const y: number[] = [];
    const fx: string[] = [];
    const fy: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        for (const r of which) {
          const vx = norm[j][r];
          const vy = norm[i][r];
          if (!Number.isFinite(vx) || !Number.isFinite(vy)) continue;
          x.push(vx);
          y.push(vy);
          fx.push(metrics[j]);
          fy.push(metrics[i]);
        }
      }
    }
    return { x: Float64Array.from(x), y: Float64Array.from(y), fx, fy };
  };
  const normal = dots(normalRows);
  const anomaly = dots(anomalyRows);

  // Histogram of each metric on the diagonal, from every sampled value (not only the drawn ones).
  const bars: { m: string; x1: number; x2: number; y: number }[] = [];
  columns.forEach((_, m) => {
    const counts = new Float64Array(DIAGONAL_BINS);
    for (const v of norm[m]) {
      if (Number.isFinite(v)) counts[Math.min(DIAGONAL_BINS - 1, Math.floor(v * DIAGONAL_BINS))]++;
    }
    const top = Math.max(...counts);
    for (let b = 0; b < DIAGONAL_BINS; b++) {
      if (counts[b] === 0) continue;
      bars.push({
        m: metrics[m],
        x1: b / DIAGONAL_BINS,
        x2: (b + 1) / DIAGONAL_BINS,
        y: (0.62 * counts[b]) / top,
      });
    }
  });

  const xTicks: { fx: string; x: number; label: string }[] = [];
  const yTicks: { fy: string; y: number; label: string }[] = [];
  scales.forEach((sc, m) => {
    // End ticks would crowd the neighbouring panels: only inner ticks are labelled, about one per 45 px.
    const labelled = labelEvery({ ...sc, ticks: sc.ticks.slice(1, -1) }, Math.max(1, Math.floor(panel / 45)));
    sc.ticks.forEach((t, k) => {
      const pos = (t - sc.lo) / (sc.hi - sc.lo);
      const label = k > 0 && k < sc.ticks.length - 1 && labelled[k - 1] ? sc.format(t) : '';
      xTicks.push({ fx: metrics[m], x: pos, label });
      yTicks.push({ fy: metrics[m], y: pos, label });
    });
  });
  const last = metrics[n - 1];
  const first = metrics[0];

  const marks: Markish[] = [
    Plot.frame({ stroke: GRID_COLOR }),
    Plot.tickX(xTicks, { fx: 'fx', x: 'x', stroke: GRID_COLOR }),
    Plot.tickY(yTicks, { fy: 'fy', y: 'y', stroke: GRID_COLOR }),
    Plot.text(xTicks, {
      fx: 'fx',
      fy: () => last,
      x: 'x',
      text: 'label',
      frameAnchor: 'bottom',
      lineAnchor: 'top',
      dy: 4,
      fill: MUTED_TEXT_COLOR,
      fontSize: 10,
    }),
    Plot.text(yTicks, {
      fx: () => first,
      fy: 'fy',
      y: 'y',
      text: 'label',
      frameAnchor: 'left',
      textAnchor: 'end',
      dx: -4,
      fill: MUTED_TEXT_COLOR,
      fontSize: 10,
    }),
    Plot.rectY(bars, {
      fx: 'm',
      fy: 'm',
      x1: 'x1',
      x2: 'x2',
      y: 'y',
      fill: NORMAL_COLOR,
      fillOpacity: 0.5,
      insetLeft: 0.5,
      insetRight: 0.5,
      ariaDescription: 'histogram',
    }),
    Plot.text(metrics, {
      fx: (m: string) => m,
      fy: (m: string) => m,
      text: (m: string, i: number) => {
        const unit = input.units?.[i];
        return unit ? `${m}\n(${unit})` : m;
      },
      frameAnchor: 'top',
      lineAnchor: 'top',
      dy: 6,
      fontWeight: 600,
      fill: TEXT_COLOR,
      fontSize: panel < 110 ? 10 : 12,
      // In ems: wrap long names inside the panel.
      lineWidth: (panel - 8) / (panel < 110 ? 10 : 12),
    }),
    Plot.dot(
      { length: normal.x.length },
      {
        x: normal.x,
        y: normal.y,
        fx: normal.fx,
        fy: normal.fy,
        r: 1.75,
        fill: () => names.normal,
        fillOpacity: 0.5,
        ariaDescription: 'normal rows',
      },
    ),
  ];
  if (anomaly.x.length > 0) {
    marks.push(
      Plot.dot(
        { length: anomaly.x.length },
        {
          x: anomaly.x,
          y: anomaly.y,
          fx: anomaly.fx,
          fy: anomaly.fy,
          r: 2,
          fill: () => names.anomaly,
          fillOpacity: 0.85,
          ariaDescription: 'labelled anomalies',
        },
      ),
    );
  }

  const domain = labels ? [names.normal, names.anomaly] : [names.normal];
  const range = labels ? [NORMAL_COLOR, ANOMALY_COLOR] : [NORMAL_COLOR];
  return themed({
    width: MARGIN_LEFT + MARGIN_RIGHT + n * panel,
    height: MARGIN_TOP + MARGIN_BOTTOM + n * panel,
    marginTop: MARGIN_TOP,
    marginRight: MARGIN_RIGHT,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: MARGIN_LEFT,
    x: { type: 'linear', domain: [-PAD, 1 + PAD], axis: null },
    y: { type: 'linear', domain: [-PAD, 1 + PAD], axis: null },
    fx: { domain: metrics, axis: null, padding: PADDING },
    fy: { domain: metrics, axis: null, padding: PADDING },
    color: colorLegend(domain, range, 'Label'),
    marks,
  });
}

/**
 * At most `budget` row indices out of `rows`, ascending: every row when they fit, otherwise evenly
 * spaced anomalies (up to a third of the budget, more when there are few normal rows) and evenly spaced
 * normal rows for the rest.
 */
function pickRows(rows: number, labels: Uint8Array | null, budget: number): number[] {
  const all = Array.from({ length: rows }, (_, i) => i);
  if (rows <= budget) return all;
  const anomalies = labels ? all.filter((r) => labels[r] > 0) : [];
  const normal = labels ? all.filter((r) => !(labels[r] > 0)) : all;
  const keepA = Math.min(anomalies.length, Math.max(Math.floor(budget / 3), budget - normal.length));
  const keepN = Math.min(normal.length, budget - keepA);
  return [...spaced(anomalies, keepA), ...spaced(normal, keepN)].sort((a, b) => a - b);
}

function spaced(xs: number[], k: number): number[] {
  if (k >= xs.length) return xs;
  if (k <= 0) return [];
  if (k === 1) return [xs[0]];
  return Array.from({ length: k }, (_, s) => xs[Math.round((s * (xs.length - 1)) / (k - 1))]);
}
