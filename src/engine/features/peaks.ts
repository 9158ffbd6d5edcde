import { MAX_WINDOW } from './sizes';
import { FeatureConfigError, type FeatureContext, type FeatureFamily } from './family';
import { sharedOrOwn } from './shared';
import { lookback } from '../util/lookback';

/** Parameters of the peaks family. */
export interface PeaksParams {
  /** Peak levels in baseline standard deviations: distinct, in (0, 100], at most 2 decimals; ascending. */
  k: number[];
  /** Baseline length in rows (2..10000): the rows before the current one that define "normal". */
  baseline: number;
}

const DEFAULTS: PeaksParams = { k: [2, 3], baseline: 288 };
const KNOWN = Object.keys(DEFAULTS);

function parsePeaks(raw: Record<string, unknown>): PeaksParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) {
      throw new FeatureConfigError(`families.peaks.${key}`, `unknown parameter (known: ${KNOWN.join(', ')})`);
    }
  }
  const kRaw = raw.k ?? DEFAULTS.k;
  if (!Array.isArray(kRaw) || kRaw.length === 0) {
    throw new FeatureConfigError('families.peaks.k', 'must be a non-empty list of numbers');
  }
  for (const k of kRaw) {
    if (typeof k !== 'number' || !(k > 0 && k <= 100) || Number(k.toFixed(2)) !== k) {
      throw new FeatureConfigError(
        'families.peaks.k',
        `${JSON.stringify(k)} is not a number in (0, 100] with at most 2 decimals`,
      );
    }
  }
  const k = [...(kRaw as number[])].sort((a, b) => a - b);
  for (let i = 1; i < k.length; i++) {
    if (k[i] === k[i - 1]) throw new FeatureConfigError('families.peaks.k', `${k[i]} appears twice`);
  }
  const baseline = raw.baseline ?? DEFAULTS.baseline;
  if (typeof baseline !== 'number' || !Number.isInteger(baseline) || baseline < 2 || baseline > MAX_WINDOW) {
    throw new FeatureConfigError(
      'families.peaks.baseline',
      `${JSON.stringify(baseline)} is not an integer between 2 and ${MAX_WINDOW}`,
    );
  }
  return { k, baseline };
}

/** `2.5` -> `2p5`: feature names keep to letters, digits and underscores. */
function levelToken(k: number): string {
  return String(k).replace('.', 'p');
}

function peaksNames(ctx: FeatureContext, params: PeaksParams): string[] {
  const names: string[] = [];
  for (const m of ctx.metrics) {
    for (const w of ctx.windows) names.push(`${m}__peaks__count_w${w}`);
    for (const k of params.k) names.push(`${m}__peaks__since_k${levelToken(k)}`);
  }
  return names;
}

/**
 * Peaks and bursts of each metric. A row is a peak at level k when `|x - m| > k s`, with `m` and `s` the
 * mean and sample standard deviation (ddof 1) of the `baseline` rows before it (the row itself
 * excluded; fewer rows while the entity warms up). No row is a peak while fewer than 2 rows precede it
 * or while `s` is 0 (a constant baseline).
 *
 * - `count_w<w>` (one per shared window): how many of the last w rows, the current one included, are
 *   peaks at the largest level `max(k)` (fewer rows while warming up).
 * - `since_k<k>` (one per level, `2.5` written `2p5`): rows since the last peak at level k, 0 on a
 *   peak row, capped at `10 * baseline` rows, which is also the value before the first peak.
 */
export const peaksFamily: FeatureFamily<PeaksParams> = {
  name: 'peaks',
  title: 'Peaks and bursts',
  description:
    'How many recent rows stood out from the preceding baseline, and how long since the last one did.',
  defaults: DEFAULTS,
  parse: parsePeaks,
  names: peaksNames,
  // A flag needs `baseline` rows before it, and `since` looks back up to its cap (10 baselines).
  lookback: (ctx, params) => lookback(Math.max(10 * params.baseline, ...ctx.windows) + params.baseline + 1),
  create(ctx, params, given) {
    const metrics = ctx.metrics.length;
    const { shared, own } = sharedOrOwn(metrics, given);
    const windows = ctx.windows;
    const levels = params.k;
    const top = levels[levels.length - 1];
    const cap = 10 * params.baseline;
    const maxWindow = windows.reduce((a, b) => Math.max(a, b), 1);
    const baselines = Array.from({ length: metrics }, (_, j) => shared.previousMoments(j, params.baseline));
    // Peak flags of the last maxWindow + 1 rows per metric j, a ring in flags[j * span ...] with the
    // current row at `head`.
    const span = maxWindow + 1;
    const flags = new Uint8Array(metrics * span);
    let head = -1;
    let size = 0;
    const counts = Array.from({ length: metrics }, () => new Float64Array(windows.length));
    // Rows since the last peak per metric and level, counting up to the cap (= no peak yet).
    const since = Array.from({ length: metrics }, () => new Float64Array(levels.length).fill(cap));
    return {
      push(values, _t, out, offset) {
        if (own) own.advance(values);
        head = head + 1 === span ? 0 : head + 1;
        if (size < span) size++;
        let o = offset;
        for (let j = 0; j < metrics; j++) {
          const x = values[j];
          const base = baselines[j];
          const s = base.count >= 2 ? base.std : 0;
          const dev = s > 0 ? Math.abs(x - base.mean) : 0;

          const flag = s > 0 && dev > top * s ? 1 : 0;
          flags[j * span + head] = flag;
          const count = counts[j];
          for (let w = 0; w < windows.length; w++) {
            // The flag that left this window: the one windows[w] rows back, once there is one.
            const back = windows[w];
            if (back < size) {
              const at = head - back;
              count[w] += flag - flags[j * span + (at < 0 ? at + span : at)];
            } else {
              count[w] += flag;
            }
            out[o++] = count[w];
          }
          const sinceJ = since[j];
          for (let l = 0; l < levels.length; l++) {
            const v = s > 0 && dev > levels[l] * s ? 0 : Math.min(cap, sinceJ[l] + 1);
            sinceJ[l] = v;
            out[o++] = v;
          }
        }
      },
    };
  },
};
