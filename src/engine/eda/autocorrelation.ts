/**
 * Autocorrelation and dominant periods of one evenly spaced series (one entity's metric in time order;
 * run it per entity, since concatenated entities would create false lags).
 */
import { nextPow2, powerSpectrum, realFft } from './fft';

/** A period found in the periodogram. */
export interface DominantPeriod {
  /** Period in whole steps: {@link DominantPeriod.exactSteps} rounded. */
  periodSteps: number;
  /** `periodSteps * stepMs`. */
  periodMs: number;
  /**
   * The peak's power (the periodogram bins of its main lobe, within 2 natural bins) over the total power of
   * all non-zero frequencies (of the Hann-tapered series).
   */
  share: number;
  /** Autocorrelation at `periodSteps`: how strongly the series repeats itself after one period. */
  acf: number;
  /** The refined period in (fractional) steps, 2 pi / the frequency of the refined periodogram peak. */
  exactSteps: number;
}

/** Power of the DTFT of `x` at angular frequency `omega` (Goertzel's recurrence, O(n), no table). */
function goertzelPower(x: Float64Array, omega: number): number {
  const c = 2 * Math.cos(omega);
  let s1 = 0;
  let s2 = 0;
  for (let t = 0; t < x.length; t++) {
    const s0 = x[t] + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/**
 * The frequency (in units of nfft bins) in [j - 1, j + 1] where the periodogram of `x`, evaluated at
 * any frequency rather than only on the bins, is highest: a golden-section search with Goertzel
 * evaluations, until the bracket is worth less than 0.05 steps of period (about 15 passes over the
 * series for a daily period in two weeks of 5-minute data, more for periods near n / 2). For one sinusoid in white noise this maximiser is
 * the maximum-likelihood frequency. The window lies inside the main lobe (nfft >= n), so the
 * search sees a single peak.
 */
function refineFrequency(x: Float64Array, nfft: number, j: number): number {
  const w = (2 * Math.PI) / nfft;
  const g = (Math.sqrt(5) - 1) / 2;
  let a = j - 1;
  let b = j + 1;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = goertzelPower(x, w * c);
  let fd = goertzelPower(x, w * d);
  // Stop when the bracket is worth less than 0.05 steps of period: dP = P^2 / nfft * df.
  for (let it = 0; it < 60; it++) {
    const mid = (a + b) / 2;
    if (((b - a) * nfft) / (mid * mid) < 0.05) break;
    if (fc >= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = goertzelPower(x, w * c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = goertzelPower(x, w * d);
    }
  }
  return (a + b) / 2;
}

/** The last Hann window made: the metrics of one series share their length. */
let lastHann = new Float64Array(0);

/** The Hann window of length `n` (`0.5 - 0.5 cos(2 pi t / (n - 1))`), reused while `n` repeats. */
function hannWindow(n: number): Float64Array {
  if (lastHann.length !== n) {
    const w = new Float64Array(n);
    for (let t = 0; t < n; t++) w[t] = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / (n - 1));
    lastHann = w;
  }
  return lastHann;
}

/**
 * Periodogram peaks strongest first, ties in bin order (the order of a stable sort by descending
 * power), one at a time: a binary heap, since only the first few of thousands of peaks are wanted.
 */
class PeakQueue {
  private readonly heap: Int32Array;
  private size: number;

  constructor(
    private readonly p: Float64Array,
    peaks: readonly number[],
  ) {
    this.heap = Int32Array.from(peaks);
    this.size = peaks.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** The next strongest peak's bin, or -1 when none is left. */
  next(): number {
    if (this.size === 0) return -1;
    const top = this.heap[0];
    this.heap[0] = this.heap[--this.size];
    this.down(0);
    return top;
  }

  /** Whether bin a comes before bin b. */
  private before(a: number, b: number): boolean {
    const pa = this.p[a];
    const pb = this.p[b];
    return pa > pb || (pa === pb && a < b);
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) return;
      const r = l + 1;
      const c = r < this.size && this.before(h[r], h[l]) ? r : l;
      if (!this.before(h[c], h[i])) return;
      const t = h[c];
      h[c] = h[i];
      h[i] = t;
      i = c;
    }
  }
}

/** Above this many multiply-adds (n * lags) the ACF uses the FFT. */
const DIRECT_LIMIT = 2e7;

/** Deviations from the mean of the finite values, 0 where missing (so a missing value adds nothing). */
function centred(values: ArrayLike<number>): { x: Float64Array; count: number } {
  const n = values.length;
  let s = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      s += v;
      count++;
    }
  }
  const mean = count > 0 ? s / count : 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    x[i] = Number.isFinite(v) ? v - mean : 0;
  }
  return { x, count };
}

