/**
 * One battery over every registered feature family: a family registered in
 * src/engine/features/registry.ts gets these checks without further wiring.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../../src/engine/features/batch';
import { planFeatures, EntityFeatures, type FeaturePlan } from '../../../src/engine/features/plan';
import { featureFamilies } from '../../../src/engine/features/registry';
import { FeatureStream } from '../../../src/engine/features/stream';
import { createRandom } from '../../../src/engine/util/random';

const METRICS = ['cpu', 'mem', 'conn'];
const STEP = 300_000;
const T0 = Date.UTC(2024, 2, 4);
const WINDOWS = [3, 5, 8];

/** A plan with only one family enabled, on small windows so every warm-up and wrap is exercised. */
function planOf(name: string, metrics = METRICS, stepMs: number | null = STEP): FeaturePlan {
  const families = Object.fromEntries(featureFamilies().map((f) => [f.name, { enabled: f.name === name }]));
  return planFeatures({ windows: WINDOWS, families }, metrics, stepMs);
}

/** A noisy daily cycle per metric with spikes, level shifts and repeated values. */
function series(rows: number, seed: number, scale = 1): Float64Array[] {
  const rng = createRandom(seed);
  return METRICS.map((_, j) => {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let v = 50 + 20 * Math.sin((2 * Math.PI * i) / 288 + j) + 3 * rng.normal();
      if (i % 97 === 13) v += 40;
      if (i > rows / 2) v += 10 * j;
      if (i % 11 < 3) v = Math.round(v);
      out[i] = v * scale;
    }
    return out;
  });
}

const names = featureFamilies().map((f) => f.name);

describe('feature family registry', () => {
  it('has distinct names and valid defaults', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const f of featureFamilies()) {
      expect(f.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(f.title.length).toBeGreaterThan(0);
      expect(f.description.length).toBeGreaterThan(0);
      expect(() => f.parse({})).not.toThrow();
      expect(f.parse({})).toEqual(f.parse(JSON.parse(JSON.stringify(f.defaults)) as Record<string, unknown>));
    }
  });
});

