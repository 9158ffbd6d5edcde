import { MAX_WINDOW } from './sizes';
import { FeatureConfigError, type FamilyState, type FeatureContext, type FeatureFamily } from './family';
import { lookback } from '../util/lookback';

/** Parameters of the rolling cross-correlation. */
export interface XcorrParams {
  /** Window sizes in rows, or null for the shared `windows` of the configuration. */
  windows: number[] | null;
}

/** Largest explicit window, in rows (the configuration's own limit for shared windows). */
/**
 * A running variance below this share of the squares it went through since the last exact pass has
 * lost more than about 5 of its 16 digits and is recomputed, keeping the correlation within ~1e-11.
 */
const PRECISION_GUARD = 1e-5;

// The per-(pair, window) state: fields at these offsets within a block of STATE doubles.
const SHIFT_A = 0;
const SHIFT_B = 1;
const S_A = 2;
const S_B = 3;
const S_AA = 4;
const S_BB = 5;
const S_AB = 6;
const MASS_A = 7;
const MASS_B = 8;
const STATE = 9;

/**
 * The metric pairs of a pair family, as metric indices `[i, j]` with i < j, in metric order
 * (`(0,1), (0,2), ..., (1,2), ...`). Empty with fewer than two metrics.
 */
export function metricPairs(metrics: readonly string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < metrics.length; i++) {
    for (let j = i + 1; j < metrics.length; j++) pairs.push([i, j]);
  }
  return pairs;
}

/** The source of a pair feature: `a~b`. */
export function pairSource(metrics: readonly string[], [i, j]: [number, number]): string {
  return `${metrics[i]}~${metrics[j]}`;
}

function parseXcorr(raw: Record<string, unknown>): XcorrParams {
  for (const key of Object.keys(raw)) {
    if (key !== 'windows')
      throw new FeatureConfigError(`families.xcorr.${key}`, 'unknown parameter (known: windows)');
  }
  const windows = raw.windows === undefined ? null : raw.windows;
  if (windows === null) return { windows: null };
  const field = 'families.xcorr.windows';
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new FeatureConfigError(field, 'must be null (the shared windows) or a non-empty list of integers');
  }
  const seen = new Set<number>();
  for (const w of windows) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 2 || w > MAX_WINDOW) {
      throw new FeatureConfigError(
        field,
        `${JSON.stringify(w)} is not an integer between 2 and ${MAX_WINDOW}`,
      );
    }
    if (seen.has(w)) throw new FeatureConfigError(field, `${w} appears twice`);
    seen.add(w);
  }
  return { windows: [...(windows as number[])] };
}

function windowsOf(ctx: FeatureContext, params: XcorrParams): readonly number[] {
  return params.windows ?? ctx.windows;
}

