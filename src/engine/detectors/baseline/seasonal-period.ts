import { dominantPeriods } from '../../eda/autocorrelation';

/** The autocorrelation a column must reach at a candidate period to vote for it. */
export const MIN_PERIOD_ACF = 0.3;

/**
 * How much higher the autocorrelation must be at the period than at half of it. A smooth, slowly varying
 * series (a trend, a random walk) has a high autocorrelation at every short lag, and its periodogram
 * still has local maxima; a real cycle is in phase after one period and out of phase after half of one.
 */
export const MIN_PERIOD_CONTRAST = 0.3;

/**
 * Rows of one entity's column searched for a period: the first ones, enough for any period a slot
 * baseline can use (a tenth of them at 10 rows per slot), and a bound on the FFT's cost.
 */
export const MAX_PERIOD_ROWS = 32_768;

/** One column of one entity whose autocorrelation supports a period. */
export interface PeriodVote {
  period: number;
  /** The autocorrelation at the period. */
  acf: number;
  /** Rows of the entity (the vote's weight). */
  rows: number;
}

/**
 * The autocorrelation of finite `x` at one lag, as `acf(x, k)[k]` of the EDA (deviations from the mean,
 * unadjusted sums) without computing every lag up to k: O(n).
 */
export function autocorrelationAt(x: Float64Array, k: number): number {
  const n = x.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  let c0 = 0;
  let ck = 0;
  for (let t = 0; t < n; t++) {
    const d = x[t] - mean;
    c0 += d * d;
    if (t + k < n) ck += d * (x[t + k] - mean);
  }
  return c0 > 0 ? ck / c0 : NaN;
}

/**
 * The period one series supports, or null: among its 3 strongest periodogram peaks
 * (`dominantPeriods`, refined to whole steps, with the autocorrelation r(P) at each) of at most
 * `maxPeriod` steps, the one with the highest r(P), provided r(P) >= {@link MIN_PERIOD_ACF} and
 * r(P) - r(floor(P / 2)) >= {@link MIN_PERIOD_CONTRAST}. The periodogram finds where the power is; the
 * autocorrelation tells a cycle that repeats from a merely smooth series.
 */
export function seriesPeriod(values: Float64Array, maxPeriod: number): PeriodVote | null {
  const series = values.length > MAX_PERIOD_ROWS ? values.subarray(0, MAX_PERIOD_ROWS) : values;
  let best: PeriodVote | null = null;
  for (const p of dominantPeriods(series, 1, 3)) {
    const P = p.periodSteps;
    const atP = p.acf;
    if (P < 2 || P > maxPeriod || !(atP >= MIN_PERIOD_ACF)) continue;
    if (!(atP - autocorrelationAt(series, P >> 1) >= MIN_PERIOD_CONTRAST)) continue;
    if (!best || atP > best.acf) best = { period: P, acf: atP, rows: values.length };
  }
  return best;
}

/** The period chosen from the votes of every (entity, column) series. */
export interface PeriodChoice {
  period: number;
  /** Series (entity, column) that voted for it, and all the series searched. */
  votes: number;
  series: number;
  /** Mean autocorrelation at the period of the series that voted for it. */
  meanAcf: number;
}

/**
 * Tallies the votes: each weighs its autocorrelation times its entity's rows (long histories and clear
 * cycles count most); the period with the largest total wins. Null without votes.
 */
export function choosePeriod(votes: readonly PeriodVote[], series: number): PeriodChoice | null {
  const total = new Map<number, { weight: number; count: number; acf: number }>();
  for (const v of votes) {
    const t = total.get(v.period) ?? { weight: 0, count: 0, acf: 0 };
    t.weight += v.acf * v.rows;
    t.count++;
    t.acf += v.acf;
    total.set(v.period, t);
  }
  let best: PeriodChoice | null = null;
  let bestWeight = -Infinity;
  // Ties go to the shorter period (more rows per slot); iteration order must not decide.
  for (const [period, t] of [...total].sort((a, b) => a[0] - b[0])) {
    if (t.weight > bestWeight) {
      bestWeight = t.weight;
      best = { period, votes: t.count, series, meanAcf: t.acf / t.count };
    }
  }
  return best;
}
