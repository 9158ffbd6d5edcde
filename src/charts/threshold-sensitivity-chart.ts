import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  ALERT_COLOR,
  MODEL_PALETTE,
  RULE_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatNumber,
  themed,
} from './theme';

export interface ThresholdSensitivityInput {
  /** The sweep: increasing thresholds and the metrics at each (alert = score >= threshold). */
  threshold: ArrayLike<number>;
  precision: ArrayLike<number>;
  recall: ArrayLike<number>;
  f1: ArrayLike<number>;
  fpr: ArrayLike<number>;
  /** Alerts per day at each threshold (null when the data has no time span to divide by). */
  alertsPerDay: ArrayLike<number> | null;
  /** The threshold in use, drawn as a rule. */
  chosen: number;
  width?: number;
}

const SERIES = ['precision', 'recall', 'F1', 'FPR'] as const;

/**
 * What moving the threshold does: precision, recall, F1 and FPR against the threshold (left axis, 0-1),
 * alerts per day as a second panel, and the threshold in use as a vertical rule in the alert hue.
 */
export function thresholdSensitivityChart(input: ThresholdSensitivityInput): PlotOptions[] {
  const n = input.threshold.length;
  if (n < 2) return [emptyChart('Needs at least two distinct scores to sweep the threshold.', input.width)];
  const rows: { t: number; metric: string; v: number }[] = [];
  for (let i = 0; i < n; i++) {
    const t = input.threshold[i];
    rows.push(
      { t, metric: 'precision', v: input.precision[i] },
      { t, metric: 'recall', v: input.recall[i] },
      { t, metric: 'F1', v: input.f1[i] },
      { t, metric: 'FPR', v: input.fpr[i] },
    );
  }
  const rule = Plot.ruleX([input.chosen], {
    stroke: ALERT_COLOR,
    strokeWidth: 1.5,
    ariaDescription: 'chosen threshold',
  });
  const rates = themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 220,
    marginLeft: 48,
    x: { label: 'Threshold', labelArrow: 'none' },
    y: { domain: [0, 1], label: 'Rate', labelArrow: 'none', grid: true },
    color: { domain: [...SERIES], range: MODEL_PALETTE.slice(0, 4), legend: true },
    marks: [
      Plot.line(rows, { x: 't', y: 'v', stroke: 'metric', ariaDescription: 'rate line' }),
      rule,
      Plot.tip(
        rows,
        Plot.pointerX({
          x: 't',
          y: 'v',
          stroke: 'metric',
          title: (r: { t: number; metric: string; v: number }) =>
            `threshold ${formatNumber(+r.t.toPrecision(4))}\n${r.metric} ${r.v.toFixed(3)}`,
        }),
      ),
    ],
  });
  if (!input.alertsPerDay) return [rates];
  const perDay = Array.from({ length: n }, (_, i) => ({
    t: input.threshold[i],
    v: (input.alertsPerDay as ArrayLike<number>)[i],
  }));
  const alerts = themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 160,
    marginLeft: 48,
    x: { label: 'Threshold', labelArrow: 'none' },
    y: { type: 'symlog', label: 'Alerts per day', labelArrow: 'none', grid: true },
    marks: [
      Plot.line(perDay, { x: 't', y: 'v', stroke: TEXT_COLOR, ariaDescription: 'alerts per day' }),
      Plot.ruleY([0], { stroke: RULE_COLOR }),
      rule,
    ],
  });
  return [rates, alerts];
}
