import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import {
  ANOMALY_COLOR,
  NORMAL_COLOR,
  TEXT_COLOR,
  colorLegend,
  emptyChart,
  formatCount,
  formatNumber,
  themed,
} from './theme';

export interface ScoreHistogramInput {
  /** Anomaly scores, higher = more anomalous; non-finite scores are left out. */
  scores: ArrayLike<number>;
  /** 0/1 labels of the same rows (non-zero = anomaly); without them all rows form one class. */
  labels?: ArrayLike<number>;
  /** Alert threshold on the score: a vertical rule. */
  threshold?: number;
  /** Number of equal-width bins over the score range; default 40. */
  bins?: number;
  width?: number;
  height?: number;
}

/**
 * Histogram of anomaly scores split by label: normal rows in grey, anomalies in the anomaly colour,
 * overlaid, with a rule at the threshold. Anomalies are rare, so each class is normalised to its own
 * total (bar height = share of that class's rows in the bin); the legend gives the row counts.
 *
 * @throws RangeError when labels and scores differ in length or bins is not a positive integer
 */
export function scoreHistogramChart(input: ScoreHistogramInput): PlotOptions {
  const { scores, labels, threshold } = input;
  const bins = input.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`score histogram: bins must be a positive integer, got ${bins}`);
  }
  if (labels && labels.length !== scores.length) {
    throw new RangeError(`score histogram: ${scores.length} scores but ${labels.length} labels`);
  }

  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) continue;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (lo > hi)
    return emptyChart('No scores yet: run a detector to see how its scores separate anomalies.', input.width);
  if (threshold !== undefined && Number.isFinite(threshold)) {
    lo = Math.min(lo, threshold);
    hi = Math.max(hi, threshold);
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }

  const step = (hi - lo) / bins;
  const counts = [new Float64Array(bins), new Float64Array(bins)];
  const totals = [0, 0];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!Number.isFinite(s)) continue;
    const cls = labels && labels[i] !== 0 && Number.isFinite(labels[i]) ? 1 : 0;
    counts[cls][Math.min(bins - 1, Math.floor((s - lo) / step))]++;
    totals[cls]++;
  }

  const names = labels
    ? [`normal (${formatCount(totals[0])})`, `anomaly (${formatCount(totals[1])})`]
    : [`all rows (${formatCount(totals[0])})`, ''];
  const rows: { x1: number; x2: number; share: number; cls: string }[] = [];
  for (const cls of [0, 1]) {
    if (totals[cls] === 0) continue;
    for (let b = 0; b < bins; b++) {
      if (counts[cls][b] === 0) continue;
      rows.push({
        x1: lo + b * step,
        x2: b === bins - 1 ? hi : lo + (b + 1) * step,
        share: counts[cls][b] / totals[cls],
        cls: names[cls],
      });
    }
  }

  const marks: Markish[] = [
    Plot.rectY(rows, {
      x1: 'x1',
      x2: 'x2',
      y: 'share',
      fill: 'cls',
      fillOpacity: 0.6,
      mixBlendMode: 'multiply',
      insetLeft: 0.5,
      insetRight: 0.5,
      tip: { format: { x1: (v: number) => formatNumber(v), x2: (v: number) => formatNumber(v), y: '.1%' } },
    }),
    Plot.ruleY([0], { stroke: TEXT_COLOR }),
  ];
  if (threshold !== undefined && Number.isFinite(threshold)) {
    marks.push(
      Plot.ruleX([threshold], { stroke: TEXT_COLOR, strokeWidth: 1.5, strokeDasharray: '4,3' }),
      Plot.text([`threshold ${formatNumber(threshold)}`], {
        x: [threshold],
        frameAnchor: 'top',
        lineAnchor: 'bottom',
        textAnchor: 'start',
        dx: 4,
        dy: -2,
        fill: TEXT_COLOR,
      }),
    );
  }

  const domain = labels ? names : [names[0]];
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 260,
    marginTop: 24,
    marginBottom: 40,
    marginLeft: 52,
    marginRight: 16,
    x: {
      domain: [lo, hi],
      label: 'Anomaly score (higher = more anomalous)',
      labelAnchor: 'center',
      labelArrow: 'none',
    },
    y: { label: 'Share of class rows (%)', percent: true, grid: true, labelArrow: 'none', nice: true },
    color: colorLegend(domain, labels ? [NORMAL_COLOR, ANOMALY_COLOR] : [NORMAL_COLOR], 'Label'),
    marks,
  });
}
