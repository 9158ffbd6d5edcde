import { parseSizes } from './sizes';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { lookback } from '../util/lookback';

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
  lookback: (_ctx, params) => lookback(Math.max(...params.lags)),
  create(ctx: FeatureContext, params: LagsParams): FamilyState {
    return new LagsState(ctx.metrics.length, params.lags);
  },
};

class LagsState implements FamilyState {
  private readonly lags: Int32Array;
  /**
   * Per metric j, the values before the current row in `past[j * cap ... (j + 1) * cap)`, a ring whose
   * newest value sits at `head`.
   */
  private readonly past: Float64Array;
  private readonly cap: number;
  private head = -1;
  private size = 0;
  private readonly first: Float64Array;

  constructor(
    private readonly metrics: number,
    lags: readonly number[],
  ) {
    this.lags = Int32Array.from(lags);
    this.cap = Math.max(...lags);
    this.past = new Float64Array(metrics * this.cap);
    this.first = new Float64Array(metrics);
  }

  push(values: Float64Array, _t: number, out: Float64Array, offset: number): void {
    const lags = this.lags;
    const nLags = lags.length;
    const past = this.past;
    const cap = this.cap;
    const size = this.size;
    const head = this.head;
    let o = offset;
    for (let j = 0; j < this.metrics; j++) {
      const x = values[j];
      if (size === 0) this.first[j] = x;
      const first = this.first[j];
      const base = j * cap;
      for (let i = 0; i < nLags; i++) {
        const k = lags[i];
        if (k <= size) {
          // The value k rows back is the (k - 1)-th newest in the ring.
          const at = head - k + 1;
          out[o++] = past[base + (at < 0 ? at + cap : at)];
        } else {
          out[o++] = first;
        }
      }
    }
    const next = head + 1 === cap ? 0 : head + 1;
    for (let j = 0; j < this.metrics; j++) past[j * cap + next] = values[j];
    this.head = next;
    if (size < cap) this.size = size + 1;
  }
}
