import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { RISK_NAMES, type RiskName } from '../engine/risk/risk-clusters';
import { BACKGROUND_COLOR, TEXT_COLOR, emptyChart, formatCount, formatNumber, themed } from './theme';

/**
 * The four risk levels, from calm to alarming: a cool blue for Idle, green for Normal, amber for High
 * Load and a dark crimson for Critical. The crimson is darker and bluer than the anomaly hue, so a
 * Critical cluster (a load level) is not read as a labelled anomaly.
 */
export const RISK_PALETTE: Readonly<Record<RiskName, string>> = {
  Idle: '#7ea6d8',
  Normal: '#3ca951',
  'High Load': '#e0a31a',
  Critical: '#a3162e',
};

/** The palette in {@link RISK_NAMES} order. */
export const RISK_COLORS: readonly string[] = RISK_NAMES.map((n) => RISK_PALETTE[n]);

export interface RiskBarInput {
  /** Clusters by ascending load (`RiskView.clusters`). */
  clusters: readonly { name: RiskName; size: number; load: number }[];
  /** What one counted unit is called (`instance`, `day`, `block`), and several. */
  unitName: string;
  unitsName: string;
  width?: number;
  height?: number;
}

/**
 * How the fleet splits across risk levels: one bar per cluster, left to right by ascending load, in the
 * risk colours, each labelled with its count and share of the fleet. A tip gives the centroid's load.
 */
export function riskBarChart(input: RiskBarInput): PlotOptions {
  const { clusters, unitName, unitsName } = input;
  const total = clusters.reduce((t, c) => t + c.size, 0);
  if (clusters.length === 0 || total === 0) {
    return emptyChart(
      `No risk clusters yet: choose metrics and run the clustering of the ${unitsName}.`,
      input.width,
    );
  }
  const rows = clusters.map((c) => ({
    name: c.name,
    size: c.size,
    load: c.load,
    label: `${formatCount(c.size)} (${Math.round((100 * c.size) / total)}%)`,
  }));
  const names = rows.map((r) => r.name);
  const maxSize = Math.max(...rows.map((r) => r.size));
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 240,
    marginTop: 24,
    marginLeft: 48,
    marginBottom: 36,
    x: { domain: names, label: null, padding: 0.25 },
    y: {
      domain: [0, maxSize * 1.12],
      label: `${unitsName[0].toUpperCase()}${unitsName.slice(1)}`,
      labelArrow: 'none',
      grid: true,
      ticks: Math.min(maxSize, 5),
      tickFormat: (v: number) => (Number.isInteger(v) ? formatCount(v) : ''),
    },
    color: { type: 'ordinal', domain: names, range: names.map((n) => RISK_PALETTE[n]) },
    marks: [
      Plot.barY(rows, {
        x: 'name',
        y: 'size',
        fill: 'name',
        ariaDescription: 'risk bar',
        title: (r: (typeof rows)[number]) =>
          `${r.name}: ${formatCount(r.size)} ${r.size === 1 ? unitName : unitsName} of ${formatCount(total)}\ncentroid load ${formatNumber(r.load)}`,
      }),
      Plot.ruleY([0], { stroke: TEXT_COLOR }),
      Plot.text(rows, {
        x: 'name',
        y: 'size',
        text: 'label',
        dy: -8,
        fill: TEXT_COLOR,
        stroke: BACKGROUND_COLOR,
        strokeWidth: 3,
        paintOrder: 'stroke',
        ariaDescription: 'risk count',
      }),
    ],
  });
}