describe.each(names)('feature family %s', (name) => {
  const plan = planOf(name);

  it('names every feature source__family__detail, without duplicates', () => {
    expect(plan.names.length).toBeGreaterThan(0);
    expect(new Set(plan.names).size).toBe(plan.names.length);
    for (const n of plan.names) {
      const parts = n.split('__');
      expect(parts).toHaveLength(3);
      expect(parts[1]).toBe(name);
      expect(['time', ...METRICS].includes(parts[0]) || /^[a-z]+~[a-z]+$/.test(parts[0])).toBe(true);
    }
  });

  it('writes exactly its features, all finite', () => {
    const width = plan.names.length;
    const out = new Float64Array(width + 3).fill(Number.NaN);
    out[width] = 12345;
    const entity = new EntityFeatures(plan);
    const cols = series(700, 7);
    for (let i = 0; i < 700; i++) {
      out.fill(Number.NaN, 0, width);
      entity.push(
        cols.map((c) => c[i]),
        T0 + i * STEP,
        out,
      );
      for (let k = 0; k < width; k++) {
        if (!Number.isFinite(out[k])) throw new Error(`row ${i}: ${plan.names[k]} = ${out[k]}`);
      }
      expect(out[width]).toBe(12345);
    }
  });

  it('stays finite on any finite input (constant, huge, tiny, repeated values)', () => {
    const value = fc.oneof(
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.constantFrom(0, 1, -1, 1e-9, 1e9),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 40 }), (rows) => {
        const entity = new EntityFeatures(plan);
        const out = new Float64Array(plan.names.length);
        rows.forEach((r, i) => {
          entity.push(r, T0 + i * STEP, out);
          for (let k = 0; k < out.length; k++) {
            if (!Number.isFinite(out[k])) throw new Error(`row ${i}: ${plan.names[k]} = ${out[k]}`);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('streams row by row to the batch table, entities interleaved, bit for bit', () => {
    const a = series(400, 1);
    const b = series(400, 2, 3);
    // Two entities in one table: rows alternate a, b, a, b, ...
    const metrics = METRICS.map((_, j) => {
      const col = new Float64Array(800);
      for (let i = 0; i < 400; i++) {
        col[2 * i] = a[j][i];
        col[2 * i + 1] = b[j][i];
      }
      return col;
    });
    const times = new Float64Array(800);
    for (let i = 0; i < 400; i++) times[2 * i] = times[2 * i + 1] = T0 + i * STEP;
    const groups = [0, 1].map((e) => Array.from({ length: 400 }, (_, i) => 2 * i + e));
    const batch = computeFeatures(plan, { metrics, times, groups });
    const stream = new FeatureStream(plan);
    for (let r = 0; r < 800; r++) {
      const out = stream.push(
        r % 2 ? 'b' : 'a',
        metrics.map((c) => c[r]),
        times[r],
      );
      for (let k = 0; k < out.length; k++) {
        if (!Object.is(out[k], batch[k][r]))
          throw new Error(`row ${r} ${plan.names[k]}: ${out[k]} vs ${batch[k][r]}`);
      }
    }
  });

  it('keeps entities apart: a second entity does not change the first one features', () => {
    const a = series(300, 4);
    const noise = series(300, 5, 100);
    const alone = new FeatureStream(plan);
    const mixed = new FeatureStream(plan);
    for (let i = 0; i < 300; i++) {
      const row = a.map((c) => c[i]);
      const x = Float64Array.from(alone.push('a', row, T0 + i * STEP));
      mixed.push(
        'z',
        noise.map((c) => c[i]),
        T0 + i * STEP,
      );
      const y = mixed.push('a', row, T0 + i * STEP);
      expect(Array.from(y)).toEqual(Array.from(x));
    }
  });

  it('gives a missing value the last finite one', () => {
    const withGap = new EntityFeatures(plan);
    const filled = new EntityFeatures(plan);
    const o1 = new Float64Array(plan.names.length);
    const o2 = new Float64Array(plan.names.length);
    const cols = series(60, 9);
    let last = cols.map((c) => c[0]);
    for (let i = 0; i < 60; i++) {
      const row = cols.map((c) => c[i]);
      const gap = i % 7 === 3;
      withGap.push(gap ? row.map(() => Number.NaN) : row, T0 + i * STEP, o1);
      if (!gap) last = row;
      filled.push(last, T0 + i * STEP, o2);
      expect(Array.from(o1)).toEqual(Array.from(o2));
    }
  });

  it('declares its lookback: a fresh state fed that many earlier rows continues as the whole history does', () => {
    const { family, params } = plan.families[0];
    const lb = family.lookback(plan.ctx, params);
    if (lb === null) {
      // Unbounded on purpose (a CUSUM, an exponential average); anything else must declare its rows.
      expect(['changepoint', 'residuals']).toContain(name);
      return;
    }
    const n = lb.rows + 150;
    const cols = series(n, 11);
    const row = (i: number) => cols.map((c) => c[i]);
    const full = new EntityFeatures(plan);
    const outs: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const out = new Float64Array(plan.names.length);
      full.push(row(i), T0 + i * STEP, out);
      outs.push(out);
    }
    for (const t of [lb.rows, lb.rows + 1, lb.rows + 29, lb.rows + 97, n - 1]) {
      const start = Math.floor((t - lb.rows) / lb.period) * lb.period;
      const fresh = new EntityFeatures(plan);
      const out = new Float64Array(plan.names.length);
      for (let i = start; i <= t; i++) fresh.push(row(i), T0 + i * STEP, out);
      for (let k = 0; k < out.length; k++) {
        const want = outs[t][k];
        if (!(Math.abs(out[k] - want) <= 1e-9 * Math.max(1, Math.abs(want)))) {
          throw new Error(
            `row ${t} after ${t - start} replayed rows: ${plan.names[k]} = ${out[k]}, want ${want}`,
          );
        }
      }
    }
  });

  it('needs no code change for another metric: the same config applies to a fourth one', () => {
    const four = planOf(name, [...METRICS, 'disk']);
    const perMetric = (p: FeaturePlan, m: string) => p.names.filter((n) => n.startsWith(`${m}__`)).length;
    expect(perMetric(four, 'disk')).toBe(perMetric(four, 'cpu'));
    expect(four.names.length).toBeGreaterThanOrEqual(plan.names.length);
  });
});
