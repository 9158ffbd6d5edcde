import * as Plot from '@observablehq/plot';
import type { Markish, PlotOptions } from '@observablehq/plot';
import { RISK_NAMES, type RiskName } from '../engine/risk/risk-clusters';
import { RISK_PALETTE } from './risk-bar-chart';
import {
  BACKGROUND_COLOR,
  GRID_COLOR,
  MUTED_TEXT_COLOR,
  colorLegend,
  emptyChart,
  formatNumber,
  themed,
} from './theme';

export interface RiskPcaInput {
  /** One point per instance (`RiskView.instances`); points without coordinates are left out. */
  points: readonly { name: string; risk: RiskName; load: number; x: number | null; y: number | null }[];
  /** Explained variance shares of the two axes (`RiskView.pca.explained`), or null without a scatter. */
  explained: readonly [number, number] | null;
  /** Why there is no scatter (`RiskView.pcaAbsent`): shown instead of the chart. */
  absent?: string | null;
  width?: number;
  height?: number;
}

/** Up to this many points are named beside their dot; more would cover each other. */
const MAX_NAMED = 24;

function share(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a';
}

/**
 * The fleet's behaviour on its first two principal components: one dot per instance in its risk colour
 * (legend in ascending risk), named beside the dot when there are at most 24. Axis labels give each
 * component's share of the variance; the first component points towards more load.
 */
export function riskPcaChart(input: RiskPcaInput): PlotOptions {
  if (input.absent) return emptyChart(input.absent, input.width);
  const rows = input.points.flatMap((p) =>
    p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y)
      ? [{ name: p.name, risk: p.risk, load: p.load, x: p.x, y: p.y }]
      : [],
  );
  if (rows.length === 0 || input.explained === null) {
    return emptyChart('No PCA scatter yet: run the risk clustering.', input.width);
  }
  const [e1, e2] = input.explained;
  const used = RISK_NAMES.filter((n) => rows.some((r) => r.risk === n));
  const marks: Markish[] = [
    Plot.ruleX([0], { stroke: GRID_COLOR }),
    Plot.ruleY([0], { stroke: GRID_COLOR }),
    Plot.dot(rows, {
      x: 'x',
      y: 'y',
      fill: 'risk',
      r: 5,
      stroke: BACKGROUND_COLOR,
      strokeWidth: 1,
      ariaDescription: 'instance',
    }),
  ];
  if (rows.length <= MAX_NAMED) {
    marks.push(
      Plot.text(rows, {
        x: 'x',
        y: 'y',
        text: 'name',
        dx: 8,
        textAnchor: 'start',
        fill: MUTED_TEXT_COLOR,
        stroke: BACKGROUND_COLOR,
        strokeWidth: 3,
        paintOrder: 'stroke',
        ariaDescription: 'instance name',
      }),
    );
  }
  marks.push(
    Plot.tip(
      rows,
      Plot.pointer({
        x: 'x',
        y: 'y',
        title: (r: (typeof rows)[number]) =>
          `${r.name}\n${r.risk} · load ${formatNumber(r.load)}\nPC1 ${formatNumber(r.x)}, PC2 ${formatNumber(r.y)}`,
      }),
    ),
  );
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 340,
    marginTop: 16,
    marginRight: 24,
    marginBottom: 40,
    marginLeft: 48,
    inset: 12,
    x: {
      label: `PC1 · ${share(e1)} of the variance (right: more load)`,
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
    },
    y: { label: `PC2 · ${share(e2)} of the variance`, labelArrow: 'none', grid: true },
    color: colorLegend(
      used,
      used.map((n) => RISK_PALETTE[n]),
      'Risk',
    ),
    marks,
  });
}
