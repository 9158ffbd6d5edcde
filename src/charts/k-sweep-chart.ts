import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { KSweepPoint } from '../engine/detectors/kmeans/choose-k';
import { ANOMALY_COLOR, SERIES_COLOR, emptyChart, formatNumber, themed } from './theme';

export interface KSweepInput {
  points: readonly KSweepPoint[];
  /** The k marked as chosen: the elbow for the inertia chart, the best silhouette for the other. */
  chosen: number;
  measure: 'inertia' | 'silhouette';
  width?: number;
  height?: number;
}

const LABELS = { inertia: 'Inertia', silhouette: 'Mean silhouette' } as const;

type Row = { k: number; v: number };

/**
 * KMeans' k against inertia (the elbow method) or mean silhouette: a line with a dot per k tried, the
 * chosen k ringed in the anomaly hue and named in the top-right corner, where it never covers a point.
 */
export function kSweepChart(input: KSweepInput): PlotOptions {
  const { points, chosen, measure } = input;
  if (points.length < 2) return emptyChart('Needs at least two values of k to compare.', input.width);
  const rows: Row[] = points.map((p) => ({ k: p.k, v: measure === 'inertia' ? p.inertia : p.silhouette }));
  const pick = rows.filter((r) => r.k === chosen);
  const name = measure === 'inertia' ? 'elbow' : 'best silhouette';
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 220,
    marginLeft: 56,
    marginTop: 28,
    x: {
      label: 'Clusters (k)',
      labelAnchor: 'center',
      labelArrow: 'none',
      ticks: rows.map((r) => r.k),
      tickFormat: 'd',
    },
    y: {
      label: LABELS[measure],
      labelArrow: 'none',
      grid: true,
      nice: true,
      ...(measure === 'inertia' ? { tickFormat: '~s', zero: true } : {}),
    },
    marks: [
      Plot.line(rows, { x: 'k', y: 'v', stroke: SERIES_COLOR, ariaDescription: `${measure} line` }),
      Plot.dot(rows, { x: 'k', y: 'v', r: 3, fill: SERIES_COLOR, ariaDescription: `${measure} point` }),
      Plot.dot(pick, {
        x: 'k',
        y: 'v',
        r: 7,
        stroke: ANOMALY_COLOR,
        strokeWidth: 2,
        fill: 'none',
        ariaDescription: 'chosen k',
      }),
      Plot.text(pick, {
        frameAnchor: 'top-right',
        dy: -22,
        text: (r: Row) => `${name}: k = ${r.k} (${formatNumber(+r.v.toPrecision(3))})`,
        fill: ANOMALY_COLOR,
        fontWeight: 'bold',
        ariaDescription: 'chosen label',
      }),
      Plot.tip(
        rows,
        Plot.pointerX({ x: 'k', y: 'v', title: (r: Row) => `k = ${r.k}\n${measure} ${r.v.toPrecision(4)}` }),
      ),
    ],
  });
}
