import {
  FeatureConfigError,
  type FamilyState,
  type FeatureContext,
  type FeatureFamily,
  type SharedStructures,
} from './family';
import { sharedOrOwn, type SharedWindows } from './shared';
import type { WindowMoments } from './window/window-moments';
import { lookback } from '../util/lookback';

/** The shape statistics the distribution family can compute over each window. */
export const DISTRIBUTION_STATS = ['skew', 'kurt', 'zscore'] as const;

/** One distribution-shape statistic. */
export type DistributionStat = (typeof DISTRIBUTION_STATS)[number];

/** Parameters of the distribution family. */
export interface DistributionParams {
  /** The statistics computed over every window, in output order (distinct, at least one). */
  stats: DistributionStat[];
}

/**
 * The shape of each metric's recent distribution, for every shared window size:
 * `metric__distribution__<stat>_w<w>`, ordered by metric, then window, then statistic. Each window
 * covers the current row and the rows before it (partial at the start of an entity).
 *
 * - `skew`: bias-corrected sample skewness, as pandas `s.rolling(w, min_periods=1).skew()`; 0 where
 *   pandas gives NaN for fewer than 3 values, and 0 when all values in the window are equal.
 * - `kurt`: bias-corrected sample excess kurtosis, as pandas' rolling `kurt()`; 0 for fewer than 4
 *   values or a constant window (where pandas' rolling kurt gives -3 and `Series.kurt()` gives 0).
 * - `zscore`: (value - window mean) / window sample standard deviation (ddof 1), the window including
 *   the current row; 0 when the standard deviation is 0 (a single value or a constant window).
 *
 * Unlike pandas, whose skew and kurt give NaN when the window variance is below 1e-14 in absolute
 * terms, these are scale-free: a metric measured in 1e-9 units gets the same shape as in units of 1.
 * A result that overflows the double range (values beyond about 1e77 in magnitude) is written as 0.
 */
export const distributionFamily: FeatureFamily<DistributionParams> = {
  name: 'distribution',
  title: 'Distribution shape',
  description: 'Skewness, kurtosis and z-score of each metric within trailing windows.',
  defaults: { stats: [...DISTRIBUTION_STATS] },
  parse: parseDistributionParams,
  names(ctx: FeatureContext, params: DistributionParams): string[] {
    const names: string[] = [];
    for (const m of ctx.metrics) {
      for (const w of ctx.windows) for (const s of params.stats) names.push(`${m}__distribution__${s}_w${w}`);
    }
    return names;
  },
  lookback: (ctx) => lookback(Math.max(0, ...ctx.windows)),
  create(ctx: FeatureContext, params: DistributionParams, shared?: SharedStructures): FamilyState {
    return new DistributionState(ctx, params, shared);
  },
};

function parseDistributionParams(raw: Record<string, unknown>): DistributionParams {
  for (const key of Object.keys(raw)) {
    if (key !== 'stats') {
      throw new FeatureConfigError(`families.distribution.${key}`, 'unknown parameter (known: stats)');
    }
  }
  const field = 'families.distribution.stats';
  const stats = raw.stats === undefined ? [...DISTRIBUTION_STATS] : raw.stats;
  if (!Array.isArray(stats) || stats.length === 0) {
    throw new FeatureConfigError(
      field,
      `must be a non-empty list of statistics (${DISTRIBUTION_STATS.join(', ')})`,
    );
  }
  const seen = new Set<string>();
  for (const s of stats) {
    if (typeof s !== 'string' || !(DISTRIBUTION_STATS as readonly string[]).includes(s)) {
      throw new FeatureConfigError(
        field,
        `${JSON.stringify(s)} is not one of ${DISTRIBUTION_STATS.join(', ')}`,
      );
    }
    if (seen.has(s)) throw new FeatureConfigError(field, `${s} appears twice`);
    seen.add(s);
  }
  return { stats: [...(stats as DistributionStat[])] };
}

const SKEW = 0;
const KURT = 1;
const ZSCORE = 2;
const STAT_CODE: Record<DistributionStat, number> = { skew: SKEW, kurt: KURT, zscore: ZSCORE };

/** `v` when finite, else 0 (only reached when a statistic overflows). */
function finite(v: number): number {
  return v - v === 0 ? v : 0;
}

class DistributionState implements FamilyState {
  private readonly metrics: number;
  private readonly windows: number;
  private readonly codes: Int32Array;
  /** One per (metric, window), metric-major (shared with rolling's mean and std). */
  private readonly moments: WindowMoments[] = [];
  private readonly own: SharedWindows | null;

  constructor(ctx: FeatureContext, params: DistributionParams, given?: SharedStructures) {
    const { shared, own } = sharedOrOwn(ctx.metrics.length, given);
    this.own = own;
    this.metrics = ctx.metrics.length;
    this.windows = ctx.windows.length;
    this.codes = Int32Array.from(params.stats, (s) => STAT_CODE[s]);
    for (let j = 0; j < this.metrics; j++)
      for (const w of ctx.windows) this.moments.push(shared.moments(j, w, 4));
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    if (this.own) this.own.advance(values);
    const codes = this.codes;
    const nStats = codes.length;
    let o = offset;
    let i = 0;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      for (let k = 0; k < this.windows; k++, i++) {
        const mo = this.moments[i];
        for (let s = 0; s < nStats; s++) {
          let v: number;
          switch (codes[s]) {
            case SKEW:
              v = mo.skew();
              break;
            case KURT:
              v = mo.kurt();
              break;
            default:
              v = mo.zscore(x);
          }
          out[o++] = finite(v);
        }
      }
    }
  }
}
