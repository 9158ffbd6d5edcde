/**
 * Autocorrelation and dominant periods of one evenly spaced series (one entity's metric in time order;
 * run it per entity, since concatenated entities would create false lags).
 */
import { nextPow2, powerSpectrum, realFft } from './fft';
import { PeakQueue } from './peak-queue';

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

/**
 * Powers of the DTFT of `x` at the angular frequencies `omegas` (Goertzel's recurrence, O(n) each, no
 * table), written to `out`. Up to three recurrences share a pass over `x`: each is a chain of
 * dependent additions, so three run about as fast as one, with the very same arithmetic.
 */
function goertzelPowers(x: Float64Array, omegas: readonly number[], out: number[]): void {
  for (let f = 0; f < omegas.length; f += 3) {
    const left = omegas.length - f;
    if (left >= 3) goertzel3(x, omegas, f, out);
    else if (left === 2) goertzel2(x, omegas, f, out);
    else out[f] = goertzelPower(x, omegas[f]);
  }
}

/** Power of the DTFT of `x` at angular frequency `omega`. */
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

function goertzel2(x: Float64Array, omegas: readonly number[], f: number, out: number[]): void {
  const c = 2 * Math.cos(omegas[f]);
  const e = 2 * Math.cos(omegas[f + 1]);
  let s1 = 0;
  let s2 = 0;
  let u1 = 0;
  let u2 = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    const s0 = v + c * s1 - s2;
    s2 = s1;
    s1 = s0;
    const u0 = v + e * u1 - u2;
    u2 = u1;
    u1 = u0;
  }
  out[f] = s1 * s1 + s2 * s2 - c * s1 * s2;
  out[f + 1] = u1 * u1 + u2 * u2 - e * u1 * u2;
}

function goertzel3(x: Float64Array, omegas: readonly number[], f: number, out: number[]): void {
  const c = 2 * Math.cos(omegas[f]);
  const e = 2 * Math.cos(omegas[f + 1]);
  const h = 2 * Math.cos(omegas[f + 2]);
  let s1 = 0;
  let s2 = 0;
  let u1 = 0;
  let u2 = 0;
  let r1 = 0;
  let r2 = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    const s0 = v + c * s1 - s2;
    s2 = s1;
    s1 = s0;
    const u0 = v + e * u1 - u2;
    u2 = u1;
    u1 = u0;
    const r0 = v + h * r1 - r2;
    r2 = r1;
    r1 = r0;
  }
  out[f] = s1 * s1 + s2 * s2 - c * s1 * s2;
  out[f + 1] = u1 * u1 + u2 * u2 - e * u1 * u2;
  out[f + 2] = r1 * r1 + r2 * r2 - h * r1 * r2;
}

/** A golden-section search for a periodogram maximum (see {@link refineFrequencies}). */
interface Search {
  a: number;
  b: number;
  c: number;
  d: number;
  fc: number;
  fd: number;
  done: boolean;
}

/**
 * For each bin j of `js`, the frequency (in units of nfft bins) in [j - 1, j + 1] where the
 * periodogram of `x`, evaluated at any frequency rather than only on the bins, is highest: a
 * golden-section search with Goertzel evaluations, until the bracket is worth less than 0.05 steps of
 * period (about 15 passes over the series for a daily period in two weeks of 5-minute data, more for
 * periods near n / 2). For one sinusoid in white noise this maximiser is the maximum-likelihood
 * frequency. The window lies inside the main lobe (nfft >= n), so the search sees a single peak.
 * The searches are independent and run side by side, their evaluations sharing passes over `x`
 * ({@link goertzelPowers}); each takes the same steps as it would alone.
 */
function refineFrequencies(x: Float64Array, nfft: number, js: readonly number[]): number[] {
  const w = (2 * Math.PI) / nfft;
  const g = (Math.sqrt(5) - 1) / 2;
  const searches: Search[] = js.map((j) => {
    const a = j - 1;
    const b = j + 1;
    return { a, b, c: b - g * (b - a), d: a + g * (b - a), fc: 0, fd: 0, done: false };
  });
  const omegas: number[] = [];
  const powers: number[] = [];
  for (const s of searches) omegas.push(w * s.c, w * s.d);
  goertzelPowers(x, omegas, powers);
  searches.forEach((s, i) => {
    s.fc = powers[2 * i];
    s.fd = powers[2 * i + 1];
  });
  // Stop when the bracket is worth less than 0.05 steps of period: dP = P^2 / nfft * df.
  for (let it = 0; it < 60; it++) {
    const active: Search[] = [];
    // Whether each active search moved c (else d): the point whose power is evaluated next.
    const movedC: boolean[] = [];
    omegas.length = 0;
    for (const s of searches) {
      if (s.done) continue;
      const mid = (s.a + s.b) / 2;
      if (((s.b - s.a) * nfft) / (mid * mid) < 0.05) {
        s.done = true;
        continue;
      }
      if (s.fc >= s.fd) {
        s.b = s.d;
        s.d = s.c;
        s.fd = s.fc;
        s.c = s.b - g * (s.b - s.a);
        omegas.push(w * s.c);
        movedC.push(true);
      } else {
        s.a = s.c;
        s.c = s.d;
        s.fc = s.fd;
        s.d = s.a + g * (s.b - s.a);
        omegas.push(w * s.d);
        movedC.push(false);
      }
      active.push(s);
    }
    if (active.length === 0) break;
    goertzelPowers(x, omegas, powers);
    active.forEach((s, i) => {
      if (movedC[i]) s.fc = powers[i];
      else s.fd = powers[i];
    });
  }
  return searches.map((s) => (s.a + s.b) / 2);
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
 * peak is refined by maximising the periodogram between its neighbouring bins (see `refineFrequencies`),
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
  // Candidates are refined as many at a time as periods are still wanted (their searches share passes
  // over the series), then taken in order as one at a time would: a candidate near one taken by an
  // earlier candidate of the same batch is still skipped, its refinement unused.
  while (out.length < k) {
    const batch: number[] = [];
    while (batch.length < k - out.length) {
      const j = strongest.next();
      if (j < 0) break;
      if (!taken.some((t) => Math.abs(t - j) <= guard)) batch.push(j);
    }
    if (batch.length === 0) break;
    const refined = refineFrequencies(x, nfft, batch);
    for (let b = 0; b < batch.length && out.length < k; b++) {
      const j = batch[b];
      if (taken.some((t) => Math.abs(t - j) <= guard)) continue;
      const exact = nfft / refined[b];
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
