import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/engine/util/random';

describe('createRandom', () => {
  it('gives the pinned sequence for a seed (same in the browser, Node and CI)', () => {
    const r = createRandom(42);
    expect([r.next(), r.int(100), r.normal(), r.fork().next()]).toEqual([
      0.23955312534235418, 58, 0.6904464376867262, 0.19396256376057863,
    ]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        const c = createRandom(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.next());
        expect(xs).toEqual(Array.from({ length: 8 }, () => b.next()));
        expect(xs).not.toEqual(Array.from({ length: 8 }, () => c.next()));
      }),
    );
  });

  it('draws uniforms in [0, 1) with mean 1/2 and normals with mean 0, variance 1', () => {
    const r = createRandom(7);
    const n = 200_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    // Tolerances are about 5 standard errors.
    expect(Math.abs(su / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sn / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('int(n) covers 0..n-1 evenly', () => {
    const r = createRandom(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});
