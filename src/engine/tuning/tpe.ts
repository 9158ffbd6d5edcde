import type { Random } from '../util/random';
import {
  categoricalParzen,
  DEFAULT_PARZEN,
  numericParzen,
  parzenLogPdf,
  sampleParzen,
  type Parzen,
  type ParzenSettings,
} from './parzen';
import { inDimension, type ParamValue, type SearchDimension, type SearchSpace } from './space';
import { clamp, sampleSpace } from './uniform-sample';

/**
 * The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio and Kegl 2011) with the defaults of
 * Optuna's TPESampler: independent per parameter, the best gamma(n) = min(ceil(0.1 n), 25) trials form
 * l(x) and the rest g(x), 24 candidates drawn from l(x), the one with the largest l(x) / g(x) kept.
 */
export interface TpeOptions {
  /** Trials drawn at random before the model is used (Optuna: 10). */
  startupTrials: number;
  /** Candidates drawn from l(x) per parameter (Optuna: 24). */
  candidates: number;
  /** How many of n finished trials count as good. */
  gamma: (n: number) => number;
  /** Weights of n observations in trial order (Optuna: 1s, the oldest ramped down beyond 25). */
  weights: (n: number) => number[];
  parzen: ParzenSettings;
}

/** Optuna's default_gamma: the best 10% of trials, at most 25. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's default_weights: equal below 25; beyond, a ramp from 1/n to 1 then the latest 25 at 1. */
export function defaultWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

export const DEFAULT_TPE: TpeOptions = {
  startupTrials: 10,
  candidates: 24,
  gamma: defaultGamma,
  weights: defaultWeights,
  parzen: DEFAULT_PARZEN,
};

/** A finished trial as TPE sees it: its value per dimension and its score (higher is better). */
export interface Observation {
  values: readonly ParamValue[];
  score: number;
}

/** The dimension's own scale for the estimator: bounds, discreteness, and how values map in and out. */
interface Scale {
  low: number;
  high: number;
  step: number | null;
  to(v: ParamValue): number;
  from(x: number): ParamValue;
}

function scaleOf(d: SearchDimension): Scale {
  if (d.kind === 'choice') {
    return {
      low: 0,
      high: d.choices.length - 1,
      step: 1,
      to: (v) => d.choices.indexOf(v),
      from: (x) => d.choices[x],
    };
  }
  if (d.kind === 'float') {
    return d.log
      ? {
          low: Math.log(d.low),
          high: Math.log(d.high),
          step: null,
          to: (v) => Math.log(v as number),
          from: (x) => clamp(Math.exp(x), d.low, d.high),
        }
      : { low: d.low, high: d.high, step: null, to: (v) => v as number, from: (x) => x };
  }
  // Log integers as Optuna: continuous in log over [low - 0.5, high + 0.5], rounded on the way out.
  return d.log
    ? {
        low: Math.log(d.low - 0.5),
        high: Math.log(d.high + 0.5),
        step: null,
        to: (v) => Math.log(v as number),
        from: (x) => clamp(Math.round(Math.exp(x)), d.low, d.high),
      }
    : { low: d.low, high: d.high, step: 1, to: (v) => v as number, from: (x) => x };
}

function estimator(
  d: SearchDimension,
  scale: Scale,
  obs: number[],
  weights: number[],
  o: TpeOptions,
): Parzen {
  if (d.kind === 'choice') return categoricalParzen(obs, weights, d.choices.length, o.parzen);
  return numericParzen(obs, weights, scale.low, scale.high, scale.step, o.parzen);
}

/**
 * Splits finished trials (in trial order) into the good and the rest: the `gamma(n)` best scores, ties
 * going to the earlier trial; each part stays in trial order.
 */
export function splitGood(history: readonly Observation[], nGood: number): { good: number[]; bad: number[] } {
  const ranked = history.map((_, i) => i).sort((a, b) => history[b].score - history[a].score || a - b);
  const goodSet = new Set(ranked.slice(0, Math.min(nGood, history.length)));
  const good: number[] = [];
  const bad: number[] = [];
  history.forEach((_, i) => (goodSet.has(i) ? good : bad).push(i));
  return { good, bad };
}

/**
 * The next trial's values, one per dimension: random while fewer than `startupTrials` trials have
 * finished, else, per dimension, the candidate from l(x) with the largest log l(x) - log g(x). A trial
 * whose value lies outside a dimension (a default outside the searched range) is left out of that
 * dimension's estimators.
 */
export function tpeSuggest(
  space: SearchSpace,
  history: readonly Observation[],
  rng: Random,
  options: Partial<TpeOptions> = {},
): ParamValue[] {
  const o: TpeOptions = { ...DEFAULT_TPE, ...options };
  if (history.length < Math.max(1, o.startupTrials)) return sampleSpace(space, rng);
  const { good, bad } = splitGood(history, o.gamma(history.length));
  return space.dimensions.map((d, j) => {
    const scale = scaleOf(d);
    const part = (rows: number[]): { obs: number[]; weights: number[] } => {
      const kept = rows.filter((i) => inDimension(d, history[i].values[j]));
      const w = o.weights(kept.length);
      return { obs: kept.map((i) => scale.to(history[i].values[j])), weights: w };
    };
    const l = part(good);
    const g = part(bad);
    const below = estimator(d, scale, l.obs, l.weights, o);
    const above = estimator(d, scale, g.obs, g.weights, o);
    let best = NaN;
    let bestScore = -Infinity;
    for (let c = 0; c < o.candidates; c++) {
      const x = sampleParzen(below, rng);
      const s = parzenLogPdf(below, x) - parzenLogPdf(above, x);
      if (s > bestScore || Number.isNaN(best)) {
        best = x;
        bestScore = s;
      }
    }
    return scale.from(best);
  });
}
