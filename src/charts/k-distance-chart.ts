import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  ANOMALY_COLOR,
  ANOMALY_FILL_OPACITY,
  BACKGROUND_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatCount,
  formatNumber,
  themed,
} from './theme';

export interface KDistanceInput {
  /** Each row's distance to its minPts-th nearest row, ascending (`kDistanceCurve`). */
  curve: Float64Array;
  /** Index of the knee in `curve` (`kneeIndex`). */
  knee: number;
  /** The eps the model uses; may differ from the knee's value when set by hand. */
  eps: number;
  minPts: number;
  width?: number;
  height?: number;
}

/** Most points drawn of the curve; longer curves are thinned first. */
export const MAX_CURVE_POINTS = 1000;

/**
 * Indices of an ascending curve to draw, at most `max` of them (max >= 4): the first, the last (the
 * largest distance), the knee, and points evenly spaced along the curve's length once both axes are
 * scaled to [0, 1]. Spacing by length rather than by index keeps the steep tail, where a few rows
 * climb most of the way, as detailed as the flat start.
 */
export function curveSample(curve: ArrayLike<number>, knee: number, max = MAX_CURVE_POINTS): number[] {
  const n = curve.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const span = curve[n - 1] - curve[0];
  // An ascending curve is 2 long in the unit square (1 across, 1 up): max - 3 steps leave room for the
  // knee and the last point on top of the regular ones.
  const step = (span > 0 ? 2 : 1) / (max - 3);
  const keep: number[] = [0];
  let last = 0;
  for (let i = 1; i < n - 1; i++) {
    const along = (i - last) / (n - 1) + (span > 0 ? (curve[i] - curve[last]) / span : 0);
    if (along >= step) {
      keep.push(i);
      last = i;
    }
  }
  if (knee > 0 && knee < n - 1 && !keep.includes(knee)) keep.push(knee);
  keep.push(n - 1);
  return keep.sort((a, b) => a - b);
}

/** `1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`... */
function ordinal(k: number): string {
  const tens = k % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][k % 10] ?? 'th');
  return `${formatCount(k)}${suffix}`;
}

/** Three significant digits without trailing noise: `1.23`, `0.0457`, `1,230`. */
function short(v: number): string {
  return formatNumber(+v.toPrecision(3));
}

/** `v` rounded up to a multiple of the 1, 2 or 5 step that splits [0, v] into about five ticks. */
function niceTop(v: number): number {
  const raw = v / 5;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * unit).find((s) => s >= raw) ?? 10 * unit;
  return Math.ceil(v / step - 1e-9) * step;
}

type Point = { x: number; y: number };

/** Line height of the key in the top-left corner, in pixels. */
const LINE = 15;
const MARGIN = { marginTop: 28, marginRight: 20, marginBottom: 40, marginLeft: 56 } as const;

/**
 * DBSCAN's sorted k-distance curve (Ester et al. 1996): every row's distance to its minPts-th nearest
 * row, ascending, against its rank. The knee, where the curve turns steep, is ringed in the anomaly hue:
 * its value is the suggested eps. The eps in use, when set to something else, is a dashed rule. Rows
 * beyond eps are not core points of any cluster, so they are the noise candidates: their stretch of the
 * curve is shaded. A key in the top-left corner, which an ascending curve leaves empty (the y range
 * grows when it would not), names the knee's value, the eps in use and the share of noise candidates.
 * Curves over 1,000 points are thinned for drawing (`curveSample`), always keeping the knee and the
 * largest value.
 */
