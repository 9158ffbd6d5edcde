/**
 * A radix-2 fast Fourier transform for the EDA cells (periodogram, FFT autocorrelation, KDE).
 *
 * Why hand-written: no FFT package is installed in this project and the engine must stay
 * dependency-light and run unchanged in a worker, in Node and in vitest. The iterative
 * Cooley-Tukey algorithm below is about 60 lines, works on `Float64Array`s without allocating per
 * element, and is tested against a naive DFT (tests/engine/eda/fft.test.ts). Only power-of-two
 * lengths are supported: every caller zero-pads anyway.
 */

/** The smallest power of two >= `n` (1 for n <= 1). */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

// Twiddle tables by size: pure functions of n, kept because the same sizes recur (one per series
// length) and computing n/2 sines and cosines costs as much as a small transform. Few sizes are ever
// live, so the cache is cleared rather than managed when it grows.
const TWIDDLES = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos(2 pi k / n) and -sin(2 pi k / n) for k < n / 2: the forward transform's exp(-2 pi i k / n). */
function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  let t = TWIDDLES.get(n);
  if (!t) {
    if (TWIDDLES.size >= 8) TWIDDLES.clear();
    const half = n >> 1;
    t = { cos: new Float64Array(half), sin: new Float64Array(half) };
    for (let k = 0; k < half; k++) {
      const a = (2 * Math.PI * k) / n;
      t.cos[k] = Math.cos(a);
      t.sin[k] = -Math.sin(a);
    }
    TWIDDLES.set(n, t);
  }
  return t;
}

function assertPow2(n: number, what: string): void {
  if (n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`fft: ${what} must be a power of two, got ${n}`);
}

/**
 * In-place complex FFT of `re + i im` (both of the same power-of-two length N):
 * `X_k = sum_t x_t exp(-2 pi i k t / N)`. With `inverse`, computes the inverse transform including
 * the 1/N factor, so `fft(fft(x), inverse)` gives back `x`.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft: re has ${n} values but im has ${im.length}`);
  assertPow2(n, 'length');
  if (n === 1) return;

  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }

  const { cos: cosT, sin: sinT } = twiddles(n);
  const sign = inverse ? -1 : 1;
  for (let size = 2; size <= n; size *= 2) {
    const h = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, w = 0; k < h; k++, w += step) {
        const a = start + k;
        const b = a + h;
        const wr = cosT[w];
        const wi = sign * sinT[w];
        const br = re[b] * wr - im[b] * wi;
        const bi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - br;
        im[b] = im[a] - bi;
        re[a] += br;
        im[a] += bi;
      }
    }
  }

  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

/**
 * FFT of a real sequence `x`, zero-padded (or truncated) to `nfft` (a power of two >= 2), computed
 * with one complex FFT of half the length. Returns the non-redundant bins k = 0..nfft/2 (the others
 * are their complex conjugates).
 */
export function realFft(x: ArrayLike<number>, nfft: number): { re: Float64Array; im: Float64Array } {
  assertPow2(nfft, 'nfft');
  if (nfft < 2) throw new RangeError(`fft: nfft must be >= 2, got ${nfft}`);
  const half = nfft >> 1;
  const zr = new Float64Array(half);
  const zi = new Float64Array(half);
  const m = Math.min(x.length, nfft);
  for (let t = 0; t < m; t++) {
    if (t & 1) zi[t >> 1] = x[t];
    else zr[t >> 1] = x[t];
  }
  fft(zr, zi);

  const re = new Float64Array(half + 1);
  const im = new Float64Array(half + 1);
  const { cos: cosT, sin: sinT } = twiddles(nfft);
  for (let k = 0; k <= half; k++) {
    const a = k === half ? 0 : k;
    const b = k === 0 ? 0 : half - k;
    // Even and odd halves: E = (Z_k + conj Z_{h-k}) / 2, O = (Z_k - conj Z_{h-k}) / 2i.
    const er = (zr[a] + zr[b]) / 2;
    const ei = (zi[a] - zi[b]) / 2;
    const or = (zi[a] + zi[b]) / 2;
    const oi = -(zr[a] - zr[b]) / 2;
    // exp(-2 pi i k / nfft); k = nfft / 2 gives -1.
    const wr = k === half ? -1 : cosT[k];
    const wi = k === half ? 0 : sinT[k];
    re[k] = er + wr * or - wi * oi;
    im[k] = ei + wr * oi + wi * or;
  }
  return { re, im };
}

/** `|X_k|^2` for k = 0..nfft/2 of the real sequence `x` zero-padded to `nfft` (see {@link realFft}). */
export function powerSpectrum(x: ArrayLike<number>, nfft: number): Float64Array {
  const { re, im } = realFft(x, nfft);
  const p = new Float64Array(re.length);
  for (let k = 0; k < p.length; k++) p[k] = re[k] * re[k] + im[k] * im[k];
  return p;
}
