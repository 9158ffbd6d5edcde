/**
 * Compares the numeric EDA functions with numpy/pandas/scipy on seeded data (NaN, ties, heavy tails,
 * a 14-day 5-minute series with a daily cycle). The golden file is written by
 * tests/reference/eda_numeric.py; see its header to regenerate and for how each value is defined.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acf } from '../../../src/engine/eda/autocorrelation';
import { boxStats, finiteValues, quantilesInPlace } from '../../../src/engine/eda/box-stats';
import { correlationMatrix, rankAverage } from '../../../src/engine/eda/correlation';
import { histogramKde } from '../../../src/engine/eda/distribution';
import {
  hourlyProfile,
  hourOfWeek,
  seasonalProfile,
  weekdayProfile,
  weekendContrast,
} from '../../../src/engine/eda/seasonal-profile';

type Num = number | null;
interface Golden {
  correlation: {
    names: string[];
    complete: Record<string, Num[]>;
    missing: Record<string, Num[]>;
    pearson_complete: Num[];
    spearman_complete: Num[];
    pearson_missing: Num[];
    spearman_missing: Num[];
    rank_missing_z: Num[];
  };
  box: {
    values: Num[];
    n: number;
    missing: number;
    min: number;
    q1: number;
    median: number;
    q3: number;
    max: number;
    whiskerLo: number;
    whiskerHi: number;
    outliersLow: number;
    outliersHigh: number;
    percentiles_at: number[];
    percentiles: Num[];
  };
  distribution: {
    values: Num[];
    n: number;
    bandwidth: number;
    scipy_silverman_bandwidth: number;
    grid: Num[];
    density: Num[];
    hist_counts_20: Num[];
    hist_edges_20: Num[];
  };
  distribution_log: {
    values: Num[];
    n: number;
    skipped: number;
    bandwidth: number;
    grid: Num[];
    density: Num[];
  };
  series: {
    times: number[];
    values: Num[];
    acf: Num[];
    max_lag: number;
    hourly_mean: Num[];
    hourly_std: Num[];
    hourly_p10: Num[];
    hourly_p90: Num[];
    hourly_n: Num[];
    weekday_mean: Num[];
    weekday_std: Num[];
    weekday_n: Num[];
    how_mean: Num[];
    weekday_overall_mean: number;
    weekend_overall_mean: number;
  };
}

const golden = JSON.parse(readFileSync(new URL('./golden/numeric.json', import.meta.url), 'utf8')) as Golden;
const arr = (a: Num[]): Float64Array => Float64Array.from(a, (v) => (v === null ? NaN : v));

/** Every entry within `tol` relative to max(1, |expected|); NaN must match NaN. */
function expectClose(actual: ArrayLike<number>, expected: Num[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === null) {
      expect(a, `index ${i}`).toBeNaN();
      continue;
    }
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= tol)) expect.fail(`index ${i}: got ${a}, expected ${e} (relative error ${err} > ${tol})`);
  }
}

describe('correlation matches pandas DataFrame.corr (1e-12)', () => {
  const g = golden.correlation;
  for (const kind of ['complete', 'missing'] as const) {
    const cols = g.names.map((n) => arr(g[kind][n]));
    it(`pearson, ${kind} columns`, () => {
      expectClose(correlationMatrix(cols, 'pearson'), g[`pearson_${kind}`], 1e-12);
    });
    it(`spearman (average ranks, pairwise re-ranked), ${kind} columns`, () => {
      expectClose(correlationMatrix(cols, 'spearman'), g[`spearman_${kind}`], 1e-12);
    });
  }
  it('average ranks match pandas rank(method="average") exactly', () => {
    expectClose(rankAverage(arr(g.missing.z)), g.rank_missing_z, 0);
  });
});

describe('box statistics match numpy percentiles (exact up to 1e-12)', () => {
  const g = golden.box;
  it('quartiles, whiskers and outlier counts', () => {
    const [b] = boxStats(arr(g.values));
    expect(b.n).toBe(g.n);
    expect(b.missing).toBe(g.missing);
    for (const k of ['min', 'q1', 'median', 'q3', 'max', 'whiskerLo', 'whiskerHi'] as const) {
      expect(b[k], k).toBeCloseTo(g[k], 12);
    }
    expect(b.outliersLow).toBe(g.outliersLow);
    expect(b.outliersHigh).toBe(g.outliersHigh);
  });
  it('quantilesInPlace equals np.percentile (linear)', () => {
    const q = quantilesInPlace(
      finiteValues(arr(g.values)),
      g.percentiles_at.map((p) => p / 100),
    );
    expectClose(q, g.percentiles, 1e-12);
  });
  it('large input (histogram narrowing) equals a full sort', () => {
    // 200 copies of the sample: > 4096 values, so the bucket path is taken; ties everywhere.
    const big = new Float64Array(200 * g.n);
    const base = finiteValues(arr(g.values));
    for (let r = 0; r < 200; r++) big.set(base, r * g.n);
    const sorted = big.slice().sort();
    const qs = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999, 1];
    const want = qs.map((q) => {
      const p = q * (sorted.length - 1);
      const k = Math.floor(p);
      return k + 1 < sorted.length ? sorted[k] + (sorted[k + 1] - sorted[k]) * (p - k) : sorted[k];
    });
    expectClose(quantilesInPlace(big.slice(), qs), want, 1e-12);
  });
});