export function kDistanceChart(input: KDistanceInput): PlotOptions {
  const { curve, knee, eps, minPts } = input;
  const n = curve.length;
  if (n < 3) {
    return emptyChart('No k-distance curve: it needs at least three rows.', input.width);
  }
  const hasKnee = Number.isInteger(knee) && knee >= 0 && knee < n && Number.isFinite(curve[knee]);
  const hasEps = Number.isFinite(eps) && eps >= 0;
  const epsIsKnee = hasKnee && hasEps && Math.abs(eps - curve[knee]) <= 1e-12;

  const points: Point[] = curveSample(curve, hasKnee ? knee : -1).map((i) => ({ x: i + 1, y: curve[i] }));
  // Rows strictly beyond eps are not core: the curve is ascending, so they are its last rows.
  let firstAbove = n;
  if (hasEps) {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (curve[mid] <= eps) lo = mid + 1;
      else hi = mid;
    }
    firstAbove = lo;
  }
  const above = n - firstAbove;

  const key: { text: string; color: string; bold: boolean; name: string }[] = [];
  if (hasKnee) {
    key.push({
      text: `\u25cb knee: eps = ${short(curve[knee])}${epsIsKnee ? ' (in use)' : ''}`,
      color: ANOMALY_COLOR,
      bold: true,
      name: 'knee label',
    });
  }
  if (hasEps && !epsIsKnee) {
    key.push({
      text: `\u2013 \u2013 eps in use ${short(eps)}`,
      color: TEXT_COLOR,
      bold: false,
      name: 'eps label',
    });
  }
  if (hasEps) {
    key.push({
      text:
        above > 0
          ? `${((100 * above) / n).toFixed(1)}% of rows above eps (shaded): noise candidates`
          : 'no row above eps: every row is a core point',
      color: above > 0 ? ANOMALY_COLOR : TEXT_COLOR,
      bold: false,
      name: 'noise share',
    });
  }

  // Room for the key: the y range grows until the curve under the key's width stays below it.
  const width = input.width ?? 640;
  const height = input.height ?? 260;
  const plotWidth = Math.max(40, width - MARGIN.marginLeft - MARGIN.marginRight);
  const plotHeight = Math.max(40, height - MARGIN.marginTop - MARGIN.marginBottom);
  const keyWidth = 12 + 6.8 * Math.max(0, ...key.map((k) => k.text.length));
  const underKey = curve[Math.min(n - 1, Math.floor(Math.min(1, keyWidth / plotWidth) * (n - 1)))];
  const keyShare = Math.min(0.6, (8 + LINE * key.length) / plotHeight);
  let yMax = Math.max(curve[n - 1], hasEps ? eps : 0);
  if (key.length > 0 && underKey > yMax * (1 - keyShare)) yMax = underKey / (1 - keyShare);
  yMax = yMax > 0 ? niceTop(yMax) : 1;

  const marks: Markish[] = [];
  if (hasEps && above > 0) {
    marks.push(
      Plot.rect([0], {
        x1: Math.max(1, firstAbove + 0.5),
        x2: n,
        fill: ANOMALY_COLOR,
        fillOpacity: ANOMALY_FILL_OPACITY,
        ariaDescription: 'noise region',
      }),
    );
  }
  marks.push(
    Plot.line(points, {
      x: 'x',
      y: 'y',
      stroke: SERIES_COLOR,
      strokeWidth: 1.5,
      ariaDescription: 'k-distance curve',
    }),
  );
  if (hasEps && !epsIsKnee) {
    marks.push(
      Plot.ruleY([eps], { stroke: TEXT_COLOR, strokeDasharray: '5,4', ariaDescription: 'eps rule' }),
    );
  }
  if (hasKnee) {
    marks.push(
      Plot.dot([{ x: knee + 1, y: curve[knee] }], {
        x: 'x',
        y: 'y',
        r: 6,
        stroke: ANOMALY_COLOR,
        strokeWidth: 2,
        fill: 'none',
        ariaDescription: 'knee',
      }),
    );
  }
  key.forEach((k, i) =>
    marks.push(
      Plot.text([k.text], {
        frameAnchor: 'top-left',
        lineAnchor: 'top',
        dx: 6,
        dy: 4 + LINE * i,
        fill: k.color,
        fontWeight: k.bold ? 'bold' : 'normal',
        stroke: BACKGROUND_COLOR,
        strokeWidth: 3,
        paintOrder: 'stroke',
        ariaDescription: k.name,
      }),
    ),
  );
  const tip = (p: Point) => `row ${formatCount(p.x)} of ${formatCount(n)}\ndistance ${formatNumber(p.y)}`;
  marks.push(Plot.tip(points, Plot.pointerX({ x: 'x', y: 'y', title: tip })));

  return themed({
    width,
    height,
    ...MARGIN,
    x: {
      domain: [1, n],
      label: `Rows sorted by distance (${formatCount(n)})`,
      labelAnchor: 'center',
      labelArrow: 'none',
      tickFormat: (v: number) => formatCount(v),
    },
    y: {
      domain: [0, yMax],
      label: `Distance to the ${ordinal(minPts)} nearest row (itself counted first)`,
      labelArrow: 'none',
      grid: true,
    },
    marks,
  });
}
