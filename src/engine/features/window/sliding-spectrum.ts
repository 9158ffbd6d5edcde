import { fft } from '../../eda/fft';

/** Smallest and largest spectrum window, in rows (both powers of two). */
export const MIN_SPECTRUM_WINDOW = 8;
export const MAX_SPECTRUM_WINDOW = 4096;

// A resync also happens as soon as the total power falls this far below its peak since the last one:
// the sliding update's rounding is relative to the largest bins it has carried, so after a spike
// leaves the window the remaining small spectrum would otherwise hold the spike's rounding dust.
const DROP_RESYNC = 1e-7;

// exp(+2 pi i k / n) for k = 0..n/2, shared by all windows of one size (read-only).
const ROTATIONS = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function rotations(n: number): { cos: Float64Array; sin: Float64Array } {
  let r = ROTATIONS.get(n);
  if (!r) {
    const half = n >> 1;
    r = { cos: new Float64Array(half + 1), sin: new Float64Array(half + 1) };
    for (let k = 0; k <= half; k++) {
      const a = (2 * Math.PI * k) / n;
      r.cos[k] = Math.cos(a);
      r.sin[k] = Math.sin(a);
    }
    // Exact values where the angle is a multiple of pi / 2, so those bins rotate without rounding.
    r.cos[half] = -1;
    r.sin[half] = 0;
    if (n % 4 === 0) {
      r.cos[n >> 2] = 0;
      r.sin[n >> 2] = 1;
    }
    ROTATIONS.set(n, r);
  }
  return r;
}

// FFT scratch by size: a resync fills and reads it within one call, so every spectrum of that size can
// use the same arrays (per-entity state is then smaller).
const SCRATCH = new Map<number, { re: Float64Array; im: Float64Array }>();

function fftScratch(n: number): { re: Float64Array; im: Float64Array } {
  let s = SCRATCH.get(n);
  if (!s) {
    s = { re: new Float64Array(n), im: new Float64Array(n) };
    SCRATCH.set(n, s);
  }
  return s;
}

/** True for a power of two between {@link MIN_SPECTRUM_WINDOW} and {@link MAX_SPECTRUM_WINDOW}. */
export function isSpectrumWindow(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_SPECTRUM_WINDOW && n <= MAX_SPECTRUM_WINDOW && (n & (n - 1)) === 0;
}

/**
 * The power spectrum of the last `n` values of a series, updated in O(n) per value by a sliding DFT.
 *
 * With `X_k = sum_t x_t exp(-2 pi i k t / n)` over the window (t = 0 the oldest row), `power[k]` for
 * k = 1..n/2 is the one-sided periodogram `2 |X_k|^2 / n^2` (`|X_k|^2 / n^2` for the Nyquist bin
 * k = n/2), so the non-DC bins add up to the window's population variance ({@link total}); index 0 (the
 * mean) is always 0. Removing the window's mean changes only the DC bin, so these are also the bins of
 * the mean-removed window. Before `n` values have arrived, the window is the values so far preceded by
 * copies of the first value.
 *
 * Accuracy: the sliding update `X_k <- (X_k - x_old + x_new) exp(2 pi i k / n)` is re-synchronised
 * exactly (an FFT of the mean-removed window) every `n` values, and also whenever the total power falls
 * below 1e-7 of its peak since the last resync, so rounding cannot build up; a window holding one
 * repeated value has exactly zero power.
 */
export class SlidingSpectrum {
  readonly n: number;
  /** One-sided non-DC power by bin, k = 0..n/2 (index 0 unused, always 0). Read after {@link push}. */
  readonly power: Float64Array;
  private readonly ring: Float64Array;
  // Per bin k = 0..n/2, at 4k: the bin's real and imaginary parts, then the cosine and sine of its
  // rotation. One array instead of four: V8 re-checks every typed array a loop touches on every
  // iteration, and that cost more than the arithmetic.
  private readonly bins: Float64Array;
  // Scratch for the exact FFT (complex, length n), shared by all spectra of this size.
  private readonly fre: Float64Array;
  private readonly fim: Float64Array;
  private head = 0;
  private pushes = 0;
  private sinceSync = 0;
  private sameRun = 0;
  private last = NaN;
  private sum = 0;
  private peak = 0;
  private zeroed = false;

