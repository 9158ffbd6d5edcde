import { MAX_WINDOW } from './sizes';
import { FeatureConfigError, type FeatureContext, type FeatureFamily } from './family';
import { sharedOrOwn } from './shared';

/** Parameters of the change-point family. */
export interface ChangepointParams {
  /** CUSUM allowance in baseline standard deviations (0..100): the drift tolerated before S+ or S- grows. */
  drift: number;
  /** Baseline length in rows (2..10000) standardising the CUSUM input. */
  baseline: number;
}

const DEFAULTS: ChangepointParams = { drift: 0.5, baseline: 288 };
const KNOWN = Object.keys(DEFAULTS);

function parseChangepoint(raw: Record<string, unknown>): ChangepointParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) {
      throw new FeatureConfigError(
        `families.changepoint.${key}`,
        `unknown parameter (known: ${KNOWN.join(', ')})`,
      );
    }
  }
  const drift = raw.drift ?? DEFAULTS.drift;
  if (typeof drift !== 'number' || !(drift >= 0 && drift <= 100)) {
    throw new FeatureConfigError(
      'families.changepoint.drift',
      `${JSON.stringify(drift)} is not a number between 0 and 100`,
    );
  }
  const baseline = raw.baseline ?? DEFAULTS.baseline;
  if (typeof baseline !== 'number' || !Number.isInteger(baseline) || baseline < 2 || baseline > MAX_WINDOW) {
    throw new FeatureConfigError(
      'families.changepoint.baseline',
      `${JSON.stringify(baseline)} is not an integer between 2 and ${MAX_WINDOW}`,
    );
  }
  return { drift, baseline };
}

function changepointNames(ctx: FeatureContext): string[] {
  const names: string[] = [];
  for (const m of ctx.metrics) {
    names.push(`${m}__changepoint__cusum_pos`, `${m}__changepoint__cusum_neg`);
    for (const w of ctx.windows) names.push(`${m}__changepoint__shift_w${w}`);
  }
  return names;
}

/**
 * Level changes of each metric.
 *
 * - `cusum_pos`, `cusum_neg`: Page's two-sided CUSUM of `z = (x - m) / s`, with `m` and `s` the mean and
 *   sample standard deviation (ddof 1) of the `baseline` rows before the current one (z = 0 while fewer
 *   than 2 rows precede it or when s = 0): `S+ = max(0, S+ + z - drift)`, `S- = max(0, S- - z - drift)`,
 *   both starting at 0 and never reset.
 * - `shift_w<w>` (one per shared window): the mean of the last w rows (current included) minus the mean
 *   of the w rows before those, over their pooled standard deviation
 *   `sqrt((SS_recent + SS_before) / (n_recent + n_before - 2))` (SS: sum of squared deviations from each
 *   part's own mean), a standardised effect size. While warming up the earlier part holds the rows
 *   available; 0 when either part has fewer than 2 rows or the pooled deviation is 0.
 */
export const changepointFamily: FeatureFamily<ChangepointParams> = {
  name: 'changepoint',
  title: 'Change points',
  description:
    'Cumulative drift away from the recent baseline, and how far the latest window moved from the one before it.',
  defaults: DEFAULTS,
  parse: parseChangepoint,
  names: changepointNames,
  // The CUSUM sums every earlier row's deviation: no bounded replay gives it back.
  lookback: () => null,
  create(ctx, params, given) {
    const metrics = ctx.metrics.length;
    const { shared, own } = sharedOrOwn(metrics, given);
    const windows = ctx.windows;
    const drift = params.drift;
    const baselines = Array.from({ length: metrics }, (_, j) => shared.previousMoments(j, params.baseline));
    const cusum = new Float64Array(2 * metrics);
    const recent = Array.from({ length: metrics }, (_, j) => windows.map((w) => shared.moments(j, w)));
    // The earlier part at row i is the recent part at row i - w: its count, mean and sum of squares are
    // kept for w rows (at index i % w) instead of being computed twice.
    const past = Array.from({ length: metrics }, () => windows.map((w) => new Float64Array(3 * w)));
    // i % w per window, kept without a division.
    const phase = new Int32Array(windows.length);
    return {
      push(values, _t, out, offset) {
        if (own) own.advance(values);
        let o = offset;
        for (let j = 0; j < metrics; j++) {
          const x = values[j];
          const base = baselines[j];
          const s = base.count >= 2 ? base.std : 0;
          const z = s > 0 ? (x - base.mean) / s : 0;
          const pos = Math.max(0, cusum[2 * j] + z - drift);
          const neg = Math.max(0, cusum[2 * j + 1] - z - drift);
          cusum[2 * j] = pos;
          cusum[2 * j + 1] = neg;
          out[o++] = pos;
          out[o++] = neg;

          const recentJ = recent[j];
          const pastJ = past[j];
          for (let w = 0; w < windows.length; w++) {
            const a = recentJ[w];
            const na = a.count;
            const ma = a.mean();
            const sa = a.std();
            const ssa = (na - 1) * sa * sa;
            const slot = 3 * phase[w];
            const prev = pastJ[w];
            // Before w rows have passed the slot is still zero: no earlier part.
            const nb = prev[slot];
            let shift = 0;
            if (na >= 2 && nb >= 2) {
              const pooled = Math.sqrt((ssa + prev[slot + 2]) / (na + nb - 2));
              if (pooled > 0) shift = (ma - prev[slot + 1]) / pooled;
            }
            prev[slot] = na;
            prev[slot + 1] = ma;
            prev[slot + 2] = ssa;
            out[o++] = shift;
          }
        }
        for (let w = 0; w < windows.length; w++) phase[w] = phase[w] + 1 === windows[w] ? 0 : phase[w] + 1;
      },
    };
  },
};
