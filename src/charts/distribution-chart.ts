import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import type { HistogramKde } from '../engine/eda/distribution';
import {
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  NORMAL_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatCount,
  formatNumber,
  labelWithUnit,
  themed,
} from './theme';

export interface DistributionInput {
  /** One panel per metric, in this order. */
  metrics: { metric: string; unit?: string; hist: HistogramKde }[];
  width?: number;
  /** Panels per row; default 3 (fewer when there are fewer metrics). */
  columns?: number;
  /** Height of one panel row in pixels, including its title and tick labels; default 170. */
  heightPerRow?: number;
}

const DEFAULT_COLUMNS = 3;
const DEFAULT_HEIGHT_PER_ROW = 170;
const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 36;
const MARGIN_LEFT = 12;
const MARGIN_RIGHT = 12;
/** Gap between panel rows (share of a row): holds the x tick labels and x label of the row above. */
const FY_PADDING = 0.42;
const FX_PADDING = 0.14;

/**
 * Distributions of several metrics as small multiples: one panel per metric, wrapped into a grid of
 * (by default) 3 columns. Each panel has the histogram as bars and the kernel density as a line over
 * it; both are densities (count / (n * bin width)), so the line overlays the bars. The title gives
 * the metric and its unit, the corner the number of values (and how many the log scale skipped), and
 * the x label `log10(value in ms)` when the histogram was computed on log10 values, followed by the
 * number of values left out (missing, or not positive on a log scale).
 *
 * Metrics have different units and ranges and Plot facets share their scales, so each panel is drawn
 * on [0, 1] x [0, 1] after mapping its own nice x extent and density range there, with its own tick
 * labels in real units. The density axis has no ticks: only the shape matters. A metric without
 * values keeps its panel, with a note.
 */