  /** A spectrum over windows of `n` values (a power of two, 8..4096). */
  constructor(n: number) {
    if (!isSpectrumWindow(n)) {
      throw new RangeError(
        `SlidingSpectrum: n must be a power of two in ${MIN_SPECTRUM_WINDOW}..${MAX_SPECTRUM_WINDOW}, got ${n}`,
      );
    }
    this.n = n;
    const half = n >> 1;
    this.power = new Float64Array(half + 1);
    this.ring = new Float64Array(n);
    this.bins = new Float64Array(4 * (half + 1));
    const r = rotations(n);
    for (let k = 0; k <= half; k++) {
      this.bins[4 * k + 2] = r.cos[k];
      this.bins[4 * k + 3] = r.sin[k];
    }
    const scratch = fftScratch(n);
    this.fre = scratch.re;
    this.fim = scratch.im;
  }

  /** Total non-DC power after the last push: the population variance of the window (0 before any push). */
  total(): number {
    return this.sum;
  }

  /** Slides the window by one value (finite) and updates {@link power} and {@link total}. */
  push(x: number): void {
    const n = this.n;
    if (this.pushes === 0) {
      // Padding: the window starts as n copies of the first value, whose non-DC bins are all 0.
      this.ring.fill(x);
      this.last = x;
      this.sameRun = n;
    }
    this.pushes++;
    const old = this.ring[this.head];
    this.ring[this.head] = x;
    this.head = this.head + 1 === n ? 0 : this.head + 1;
    this.sameRun = x === this.last ? this.sameRun + 1 : 1;
    this.last = x;
    this.sinceSync++;

    if (this.sameRun >= n) {
      // One repeated value: exactly no power, and a clean start for the sliding update.
      if (!this.zeroed) this.clear();
      this.sinceSync = 0;
      return;
    }
    this.zeroed = false;
    if (this.sinceSync >= n) {
      this.resync();
      return;
    }

    const d = x - old;
    const half = n >> 1;
    const bins = this.bins;
    const power = this.power;
    const scale = 2 / (n * n);
    let sum = 0;
    for (let k = 1, i = 4; k < half; k++, i += 4) {
      const a = bins[i] + d;
      const b = bins[i + 1];
      const c = bins[i + 2];
      const s = bins[i + 3];
      const nr = a * c - b * s;
      const ni = a * s + b * c;
      bins[i] = nr;
      bins[i + 1] = ni;
      const p = (nr * nr + ni * ni) * scale;
      power[k] = p;
      sum += p;
    }
    // Nyquist: the rotation is exactly -1 and the bin stays real.
    const nyq = -(bins[4 * half] + d);
    bins[4 * half] = nyq;
    const pn = (nyq * nyq) / (n * n);
    power[half] = pn;
    sum += pn;
    this.sum = sum;
    if (sum > this.peak) this.peak = sum;
    else if (sum < this.peak * DROP_RESYNC) this.resync();
  }

  private clear(): void {
    const bins = this.bins;
    for (let i = 0; i < bins.length; i += 4) {
      bins[i] = 0;
      bins[i + 1] = 0;
    }
    this.power.fill(0);
    this.sum = 0;
    this.peak = 0;
    this.zeroed = true;
  }

  /** Recomputes the bins exactly from the window: an FFT of the mean-removed values, oldest first. */
  private resync(): void {
    const n = this.n;
    const ring = this.ring;
    const fre = this.fre;
    const fim = this.fim;
    let mean = 0;
    for (let t = 0; t < n; t++) mean += ring[t];
    mean /= n;
    // ring[head] is the oldest value.
    for (let t = 0, j = this.head; t < n; t++) {
      fre[t] = ring[j] - mean;
      j = j + 1 === n ? 0 : j + 1;
    }
    fim.fill(0);
    fft(fre, fim);
    const half = n >> 1;
    const scale = 2 / (n * n);
    let sum = 0;
    const bins = this.bins;
    for (let k = 1; k <= half; k++) {
      const re = fre[k];
      const im = k === half ? 0 : fim[k];
      bins[4 * k] = re;
      bins[4 * k + 1] = im;
      const p = (re * re + im * im) * (k === half ? scale / 2 : scale);
      this.power[k] = p;
      sum += p;
    }
    this.sum = sum;
    this.peak = sum;
    this.sinceSync = 0;
  }
}
