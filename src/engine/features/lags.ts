import { parseSizes } from './sizes';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { Ring } from './window/ring';

/** Largest lag, in rows (bounds the per-entity state; the same bound as the configuration's windows). */

/** Parameters of the lags family. */
export interface LagsParams {
  /** Lags in rows: distinct integers in 1..10,000, kept in ascending order. */
  lags: number[];
}

/**
 * Past values of every metric: `metric__lags__lag_<k>` is the value `k` rows earlier in the same
 * entity, ordered by metric, then lag. Before the entity has `k` earlier rows, the entity's first value
 * stands in for the missing past (so early rows compare against where the entity started, not 0).
 * State: the last `max(lags)` values per metric.
 */
export const lagsFamily: FeatureFamily<LagsParams> = {
  name: 'lags',
  title: 'Lags',
  description: 'Earlier values of each metric, a fixed number of rows back.',
  defaults: { lags: [1, 2, 3, 4, 5, 6, 12, 24, 48, 96, 144, 288] },
  parse(raw: Record<string, unknown>): LagsParams {
    for (const key of Object.keys(raw)) {
      if (key !== 'lags')
        throw new FeatureConfigError(`families.lags.${key}`, 'unknown parameter (known: lags)');
    }
    if (raw.lags === undefined) return { lags: [...lagsFamily.defaults.lags] };
    return { lags: parseSizes(raw.lags, 'families.lags.lags') };
  },
  names(ctx: FeatureContext, params: LagsParams): string[] {
    const names: string[] = [];
    for (const m of ctx.metrics) for (const k of params.lags) names.push(`${m}__lags__lag_${k}`);
    return names;
  },
  create(ctx: FeatureContext, params: LagsParams): FamilyState {
    return new LagsState(ctx.metrics.length, params.lags);
  },
};

class LagsState implements FamilyState {
  private readonly lags: Int32Array;
  /** Per metric: the values before the current row, newest first. */
  private readonly past: Ring[] = [];
  private readonly first: Float64Array;

  constructor(
    private readonly metrics: number,
    lags: readonly number[],
  ) {
    this.lags = Int32Array.from(lags);
    const capacity = Math.max(...lags);
    for (let j = 0; j < metrics; j++) this.past.push(new Ring(capacity));
    this.first = new Float64Array(metrics);
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    const lags = this.lags;
    const nLags = lags.length;
    let o = offset;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      const ring = this.past[j];
      const size = ring.size;
      if (size === 0) this.first[j] = x;
      const first = this.first[j];
      for (let i = 0; i < nLags; i++) {
        const k = lags[i];
        out[o++] = k <= size ? ring.get(k - 1) : first;
      }
      ring.push(x);
    }
  }
}
