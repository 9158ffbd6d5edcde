import type { Random } from '../util/random';
import { logNormalPdf, logSumExp, normalMass } from './normal';

/**
 * One-dimensional Parzen estimators for TPE, as Optuna's `_ParzenEstimator` in its default, independent
 * form (prior on, magic clip on, endpoints off): a weighted mixture with one kernel per observation plus
 * a prior kernel spanning the whole range.
 */
export type Parzen = NumericParzen | CategoricalParzen;

/**
 * A mixture of normals truncated to [low, high]. With a `step` the values are discrete (low, low + step,
 * ..., high): the truncation widens by half a step each side and a value's probability is the mass of its
 * step-wide cell.
 */
export interface NumericParzen {
  kind: 'numeric';
  low: number;
  high: number;
  step: number | null;
  mus: Float64Array;
  sigmas: Float64Array;
  /** Mixture weights, summing to 1. */
  weights: Float64Array;
}

/** A categorical distribution over choice indices (the mixture of per-observation kernels, collapsed). */
export interface CategoricalParzen {
  kind: 'categorical';
  probs: Float64Array;
}

/** Settings shared by the estimators (Optuna's defaults). */
export interface ParzenSettings {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
}

export const DEFAULT_PARZEN: ParzenSettings = {
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
};

function normalized(weights: ArrayLike<number>, prior: number | null): Float64Array {
  const w = new Float64Array(weights.length + (prior === null ? 0 : 1));
  w.set(Array.from(weights));
  if (prior !== null) w[weights.length] = prior;
  let s = 0;
  for (const v of w) s += v;
  for (let i = 0; i < w.length; i++) w[i] /= s;
  return w;
}

/**
 * The numeric estimator of observations (already in the search's own scale: log values for log
 * dimensions) with their weights. Each kernel's sigma is the larger gap to its sorted neighbours (the
 * prior's centre and the range ends counting as neighbours, the outermost kernels looking inward only),
 * clipped to [range / min(100, 1 + kernels), range]; the prior kernel sits mid-range with sigma = range.
 */
export function numericParzen(
  observations: readonly number[],
  weights: readonly number[],
  low: number,
  high: number,
  step: number | null,
  settings: ParzenSettings = DEFAULT_PARZEN,
): NumericParzen {
  const n = observations.length;
  const width = high - low + (step ?? 0);
  const priorMu = 0.5 * (low + high);
  const withPrior = [...observations, priorMu];
  const order = withPrior.map((_, i) => i).sort((a, b) => withPrior[a] - withPrior[b] || a - b);
  const ends = [low - (step ?? 0) / 2, ...order.map((i) => withPrior[i]), high + (step ?? 0) / 2];
  const sorted = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++)
    sorted[k] = Math.max(ends[k + 1] - ends[k], ends[k + 2] - ends[k + 1]);
  if (!settings.considerEndpoints && ends.length >= 4) {
    sorted[0] = ends[2] - ends[1];
    sorted[order.length - 1] = ends[ends.length - 2] - ends[ends.length - 3];
  }
  const maxSigma = width;
  const minSigma = settings.considerMagicClip ? width / Math.min(100, 1 + n + 1) : 1e-12;
  const mus = new Float64Array(n + 1);
  const sigmas = new Float64Array(n + 1);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (i < n) {
      mus[i] = observations[i];
      sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sorted[k]));
    }
  }
  mus[n] = priorMu;
  sigmas[n] = width;
  return {
    kind: 'numeric',
    low,
    high,
    step,
    mus,
    sigmas,
    weights: normalized(weights, settings.priorWeight),
  };
}

/**
 * The categorical estimator: each observation's kernel puts weight 1 on its choice plus
 * priorWeight / (n + 1) on every choice (normalized), the prior kernel is uniform; the mixture of
 * these kernels with the given weights is itself a categorical distribution.
 */
export function categoricalParzen(
  observations: readonly number[],
  weights: readonly number[],
  choices: number,
  settings: ParzenSettings = DEFAULT_PARZEN,
): CategoricalParzen {
  const n = observations.length;
  const w = normalized(weights, settings.priorWeight);
  const base = settings.priorWeight / (n + 1);
  const probs = new Float64Array(choices);
  for (let k = 0; k <= n; k++) {
    const total = base * choices + (k < n ? 1 : 0);
    for (let c = 0; c < choices; c++) {
      const mass = base + (k < n && observations[k] === c ? 1 : 0);
      probs[c] += (w[k] * mass) / total;
    }
  }
  return { kind: 'categorical', probs };
}

function pickIndex(weights: ArrayLike<number>, rng: Random): number {
  let u = rng.next();
  for (let k = 0; k < weights.length - 1; k++) {
    u -= weights[k];
    if (u < 0) return k;
  }
  return weights.length - 1;
}

/** Rejection from N(mu, sigma) until it lands in [a, b]: the range always holds mu, so at least 34% land. */
function truncatedNormal(mu: number, sigma: number, a: number, b: number, rng: Random): number {
  for (let tries = 0; tries < 1000; tries++) {
    const x = mu + sigma * rng.normal();
    if (x >= a && x <= b) return x;
  }
  return Math.min(b, Math.max(a, mu));
}

/** One draw from the estimator: a number (numeric) or a choice index (categorical). */
export function sampleParzen(p: Parzen, rng: Random): number {
  if (p.kind === 'categorical') return pickIndex(p.probs, rng);
  const k = pickIndex(p.weights, rng);
  const half = (p.step ?? 0) / 2;
  const x = truncatedNormal(p.mus[k], p.sigmas[k], p.low - half, p.high + half, rng);
  if (p.step === null) return x;
  const v = p.low + Math.round((x - p.low) / p.step) * p.step;
  return Math.min(p.high, Math.max(p.low, v));
}

/** The log density (numeric, continuous), log probability (discrete or categorical) of a value. */
export function parzenLogPdf(p: Parzen, x: number): number {
  if (p.kind === 'categorical') return Math.log(p.probs[x]);
  const half = (p.step ?? 0) / 2;
  const terms = new Float64Array(p.mus.length);
  for (let k = 0; k < p.mus.length; k++) {
    const mu = p.mus[k];
    const s = p.sigmas[k];
    const z = normalMass((p.low - half - mu) / s, (p.high + half - mu) / s);
    const own =
      p.step === null
        ? logNormalPdf((x - mu) / s) - Math.log(s)
        : Math.log(Math.max(normalMass((x - half - mu) / s, (x + half - mu) / s), 1e-300));
    terms[k] = Math.log(p.weights[k]) + own - Math.log(z);
  }
  return logSumExp(terms);
}
