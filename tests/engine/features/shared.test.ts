/**
 * The per-entity structures families share (src/engine/features/shared.ts): one structure per key,
 * advanced once per row, and families that share them give, bit for bit, what each gives alone.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureConfig } from '../../../src/engine/features/config';
import type { FeatureContext, SharedStructures } from '../../../src/engine/features/family';
import { EntityFeatures, planFeatures } from '../../../src/engine/features/plan';
import { featureFamilies } from '../../../src/engine/features/registry';
import { SharedWindows } from '../../../src/engine/features/shared';
import { SlidingSpectrum } from '../../../src/engine/features/window/sliding-spectrum';
import { WindowMoments } from '../../../src/engine/features/window/window-moments';
import { createRandom } from '../../../src/engine/util/random';

const METRICS = ['cpu', 'mem', 'conn'];
const STEP = 300_000;
const T0 = Date.UTC(2024, 2, 4);

/** A noisy daily cycle per metric with spikes, a level shift, a constant stretch and rounded values. */
function series(rows: number, seed: number): Float64Array[] {
  const rng = createRandom(seed);
  return METRICS.map((_, j) => {
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let v = 50 + 20 * Math.sin((2 * Math.PI * i) / 288 + j) + 3 * rng.normal();
      if (i % 97 === 13) v += 40;
      if (i > rows / 2) v += 10 * j;
      if (i >= 300 && i < 420) v = 7;
      if (i % 11 < 3) v = Math.round(v);
      out[i] = v;
    }
    return out;
  });
}

/** Bitwise equality of two feature rows, naming the first feature that differs. */
function sameBits(actual: Float64Array, expected: Float64Array, names: string[], row: number): void {
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(actual[k], expected[k])) {
      throw new Error(`row ${row}: ${names[k]} = ${actual[k]}, alone ${expected[k]}`);
    }
  }
}

describe('SharedWindows', () => {
  it('gives one structure per (metric, size), and raises the order for a family that needs it', () => {
    const shared = new SharedWindows(2);
    const a = shared.moments(0, 12);
    expect(a.order).toBe(2);
    expect(shared.moments(0, 12)).toBe(a);
    expect(shared.moments(1, 12)).not.toBe(a);
    expect(shared.moments(0, 24)).not.toBe(a);
    expect(shared.moments(0, 12, 4)).toBe(a);
    expect(a.order).toBe(4);
    // Asking for less later keeps what another family needs.
    expect(shared.moments(0, 12, 2).order).toBe(4);
    const s = shared.spectrum(1, 32);
    expect(shared.spectrum(1, 32)).toBe(s);
    expect(shared.spectrum(0, 32)).not.toBe(s);
    expect(shared.previousMoments(0, 12)).toBe(shared.previousMoments(0, 12));
  });

  it('pushes every row once into each structure; previous moments lag by one row', () => {
    const shared = new SharedWindows(2);
    const mo = shared.moments(1, 5, 4);
    const before = shared.previousMoments(1, 5);
    const sp = shared.spectrum(0, 16);
    const refMo = new WindowMoments(5);
    const refSp = new SlidingSpectrum(16);
    const lagged = new WindowMoments(5);
    const [x, y] = series(200, 3);
    for (let i = 0; i < 200; i++) {
      if (i > 0) lagged.push(y[i - 1]);
      shared.advance(Float64Array.of(x[i], y[i]));
      refMo.push(y[i]);
      refSp.push(x[i]);
      expect([mo.count, mo.mean(), mo.std(), mo.skew(), mo.kurt()]).toEqual([
        refMo.count,
        refMo.mean(),
        refMo.std(),
        refMo.skew(),
        refMo.kurt(),
      ]);
      expect(sp.total()).toBe(refSp.total());
      expect(Array.from(sp.power)).toEqual(Array.from(refSp.power));
      expect(before.count).toBe(lagged.count);
      expect(before.std).toBe(lagged.std());
      if (i === 0) expect(before.mean).toBeNaN();
      else expect(before.mean).toBe(lagged.mean());
    }
  });

  it('refuses requests after the first row and unknown metrics', () => {
    const shared = new SharedWindows(2);
    expect(() => shared.moments(2, 5)).toThrow(RangeError);
    expect(() => shared.spectrum(-1, 16)).toThrow(RangeError);
    shared.moments(0, 5);
    shared.advance(Float64Array.of(1, 2));
    expect(() => shared.moments(0, 5)).toThrow(/after the first row/);
    expect(() => shared.spectrum(0, 16)).toThrow(/after the first row/);
    expect(() => shared.previousMoments(1, 5)).toThrow(/after the first row/);
  });

  it('leaves a family that never asks unaffected, and advances nothing when nobody asks', () => {
    const shared = new SharedWindows(1);
    expect(() => {
      for (let i = 0; i < 10; i++) shared.advance(Float64Array.of(i));
    }).not.toThrow();
  });
});

