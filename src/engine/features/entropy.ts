import { MAX_WINDOW } from './sizes';
import { FeatureConfigError, type FeatureContext, type FeatureFamily } from './family';
import { sharedOrOwn } from './shared';
import {
  isSpectrumWindow,
  MAX_SPECTRUM_WINDOW,
  MIN_SPECTRUM_WINDOW,
  type SlidingSpectrum,
} from './window/sliding-spectrum';
import { lookback } from '../util/lookback';

/** Parameters of the entropy family. */
export interface EntropyParams {
  /** Embedding dimension of the ordinal patterns (2..7); delay 1. */
  order: number;
  /** Permutation-entropy windows in rows (each at least `order + 1`), kept in ascending order. */
  windows: number[];
  /** Window of the spectral entropy: a power of two in 8..4096. */
  spectralWindow: number;
}

const DEFAULTS: EntropyParams = { order: 3, windows: [24, 96], spectralWindow: 128 };
const KNOWN = Object.keys(DEFAULTS);
const MAX_ORDER = 7;

function parseEntropy(raw: Record<string, unknown>): EntropyParams {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) {
      throw new FeatureConfigError(
        `families.entropy.${key}`,
        `unknown parameter (known: ${KNOWN.join(', ')})`,
      );
    }
  }
  const order = raw.order ?? DEFAULTS.order;
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 2 || order > MAX_ORDER) {
    throw new FeatureConfigError(
      'families.entropy.order',
      `${JSON.stringify(order)} is not an integer between 2 and ${MAX_ORDER}`,
    );
  }
  const windowsRaw = raw.windows ?? DEFAULTS.windows;
  if (!Array.isArray(windowsRaw) || windowsRaw.length === 0) {
    throw new FeatureConfigError('families.entropy.windows', 'must be a non-empty list of integers');
  }
  for (const w of windowsRaw) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < order + 1 || w > MAX_WINDOW) {
      throw new FeatureConfigError(
        'families.entropy.windows',
        `${JSON.stringify(w)} is not an integer between ${order + 1} (order + 1) and ${MAX_WINDOW}`,
      );
    }
  }
  const windows = [...(windowsRaw as number[])].sort((a, b) => a - b);
  for (let i = 1; i < windows.length; i++) {
    if (windows[i] === windows[i - 1])
      throw new FeatureConfigError('families.entropy.windows', `${windows[i]} appears twice`);
  }
  const spectralWindow = raw.spectralWindow ?? DEFAULTS.spectralWindow;
  if (typeof spectralWindow !== 'number' || !isSpectrumWindow(spectralWindow)) {
    throw new FeatureConfigError(
      'families.entropy.spectralWindow',
      `${JSON.stringify(spectralWindow)} is not a power of two between ${MIN_SPECTRUM_WINDOW} and ${MAX_SPECTRUM_WINDOW}`,
    );
  }
  return { order, windows, spectralWindow };
}

