import { MAX_WINDOW } from './sizes';
import {
  FeatureConfigError,
  type FamilyState,
  type FeatureContext,
  type FeatureFamily,
  type SharedStructures,
} from './family';
import { sharedOrOwn } from './shared';

/** Parameters of the seasonal residuals. */
export interface ResidualsParams {
  /** The season in rows, or 'auto' for one day of rows (see {@link seasonRows}). */
  season: 'auto' | number;
  /** Weight of the newest value in a phase's seasonal index, 0 < alpha <= 1. */
  alpha: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SLOTS = 168;
/** Largest season, in rows (the configuration's limit for windows). */

const KNOWN = ['season', 'alpha'];

/**
 * The season in rows: an explicit number as is; 'auto' is one day of rows (86,400,000 / stepMs,
 * rounded) when that is between 4 and 2016, else 24 rows, and 24 rows without a time column.
 */
export function seasonRows(ctx: FeatureContext, params: ResidualsParams): number {
  if (params.season !== 'auto') return params.season;
  if (ctx.stepMs === null || !(ctx.stepMs > 0)) return 24;
  const perDay = Math.round(DAY_MS / ctx.stepMs);
  return perDay >= 4 && perDay <= 2016 ? perDay : 24;
}

function parseResiduals(raw: Record<string, unknown>): ResidualsParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) {
      throw new FeatureConfigError(
        `families.residuals.${key}`,
        `unknown parameter (known: ${KNOWN.join(', ')})`,
      );
    }
  }
  const merged = { ...residualsFamily.defaults, ...raw } as Record<string, unknown>;
  const season = merged.season;
  if (
    season !== 'auto' &&
    (typeof season !== 'number' || !Number.isInteger(season) || season < 2 || season > MAX_WINDOW)
  ) {
    throw new FeatureConfigError(
      'families.residuals.season',
      `must be 'auto' or an integer number of rows between 2 and ${MAX_WINDOW}`,
    );
  }
  const alpha = merged.alpha;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha <= 1)) {
    throw new FeatureConfigError('families.residuals.alpha', 'must be a number with 0 < alpha <= 1');
  }
  return { season, alpha };
}

function details(ctx: FeatureContext): string[] {
  return ctx.stepMs === null
    ? ['trend_dev', 'seasonal_resid']
    : ['how_dev', 'how_z', 'trend_dev', 'seasonal_resid'];
}

function createResiduals(
  ctx: FeatureContext,
  params: ResidualsParams,
  given?: SharedStructures,
): FamilyState {
  const m = ctx.metrics.length;
  const { shared, own } = sharedOrOwn(m, given);
  const season = seasonRows(ctx, params);
  const withTime = ctx.stepMs !== null;
  const decay = 1 - params.alpha;

  // Hour-of-week slots per metric: count, mean and sum of squared deviations (Welford) of x - shift,
  // where the shift is the slot's first value: at a level of 1e9 the spread keeps all its digits.
  const slotCount = new Float64Array(withTime ? m * SLOTS : 0);
  const slotShift = new Float64Array(withTime ? m * SLOTS : 0);
  const slotMean = new Float64Array(withTime ? m * SLOTS : 0);
  const slotM2 = new Float64Array(withTime ? m * SLOTS : 0);

  // Trailing mean of the last `season` rows per metric (exactly the value for a constant window).
  const trailing = Array.from({ length: m }, (_, j) => shared.moments(j, season));

  // Seasonal index per (metric, phase): pandas-style adjusted EWM as numerator / denominator; a
  // denominator of 0 means the phase has not been seen yet.
  const ewmNum = new Float64Array(m * season);
  const ewmDen = new Float64Array(m * season);

  let phase = 0;

  return {
    push(values, t, out, offset) {
      if (own) own.advance(values);
      let slot = -1;
      if (withTime && Number.isFinite(t)) {
        const day = Math.floor(t / DAY_MS);
        const hour = Math.min(23, Math.max(0, Math.floor((t - day * DAY_MS) / HOUR_MS)));
        // 1970-01-01 was a Thursday; slot 0 is Sunday 00:00-01:00 UTC.
        slot = ((((day + 4) % 7) + 7) % 7) * 24 + hour;
      }

      let o = offset;
      for (let j = 0; j < m; j++) {
        const x = values[j];

        if (withTime) {
          let dev = 0;
          let z = 0;
          if (slot >= 0) {
            const s = j * SLOTS + slot;
            const c = slotCount[s];
            if (c === 0) slotShift[s] = x;
            const y = x - slotShift[s];
            if (c >= 1) {
              dev = y - slotMean[s];
              if (c >= 2) {
                const sd = Math.sqrt(slotM2[s] / (c - 1));
                if (sd > 0) z = dev / sd;
              }
            }
            const c1 = c + 1;
            const delta = y - slotMean[s];
            slotMean[s] += delta / c1;
            slotM2[s] += delta * (y - slotMean[s]);
            slotCount[s] = c1;
          }
          out[o++] = finite(dev);
          out[o++] = finite(z);
        }

        const moments = trailing[j];
        const mean = moments.mean();
        const detrended = x - mean;

        const e = j * season + phase;
        const index = ewmDen[e] > 0 ? ewmNum[e] / ewmDen[e] : 0;
        out[o++] = finite(detrended);
        out[o++] = finite(detrended - index);
        ewmNum[e] = decay * ewmNum[e] + detrended;
        ewmDen[e] = decay * ewmDen[e] + 1;
      }
      phase = phase + 1 === season ? 0 : phase + 1;
    },
  };
}

function finite(v: number): number {
  return v === v && v !== Infinity && v !== -Infinity ? v : 0;
}

/**
 * Deviations of every metric from its usual level at this time, all causal:
 *
 * - `how_dev`: x minus the mean of the earlier values in the same hour-of-week slot (168 slots by UTC
 *   time); 0 while the slot has no earlier value.
 * - `how_z`: `how_dev` over the sample standard deviation (ddof 1) of those earlier values; 0 with fewer
 *   than 2 of them or a zero deviation.
 * - `trend_dev`: x minus the trailing mean of the last `season` rows including this one (fewer at the
 *   start, like pandas `rolling(season, min_periods=1).mean()`).
 * - `seasonal_resid`: `trend_dev` minus the seasonal index of the row's phase (the number of earlier
 *   rows of the entity mod season, so phases follow rows, not the clock). The index is the
 *   exponentially weighted mean (pandas `ewm(alpha).mean()`, adjusted) of the earlier `trend_dev`
 *   values at that phase, 0 for a phase not seen yet, and is updated after the feature is written, so
 *   the row does not explain itself.
 *
 * Without a time column only `trend_dev` and `seasonal_resid` are produced, with a season of 24 rows for
 * 'auto'. A row without a time (`t` NaN) gets 0 for the slot features and does not update its slot.
 * State per metric: 168 slot accumulators, two season-length arrays and the trailing window.
 */
export const residualsFamily: FeatureFamily<ResidualsParams> = {
  name: 'residuals',
  title: 'Seasonal residuals',
  description:
    'How far each metric is from its usual level for this hour of the week, its trailing mean, and its daily pattern.',
  defaults: { season: 'auto', alpha: 0.1 },
  parse: parseResiduals,
  names(ctx) {
    const d = details(ctx);
    return ctx.metrics.flatMap((metric) => d.map((x) => `${metric}__residuals__${x}`));
  },
  // Hour-of-week slot means and the seasonal index (an exponential average) keep every earlier row.
  lookback: () => null,
  create: createResiduals,
};