describe('families sharing structures', () => {
  // Families that read shared windows, each with the others enabled (all of them at their defaults,
  // plus a configuration where the windows only partly coincide).
  const configs: FeatureConfig[] = [
    { windows: [6, 12, 24, 48, 96, 288], families: {} },
    {
      windows: [5, 32, 100],
      families: {
        peaks: { baseline: 100 },
        changepoint: { baseline: 32 },
        residuals: { season: 5 },
        spectral: { windows: [16, 32] },
        entropy: { spectralWindow: 32 },
      },
    },
  ];

  it.each(configs.map((c, i) => [i, c] as const))(
    'give bit for bit what each family gives alone (configuration %i)',
    (_, config) => {
      const plan = planFeatures(config, METRICS, STEP);
      const ctx: FeatureContext = plan.ctx;
      const entity = new EntityFeatures(plan);
      // Each family on its own, created without shared structures (it keeps and advances its own).
      const alone = plan.families.map((p) => p.family.create(ctx, p.params));
      const cols = series(1200, 11);
      const together = new Float64Array(plan.names.length);
      const separate = new Float64Array(plan.names.length);
      const row = new Float64Array(METRICS.length);
      for (let i = 0; i < 1200; i++) {
        for (let j = 0; j < METRICS.length; j++) row[j] = cols[j][i];
        const t = T0 + i * STEP;
        entity.push(row, t, together);
        plan.families.forEach((p, k) => alone[k].push(row, t, separate, p.offset));
        sameBits(together, separate, plan.names, i);
      }
    },
  );

  it('give each family alone in a plan what it gives among all the others', () => {
    const config = configs[0];
    const all = planFeatures(config, METRICS, STEP);
    const cols = series(700, 5);
    const full = new EntityFeatures(all);
    const singles = featureFamilies().map((f) => {
      const families = Object.fromEntries(
        featureFamilies().map((g) => [g.name, { enabled: g.name === f.name }]),
      );
      const plan = planFeatures({ windows: config.windows, families }, METRICS, STEP);
      return { plan, entity: new EntityFeatures(plan), out: new Float64Array(plan.names.length) };
    });
    const out = new Float64Array(all.names.length);
    const row = new Float64Array(METRICS.length);
    for (let i = 0; i < 700; i++) {
      for (let j = 0; j < METRICS.length; j++) row[j] = cols[j][i];
      full.push(row, T0 + i * STEP, out);
      for (const s of singles) {
        s.entity.push(row, T0 + i * STEP, s.out);
        const at = all.names.indexOf(s.plan.names[0]);
        sameBits(out.subarray(at, at + s.out.length), s.out, s.plan.names, i);
      }
    }
  });

  it('are asked for while the states are created, so a family gets them through create', () => {
    const asked: string[] = [];
    const recorder = new SharedWindows(METRICS.length);
    const spy: SharedStructures = {
      moments: (m, w, order) => (
        asked.push(`moments ${m} ${w} ${order ?? 2}`),
        recorder.moments(m, w, order)
      ),
      previousMoments: (m, w) => (asked.push(`previous ${m} ${w}`), recorder.previousMoments(m, w)),
      spectrum: (m, n) => (asked.push(`spectrum ${m} ${n}`), recorder.spectrum(m, n)),
    };
    const plan = planFeatures({ windows: [6, 12], families: {} }, METRICS, STEP);
    for (const p of plan.families) p.family.create(plan.ctx, p.params, spy);
    expect(asked).toContain('moments 0 6 2');
    expect(asked).toContain('moments 2 12 4');
    expect(asked).toContain('previous 1 288');
    expect(asked).toContain('spectrum 0 128');
    expect(asked).toContain('spectrum 2 32');
  });
});
