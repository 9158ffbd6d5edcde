import { FeatureConfigError, type FeatureContext, type FeatureFamily } from './family';
import { sharedOrOwn } from './shared';
import {
  isSpectrumWindow,
  MAX_SPECTRUM_WINDOW,
  MIN_SPECTRUM_WINDOW,
  type SlidingSpectrum,
} from './window/sliding-spectrum';
import { lookback } from '../util/lookback';

/** Parameters of the spectral family. */
export interface SpectralParams {
  /** Window lengths in rows: distinct powers of two in 8..4096, kept in ascending order. */
  windows: number[];
  /** Number of equal-width frequency bands over (0, 0.5] cycles per row; at most half the smallest window. */
  bands: number;
}

const DEFAULTS: SpectralParams = { windows: [32, 128], bands: 4 };
const KNOWN = Object.keys(DEFAULTS);

function parseSpectral(raw: Record<string, unknown>): SpectralParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) {
      throw new FeatureConfigError(
        `families.spectral.${key}`,
        `unknown parameter (known: ${KNOWN.join(', ')})`,
      );
    }
  }
  const windowsRaw = raw.windows ?? DEFAULTS.windows;
  if (!Array.isArray(windowsRaw) || windowsRaw.length === 0) {
    throw new FeatureConfigError('families.spectral.windows', 'must be a non-empty list of powers of two');
  }
  for (const n of windowsRaw) {
    if (typeof n !== 'number' || !isSpectrumWindow(n)) {
      throw new FeatureConfigError(
        'families.spectral.windows',
        `${JSON.stringify(n)} is not a power of two between ${MIN_SPECTRUM_WINDOW} and ${MAX_SPECTRUM_WINDOW}`,
      );
    }
  }
  const windows = [...(windowsRaw as number[])].sort((a, b) => a - b);
  for (let i = 1; i < windows.length; i++) {
    if (windows[i] === windows[i - 1]) {
      throw new FeatureConfigError('families.spectral.windows', `${windows[i]} appears twice`);
    }
  }
  const bands = raw.bands ?? DEFAULTS.bands;
  const maxBands = windows[0] / 2;
  if (typeof bands !== 'number' || !Number.isInteger(bands) || bands < 1 || bands > maxBands) {
    throw new FeatureConfigError(
      'families.spectral.bands',
      `${JSON.stringify(bands)} is not an integer between 1 and ${maxBands} (half the smallest window)`,
    );
  }
  return { windows, bands };
}

function spectralNames(ctx: FeatureContext, params: SpectralParams): string[] {
  const names: string[] = [];
  for (const m of ctx.metrics) {
    for (const n of params.windows) {
      for (let i = 1; i <= params.bands; i++) names.push(`${m}__spectral__band${i}_n${n}`);
      names.push(`${m}__spectral__domfreq_n${n}`, `${m}__spectral__power_n${n}`);
    }
  }
  return names;
}

/**
 * First bin of each band, plus n/2 + 1 at the end: bin k (frequency k / n) falls in band
 * i = ceil(2 * bands * k / n), so band i covers (i - 1) / (2 bands) < k / n <= i / (2 bands).
 */
function bandStarts(n: number, bands: number): Int32Array {
  const half = n >> 1;
  const starts = new Int32Array(bands + 1);
  starts[bands] = half + 1;
  for (let k = half; k >= 1; k--) starts[Math.ceil((k * 2 * bands) / n) - 1] = k;
  return starts;
}

/**
 * Spectral shape of each metric over its last `n` rows, for each `n` in `windows`, from the one-sided
 * power spectrum of the mean-removed window (see {@link SlidingSpectrum}: bin k = 1..n/2 at frequency
 * k / n cycles per row, the bins adding up to the window's population variance):
 *
 * - `band<i>_n<n>`: share of the non-DC power in band i = 1..bands, the equal-width bands splitting
 *   (0, 0.5] cycles per row (bin k falls in band ceil(2 * bands * k / n)); the shares add up to 1.
 * - `domfreq_n<n>`: frequency k / n of the largest bin (the lowest such k on a tie).
 * - `power_n<n>`: total non-DC power, which is the population variance of the window (the sum of the
 *   two-sided periodogram `|X_k|^2 / n` over k != 0, divided by n).
 *
 * All are 0 when the window's power is 0 (a window holding one repeated value). Warm-up: before `n`
 * rows exist, the window is the rows so far preceded by copies of the entity's first value (so the
 * first row gives zeros). O(n) per row and window (sliding DFT).
 */
export const spectralFamily: FeatureFamily<SpectralParams> = {
  name: 'spectral',
  title: 'Spectral',
  description:
    'Share of the recent variance in each frequency band, the dominant frequency and the total power.',
  defaults: DEFAULTS,
  parse: parseSpectral,
  names: spectralNames,
  lookback: (_ctx, params) => lookback(Math.max(...params.windows)),
  create(ctx, params, given) {
    const metrics = ctx.metrics.length;
    const { shared, own } = sharedOrOwn(metrics, given);
    const windows = params.windows;
    const bands = params.bands;
    const spectra: SlidingSpectrum[] = [];
    for (let j = 0; j < metrics; j++) for (const n of windows) spectra.push(shared.spectrum(j, n));
    const starts = windows.map((n) => bandStarts(n, bands));
    return {
      push(values, _t, out, offset) {
        if (own) own.advance(values);
        let o = offset;
        let s = 0;
        for (let j = 0; j < metrics; j++) {
          for (let w = 0; w < windows.length; w++, s++) {
            const spec = spectra[s];
            const total = spec.total();
            if (!(total > 0)) {
              for (let i = 0; i < bands + 2; i++) out[o++] = 0;
              continue;
            }
            const power = spec.power;
            const start = starts[w];
            let best = 1;
            let bestPower = power[1];
            for (let i = 0; i < bands; i++) {
              let sum = 0;
              for (let k = start[i], end = start[i + 1]; k < end; k++) {
                const p = power[k];
                sum += p;
                if (p > bestPower) {
                  bestPower = p;
                  best = k;
                }
              }
              out[o++] = sum / total;
            }
            out[o++] = best / windows[w];
            out[o++] = total;
          }
        }
      },
    };
  },
};
