import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import { clusterColor } from './dendrogram-chart';
import {
  ALERT_COLOR,
  GRID_COLOR,
  TEXT_COLOR,
  colorLegend,
  emptyChart,
  formatCount,
  formatNumber,
  themed,
} from './theme';

export interface ClusterScatterInput {
  /** PCA coordinates of the rows (first and second component). */
  x: readonly number[];
  y: readonly number[];
  /** Behaviour cluster per row, drawn in `clusterColor(c)`. */
  cluster: readonly number[];
  /** 0/1 per row: alerting rows are drawn on top, ringed in the anomaly colour. */
  alert: readonly number[];
  /** Explained variance shares of the two components. */
  explained: readonly [number, number];
  width?: number;
  height?: number;
}

interface Point {
  x: number;
  y: number;
  cluster: number;
  name: string;
  alert: boolean;
}

const RING_RADIUS = 5.5;
/** Rough advance of a character at 12px, to place the ring's key left of its label. */
const CHAR_WIDTH = 6.4;

function share(v: number): string {
  return Number.isFinite(v) ? `${Math.round(100 * v)}%` : 'n/a';
}

/**
 * The rows on their first two principal components, one dot per row in its behaviour cluster's colour
 * (the dendrogram's and the intensity chart's), with the alerting rows drawn on top and ringed in the
 * anomaly colour: whether the alerts gather in one cluster or spread over all of them. Axis labels give
 * each component's share of the variance; rows without finite coordinates are left out.
 *
 * @throws RangeError when x, y, cluster and alert differ in length
 */
export function clusterScatterChart(input: ClusterScatterInput): PlotOptions {
  const { x, y, cluster, alert, explained } = input;
  const n = x.length;
  if (y.length !== n || cluster.length !== n || alert.length !== n) {
    throw new RangeError(
      `cluster scatter: ${n} x, ${y.length} y, ${cluster.length} clusters and ${alert.length} alerts`,
    );
  }
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const c = cluster[i];
    points.push({
      x: x[i],
      y: y[i],
      cluster: c,
      name: c >= 0 ? `cluster ${c}` : 'no cluster',
      alert: alert[i] === 1,
    });
  }
  if (points.length === 0) {
    return emptyChart(
      'No rows to draw: cluster the test rows to see them on their principal components.',
      input.width,
    );
  }
  const alerting = points.filter((p) => p.alert);
  const quiet = points.filter((p) => !p.alert);
  const ids = [...new Set(points.map((p) => p.cluster))].sort((a, b) => a - b);
  const domain = ids.map((c) => points.find((p) => p.cluster === c)?.name ?? '');
  const [e1, e2] = explained;
  const key = `alerting row (${formatCount(alerting.length)} of ${formatCount(points.length)})`;

  const marks: Markish[] = [
    Plot.ruleX([0], { stroke: GRID_COLOR }),
    Plot.ruleY([0], { stroke: GRID_COLOR }),
    Plot.dot(quiet, {
      x: 'x',
      y: 'y',
      fill: 'name',
      r: 2.5,
      fillOpacity: 0.75,
      ariaDescription: 'row',
    }),
    Plot.dot(alerting, {
      x: 'x',
      y: 'y',
      fill: 'name',
      r: 3,
      ariaDescription: 'alerting row',
    }),
    Plot.dot(alerting, {
      x: 'x',
      y: 'y',
      r: RING_RADIUS,
      stroke: ALERT_COLOR,
      strokeWidth: 1.5,
      fill: 'none',
      ariaDescription: 'alert ring',
    }),
    // A key for the ring in the top-right corner of the margin (the y label holds the top-left one);
    // the colour legend above the chart names the clusters.
    Plot.dot([0], {
      frameAnchor: 'top-right',
      dx: -Math.ceil(CHAR_WIDTH * key.length) - RING_RADIUS - 6,
      dy: -14,
      r: RING_RADIUS,
      stroke: ALERT_COLOR,
      strokeWidth: 1.5,
      fill: 'none',
      ariaDescription: 'ring key',
    }),
    Plot.text([key], {
      frameAnchor: 'top-right',
      dy: -14,
      textAnchor: 'end',
      fill: TEXT_COLOR,
      ariaDescription: 'ring key label',
    }),
    Plot.tip(
      points,
      Plot.pointer({
        x: 'x',
        y: 'y',
        title: (p: Point) =>
          `${p.name}${p.alert ? ' · alerting' : ''}\nPC1 ${formatNumber(p.x)}, PC2 ${formatNumber(p.y)}`,
      }),
    ),
  ];

  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 340,
    marginTop: 28,
    marginRight: 16,
    marginBottom: 40,
    marginLeft: 48,
    inset: 8,
    x: { label: `PC1 (${share(e1)} of variance)`, labelAnchor: 'center', labelArrow: 'none', grid: true },
    y: { label: `PC2 (${share(e2)} of variance)`, labelArrow: 'none', grid: true },
    color: colorLegend(domain, ids.map(clusterColor), 'Cluster'),
    marks,
  });
}