/** Autocovariance sums sum_t x_t x_{t+k}, k = 0..maxLag, of a centred series. */
function lagSums(x: Float64Array, maxLag: number, method: 'auto' | 'direct' | 'fft'): Float64Array {
  const n = x.length;
  const out = new Float64Array(maxLag + 1);
  const direct = method === 'direct' || (method === 'auto' && n * (maxLag + 1) <= DIRECT_LIMIT);
  if (direct) {
    for (let k = 0; k <= maxLag; k++) {
      let s = 0;
      for (let t = 0; t + k < n; t++) s += x[t] * x[t + k];
      out[k] = s;
    }
    return out;
  }
  // Wiener-Khinchin: zero-padding to nfft >= n + maxLag makes the circular autocorrelation equal the
  // linear one up to maxLag (wrapped terms pair a value with a padded zero). The power spectrum is
  // real and even, so its inverse transform is a forward real FFT divided by nfft.
  const nfft = Math.max(2, nextPow2(n + maxLag));
  const p = powerSpectrum(x, nfft);
  const half = nfft >> 1;
  const full = new Float64Array(nfft);
  full.set(p);
  for (let j = 1; j < half; j++) full[nfft - j] = p[j];
  const { re } = realFft(full, nfft);
  for (let k = 0; k <= maxLag; k++) out[k] = re[k] / nfft;
  return out;
}

/**
 * Sample autocorrelation at lags 0..maxLag, as statsmodels' `acf(x, adjusted=False, missing='conservative')`:
 * `r_k = sum_{t < n-k} d_t d_{t+k} / sum_t d_t^2` with `d` the deviations from the mean of the finite
 * values. A missing (non-finite) value counts as the mean (deviation 0): it keeps the time axis intact
 * and adds nothing to any sum. Uses an FFT (O(n log n)) when n * maxLag is large, direct sums otherwise;
 * both agree to about 1e-12.
 *
 * @param maxLag the largest lag, clamped to n - 1
 * @returns `Float64Array` of length maxLag + 1 (r_0 = 1), all NaN when the series has no variance
 */
export function acf(
  values: ArrayLike<number>,
  maxLag: number,
  options: { method?: 'auto' | 'direct' | 'fft' } = {},
): Float64Array {
  if (!Number.isInteger(maxLag) || maxLag < 0) {
    throw new RangeError(`acf: maxLag must be an integer >= 0, got ${maxLag}`);
  }
  const n = values.length;
  const lags = Math.min(maxLag, Math.max(0, n - 1));
  if (n === 0) return new Float64Array(0);
  const { x } = centred(values);
  const sums = lagSums(x, lags, options.method ?? 'auto');
  const out = new Float64Array(lags + 1);
  const c0 = sums[0];
  for (let k = 0; k <= lags; k++) out[k] = c0 > 0 ? sums[k] / c0 : NaN;
  return out;
}

/** Half-width of the approximate 95% band of the ACF of white noise with `n` values: 1.96 / sqrt(n). */
export function acfBand(n: number): number {
  return n > 0 ? 1.96 / Math.sqrt(n) : NaN;
}