function createXcorr(ctx: FeatureContext, params: XcorrParams): FamilyState {
  const pairs = metricPairs(ctx.metrics);
  const windows = Int32Array.from(windowsOf(ctx, params));
  const m = ctx.metrics.length;
  const nw = windows.length;
  if (pairs.length === 0 || nw === 0) return { push() {} };

  // The last `cap` values of every metric, row r at `r % cap` of the metric's slice: one more than the
  // largest window, so the value leaving a window is still there once the newest is in.
  const cap = Math.max(...windows) + 1;
  const history = new Float64Array(m * cap);
  // Trailing run of identical values per metric: a window inside such a run has exactly zero variance,
  // which running sums would only approximate.
  const run = new Float64Array(m);
  const pairA = Int32Array.from(pairs, (p) => p[0]);
  const pairB = Int32Array.from(pairs, (p) => p[1]);

  // Per (pair, window) k, at STATE * k: the shifts (SHIFT_A, SHIFT_B), the window means at the last
  // exact re-synchronisation, which keep the sums well conditioned; the sums of the shifted values
  // x - shiftX, y - shiftY over the window (S_A ... S_AB); and the squares added to and removed from
  // S_AA, S_BB since that re-synchronisation (MASS_A, MASS_B), whose rounding bounds the error of the
  // running variances, which matters once a variance is small next to them. One array, not nine: V8
  // re-checks every typed array a loop touches on every iteration.
  const size = pairs.length * nw;
  const state = new Float64Array(STATE * size);
  let count = 0;
  // Per window, for the current row: whether it is a re-synchronisation row, and where the row leaving
  // the window sits in `history` (-1 while the window is not full).
  const syncNow = new Uint8Array(nw);
  const leaving = new Int32Array(nw);

  /** Exact two-pass sums over the last n rows (the newest is row `count - 1`). */
  function resync(k: number, a: number, b: number, n: number): void {
    const baseA = a * cap;
    const baseB = b * cap;
    let sumA = 0;
    let sumB = 0;
    const first = (count - n) % cap;
    for (let r = 0, i = first; r < n; r++, i = i + 1 === cap ? 0 : i + 1) {
      sumA += history[baseA + i];
      sumB += history[baseB + i];
    }
    const ma = sumA / n;
    const mb = sumB / n;
    let da = 0;
    let db = 0;
    let daa = 0;
    let dbb = 0;
    let dab = 0;
    for (let r = 0, i = first; r < n; r++, i = i + 1 === cap ? 0 : i + 1) {
      const x = history[baseA + i] - ma;
      const y = history[baseB + i] - mb;
      da += x;
      db += y;
      daa += x * x;
      dbb += y * y;
      dab += x * y;
    }
    const at = STATE * k;
    state[at + SHIFT_A] = ma;
    state[at + SHIFT_B] = mb;
    state[at + S_A] = da;
    state[at + S_B] = db;
    state[at + S_AA] = daa;
    state[at + S_BB] = dbb;
    state[at + S_AB] = dab;
    state[at + MASS_A] = daa;
    state[at + MASS_B] = dbb;
  }

  return {
    push(values, _t, out, offset) {
      const slot = count % cap;
      const previous = slot === 0 ? cap - 1 : slot - 1;
      for (let j = 0; j < m; j++) {
        const x = values[j];
        run[j] = count > 0 && history[j * cap + previous] === x ? run[j] + 1 : 1;
        history[j * cap + slot] = x;
      }
      count++;
      for (let q = 0; q < nw; q++) {
        const w = windows[q];
        syncNow[q] = count % w === 0 || count === 1 ? 1 : 0;
        leaving[q] = count > w ? (slot >= w ? slot - w : slot - w + cap) : -1;
      }

      let o = offset;
      for (let p = 0; p < pairs.length; p++) {
        const a = pairA[p];
        const b = pairB[p];
        const x = values[a];
        const y = values[b];
        const same = Math.max(run[a], run[b]);
        for (let q = 0; q < nw; q++) {
          const w = windows[q];
          const k = p * nw + q;
          const at = STATE * k;
          const n = count < w ? count : w;
          if (syncNow[q] === 1) {
            resync(k, a, b, n);
          } else {
            const shA = state[at + SHIFT_A];
            const shB = state[at + SHIFT_B];
            let sa = state[at + S_A];
            let sb = state[at + S_B];
            let saa = state[at + S_AA];
            let sbb = state[at + S_BB];
            let sab = state[at + S_AB];
            let ma = state[at + MASS_A];
            let mb = state[at + MASS_B];
            const old = leaving[q];
            if (old >= 0) {
              const ox = history[a * cap + old] - shA;
              const oy = history[b * cap + old] - shB;
              sa -= ox;
              sb -= oy;
              saa -= ox * ox;
              sbb -= oy * oy;
              sab -= ox * oy;
              ma += ox * ox;
              mb += oy * oy;
            }
            const dx = x - shA;
            const dy = y - shB;
            state[at + S_A] = sa + dx;
            state[at + S_B] = sb + dy;
            state[at + S_AA] = saa + dx * dx;
            state[at + S_BB] = sbb + dy * dy;
            state[at + S_AB] = sab + dx * dy;
            state[at + MASS_A] = ma + dx * dx;
            state[at + MASS_B] = mb + dy * dy;
          }

          let r = 0;
          if (n >= 2 && same < n) {
            // n^2 times the variances and covariance (saves divisions; the factor cancels in r).
            let sa = state[at + S_A];
            let sb = state[at + S_B];
            let va = n * state[at + S_AA] - sa * sa;
            let vb = n * state[at + S_BB] - sb * sb;
            if (
              va < n * state[at + MASS_A] * PRECISION_GUARD ||
              vb < n * state[at + MASS_B] * PRECISION_GUARD
            ) {
              // The variance fell far below the squares it was computed from (say, a spike left the
              // window): too few digits are left, so recompute exactly around the current means.
              resync(k, a, b, n);
              sa = state[at + S_A];
              sb = state[at + S_B];
              va = n * state[at + S_AA] - sa * sa;
              vb = n * state[at + S_BB] - sb * sb;
            }
            if (va > 0 && vb > 0) {
              r = (n * state[at + S_AB] - sa * sb) / Math.sqrt(va * vb);
              if (r > 1) r = 1;
              else if (r < -1) r = -1;
              else if (!(r === r)) r = 0;
            }
          }
          out[o++] = r;
        }
      }
    },
  };
}

/**
 * Rolling Pearson correlation of every metric pair `a~b` (i < j in metric order) over the last w rows
 * including the current one, one feature `w<w>` per window (the shared windows unless `windows` lists
 * its own). Equal to pandas `a.rolling(w, min_periods=1).corr(b)` except that 0 replaces pandas' NaN:
 * fewer than 2 rows, or a window in which either metric has zero variance (including exactly constant
 * windows, which are detected rather than left to rounding). Values are clamped to [-1, 1].
 *
 * O(1) per row, pair and window: running sums of shifted values, re-synchronised exactly (two-pass)
 * every w rows so rounding does not build up, and sooner when a variance becomes tiny next to the
 * values that passed through the sums (which only happens after a sharp drop in spread).
 */
export const xcorrFamily: FeatureFamily<XcorrParams> = {
  name: 'xcorr',
  title: 'Rolling cross-correlation',
  description:
    'Pearson correlation of each pair of metrics over trailing windows: do they still move together?',
  defaults: { windows: null },
  parse: parseXcorr,
  names(ctx, params) {
    const windows = windowsOf(ctx, params);
    return metricPairs(ctx.metrics).flatMap((pair) => {
      const source = pairSource(ctx.metrics, pair);
      return windows.map((w) => `${source}__xcorr__w${w}`);
    });
  },
  lookback: (ctx, params) => lookback(Math.max(0, ...windowsOf(ctx, params)) + 1),
  create: createXcorr,
};
