import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { scoreTicks } from './tuning-trials-chart';
import {
  ANOMALY_COLOR,
  BACKGROUND_COLOR,
  SERIES_COLOR,
  TEXT_COLOR,
  emptyChart,
  formatNumber,
  themed,
} from './theme';

/** One finished trial as a point: the parameter's value and the trial's score. */
export interface TuningParamPoint {
  index: number;
  value: number | string | boolean;
  score: number;
}

export interface TuningParamInput {
  /** The parameter's label, for the x axis. */
  label: string;
  /** A numeric range (log scale or linear) or a list of choices. */
  kind: 'numeric' | 'choice';
  log?: boolean;
  /** The choices in their order (choice kind); values not listed are appended. */
  choices?: readonly (number | string | boolean)[];
  points: readonly TuningParamPoint[];
  bestIndex: number | null;
  /** The objective's short name, for the y axis. */
  objective: string;
  width?: number;
  height?: number;
}

type Row = { index: number; x: number | string; score: number };

/** The mean score per choice, in the order of `domain` (choices without a trial left out). */
export function choiceMeans(rows: readonly Row[], domain: readonly string[]): { x: string; mean: number }[] {
  const out: { x: string; mean: number }[] = [];
  for (const c of domain) {
    const s = rows.filter((r) => r.x === c).map((r) => r.score);
    if (s.length) out.push({ x: c, mean: s.reduce((a, b) => a + b, 0) / s.length });
  }
  return out;
}

/**
 * One parameter against the score, a small chart per parameter: a dot per finished trial on the
 * parameter's own scale (log when searched on one), or per choice with a tick at each choice's mean
 * score; the best trial ringed in the anomaly hue.
 */
export function tuningParamChart(input: TuningParamInput): PlotOptions {
  const { label, kind, points, bestIndex, objective } = input;
  if (!points.length) return emptyChart('No finished trial yet.', input.width, 160);
  const rows: Row[] = points.map((p) => ({
    index: p.index,
    x: kind === 'numeric' ? Number(p.value) : String(p.value),
    score: p.score,
  }));
  const best = rows.filter((r) => r.index === bestIndex);
  let x: PlotOptions['x'];
  let means: { x: string; mean: number }[] = [];
  if (kind === 'choice') {
    const domain = (input.choices ?? []).map(String);
    for (const r of rows) if (!domain.includes(r.x as string)) domain.push(r.x as string);
    means = choiceMeans(rows, domain);
    x = { type: 'band', domain, label, labelAnchor: 'center', labelArrow: 'none', padding: 0.4 };
  } else {
    const positive = rows.every((r) => (r.x as number) > 0);
    x = {
      type: input.log && positive ? 'log' : 'linear',
      label,
      labelAnchor: 'center',
      labelArrow: 'none',
      nice: true,
      ticks: 4,
      // Plain numbers: SI prefixes would write 0.05 as "50m".
      tickFormat: (v: number) => formatNumber(v),
    };
  }
  const { tickFormat, marginLeft } = scoreTicks(rows.map((r) => r.score));
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 180,
    marginLeft,
    marginRight: 16,
    marginBottom: 40,
    x,
    y: { label: objective, labelArrow: 'none', grid: true, nice: true, ticks: 4, tickFormat },
    marks: [
      kind === 'choice'
        ? Plot.tickY(means, {
            x: 'x',
            y: 'mean',
            stroke: TEXT_COLOR,
            strokeWidth: 2,
            ariaDescription: 'choice mean',
          })
        : null,
      Plot.dot(rows, {
        x: 'x',
        y: 'score',
        r: 3.5,
        fill: SERIES_COLOR,
        fillOpacity: 0.7,
        stroke: BACKGROUND_COLOR,
        ariaDescription: 'trial',
      }),
      Plot.dot(best, {
        x: 'x',
        y: 'score',
        r: 7,
        stroke: ANOMALY_COLOR,
        strokeWidth: 2,
        fill: 'none',
        ariaDescription: 'best trial',
      }),
      Plot.tip(
        rows,
        Plot.pointer({
          x: 'x',
          y: 'score',
          title: (r: Row) =>
            `trial ${r.index}\n${label} ${typeof r.x === 'number' ? +r.x.toPrecision(4) : r.x}\n${objective} ${r.score.toPrecision(4)}`,
        }),
      ),
    ],
  });
}
