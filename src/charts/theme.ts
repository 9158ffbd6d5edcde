import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';

/**
 * The workbench's one visual language. Every chart takes its colours, fonts and empty state from here,
 * so a labelled anomaly, an alert or a model looks the same in every cell.
 */

/** System font stack: the charts use the same font as the surrounding page. */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
export const FONT_SIZE = 12;

export const TEXT_COLOR = '#1f2937';
export const MUTED_TEXT_COLOR = '#6b7280';
export const GRID_COLOR = '#e5e7eb';
export const RULE_COLOR = '#9ca3af';
export const BACKGROUND_COLOR = '#ffffff';

/** Labelled anomalies (shaded ranges, anomaly-class bars) and alerts (marks) share this warm red. */
export const ANOMALY_COLOR = '#e4572e';
/** Opacity of the shaded labelled-anomaly ranges, light enough to read the series through them. */
export const ANOMALY_FILL_OPACITY = 0.16;
/** Alerts use the same hue as labelled anomalies, drawn solid instead of shaded. */
export const ALERT_COLOR = ANOMALY_COLOR;
/** Normal rows (the negative class), drawn in a neutral grey so anomalies stand out. */
export const NORMAL_COLOR = '#8b95a5';
/** Metric series lines: a dark neutral, so the anomaly hue is the only warm colour on a chart. */
export const SERIES_COLOR = '#334155';

/** Train and test segments: neutral slates, distinct from the model palette and the anomaly hue. */
export const SPLIT_COLORS = { train: '#475569', test: '#b6c0ce' } as const;
/** Text drawn on top of each split segment (chosen for contrast with the segment fill). */
export const SPLIT_TEXT_COLORS = { train: '#ffffff', test: '#1f2937' } as const;

/**
 * Categorical palette for models (Observable 10 without its red and pink, which would read as anomalies).
 * Known detector types have a fixed slot; other names are hashed into it.
 */
export const MODEL_PALETTE: readonly string[] = [
  '#4269d0', // blue
  '#3ca951', // green
  '#a463f2', // purple
  '#d99a0b', // amber
  '#38a89d', // teal
  '#9c6b4e', // brown
  '#6f8fd8', // light blue
  '#7a7f8a', // grey
];

/** The ensemble of all models is the combined verdict: drawn in near-black rather than a palette slot. */
export const ENSEMBLE_COLOR = '#111827';

const KNOWN_MODELS: readonly string[] = [
  // The registered detectors first, in the order a comparison usually lists them.
  'iforest',
  'kmeans',
  'ocsvm',
  'robust-z',
  'seasonal',
  'rcf',
  'dbscan',
  'kmedoids',
  'hclust',
  'lstm-ae',
  'lof',
  'zscore',
  'autoencoder',
  'mad',
];

/**
 * Stable colour for a model name: the same model has the same colour in every chart and session.
 * Case and surrounding spaces are ignored. Unknown names are hashed (FNV-1a) into {@link MODEL_PALETTE},
 * so two unknown names may share a colour; the legend label always names the model.
 */
export function modelColor(name: string): string {
  const key = name.trim().toLowerCase();
  if (key === 'ensemble') return ENSEMBLE_COLOR;
  const known = KNOWN_MODELS.indexOf(key);
  if (known >= 0) return MODEL_PALETTE[known % MODEL_PALETTE.length];
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return MODEL_PALETTE[h % MODEL_PALETTE.length];
}

/** Inline style of every chart: system font, tabular numerals (digits line up in ticks and tips), light theme. */
export const PLOT_STYLE: Partial<CSSStyleDeclaration> = {
  fontFamily: FONT_FAMILY,
  fontSize: `${FONT_SIZE}px`,
  fontVariantNumeric: 'tabular-nums',
  color: TEXT_COLOR,
  background: BACKGROUND_COLOR,
  overflow: 'visible',
};

/** Adds the theme's style to chart options, keeping anything the chart set itself. */
export function themed(options: PlotOptions): PlotOptions {
  const style = typeof options.style === 'object' && options.style !== null ? options.style : {};
  return { ...options, style: { ...PLOT_STYLE, ...style } };
}