/**
 * The `k` strongest periods of an evenly spaced series, from its periodogram: the squared FFT
 * magnitudes of the mean-removed series (missing values filled with the mean), tapered with a Hann
 * window and zero-padded to a power of two `nfft >= n`. Local maxima of the periodogram at periods of at least 2 and at most n / 2
 * steps are ranked by power. Because the periodogram's bins are coarse at long periods (bin j is the
 * period nfft / j: for 14 days of 5-minute data the bins near a day are 273, 293 and 315 steps), each
 * peak is refined by maximising the periodogram between its neighbouring bins (see `refineFrequency`),
 * and the refined period is rounded to whole steps. A 5-minute series with a daily cycle reports 288.
 * Peaks that refine to an already reported period are merged. Each result also carries the ACF at
 * its period (how strongly the series repeats itself after one period).
 *
 * Why not refine with the ACF peak near the bin, as first planned: the plain ACF's peak sits a step
 * or so short of the period (the (n - k) / n taper), and even the adjusted ACF's argmax wanders by
 * several lags with realistic noise, because its curvature at the peak is tiny (1 - cos(2 pi / 288)
 * ~ 2e-4 per lag) against noise of about 1 / sqrt(n) per lag. Tests on 14 days with noise found
 * 286-289; the periodogram maximiser uses every sample at once and found 288.
 *
 * @param values the series in time order
 * @param stepMs the sampling step in ms (for `periodMs`)
 * @param k how many periods to report (default 3)
 * @returns strongest first; empty when the series is shorter than 8 or has no variance
 */
export function dominantPeriods(values: ArrayLike<number>, stepMs: number, k = 3): DominantPeriod[] {
  const n = values.length;
  if (n < 8) return [];
  const { x } = centred(values);
  // The untapered deviations, for the ACF at the periods found.
  const d = x.slice();
  // Hann taper: the rectangular window's sidelobes (-13 dB, 1.5 bins out) are local maxima that would
  // be reported as periods of their own (310 and 269 steps around a daily 288); Hann's are -31 dB and
  // fall off fast, and its image at negative frequency disturbs low-frequency peaks less.
  const hann = hannWindow(n);
  for (let t = 0; t < n; t++) x[t] *= hann[t];
  const nfft = nextPow2(n);
  const p = powerSpectrum(x, nfft);
  const half = nfft >> 1;
  let total = 0;
  for (let j = 1; j <= half; j++) total += p[j];
  if (!(total > 0)) return [];

  // Bins whose period nfft / j lies in [2, n / 2].
  const jMin = Math.max(1, Math.ceil((2 * nfft) / n));
  const peaks: number[] = [];
  for (let j = jMin; j <= half; j++) {
    const left = j > 1 ? p[j - 1] : -Infinity;
    const right = j < half ? p[j + 1] : -Infinity;
    if (p[j] > left && p[j] >= right) peaks.push(j);
  }
  const strongest = new PeakQueue(p, peaks);

  // Refine peaks strongest first until k distinct periods are found. A natural frequency bin (1 / n
  // cycles per step) is nfft / n periodogram bins. Hann's main lobe spans 2 natural bins either side
  // (its power is the peak's share); a peak within 4 natural bins of a stronger one already taken is
  // treated as its leakage (Hann's first sidelobes sit 2.5 and 3.5 bins out).
  const natural = nfft / n;
  const lobe = Math.max(1, Math.round(2 * natural));
  const guard = Math.max(1, Math.round(4 * natural));
  const out: DominantPeriod[] = [];
  const taken: number[] = [];
  for (let j = strongest.next(); j >= 0; j = strongest.next()) {
    if (out.length >= k) break;
    if (taken.some((t) => Math.abs(t - j) <= guard)) continue;
    const exact = nfft / refineFrequency(x, nfft, j);
    const steps = Math.round(exact);
    if (steps < 2 || steps > n / 2 || out.some((d) => d.periodSteps === steps)) continue;
    taken.push(j);
    let power = 0;
    for (let i = Math.max(1, j - lobe); i <= Math.min(half, j + lobe); i++) power += p[i];
    out.push({
      periodSteps: steps,
      periodMs: steps * stepMs,
      share: power / total,
      acf: NaN,
      exactSteps: exact,
    });
  }
  // The ACF at the reported lags only: a pass each, on the untapered deviations.
  let c0 = 0;
  for (let t = 0; t < n; t++) c0 += d[t] * d[t];
  for (const o of out) {
    let s = 0;
    for (let t = 0; t + o.periodSteps < n; t++) s += d[t] * d[t + o.periodSteps];
    o.acf = s / c0;
  }
  return out;
}
