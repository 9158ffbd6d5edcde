import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { describeMetrics, quantiles, type MetricStats } from '../../../src/engine/eda/descriptive-stats';
import type { Dataset } from '../../../src/engine/table/dataset';
import golden from './golden/stats.json';

type Expected =
  Omit<MetricStats, 'metric' | 'entity'> extends infer T ? { [K in keyof T]: number | null } : never;

const FIELDS = [
  'count',
  'missing',
  'mean',
  'std',
  'min',
  'q25',
  'median',
  'q75',
  'max',
  'skewness',
  'kurtosis',
  'zeroShare',
] as const;

const { relative: REL, absolute: ABS } = golden.tolerance;

const column = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);

/** Checks every field against pandas: null means NaN; numbers within REL relative (plus ABS). */
function expectStats(actual: MetricStats, expected: Expected, where: string): void {
  for (const f of FIELDS) {
    const want = expected[f];
    const got = actual[f];
    if (want === null) {
      expect(got, `${where} ${f}`).toBeNaN();
    } else {
      const err = Math.abs(got - want);
      expect(err, `${where} ${f}: ${got} vs pandas ${want}`).toBeLessThanOrEqual(REL * Math.abs(want) + ABS);
    }
  }
}

function single(name: string, values: Float64Array): Dataset {
  return { name, table: table({ x: values }), schema: { metrics: ['x'] } };
}

describe('describeMetrics against pandas (golden/stats.json)', () => {
  for (const c of golden.cases) {
    it(`matches pandas on ${c.name}`, () => {
      const [stats] = describeMetrics(single(c.name, column(c.values)));
      expect(stats.metric).toBe('x');
      expect(stats.entity).toBeNull();
      expectStats(stats, c.stats, c.name);
    });
  }

  it('matches pandas per entity on a multi-entity frame, in natural entity order', () => {
    const f = golden.frame;
    const ds: Dataset = {
      name: 'frame',
      table: table({
        host: f.columns.host,
        cpu_pct: column(f.columns.cpu_pct),
        latency_ms: column(f.columns.latency_ms),
      }),
      schema: { entity: 'host', metrics: f.metrics },
    };
    const stats = describeMetrics(ds, { byEntity: true });
    expect(stats.map((s) => `${s.metric}/${s.entity}`)).toEqual([
      'cpu_pct/null',
      'latency_ms/null',
      'cpu_pct/host-1',
      'cpu_pct/host-2',
      'cpu_pct/host-10',
      'latency_ms/host-1',
      'latency_ms/host-2',
      'latency_ms/host-10',
    ]);
    for (const want of f.stats) {
      const got = stats.find((s) => s.metric === want.metric && s.entity === want.entity);
      expect(got, `${want.metric}/${want.entity}`).toBeDefined();
      expectStats(got!, want, `${want.metric}/${want.entity}`);
    }
    // Without byEntity, only the overall rows.
    expect(describeMetrics(ds).map((s) => s.entity)).toEqual([null, null]);
  });
});

describe('describeMetrics by hand', () => {
  it('describes 1..4 with a zero and a NaN exactly', () => {
    const [s] = describeMetrics(single('h', column([0, 1, NaN, 2, 3, 4])));
    expect(s).toMatchObject({ count: 5, missing: 1, mean: 2, min: 0, max: 4, q25: 1, median: 2, q75: 3 });
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(s.skewness).toBe(0);
    expect(s.kurtosis).toBeCloseTo(-1.2, 12);
    expect(s.zeroShare).toBeCloseTo(0.2, 15);
  });

  it('ignores byEntity without an entity column', () => {
    expect(describeMetrics(single('h', column([1, 2])), { byEntity: true })).toHaveLength(1);
  });

  it('reads non-typed columns with null as missing', () => {
    const ds: Dataset = { name: 'a', table: table({ x: [1, null, 3] }), schema: { metrics: ['x'] } };
    const [s] = describeMetrics(ds);
    expect(s).toMatchObject({ count: 2, missing: 1, mean: 2, median: 2 });
  });

  it('describes an empty table with NaN figures', () => {
    const [s] = describeMetrics(single('e', new Float64Array(0)));
    expect(s.count).toBe(0);
    expect(s.missing).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.median).toBeNaN();
  });
});

describe('quantiles (selection, numpy linear interpolation)', () => {
  it('equals sorting and interpolating on many random arrays with ties', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    // Close quantiles share their order statistics in short arrays (0.25 and 0.26 of 5 values).
    const qs = [0, 0.01, 0.25, 0.26, 0.5, 0.75, 0.9, 0.95, 0.96, 1];
    for (const n of [1, 2, 3, 5, 10, 11, 17, 601, 700, 5000]) {
      for (let rep = 0; rep < (n <= 20 ? 200 : 5); rep++) {
        const a = Float64Array.from({ length: n }, () => Math.floor(rand() * (rep === 0 ? 3 : 1000)));
        const sorted = Float64Array.from(a).sort();
        const want = qs.map((q) => {
          const h = (n - 1) * q;
          const lo = Math.floor(h);
          const t = h - lo;
          if (lo + 1 >= n || t === 0) return sorted[lo];
          const d = sorted[lo + 1] - sorted[lo];
          return t >= 0.5 ? sorted[lo + 1] - d * (1 - t) : sorted[lo] + d * t;
        });
        // A slice in the middle of a larger buffer, as describeMetrics uses it.
        const buf = new Float64Array(n + 4).fill(-1);
        buf.set(a, 2);
        expect(quantiles(buf, 2, n + 2, qs), `n=${n} rep=${rep}`).toEqual(want);
        expect([buf[0], buf[1], buf[n + 2], buf[n + 3]]).toEqual([-1, -1, -1, -1]);
      }
    }
  });
});
