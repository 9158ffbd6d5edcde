import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  colorLegend,
  MODEL_PALETTE,
  ALERT_COLOR,
  ANOMALY_COLOR,
  ANOMALY_FILL_OPACITY,
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  RULE_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatNumber,
  formatX,
  xScale,
  type XAxisKind,
  labelWithUnit,
  themed,
} from './theme';

export interface TimeSeriesInput {
  /** One entry per line; series sharing a metric name share a facet row (and its y scale). */
  series: { metric: string; unit?: string; t: ArrayLike<number>; v: ArrayLike<number>; group?: string }[];
  /** Labelled anomaly ranges (epoch ms), shaded in every facet. */
  anomalyRanges?: { start: number; end: number }[];
  /** Alerts (epoch ms): in the facet of their metric, or in every facet when no metric is given. */
  alerts?: { t: number; metric?: string }[];
  /** Epoch ms of the train/test cut: a dashed vertical rule. */
  split?: number;
  width?: number;
  /** Height of one metric row in pixels, including the gap for its title. */
  heightPerMetric?: number;
  /** 'row' when `t` holds row numbers (data without a time column); default 'time'. */
  axis?: XAxisKind;
}

const DEFAULT_HEIGHT_PER_METRIC = 130;
/** Points the hover tip can snap to, over all lines. */
const TIP_POINTS = 900;
const MARGIN_TOP = 26;
const MARGIN_BOTTOM = 48;
const MARGIN_LEFT = 56;
const MARGIN_RIGHT = 16;
/** Gap between facet rows, as a share of a row; holds the next row's title. */
const FACET_PADDING = 0.22;

/**
 * Time-series chart: one facet row per metric over a shared UTC time axis, labelled anomaly ranges
 * shaded in every row, alerts as triangles along the bottom of their row, an optional dashed rule at the
 * train/test split, and a tip showing time and value under the pointer.
 *
 * Metrics have different units, and Plot facets share one y scale, so each row is drawn on [0, 1]
 * after mapping its metric's nice extent there; each row gets its own tick labels in real units and a
 * title with the unit. Points are drawn as given: downsample long series first (`lttb`). Non-finite
 * values break the line. Alerts for a metric that has no series are not drawn.
 */