describe('histogram and KDE match numpy and scipy', () => {
  const g = golden.distribution;
  it("bandwidth is Silverman's 0.9 min(s, IQR/1.34) n^-1/5 (1e-12), not scipy's", () => {
    const r = histogramKde(arr(g.values), { gridPoints: 200 });
    expect(r.n).toBe(g.n);
    expect(r.skipped).toBe(3);
    expect(r.bandwidth).toBeCloseTo(g.bandwidth, 12);
    expect(Math.abs(r.bandwidth - g.scipy_silverman_bandwidth)).toBeGreaterThan(0.05);
  });
  it('direct density equals scipy gaussian_kde with the same bandwidth (1e-10)', () => {
    const r = histogramKde(arr(g.values), { method: 'direct' });
    expectClose(r.kde.x, g.grid, 1e-12);
    expectClose(r.kde.density, g.density, 1e-10);
  });
  it('binned density is within 1e-3 of scipy relative to the peak', () => {
    const r = histogramKde(arr(g.values), { method: 'binned' });
    expect(r.method).toBe('binned');
    const peak = Math.max(...(g.density as number[]));
    let worst = 0;
    g.density.forEach((e, i) => (worst = Math.max(worst, Math.abs(r.kde.density[i] - (e as number)) / peak)));
    expect(worst).toBeLessThan(1e-3);
    // Pointwise too, wherever the density is at least 1% of its peak.
    g.density.forEach((e, i) => {
      if ((e as number) > 0.01 * peak) {
        expect(Math.abs(r.kde.density[i] - (e as number)) / (e as number)).toBeLessThan(1e-3);
      }
    });
  });
  it('histogram counts and edges equal np.histogram(bins=20)', () => {
    const r = histogramKde(arr(g.values), { bins: 20 });
    expectClose(r.bins.count, g.hist_counts_20, 0);
    expectClose(r.bins.x0, g.hist_edges_20.slice(0, 20), 1e-15);
    expectClose(r.bins.x1, g.hist_edges_20.slice(1), 1e-15);
  });
  it('log=true works on log10 of positive values, skipping the rest', () => {
    const gl = golden.distribution_log;
    const r = histogramKde(arr(gl.values), { log: true, gridPoints: 100, method: 'direct' });
    expect(r.log).toBe(true);
    expect(r.n).toBe(gl.n);
    expect(r.skipped).toBe(gl.skipped);
    expect(r.bandwidth).toBeCloseTo(gl.bandwidth, 12);
    expectClose(r.kde.x, gl.grid, 1e-12);
    expectClose(r.kde.density, gl.density, 1e-10);
  });
});

describe('ACF matches statsmodels acf(adjusted=False, missing="conservative") by definition', () => {
  const g = golden.series;
  const values = arr(g.values);
  it('direct sums (1e-12)', () => {
    expectClose(acf(values, g.max_lag, { method: 'direct' }), g.acf, 1e-12);
  });
  it('FFT (1e-10)', () => {
    expectClose(acf(values, g.max_lag, { method: 'fft' }), g.acf, 1e-10);
  });
});

describe('seasonal profiles match pandas groupby on UTC hour and weekday (1e-9)', () => {
  const g = golden.series;
  const times = Float64Array.from(g.times);
  const values = arr(g.values);
  it('hourly mean, std (ddof 1), p10, p90, n', () => {
    const h = hourlyProfile(times, values);
    expectClose(
      h.rows.map((r) => r.mean),
      g.hourly_mean,
      1e-9,
    );
    expectClose(
      h.rows.map((r) => r.std),
      g.hourly_std,
      1e-9,
    );
    expectClose(
      h.rows.map((r) => r.p10),
      g.hourly_p10,
      1e-12,
    );
    expectClose(
      h.rows.map((r) => r.p90),
      g.hourly_p90,
      1e-12,
    );
    expectClose(
      h.rows.map((r) => r.n),
      g.hourly_n,
      0,
    );
  });
  it('weekday mean, std, n (Monday first)', () => {
    const w = weekdayProfile(times, values);
    expect(w.rows.map((r) => r.name)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expectClose(
      w.rows.map((r) => r.mean),
      g.weekday_mean,
      1e-9,
    );
    expectClose(
      w.rows.map((r) => r.std),
      g.weekday_std,
      1e-9,
    );
    expectClose(
      w.rows.map((r) => r.n),
      g.weekday_n,
      0,
    );
  });
  it('hour of week and weekend contrast', () => {
    expectClose(hourOfWeek(times, values), g.how_mean, 1e-9);
    const c = weekendContrast(times, values);
    expect(c.weekdayMean).toBeCloseTo(g.weekday_overall_mean, 9);
    expect(c.weekendMean).toBeCloseTo(g.weekend_overall_mean, 9);
    expect(c.ratio).toBeCloseTo(g.weekend_overall_mean / g.weekday_overall_mean, 9);
  });
  it('seasonalProfile gives the same numbers and the weekday peak hour', () => {
    const s = seasonalProfile(times, values);
    expectClose(
      s.hourly.rows.map((r) => r.p90),
      g.hourly_p90,
      1e-12,
    );
    expectClose(s.hourOfWeek, g.how_mean, 1e-9);
    // The cycle is 50 + 20 sin(2 pi t/288 - pi/2): lowest at 00:00, highest at 12:00 UTC.
    expect(s.peakOnWeekdays).toBe(true);
    expect(Math.abs(s.peakHour - 12)).toBeLessThanOrEqual(1);
    expect(s.hourly.troughHour === 0 || s.hourly.troughHour === 23 || s.hourly.troughHour === 1).toBe(true);
    expect(s.n).toBe(values.filter(Number.isFinite).length);
  });
});
