import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import {
  ANOMALY_COLOR,
  BACKGROUND_COLOR,
  MUTED_TEXT_COLOR,
  SERIES_COLOR,
  emptyChart,
  formatNumber,
  themed,
} from './theme';

/** A trial as the chart needs it: its number and score (null when it failed). */
export interface TuningTrialPoint {
  index: number;
  score: number | null;
}

export interface TuningTrialsInput {
  trials: readonly TuningTrialPoint[];
  /** The best trial's index (ringed). */
  bestIndex: number | null;
  direction: 'maximize' | 'minimize';
  /** The objective's name, for the y axis. */
  objective: string;
  /** Colour of the running-best line (the detector's model colour). */
  color?: string;
  width?: number;
  height?: number;
}

/** The best score after each finished trial, in trial order (failed trials keep the best so far). */
export function runningBest(
  trials: readonly TuningTrialPoint[],
  direction: 'maximize' | 'minimize',
): { index: number; best: number }[] {
  const sign = direction === 'minimize' ? -1 : 1;
  const out: { index: number; best: number }[] = [];
  let best: number | null = null;
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    if (t.score !== null && Number.isFinite(t.score) && (best === null || sign * t.score > sign * best))
      best = t.score;
    if (best !== null) out.push({ index: t.index, best });
  }
  return out;
}

/**
 * Tick labels of a score axis and the left margin they need: up to 3 significant digits, so the tiny
 * areas of excess mass (0.00034) and large volumes read in full instead of being cut at the edge.
 */
export function scoreTicks(scores: readonly number[]): {
  tickFormat: (v: number) => string;
  marginLeft: number;
} {
  const tickFormat = (v: number) => (v === 0 ? '0' : String(Number(v.toPrecision(3))));
  const finite = scores.filter((v) => Number.isFinite(v));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  // The longest label among the extremes and a few values between them (ticks land on round values).
  const widest = Math.max(
    ...[lo, hi, (lo + hi) / 2, lo + (hi - lo) * 0.05, hi - (hi - lo) * 0.05].map((v) => tickFormat(v).length),
  );
  return { tickFormat, marginLeft: Math.max(44, 14 + 7 * widest) };
}

/** Integer ticks for trial numbers: every trial when there are few, else Plot's own (integers). */
function trialTicks(maxIndex: number): number[] | undefined {
  return maxIndex <= 15 ? Array.from({ length: maxIndex + 1 }, (_, i) => i) : undefined;
}

/**
 * Score by trial: a dot per finished trial, the running best as a step line, the best trial ringed in
 * the anomaly hue and named in the top-right corner, failed trials as faint dashed rules.
 */
export function tuningTrialsChart(input: TuningTrialsInput): PlotOptions {
  const { trials, bestIndex, direction, objective } = input;
  const done = trials.filter((t): t is { index: number; score: number } => t.score !== null);
  if (!done.length) return emptyChart('Scores appear here as trials finish.', input.width);
  const failed = trials.filter((t) => t.score === null);
  const steps = runningBest(trials, direction);
  const best = done.filter((t) => t.index === bestIndex);
  const maxIndex = Math.max(...trials.map((t) => t.index));
  const color = input.color ?? SERIES_COLOR;
  const { tickFormat, marginLeft } = scoreTicks(done.map((t) => t.score));
  return themed({
    ...(input.width !== undefined && { width: input.width }),
    height: input.height ?? 240,
    marginLeft,
    marginTop: 28,
    x: {
      label: 'Trial',
      labelAnchor: 'center',
      labelArrow: 'none',
      domain: [0, Math.max(1, maxIndex)],
      inset: 10,
      ticks: trialTicks(Math.max(1, maxIndex)),
      tickFormat: 'd',
    },
    y: {
      label: `${objective} (${direction === 'maximize' ? 'higher' : 'lower'} is better)`,
      labelArrow: 'none',
      grid: true,
      nice: true,
      tickFormat,
    },
    marks: [
      Plot.ruleX(failed, {
        x: 'index',
        stroke: MUTED_TEXT_COLOR,
        strokeOpacity: 0.5,
        strokeDasharray: '3,3',
        ariaDescription: 'failed trial',
      }),
      Plot.line(steps, {
        x: 'index',
        y: 'best',
        curve: 'step-after',
        stroke: color,
        strokeWidth: 2,
        ariaDescription: 'running best',
      }),
      Plot.dot(done, {
        x: 'index',
        y: 'score',
        r: 3.5,
        fill: SERIES_COLOR,
        fillOpacity: 0.75,
        stroke: BACKGROUND_COLOR,
        ariaDescription: 'trial score',
      }),
      Plot.dot(best, {
        x: 'index',
        y: 'score',
        r: 7,
        stroke: ANOMALY_COLOR,
        strokeWidth: 2,
        fill: 'none',
        ariaDescription: 'best trial',
      }),
      Plot.text(best, {
        frameAnchor: 'top-right',
        dy: -22,
        text: (t: { index: number; score: number }) =>
          `best: trial ${t.index} (${formatNumber(+t.score.toPrecision(4))})`,
        fill: ANOMALY_COLOR,
        fontWeight: 'bold',
        ariaDescription: 'best label',
      }),
      Plot.tip(
        done,
        Plot.pointerX({
          x: 'index',
          y: 'score',
          title: (t: { index: number; score: number }) =>
            `trial ${t.index}\n${objective} ${t.score.toPrecision(4)}`,
        }),
      ),
    ],
  });
}
