import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { RULE_COLOR, TEXT_COLOR, emptyChart, modelColor, themed } from './theme';

export interface MetricBarInput {
  /** One bar per model; models without a value (null) are listed as "n/a". */
  rows: { model: string; value: number | null }[];
  /** The metric's name, for the axis: `PR-AUC (test)`. */
  metric: string;
  /** A reference drawn as a dashed rule, e.g. a random scorer's PR-AUC (the positive share). */
  baseline?: { value: number; label: string };
  width?: number;
}

/**
 * The main metric of every model as horizontal bars, best first, in each model's colour, with the
 * value at the end of the bar and an optional dashed baseline (what a random scorer would get).
 */
export function metricBarChart(input: MetricBarInput): PlotOptions {
  const rows = input.rows
    .map((r) => ({ model: r.model, value: r.value }))
    .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  if (!rows.length) return emptyChart('No model to compare yet.', input.width);
  const known = rows.filter((r): r is { model: string; value: number } => r.value !== null);
  const max = Math.max(1e-9, ...known.map((r) => r.value), input.baseline?.value ?? 0);
  const marks = [
    Plot.barX(known, {
      y: 'model',
      x: 'value',
      fill: (r: { model: string }) => modelColor(r.model),
      ariaDescription: 'metric bar',
    }),
    Plot.text(rows, {
      y: 'model',
      x: (r: { value: number | null }) => r.value ?? 0,
      text: (r: { value: number | null }) => (r.value === null ? 'n/a' : r.value.toFixed(3)),
      textAnchor: 'start',
      dx: 4,
      fill: TEXT_COLOR,
      ariaDescription: 'metric value',
    }),
  ];
  if (input.baseline) {
    const b = input.baseline;
    marks.push(
      Plot.ruleX([b.value], { stroke: RULE_COLOR, strokeDasharray: '4,3', ariaDescription: 'baseline' }),
      Plot.text([b.label], {
        x: b.value,
        frameAnchor: 'top',
        dy: -12,
        textAnchor: 'start',
        dx: 3,
        fill: RULE_COLOR,
        ariaDescription: 'baseline label',
      }),
    );
  }
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 40 + 26 * rows.length,
    marginLeft: 110,
    marginRight: 48,
    marginTop: 24,
    x: { domain: [0, max * 1.08], label: input.metric, labelArrow: 'none', grid: true },
    y: { domain: rows.map((r) => r.model), label: null },
    marks,
  });
}
