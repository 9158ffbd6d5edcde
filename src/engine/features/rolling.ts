import {
  FeatureConfigError,
  type FamilyState,
  type FeatureContext,
  type FeatureFamily,
  type SharedStructures,
} from './family';
import { sharedOrOwn, type SharedWindows } from './shared';
import { SortedWindow } from './window/sorted-window';
import type { WindowMoments } from './window/window-moments';
import { lookback } from '../util/lookback';

/** The statistics the rolling family can compute over each window. */
export const ROLLING_STATS = ['mean', 'std', 'min', 'max', 'median', 'q25', 'q75', 'q90', 'range'] as const;

/** One rolling statistic. */
export type RollingStat = (typeof ROLLING_STATS)[number];

/** Parameters of the rolling family. */
export interface RollingParams {
  /** The statistics computed over every window, in output order (distinct, at least one). */
  stats: RollingStat[];
}

const MOMENT_STATS: ReadonlySet<RollingStat> = new Set(['mean', 'std']);

/**
 * Trailing window statistics of every metric, for every shared window size: `metric__rolling__<stat>_w<w>`,
 * ordered by metric, then window, then statistic. Each window covers the current row and the rows
 * before it, as pandas `s.rolling(w, min_periods=1).<stat>()`: partial at the start of an entity.
 *
 * - `mean`, `min`, `max`: over the values in the window.
 * - `std`: sample standard deviation (ddof 1); 0 for a single value (pandas gives NaN there) and
 *   exactly 0 when all values in the window are equal.
 * - `median`, `q25`, `q75`, `q90`: quantiles with linear interpolation (pandas' and numpy's default).
 * - `range`: max - min.
 *
 * Squares of values beyond about 1e154 in magnitude overflow: a statistic that overflows is written
 * as 0. Below about 1e-154 they underflow, and the std of such tiny values is 0.
 * Running sums (see `WindowMoments`, shared with the other families that read the same windows) and
 * a sorted window (see `SortedWindow`) make each row O(log w) per window, with the window's values as
 * the only state.
 */
export const rollingFamily: FeatureFamily<RollingParams> = {
  name: 'rolling',
  title: 'Rolling statistics',
  description: 'Mean, spread, extremes and quantiles of each metric over trailing windows.',
  defaults: { stats: [...ROLLING_STATS] },
  parse: parseRollingParams,
  names(ctx: FeatureContext, params: RollingParams): string[] {
    const names: string[] = [];
    for (const m of ctx.metrics) {
      for (const w of ctx.windows) for (const s of params.stats) names.push(`${m}__rolling__${s}_w${w}`);
    }
    return names;
  },
  lookback: (ctx) => lookback(Math.max(0, ...ctx.windows)),
  create(ctx: FeatureContext, params: RollingParams, shared?: SharedStructures): FamilyState {
    return new RollingState(ctx, params, shared);
  },
};

function parseRollingParams(raw: Record<string, unknown>): RollingParams {
  for (const key of Object.keys(raw)) {
    if (key !== 'stats')
      throw new FeatureConfigError(`families.rolling.${key}`, 'unknown parameter (known: stats)');
  }
  const field = 'families.rolling.stats';
  const stats = raw.stats === undefined ? [...ROLLING_STATS] : raw.stats;
  if (!Array.isArray(stats) || stats.length === 0) {
    throw new FeatureConfigError(
      field,
      `must be a non-empty list of statistics (${ROLLING_STATS.join(', ')})`,
    );
  }
  const seen = new Set<string>();
  for (const s of stats) {
    if (typeof s !== 'string' || !(ROLLING_STATS as readonly string[]).includes(s)) {
      throw new FeatureConfigError(field, `${JSON.stringify(s)} is not one of ${ROLLING_STATS.join(', ')}`);
    }
    if (seen.has(s)) throw new FeatureConfigError(field, `${s} appears twice`);
    seen.add(s);
  }
  return { stats: [...(stats as RollingStat[])] };
}

/** `v` when finite, else 0 (only reached when a statistic overflows). */
function finite(v: number): number {
  return v - v === 0 ? v : 0;
}

class RollingState implements FamilyState {
  private readonly metrics: number;
  private readonly windows: number;
  private readonly width: number;
  // Where each statistic goes within a (metric, window) block, or -1 when not requested: the per-row
  // loop then tests a few fixed flags instead of dispatching on the statistic.
  private readonly pMean: number;
  private readonly pStd: number;
  private readonly pMin: number;
  private readonly pMax: number;
  private readonly pMedian: number;
  private readonly pQ25: number;
  private readonly pQ75: number;
  private readonly pQ90: number;
  private readonly pRange: number;
  /** One per (metric, window), metric-major; empty when no requested statistic needs them. */
  private readonly moments: WindowMoments[] = [];
  private readonly sorted: SortedWindow[] = [];
  private readonly own: SharedWindows | null;

  constructor(ctx: FeatureContext, params: RollingParams, given?: SharedStructures) {
    const { shared, own } = sharedOrOwn(ctx.metrics.length, given);
    this.own = own;
    this.metrics = ctx.metrics.length;
    this.windows = ctx.windows.length;
    this.width = params.stats.length;
    const at = (s: RollingStat) => params.stats.indexOf(s);
    this.pMean = at('mean');
    this.pStd = at('std');
    this.pMin = at('min');
    this.pMax = at('max');
    this.pMedian = at('median');
    this.pQ25 = at('q25');
    this.pQ75 = at('q75');
    this.pQ90 = at('q90');
    this.pRange = at('range');
    const needMoments = params.stats.some((s) => MOMENT_STATS.has(s));
    const needSorted = params.stats.some((s) => !MOMENT_STATS.has(s));
    for (let j = 0; j < this.metrics; j++) {
      for (const w of ctx.windows) {
        if (needMoments) this.moments.push(shared.moments(j, w));
        if (needSorted) this.sorted.push(new SortedWindow(w));
      }
    }
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    if (this.own) this.own.advance(values);
    // Fields in locals: V8 would reload each of them on every iteration.
    const moments = this.moments;
    const sorted = this.sorted;
    const hasMoments = moments.length > 0;
    const hasSorted = sorted.length > 0;
    const width = this.width;
    const windows = this.windows;
    const pMean = this.pMean;
    const pStd = this.pStd;
    const pMin = this.pMin;
    const pMax = this.pMax;
    const pMedian = this.pMedian;
    const pQ25 = this.pQ25;
    const pQ75 = this.pQ75;
    const pQ90 = this.pQ90;
    const pRange = this.pRange;
    let o = offset;
    let i = 0;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      for (let k = 0; k < windows; k++, i++, o += width) {
        if (hasMoments) {
          const mo = moments[i];
          if (pMean >= 0) out[o + pMean] = finite(mo.mean());
          if (pStd >= 0) out[o + pStd] = finite(mo.std());
        }
        if (hasSorted) {
          const so = sorted[i];
          so.push(x);
          const lo = so.min();
          const hi = so.max();
          if (pMin >= 0) out[o + pMin] = lo;
          if (pMax >= 0) out[o + pMax] = hi;
          if (pMedian >= 0) out[o + pMedian] = finite(so.median());
          if (pQ25 >= 0) out[o + pQ25] = finite(so.quantile(0.25));
          if (pQ75 >= 0) out[o + pQ75] = finite(so.quantile(0.75));
          if (pQ90 >= 0) out[o + pQ90] = finite(so.quantile(0.9));
          if (pRange >= 0) out[o + pRange] = finite(hi - lo);
        }
      }
    }
  }
}
