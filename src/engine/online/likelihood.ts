import { MAD_TO_SIGMA, sortedMedian } from '../detectors/baseline/robust-stats';
import { sortedMad } from '../detectors/baseline/window-mad';
import { SortedWindow } from '../features/window/sorted-window';
import { resolveLikelihoodParams, type LikelihoodParams } from './likelihood-params';
import { logNormalTail } from './normal-tail';

const LOG_1E10 = Math.log(1e10);
/** Where the log form leaves Numenta's straight line for a curve that never reaches 1. */
const KNEE = 0.9;

/**
 * The likelihood of an upper-tail probability, in Numenta's log form: log(tail) / log(1e-10), so a tail
 * of 1e-5 gives 0.5 and 1e-9 gives 0.9 (`AnomalyLikelihood.computeLogLikelihood` computes
 * log(1.0000000001 - p) / log(1e-10) from p = 1 - tail, which is 1.0 for every tail below about 1e-16 in
 * floating point). Above 0.9 it continues as 1 - 0.1 / (1 + ln(1 + 10 (v - 0.9))) with v the straight
 * line's value: the same value and slope at the knee, increasing, and below 1 for any finite log tail
 * (it would need v near e^(10^15)), so the strongest anomalies keep their order instead of tying at 1.0.
 *
 * @param logTail - the natural log of the tail probability, <= 0 (-Infinity gives 1).
 */
export function likelihoodOfLogTail(logTail: number): number {
  const v = Math.max(0, -logTail / LOG_1E10);
  if (v <= KNEE) return v;
  if (v === Infinity) return 1;
  return 1 - (1 - KNEE) / (1 + Math.log1p((v - KNEE) / (1 - KNEE)));
}

/** Likelihood reported before the reference distribution exists: a tail of 0.5, as Numenta's. */
export const NEUTRAL_LIKELIHOOD = likelihoodOfLogTail(Math.log(0.5));

/**
 * A calibrated anomaly likelihood in [0, 1) for one entity's raw scores, fed one at a time, in the spirit
 * of Numenta's anomaly likelihood (Ahmad et al. 2017): the mean of the last `shortWindow` raw scores
 * (after `transform`) is compared with the distribution of the earlier short-window means over the last
 * `longWindow` rows, and the probability of a mean that high or higher, the upper tail, becomes
 * {@link likelihoodOfLogTail}. The reference never includes the current row, and a row's likelihood
 * depends only on it and the rows before it.
 *
 * Tails: 'gaussian' fits a normal distribution to the reference (mean and standard deviation, floored
 * at `minStd`), as Numenta does; 'empirical' counts the reference values at or above the current mean,
 * (count + 1) / (N + 1), and beyond the largest reference value continues with the normal tail scaled
 * to meet it there, so new maxima stay ordered rather than tying at 1 / (N + 1). Only high scores are
 * anomalous (Numenta's also flags unusually low ones). With fewer than `minHistory` reference values the
 * tail is 0.5.
 *
 * Cost per row: O(shortWindow) for 'gaussian' (running sums over a ring, recomputed exactly every
 * `longWindow` rows so rounding never accumulates), plus a sorted window's insertion for 'empirical'.
 */
export class AnomalyLikelihood {
  readonly params: Readonly<LikelihoodParams>;
  private readonly recent: Float64Array;
  private recentCount = 0;
  private readonly past: Float64Array;
  private pastHead = 0;
  private pastCount = 0;
  /** Sums of (value - shift) over the reference: a shift near the values keeps the variance exact. */
  private shift = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceExact = 0;
  private readonly sorted: SortedWindow | null;
  private pendingMean = NaN;
  private rows = 0;

  constructor(params: Partial<LikelihoodParams> = {}) {
    this.params = Object.freeze(resolveLikelihoodParams({ ...params }));
    this.recent = new Float64Array(this.params.shortWindow);
    this.past = new Float64Array(this.params.longWindow);
    const { tail, estimator, longWindow } = this.params;
    this.sorted = tail === 'empirical' || estimator === 'robust' ? new SortedWindow(longWindow) : null;
  }

  /** Rows pushed so far. */
  get count(): number {
    return this.rows;
  }

  /** The likelihood of the next row's raw score (finite), using it and the rows before it. */
  push(raw: number): number {
    if (!Number.isFinite(raw)) {
      throw new Error(`likelihood: raw score ${raw} at row ${this.rows} is not a finite number`);
    }
    const p = this.params;
    // The previous row's mean joins the reference only now, so the current mean is never in it.
    if (!Number.isNaN(this.pendingMean)) this.addPast(this.pendingMean);
    const v = p.transform === 'log' ? Math.sign(raw) * Math.log1p(Math.abs(raw)) : raw;
    this.recent[this.rows % p.shortWindow] = v;
    this.rows++;
    if (this.recentCount < p.shortWindow) this.recentCount++;
    let s = 0;
    for (let k = 0; k < this.recentCount; k++) s += this.recent[k];
    const mean = s / this.recentCount;
    this.pendingMean = mean;
    if (this.pastCount < p.minHistory) return NEUTRAL_LIKELIHOOD;
    return likelihoodOfLogTail(this.logTail(mean));
  }

  private logTail(x: number): number {
    const n = this.pastCount;
    let mu: number;
    let spread: number;
    const sorted = this.sorted;
    if (this.params.estimator === 'robust') {
      const s = sorted!.sortedBuffer();
      mu = sortedMedian(s, n);
      spread = MAD_TO_SIGMA * sortedMad(s, n, mu);
    } else {
      const d = this.sum / n;
      mu = this.shift + d;
      spread = Math.sqrt(Math.max(0, this.sumSq / n - d * d));
    }
    const sd = Math.max(this.params.minStd, spread);
    const gaussian = (at: number): number => logNormalTail((at - mu) / sd);
    if (this.params.tail === 'gaussian') return gaussian(x);
    const s = sorted!.sortedBuffer();
    const max = s[n - 1];
    if (x > max) return gaussian(x) - gaussian(max) - Math.log(n + 1);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return Math.log((n - lo + 1) / (n + 1));
  }

  private addPast(m: number): void {
    const cap = this.params.longWindow;
    if (this.pastCount === 0) this.shift = m;
    if (this.pastCount === cap) {
      const old = this.past[this.pastHead] - this.shift;
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.pastCount++;
    }
    this.past[this.pastHead] = m;
    this.pastHead = this.pastHead + 1 === cap ? 0 : this.pastHead + 1;
    const d = m - this.shift;
    this.sum += d;
    this.sumSq += d * d;
    this.sorted?.push(m);
    if (++this.sinceExact >= cap) {
      // Exact sums again, about the current mean, so rounding never accumulates.
      this.sinceExact = 0;
      this.shift += this.sum / this.pastCount;
      let s = 0;
      let q = 0;
      for (let k = 0; k < this.pastCount; k++) {
        const e = this.past[k] - this.shift;
        s += e;
        q += e * e;
      }
      this.sum = s;
      this.sumSq = q;
    }
  }
}

/** {@link AnomalyLikelihood} over one series of raw scores in order. */
export function anomalyLikelihoods(
  scores: ArrayLike<number>,
  params: Partial<LikelihoodParams> = {},
): Float64Array {
  const l = new AnomalyLikelihood(params);
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = l.push(scores[i]);
  return out;
}