export function timeSeriesChart(input: TimeSeriesInput): PlotOptions {
  const heightPerMetric = input.heightPerMetric ?? DEFAULT_HEIGHT_PER_METRIC;
  const series = input.series.filter((s) => s.t.length > 0);
  if (series.length === 0) {
    return emptyChart('No data to plot yet: load a dataset and pick at least one metric.', input.width);
  }

  const metrics: string[] = [];
  const units = new Map<string, string | undefined>();
  for (const s of series) {
    if (!units.has(s.metric)) {
      metrics.push(s.metric);
      units.set(s.metric, s.unit);
    } else if (units.get(s.metric) === undefined && s.unit !== undefined) {
      units.set(s.metric, s.unit);
    }
  }

  const scales = new Map<string, RowScale>();
  for (const metric of metrics) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of series) {
      if (s.metric !== metric) continue;
      for (let i = 0; i < s.v.length; i++) {
        const y = s.v[i];
        if (!Number.isFinite(y)) continue;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
    }
    const plotHeight = heightPerMetric * (1 - FACET_PADDING);
    scales.set(metric, rowScale(lo, hi, Math.max(2, Math.round(plotHeight / 28))));
  }

  let total = 0;
  for (const s of series) total += Math.min(s.t.length, s.v.length);
  const X = new Float64Array(total);
  const Y = new Float64Array(total);
  const V = new Float64Array(total);
  const FY = new Array<string>(total);
  const G = new Array<string>(total);
  const Z = new Int32Array(total);
  let j = 0;
  series.forEach((s, k) => {
    const sc = scales.get(s.metric)!;
    const n = Math.min(s.t.length, s.v.length);
    for (let i = 0; i < n; i++, j++) {
      X[j] = s.t[i];
      V[j] = s.v[i];
      Y[j] = (s.v[i] - sc.lo) / (sc.hi - sc.lo);
      FY[j] = s.metric;
      G[j] = s.group ?? '';
      Z[j] = k;
    }
  });
  const rows = { length: total };

  const ticks: { metric: string; y: number; label: string }[] = [];
  for (const metric of metrics) {
    const sc = scales.get(metric)!;
    for (const tick of sc.ticks) {
      ticks.push({ metric, y: (tick - sc.lo) / (sc.hi - sc.lo), label: sc.format(tick) });
    }
  }

  const marks: Markish[] = [];
  const ranges = input.anomalyRanges ?? [];
  if (ranges.length > 0) {
    marks.push(
      Plot.rect(ranges, {
        x1: 'start',
        x2: 'end',
        fill: ANOMALY_COLOR,
        fillOpacity: ANOMALY_FILL_OPACITY,
        // A one-row anomaly has start === end: widen every range by 1px on each side to keep it visible.
        insetLeft: -1,
        insetRight: -1,
        ariaDescription: 'labelled anomaly',
      }),
    );
  }
  marks.push(
    Plot.ruleY(ticks, { y: 'y', fy: 'metric', stroke: GRID_COLOR }),
    Plot.text(ticks, {
      y: 'y',
      fy: 'metric',
      text: 'label',
      frameAnchor: 'left',
      textAnchor: 'end',
      dx: -6,
      fill: MUTED_TEXT_COLOR,
    }),
    Plot.text(metrics, {
      fy: (m: string) => m,
      text: (m: string) => labelWithUnit(m, units.get(m)),
      frameAnchor: 'top-left',
      lineAnchor: 'bottom',
      dy: -6,
      dx: -MARGIN_LEFT + 8,
      textAnchor: 'start',
      fontWeight: 600,
      fill: TEXT_COLOR,
    }),
  );

  if (input.split !== undefined && Number.isFinite(input.split)) {
    marks.push(
      Plot.ruleX([input.split], { stroke: RULE_COLOR, strokeWidth: 1.5, strokeDasharray: '4,3' }),
      Plot.text(['train'], {
        x: [input.split],
        fy: [metrics[0]],
        frameAnchor: 'top',
        textAnchor: 'end',
        dx: -5,
        dy: 3,
        lineAnchor: 'top',
        fill: MUTED_TEXT_COLOR,
      }),
      Plot.text(['test'], {
        x: [input.split],
        fy: [metrics[0]],
        frameAnchor: 'top',
        textAnchor: 'start',
        dx: 5,
        dy: 3,
        lineAnchor: 'top',
        fill: MUTED_TEXT_COLOR,
      }),
    );
  }

  // Several entities in one chart: one colour per entity (the model palette, whose hues avoid the anomaly red).
  const groups = [...new Set(series.map((s) => s.group ?? ''))].filter(Boolean);
  const grouped = groups.length > 1;
  marks.push(
    Plot.line(rows, {
      x: X,
      y: Y,
      z: Z,
      fy: FY,
      stroke: grouped ? G : SERIES_COLOR,
      strokeWidth: 1.25,
      ariaDescription: 'metric series',
    }),
  );

  const alerts = input.alerts ?? [];
  const everywhere = alerts.filter((a) => a.metric === undefined);
  const perMetric = alerts.filter((a) => a.metric !== undefined && units.has(a.metric));
  const alertStyle = {
    x: 't',
    frameAnchor: 'bottom',
    symbol: 'triangle',
    r: 3.5,
    dy: -3.5,
    fill: ALERT_COLOR,
    stroke: 'white',
    strokeWidth: 0.75,
    ariaDescription: 'alert',
  } as const;
  if (everywhere.length > 0) marks.push(Plot.dot(everywhere, alertStyle));
  if (perMetric.length > 0) marks.push(Plot.dot(perMetric, { ...alertStyle, fy: 'metric' }));

  const key = [ranges.length > 0 ? '▮ labelled anomaly' : '', alerts.length > 0 ? '▲ alert' : '']
    .filter(Boolean)
    .join('   ');
  if (key) {
    marks.push(
      Plot.text([key], {
        fy: [metrics[0]],
        frameAnchor: 'top-right',
        lineAnchor: 'bottom',
        dy: -6,
        fill: ANOMALY_COLOR,
      }),
    );
  }

  // The hover tip works on at most TIP_POINTS points: Plot formats every title up front, and doing
  // that for every drawn point cost over 200 ms of main thread with three metrics.
  const stride = Math.max(1, Math.ceil(total / TIP_POINTS));
  const tipRows = Int32Array.from({ length: Math.ceil(total / stride) }, (_, k) => k * stride);
  const at = <T>(a: ArrayLike<T>) => Array.from(tipRows, (i) => a[i]);
  const TX = at(X);
  const TY = at(Y);
  const TF = at(FY);
  const title = (_: unknown, k: number): string => {
    const i = tipRows[k];
    return `${grouped ? `${G[i]} ` : ''}${FY[i]}: ${formatNumber(V[i], units.get(FY[i]))}\n${formatX(X[i], input.axis)}`;
  };
  marks.push(
    Plot.dot(tipRows, Plot.pointerX({ x: TX, y: TY, fy: TF, r: 3, fill: SERIES_COLOR, stroke: 'white' })),
    Plot.tip(tipRows, Plot.pointerX({ x: TX, y: TY, fy: TF, title, fontVariant: 'tabular-nums' })),
  );

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: MARGIN_TOP + MARGIN_BOTTOM + metrics.length * heightPerMetric,
    marginTop: MARGIN_TOP,
    marginBottom: MARGIN_BOTTOM,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    x: { ...xScale(input.axis), labelAnchor: 'center', labelArrow: 'none', grid: true },
    y: { domain: [0, 1], axis: null },
    fy: { domain: metrics, axis: null, padding: FACET_PADDING },
    ...(grouped && {
      color: colorLegend(
        groups,
        groups.map((_, k) => MODEL_PALETTE[k % MODEL_PALETTE.length]),
        'instance',
        'line',
      ),
    }),
    marks,
  });
}

const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

interface RowScale {
  lo: number;
  hi: number;
  ticks: number[];
  format: (v: number) => string;
}

/** Nice extent and ticks of one metric row, like d3's `nice()`/`ticks()`; a flat series gets ±1 step. */
function rowScale(min: number, max: number, count: number): RowScale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 1;
  }
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / count);
  const k0 = Math.floor(min / step);
  const k1 = Math.ceil(max / step);
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) ticks.push(+(k * step).toPrecision(12));
  const largest = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1]));
  // SI prefixes (k, M, G, T) rather than Intl's compact "B": "6.2B bytes" would read as bytes, not billions.
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

function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / power;
  return power * (f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.sqrt(2) ? 2 : 1);
}