function entropyNames(ctx: FeatureContext, params: EntropyParams): string[] {
  const names: string[] = [];
  for (const m of ctx.metrics) {
    for (const w of params.windows) names.push(`${m}__entropy__perm_w${w}`);
    names.push(`${m}__entropy__spectral_n${params.spectralWindow}`);
  }
  return names;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/**
 * Index (0..m!-1) of the ordinal pattern of `v[0..m)`, oldest first: the Lehmer code of its ranks, ties
 * ranked by position (the earlier value is the smaller).
 */
function patternCode(v: Float64Array, m: number, fact: Int32Array): number {
  let code = 0;
  for (let a = 0; a < m - 1; a++) {
    const va = v[a];
    let below = 0;
    for (let b = a + 1; b < m; b++) if (v[b] < va) below++;
    code += below * fact[m - 1 - a];
  }
  return code;
}

/** Per-metric permutation-entropy state: the last `order` values, recent pattern codes, counts per window. */
class PermutationEntropy {
  /** The last `order` values, oldest first. */
  private readonly last: Float64Array;
  /** Pattern codes by row, row r at r % cap. */
  private readonly codes: Int32Array;
  private readonly counts: Int32Array[];
  private readonly sums: Float64Array;
  private readonly patterns: Int32Array;
  private readonly sinceSync: Int32Array;
  /** Per window: how many patterns it holds once full (w - order + 1). */
  private readonly spans: Int32Array;
  private readonly norm: number;
  private rows = 0;
  /** `rows % cap`, kept without a division. */
  private slot = 0;

  constructor(
    private readonly order: number,
    private readonly windows: readonly number[],
    private readonly fact: Int32Array,
    private readonly cLogC: Float64Array,
    private readonly logC: Float64Array,
    private readonly resyncEvery: Int32Array,
  ) {
    const patterns = fact[order];
    this.last = new Float64Array(order);
    this.codes = new Int32Array(windows[windows.length - 1]);
    this.counts = windows.map(() => new Int32Array(patterns));
    this.sums = new Float64Array(windows.length);
    this.patterns = new Int32Array(windows.length);
    this.sinceSync = new Int32Array(windows.length);
    this.spans = Int32Array.from(windows, (w) => w - order + 1);
    this.norm = Math.log(patterns);
  }

  /** Takes the next value and writes the normalised entropy for each window into `out[o ...]`. */
  push(x: number, out: Float64Array, o: number): void {
    const m = this.order;
    const row = this.rows++;
    const last = this.last;
    for (let i = 0; i < m - 1; i++) last[i] = last[i + 1];
    last[m - 1] = x;
    const codes = this.codes;
    const cap = codes.length;
    const slot = this.slot;
    this.slot = slot + 1 === cap ? 0 : slot + 1;
    const cLogC = this.cLogC;
    const norm = this.norm;
    const hasPattern = row >= m - 1;
    const code = hasPattern ? patternCode(last, m, this.fact) : 0;
    for (let w = 0; w < this.windows.length; w++) {
      const counts = this.counts[w];
      if (hasPattern) {
        // The window of w rows holds the patterns ending at its last w - m + 1 rows.
        const span = this.spans[w];
        let sum = this.sums[w];
        if (row - span >= m - 1) {
          // Row `row - span` (span <= cap) sits at slot - span, wrapped once.
          const at = slot >= span ? slot - span : slot - span + cap;
          const c = codes[at];
          sum += cLogC[counts[c] - 1] - cLogC[counts[c]];
          counts[c]--;
        } else {
          this.patterns[w]++;
        }
        sum += cLogC[counts[code] + 1] - cLogC[counts[code]];
        counts[code]++;
        if (++this.sinceSync[w] >= this.resyncEvery[w]) {
          // Exact sum again, so rounding from the running updates cannot build up.
          sum = 0;
          for (let p = 0; p < counts.length; p++) sum += cLogC[counts[p]];
          this.sinceSync[w] = 0;
        }
        this.sums[w] = sum;
      }
      const total = this.patterns[w];
      let h = 0;
      // One pattern throughout (then it is the newest one) has entropy exactly 0.
      if (total >= 2 && counts[code] !== total) {
        h = (this.logC[total] - this.sums[w] / total) / norm;
        h = h < 0 ? 0 : h > 1 ? 1 : h;
      }
      out[o + w] = h;
    }
    if (hasPattern) codes[slot] = code;
  }
}

// Natural log by table and polynomial, for the spectral entropy's n/2 logarithms per row (Math.log is
// most of that feature's cost). The exponent and the top mantissa bits of x are read from its bits;
// log x = e ln 2 - log(1 / c_j) + log1p(r), r = m / c_j - 1 with |r| < 2^-11, where m in [1, 2) is the
// mantissa and c_j the centre of its table cell. Absolute error about 1e-16 times max(1, |log x|).
const LOG_BITS = 10;
const LOG_CELLS = 1 << LOG_BITS;
// By cell j, at 2j and 2j + 1: 1 / c_j and log(1 / c_j).
const CELLS = new Float64Array(2 * LOG_CELLS);
for (let j = 0; j < LOG_CELLS; j++) {
  const inv = 1 / (1 + (j + 0.5) / LOG_CELLS);
  CELLS[2 * j] = inv;
  CELLS[2 * j + 1] = Math.log(inv);
}
// By biased exponent e, at 2e and 2e + 1: 2^-e (exact) and e ln 2.
const EXPONENTS = new Float64Array(2 * 2048);
for (let e = 1; e < 2047; e++) {
  EXPONENTS[2 * e] = 2 ** (1023 - e);
  EXPONENTS[2 * e + 1] = (e - 1023) * Math.LN2;
}
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `sum p ln p` over `p[from..to]`, skipping zeros; `bits` is a Uint32Array view of `p`'s memory. */
function sumPLogP(p: Float64Array, bits: Uint32Array, from: number, to: number): number {
  let s = 0;
  if (!LITTLE_ENDIAN) {
    for (let k = from; k <= to; k++) {
      const x = p[k];
      if (x > 0) s += x * Math.log(x);
    }
    return s;
  }
  // Locals and literals rather than module constants: V8 reloads and re-checks those every iteration.
  const cells = CELLS;
  const exponents = EXPONENTS;
  for (let k = from; k <= to; k++) {
    const x = p[k];
    if (!(x > 0)) continue;
    const hi = bits[2 * k + 1];
    const e = hi >>> 20;
    if (e === 0) {
      s += x * Math.log(x);
      continue;
    }
    // The top LOG_BITS = 10 bits of the mantissa.
    const j = 2 * ((hi >>> 10) & 1023);
    const r = x * exponents[2 * e] * cells[j] - 1;
    const log1p = r * (1 + r * (-0.5 + r * (1 / 3 + r * (-0.25 + r * 0.2))));
    s += x * (exponents[2 * e + 1] + log1p - cells[j + 1]);
  }
  return s;
}

/** Normalised Shannon entropy of the non-DC bins of a spectrum (0 when its power is 0). */
function spectralEntropy(spec: SlidingSpectrum, bits: Uint32Array, logBins: number): number {
  const total = spec.total();
  if (!(total > 0)) return 0;
  const s = sumPLogP(spec.power, bits, 1, spec.n >> 1);
  const h = (Math.log(total) - s / total) / logBins;
  return h < 0 ? 0 : h > 1 ? 1 : h;
}

/**
 * Irregularity of each metric:
 *
 * - `perm_w<w>`: normalised permutation entropy (Bandt-Pompe; embedding dimension `order`, delay 1) of
 *   the ordinal patterns lying fully inside the last w rows: `-sum p log p / log(order!)` over the
 *   patterns' relative frequencies, ties ranked by position (earlier value smaller). 0 while the window
 *   holds fewer than 2 patterns (warm-up: the rows so far). O(1) per row: pattern counts are updated
 *   as patterns enter and leave, and the entropy sum is recomputed exactly every max(w, order!) rows.
 * - `spectral_n<n>`: normalised Shannon entropy `-sum p log p / log(n / 2)` of the one-sided non-DC power
 *   spectrum of the last `spectralWindow` rows (bins k = 1..n/2, see {@link SlidingSpectrum}; warm-up
 *   pads with the first value); 0 when the power is 0.
 *
 * All values lie in [0, 1].
 */
export const entropyFamily: FeatureFamily<EntropyParams> = {
  name: 'entropy',
  title: 'Entropy',
  description:
    'How irregular each metric is: permutation entropy of its ups and downs and entropy of its spectrum.',
  defaults: DEFAULTS,
  parse: parseEntropy,
  names: entropyNames,
  lookback: (_ctx, params) => lookback(Math.max(params.spectralWindow, ...params.windows)),
  create(ctx, params, given) {
    const metrics = ctx.metrics.length;
    const { shared, own } = sharedOrOwn(metrics, given);
    const { order, windows, spectralWindow } = params;
    const fact = new Int32Array(order + 1);
    for (let i = 0; i <= order; i++) fact[i] = factorial(i);
    const maxWindow = windows[windows.length - 1];
    const cLogC = new Float64Array(maxWindow + 1);
    const logC = new Float64Array(maxWindow + 1);
    for (let c = 2; c <= maxWindow; c++) {
      logC[c] = Math.log(c);
      cLogC[c] = c * logC[c];
    }
    const resyncEvery = Int32Array.from(windows, (w) => Math.max(w, fact[order]));
    const perm = Array.from(
      { length: metrics },
      () => new PermutationEntropy(order, windows, fact, cLogC, logC, resyncEvery),
    );
    // The spectral family's spectrum of the same window when it has one.
    const spectra = Array.from({ length: metrics }, (_, j) => shared.spectrum(j, spectralWindow));
    const bits = spectra.map(
      (sp) => new Uint32Array(sp.power.buffer, sp.power.byteOffset, 2 * sp.power.length),
    );
    const logBins = Math.log(spectralWindow / 2);
    const perMetric = windows.length + 1;
    return {
      push(values, _t, out, offset) {
        if (own) own.advance(values);
        for (let j = 0; j < metrics; j++) {
          const o = offset + j * perMetric;
          perm[j].push(values[j], out, o);
          out[o + windows.length] = spectralEntropy(spectra[j], bits[j], logBins);
        }
      },
    };
  },
};
