import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  MUTED_TEXT_COLOR,
  NORMAL_COLOR,
  RULE_COLOR,
  SERIES_COLOR,
  emptyChart,
  formatNumber,
  formatX,
  labelWithUnit,
  themed,
  xScale,
  type XAxisKind,
} from './theme';

export interface CleaningChartInput {
  metric: string;
  unit?: string;
  /** The raw values of the stretch; NaN where a value is missing. */
  before: { t: ArrayLike<number>; v: ArrayLike<number> };
  /** The cleaned values over the same stretch (rows may be added by resampling or removed by dropping). */
  after: { t: ArrayLike<number>; v: ArrayLike<number> };
  /** Clip bounds of the metric when outliers are clipped: dashed rules (those near the values). */
  clip?: { lower: number; upper: number } | null;
  width?: number;
  height?: number;
  /** 'row' when `t` holds row positions (data without a time column); default 'time'. */
  axis?: XAxisKind;
}

/** A step longer than this many typical steps breaks the cleaned line (rows dropped or never there). */
const BREAK_STEPS = 1.5;
/** Points the hover tip can snap to. */
const TIP_POINTS = 600;

/**
 * Before/after chart of one metric over a stretch of rows: the cleaned values as a line, the raw
 * values as hollow dots (so a filled value is a stretch of line without dots, and a clipped value a dot
 * off the line), each missing raw value as a × along the bottom, and dashed rules at the clip bounds
 * that lie near the stretch's values (within half their span).
 * The line breaks where the cleaned rows leave a gap longer than 1.5 typical steps (dropped rows), and
 * where a cleaned value is still missing. A tip shows both values under the pointer.
 */
export function cleaningChart(input: CleaningChartInput): PlotOptions {
  const { before, after, axis } = input;
  const nb = Math.min(before.t.length, before.v.length);
  const na = Math.min(after.t.length, after.v.length);
  if (nb === 0 && na === 0) {
    return emptyChart('Nothing to compare: the preview stretch has no rows.', input.width);
  }

  const dots: { t: number; v: number }[] = [];
  const missing: number[] = [];
  const raw = new Map<number, number>();
  for (let i = 0; i < nb; i++) {
    const t = before.t[i];
    const v = before.v[i];
    raw.set(t, v);
    if (Number.isFinite(v)) dots.push({ t, v });
    else missing.push(t);
  }

  const step = typicalStep(after.t, na);
  const lineT: number[] = [];
  const lineV: number[] = [];
  for (let i = 0; i < na; i++) {
    if (i > 0 && step > 0 && after.t[i] - after.t[i - 1] > BREAK_STEPS * step) {
      lineT.push((after.t[i] + after.t[i - 1]) / 2);
      lineV.push(NaN);
    }
    lineT.push(after.t[i]);
    lineV.push(after.v[i]);
  }

  const marks: Markish[] = [];
  const bounds = visibleBounds(input.clip, dots, lineV);
  if (bounds.length > 0) {
    marks.push(
      Plot.ruleY(bounds, { stroke: RULE_COLOR, strokeDasharray: '4,3', ariaDescription: 'clip bound' }),
      Plot.text(bounds, {
        y: (b: number) => b,
        text: (b: number) => `clip ${formatNumber(b, input.unit)}`,
        frameAnchor: 'right',
        textAnchor: 'end',
        lineAnchor: 'bottom',
        dy: -2,
        fill: MUTED_TEXT_COLOR,
      }),
    );
  }
  marks.push(
    Plot.dot(dots, {
      x: 't',
      y: 'v',
      r: 2.5,
      stroke: NORMAL_COLOR,
      strokeWidth: 1,
      fill: 'none',
      ariaDescription: 'before cleaning',
    }),
    Plot.line(
      { length: lineT.length },
      { x: lineT, y: lineV, stroke: SERIES_COLOR, strokeWidth: 1.5, ariaDescription: 'after cleaning' },
    ),
  );
  if (missing.length > 0) {
    marks.push(
      Plot.dot(missing, {
        x: (t: number) => t,
        frameAnchor: 'bottom',
        symbol: 'times',
        r: 3,
        dy: -4,
        stroke: MUTED_TEXT_COLOR,
        ariaDescription: 'missing before cleaning',
      }),
    );
  }
  const key = [
    '— after cleaning',
    '○ before',
    missing.length > 0 ? `× missing before (${missing.length})` : '',
  ]
    .filter(Boolean)
    .join('   ');
  marks.push(
    Plot.text([key], {
      frameAnchor: 'top-right',
      lineAnchor: 'bottom',
      dy: -8,
      fill: MUTED_TEXT_COLOR,
    }),
  );

  const tipStride = Math.max(1, Math.ceil(na / TIP_POINTS));
  const tipIdx = Array.from({ length: Math.ceil(na / tipStride) }, (_, k) => k * tipStride);
  const title = (i: number): string => {
    const t = after.t[i];
    const b = raw.get(t);
    return (
      `${formatX(t, axis)}\nafter: ${formatNumber(after.v[i], input.unit)}` +
      `\nbefore: ${b === undefined ? 'no row' : Number.isFinite(b) ? formatNumber(b, input.unit) : 'missing'}`
    );
  };
  if (tipIdx.length > 0) {
    marks.push(
      Plot.tip(
        tipIdx,
        Plot.pointerX({
          x: (i: number) => after.t[i],
          y: (i: number) => after.v[i],
          title,
          fontVariant: 'tabular-nums',
        }),
      ),
    );
  }

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 220,
    marginTop: 24,
    marginBottom: 40,
    marginLeft: 56,
    marginRight: 16,
    x: { ...xScale(axis), labelAnchor: 'center', labelArrow: 'none' },
    y: {
      label: labelWithUnit(input.metric, input.unit),
      labelArrow: 'none',
      grid: true,
      nice: true,
      ...(bounds.length > 0 && { domain: extent([...dots.map((d) => d.v), ...lineV, ...bounds]) }),
    },
    marks,
  });
}

/** The median positive step of sorted positions, 0 when there is none. */
function typicalStep(t: ArrayLike<number>, n: number): number {
  const steps: number[] = [];
  for (let i = 1; i < n; i++) {
    const d = t[i] - t[i - 1];
    if (d > 0) steps.push(d);
  }
  if (steps.length === 0) return 0;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

/** The finite extent of values, [0, 1] when there is none. */
function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * The clip bounds worth drawing: those within half the values' span of them. A bound far from this
 * stretch would squash the values into a thin band; the page lists every bound anyway.
 */
function visibleBounds(clip: CleaningChartInput['clip'], dots: { v: number }[], line: number[]): number[] {
  if (!clip) return [];
  const [lo, hi] = extent([...dots.map((d) => d.v), ...line]);
  const margin = Math.max(hi - lo, Math.abs(hi) * 1e-9) / 2;
  return [clip.lower, clip.upper].filter((b) => Number.isFinite(b) && b >= lo - margin && b <= hi + margin);
}
