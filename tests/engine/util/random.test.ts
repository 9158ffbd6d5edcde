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

  it('draws what the uint32 statement of sfc32 (seeded by splitmix32) draws', () => {
    // The reference: the algorithm with uint32 state, as published.
    const reference = (seed: number) => {
      let s = seed >>> 0;
      const init = () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
      };
      let [a, b, c, d] = [init(), init(), init(), init()];
      const u32 = () => {
        const t = (((a + b) >>> 0) + d) >>> 0;
        d = (d + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
        return t;
      };
      for (let i = 0; i < 12; i++) u32();
      return u32;
    };
    for (const seed of [0, 1, 42, -7, 2 ** 31 + 5, 0xffffffff]) {
      const r = createRandom(seed);
      const u32 = reference(seed);
      for (let i = 0; i < 5000; i++) expect(r.next()).toBe(u32() / 2 ** 32);
      const f = r.fork();
      const g = reference(u32());
      for (let i = 0; i < 100; i++) expect(f.int(1000)).toBe(Math.floor((g() / 2 ** 32) * 1000));
    }
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