export function distributionChart(input: DistributionInput): PlotOptions {
  const metrics = input.metrics;
  if (metrics.length === 0 || metrics.every((m) => m.hist.n === 0)) {
    return emptyChart(
      'No distribution to show yet: load a dataset and pick at least one metric.',
      input.width,
    );
  }
  const columns = Math.max(1, Math.min(input.columns ?? DEFAULT_COLUMNS, metrics.length));
  const rowCount = Math.ceil(metrics.length / columns);
  const heightPerRow = input.heightPerRow ?? DEFAULT_HEIGHT_PER_ROW;
  const panelWidth = ((input.width ?? 960) - MARGIN_LEFT - MARGIN_RIGHT) / columns;
  const xTickCount = Math.max(2, Math.min(6, Math.floor(panelWidth / 70)));

  const bars: { fx: number; fy: number; x1: number; x2: number; y: number; title: string }[] = [];
  const curves: { fx: number; fy: number; x: number; y: number }[] = [];
  const ticks: { fx: number; fy: number; x: number; label: string }[] = [];
  const titles: { fx: number; fy: number; title: string; note: string; xLabel: string }[] = [];
  const emptyPanels: { fx: number; fy: number }[] = [];

  metrics.forEach(({ metric, unit, hist }, i) => {
    const fx = i % columns;
    const fy = Math.floor(i / columns);
    const left =
      hist.skipped === 0
        ? ''
        : hist.log
          ? ` · ${formatCount(hist.skipped)} ≤ 0 or missing left out`
          : ` · ${formatCount(hist.skipped)} missing`;
    const xLabel =
      (hist.log ? `log10(value${unit ? ` in ${unit}` : ''})` : labelWithUnit('value', unit)) + left;
    const note = `n = ${formatCount(hist.n)}`;
    titles.push({ fx, fy, title: labelWithUnit(metric, unit), note, xLabel });
    if (hist.n === 0) {
      emptyPanels.push({ fx, fy });
      return;
    }

    const { x0, x1, density, count } = hist.bins;
    let lo = hist.min;
    let hi = hist.max;
    let top = 0;
    for (let k = 0; k < x0.length; k++) {
      lo = Math.min(lo, x0[k]);
      hi = Math.max(hi, x1[k]);
      top = Math.max(top, density[k]);
    }
    // The density curve runs 3 bandwidths past the data: show most of its tails, not all.
    const pad = Number.isFinite(hist.bandwidth) ? 1.5 * hist.bandwidth : 0;
    lo -= pad;
    hi += pad;
    for (let k = 0; k < hist.kde.x.length; k++) {
      const x = hist.kde.x[k];
      if (x >= lo && x <= hi) top = Math.max(top, hist.kde.density[k]);
    }
    const sx = panelScale(lo, hi, xTickCount);
    const yMax = top > 0 ? top * 1.08 : 1;
    const nx = (v: number): number => (v - sx.lo) / (sx.hi - sx.lo);

    const fmt = (v: number): string => formatNumber(hist.log ? Math.pow(10, v) : v, unit);
    for (let k = 0; k < x0.length; k++) {
      if (count[k] === 0) continue;
      bars.push({
        fx,
        fy,
        x1: nx(x0[k]),
        x2: nx(x1[k]),
        y: density[k] / yMax,
        title: `${metric}: ${fmt(x0[k])} to ${fmt(x1[k])}\n${formatCount(count[k])} values (${formatNumber((100 * count[k]) / hist.n)}%)`,
      });
    }
    for (let k = 0; k < hist.kde.x.length; k++) {
      const x = hist.kde.x[k];
      if (x < sx.lo || x > sx.hi) continue;
      curves.push({ fx, fy, x: nx(x), y: hist.kde.density[k] / yMax });
    }
    const labelled = labelEvery(sx, Math.max(2, Math.floor(panelWidth / 55)));
    sx.ticks.forEach((t, k) => ticks.push({ fx, fy, x: nx(t), label: labelled[k] ? sx.format(t) : '' }));
  });

  const marks: Markish[] = [
    Plot.ruleX(ticks, { fx: 'fx', fy: 'fy', x: 'x', stroke: GRID_COLOR }),
    Plot.ruleY(titles, { fx: 'fx', fy: 'fy', y: 0, stroke: MUTED_TEXT_COLOR }),
    Plot.text(ticks, {
      fx: 'fx',
      fy: 'fy',
      x: 'x',
      text: 'label',
      frameAnchor: 'bottom',
      lineAnchor: 'top',
      dy: 6,
      fill: MUTED_TEXT_COLOR,
    }),
    Plot.rectY(bars, {
      fx: 'fx',
      fy: 'fy',
      x1: 'x1',
      x2: 'x2',
      y: 'y',
      fill: NORMAL_COLOR,
      fillOpacity: 0.55,
      insetLeft: 0.5,
      insetRight: 0.5,
      title: 'title',
      tip: true,
      ariaDescription: 'histogram',
    }),
    Plot.line(curves, {
      fx: 'fx',
      fy: 'fy',
      x: 'x',
      y: 'y',
      z: (d: { fx: number; fy: number }) => d.fy * columns + d.fx,
      stroke: SERIES_COLOR,
      strokeWidth: 1.75,
      ariaDescription: 'density',
    }),
    Plot.text(titles, {
      fx: 'fx',
      fy: 'fy',
      text: 'title',
      frameAnchor: 'top-left',
      lineAnchor: 'bottom',
      dy: -6,
      fontWeight: 600,
      fill: TEXT_COLOR,
    }),
    Plot.text(titles, {
      fx: 'fx',
      fy: 'fy',
      text: 'note',
      frameAnchor: 'top-right',
      lineAnchor: 'bottom',
      dy: -6,
      fill: MUTED_TEXT_COLOR,
    }),
    Plot.text(titles, {
      fx: 'fx',
      fy: 'fy',
      text: 'xLabel',
      frameAnchor: 'bottom',
      lineAnchor: 'top',
      dy: 22,
      fill: MUTED_TEXT_COLOR,
    }),
  ];
  if (emptyPanels.length > 0) {
    marks.push(
      Plot.text(emptyPanels, {
        fx: 'fx',
        fy: 'fy',
        text: () => 'no finite values',
        frameAnchor: 'middle',
        fill: MUTED_TEXT_COLOR,
      }),
    );
  }

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: MARGIN_TOP + MARGIN_BOTTOM + rowCount * heightPerRow,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    x: { type: 'linear', domain: [0, 1], axis: null },
    y: { type: 'linear', domain: [0, 1], axis: null },
    fx: { domain: range(columns), axis: null, padding: FX_PADDING },
    fy: { domain: range(rowCount), axis: null, padding: FY_PADDING },
    marks,
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A nice extent of one panel's own scale, its ticks and their labels (SI prefixes above 10,000). */
export interface PanelScale {
  lo: number;
  hi: number;
  ticks: number[];
  format: (v: number) => string;
}

/**
 * Nice extent and about `count` ticks over [min, max], like d3's `nice()`/`ticks()`, for charts that
 * draw panels of different units on [0, 1] and write their tick labels themselves. A zero range gets
 * ±10% (±1 at zero); non-finite bounds give [0, 1].
 */
export function panelScale(min: number, max: number, count: number): PanelScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / Math.max(1, count));
  const k0 = Math.floor(min / step + 1e-9);
  const k1 = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) ticks.push(+(k * step).toPrecision(12));
  const largest = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
  // SI prefixes rather than Intl's compact "B": "6.2B bytes" would read as bytes, not billions.
  const tier = largest >= 1e4 ? Math.min(Math.floor(Math.log10(largest) / 3), SI_PREFIXES.length - 1) : 0;
  const divisor = Math.pow(1000, tier);
  const decimals = Math.max(0, -Math.floor(Math.log10(step / divisor) + 1e-9));
  const fmt = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  const format = (v: number): string => `${fmt.format(v / divisor)}${v === 0 ? '' : SI_PREFIXES[tier]}`;
  return { lo: ticks[0], hi: ticks[ticks.length - 1], ticks, format };
}

/**
 * Which ticks of a panel scale get a label so that at most `max` do: every k-th tick, on multiples of
 * k steps (so the labelled values stay round). Unlabelled ticks still get their grid line.
 */
export function labelEvery(scale: PanelScale, max: number): boolean[] {
  const { ticks } = scale;
  const k = Math.max(1, Math.ceil(ticks.length / Math.max(1, max)));
  if (k === 1 || ticks.length < 2) return ticks.map(() => true);
  const step = ticks[1] - ticks[0];
  return ticks.map((t) => Math.round(t / step) % k === 0);
}

function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / power;
  return power * (f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.sqrt(2) ? 2 : 1);
}
