import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { ANOMALY_COLOR, NORMAL_COLOR, TEXT_COLOR, emptyChart, themed } from './theme';

export type StreamRiskLabel = 'normal' | 'watch' | 'anomaly' | 'critical';

export interface RiskLabelInput {
  counts: Record<StreamRiskLabel, number>;
  width?: number;
}

const ORDER: readonly StreamRiskLabel[] = ['normal', 'watch', 'anomaly', 'critical'];
export const RISK_LABEL_COLORS: Record<StreamRiskLabel, string> = {
  normal: NORMAL_COLOR,
  watch: '#e0a526',
  anomaly: ANOMALY_COLOR,
  critical: '#8f1d0c',
};

/** Streamed rows per risk label as horizontal bars, in severity order, each with its count and share. */
export function riskLabelChart(input: RiskLabelInput): PlotOptions {
  const total = ORDER.reduce((a, k) => a + input.counts[k], 0);
  if (total === 0) return emptyChart('No rows scored yet: start the stream.', input.width);
  const rows = ORDER.map((label) => ({ label, n: input.counts[label] }));
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: 130,
    marginLeft: 70,
    marginRight: 90,
    x: { label: 'Rows scored', grid: true, labelArrow: 'none' },
    y: { label: null, domain: [...ORDER] },
    marks: [
      Plot.barX(rows, {
        y: 'label',
        x: 'n',
        fill: (r: { label: StreamRiskLabel }) => RISK_LABEL_COLORS[r.label],
        ariaDescription: 'risk bar',
      }),
      Plot.text(rows, {
        y: 'label',
        x: 'n',
        text: (r: { n: number }) => `${r.n.toLocaleString('en-US')} (${((100 * r.n) / total).toFixed(1)}%)`,
        textAnchor: 'start',
        dx: 4,
        fill: TEXT_COLOR,
        ariaDescription: 'risk count',
      }),
    ],
  });
}