/** `2024-03-01 14:05 UTC` (seconds shown only when not zero): how times read in tips and labels. */
export function formatUtc(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds === '00' ? 16 : 19)} UTC`;
}

/** What the x axis of a time chart counts: epoch-ms times, or row numbers when the data has no time column. */
export type XAxisKind = 'time' | 'row';

/** An x position for a tip or label: a UTC time, or `row N`. */
export function formatX(x: number, axis: XAxisKind = 'time'): string {
  return axis === 'row' ? `row ${formatCount(Math.round(x))}` : formatUtc(x);
}

/** The x scale options of a time chart for an axis kind. */
export function xScale(axis: XAxisKind = 'time'): { type: 'utc' | 'linear'; label: string } {
  return axis === 'row' ? { type: 'linear', label: 'Row' } : { type: 'utc', label: 'Time (UTC)' };
}

/** A number for a tip or label: up to 4 significant digits, thousands separators, `n/a` for NaN. */
export function formatNumber(v: number, unit?: string): string {
  if (!Number.isFinite(v)) return 'n/a';
  const text = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(v);
  return unit ? `${text} ${unit}` : text;
}

/** `1,234` for row counts. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
}

/** An axis label with its unit: `cpu (%)`, or just the name when there is no unit. */
export function labelWithUnit(name: string, unit?: string): string {
  return unit ? `${name} (${unit})` : name;
}

/**
 * Options for an empty chart: a frame-less box with one short sentence saying what to do next.
 * Every chart returns this instead of throwing when it has nothing to draw.
 */
export function emptyChart(message: string, width?: number, height = 120): PlotOptions {
  return themed({
    ...(width !== undefined && { width }),
    height,
    margin: 0,
    x: { axis: null, domain: [0, 1] },
    y: { axis: null, domain: [0, 1] },
    marks: [
      Plot.text([message], {
        frameAnchor: 'middle',
        fill: MUTED_TEXT_COLOR,
        fontSize: 13,
      }),
    ],
  });
}

// Shared by the ROC and precision-recall charts: both are model-coloured curves on [0, 1] x [0, 1].

/** Margins of the [0, 1] x [0, 1] curve charts. */
export const CURVE_MARGINS = { marginTop: 16, marginRight: 20, marginBottom: 40, marginLeft: 48 } as const;

/** Outer width of a square curve chart, clamped to [280, 560] so it fits a cell; default 460. */
export function clampCurveWidth(width: number | undefined): number {
  return Math.max(280, Math.min(560, Math.round(width ?? 460)));
}

/** `iforest (AUC 0.873)`: the legend label of a model's curve, with its summary number. */
export function curveLegendLabel(model: string, metric: string, value: number): string {
  return `${model} (${metric} ${Number.isFinite(value) ? value.toFixed(3) : 'n/a'})`;
}

/** A linear [0, 1] axis with a grid, for rates, precision and recall. */
export function rateAxis(label: string): PlotOptions['x'] {
  return { domain: [0, 1], label, labelAnchor: 'center', labelArrow: 'none', grid: true, ticks: 5 };
}

/**
 * Flattens curves into columns for one Plot line mark, plus a colour domain (legend labels, first
 * occurrence wins) and range (each model's colour).
 */
export function curveRows(
  curves: { model: string; label: string; x: ArrayLike<number>; y: ArrayLike<number> }[],
): {
  rows: { length: number };
  x: Float64Array;
  y: Float64Array;
  label: string[];
  domain: string[];
  range: string[];
} {
  let total = 0;
  for (const c of curves) total += Math.min(c.x.length, c.y.length);
  const x = new Float64Array(total);
  const y = new Float64Array(total);
  const label = new Array<string>(total);
  const domain: string[] = [];
  const range: string[] = [];
  let j = 0;
  for (const c of curves) {
    if (!domain.includes(c.label)) {
      domain.push(c.label);
      range.push(modelColor(c.model));
    }
    const n = Math.min(c.x.length, c.y.length);
    for (let i = 0; i < n; i++, j++) {
      x[j] = c.x[i];
      y[j] = c.y[i];
      label[j] = c.label;
    }
  }
  return { rows: { length: total }, x, y, label, domain, range };
}

/** The operating point at the chosen threshold: a ringed dot with its coordinates written beside it. */
export function operatingPointMarks(x: number, y: number, xName: string, yName: string): Plot.Markish[] {
  const text = `threshold: ${xName} ${x.toFixed(2)}, ${yName} ${y.toFixed(2)}`;
  return [
    Plot.dot([[x, y]], { r: 5, fill: BACKGROUND_COLOR, stroke: TEXT_COLOR, strokeWidth: 2 }),
    Plot.text([[x, y]], {
      text: [text],
      dx: x > 0.5 ? -10 : 10,
      dy: y > 0.5 ? 14 : -14,
      textAnchor: x > 0.5 ? 'end' : 'start',
      fill: TEXT_COLOR,
      stroke: BACKGROUND_COLOR,
      strokeWidth: 3,
      paintOrder: 'stroke',
    }),
  ];
}

/** Inline style of swatch legends (Plot styles them apart from the chart's SVG). */
export const LEGEND_STYLE: Partial<CSSStyleDeclaration> = {
  fontFamily: FONT_FAMILY,
  fontSize: `${FONT_SIZE}px`,
  fontVariantNumeric: 'tabular-nums',
  color: TEXT_COLOR,
};

/**
 * An ordinal colour scale with a swatch legend in the theme's font. `shape: 'line'` draws each swatch as
 * a short thick line, for legends of line marks.
 */
export function colorLegend(
  domain: string[],
  range: readonly string[],
  label: string,
  shape: 'square' | 'line' = 'square',
): PlotOptions['color'] {
  const options: Plot.ScaleOptions & Plot.LegendOptions = {
    type: 'ordinal',
    domain,
    range: [...range],
    label,
    legend: 'swatches',
    style: LEGEND_STYLE,
    swatchWidth: shape === 'line' ? 18 : 12,
    swatchHeight: shape === 'line' ? 3 : 12,
  };
  return options;
}
