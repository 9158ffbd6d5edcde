import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  ALERT_COLOR,
  ANOMALY_COLOR,
  ANOMALY_FILL_OPACITY,
  RULE_COLOR,
  SERIES_COLOR,
  emptyChart,
  themed,
  xScale,
  type XAxisKind,
} from './theme';

export interface ErrorContextInput {
  /** x (epoch ms or row number), score and 0/1 label of the rows around the case. */
  context: { x: number[]; score: number[]; label: number[] };
  threshold: number;
  axis: XAxisKind;
  title: string;
  width?: number;
  height?: number;
}

/**
 * The anomaly score around one mistake: the score line, labelled rows shaded in the anomaly hue, the
 * threshold dashed and alerting rows (score at or above it) as dots — a false alarm shows dots outside
 * any shading, a missed event shading without dots.
 */
export function errorContextChart(input: ErrorContextInput): PlotOptions {
  const { context, threshold } = input;
  const n = context.x.length;
  if (n < 2) return emptyChart('Too few rows around this case to draw.', input.width, 100);
  const rows = context.x.map((x, i) => ({ x, score: context.score[i], label: context.label[i] }));
  const half = n > 1 ? (context.x[n - 1] - context.x[0]) / (n - 1) / 2 : 0;
  const marks: Markish[] = [
    Plot.rectX(
      rows.filter((r) => r.label === 1),
      {
        x1: (r: { x: number }) => r.x - half,
        x2: (r: { x: number }) => r.x + half,
        fill: ANOMALY_COLOR,
        fillOpacity: ANOMALY_FILL_OPACITY,
        ariaDescription: 'labelled row',
      },
    ),
    Plot.ruleY([threshold], { stroke: RULE_COLOR, strokeDasharray: '4,3', ariaDescription: 'threshold' }),
    Plot.line(rows, { x: 'x', y: 'score', stroke: SERIES_COLOR, ariaDescription: 'score line' }),
    Plot.dot(
      rows.filter((r) => r.score >= threshold),
      { x: 'x', y: 'score', r: 2.5, fill: ALERT_COLOR, ariaDescription: 'alert' },
    ),
  ];
  const scale = xScale(input.axis);
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 150,
    marginTop: 20,
    marginLeft: 48,
    title: input.title,
    x: { type: scale.type, label: null, ticks: 4 },
    y: { label: 'Score', labelArrow: 'none', grid: true, nice: true },
    marks,
  });
}
