import { describe, expect, it } from 'vitest';
import { ADMITTED, REJECTED, TimeDecayReservoir } from '../../../../src/engine/detectors/rcf/reservoir';
import { createRandom } from '../../../../src/engine/util/random';

/** Streams points 0..n-1 (sequence index = point index) through a fresh reservoir. */
function stream(n: number, capacity: number, decay: number, seed: number): TimeDecayReservoir {
  const r = new TimeDecayReservoir(capacity, decay);
  const rng = createRandom(seed);
  for (let i = 0; i < n; i++) r.offer(i, i, rng);
  return r;
}

describe('rcf time-decayed reservoir', () => {
  it('keeps one point with probability proportional to exp(decay * t) (capacity 1, exact)', () => {
    // With one slot, the smallest of -decay t + log(E_t), E_t ~ Exp(1), is point t with probability
    // exp(decay t) / sum_s exp(decay s) (the exponential race).
    const n = 5;
    const decay = 0.5;
    const runs = 20_000;
    const counts = new Array<number>(n).fill(0);
    for (let s = 0; s < runs; s++) counts[stream(n, 1, decay, s).point[0]]++;
    const w = Array.from({ length: n }, (_, t) => Math.exp(decay * t));
    const total = w.reduce((a, b) => a + b, 0);
    w.forEach((wt, t) => {
      const p = wt / total;
      expect(Math.abs(counts[t] / runs - p), `point ${t}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / runs));
    });
  });

  it('samples uniformly without time decay', () => {
    const n = 20;
    const k = 5;
    const runs = 4000;
    const counts = new Array<number>(n).fill(0);
    for (let s = 0; s < runs; s++) {
      const r = stream(n, k, 0, s);
      expect(r.size).toBe(k);
      expect(new Set(r.point).size).toBe(k);
      for (const p of r.point) counts[p]++;
    }
    const p = k / n;
    for (const c of counts) expect(Math.abs(c / runs - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / runs));
  });

  it('favours recent points with time decay', () => {
    const runs = 400;
    let early = 0;
    let late = 0;
    for (let s = 0; s < runs; s++) {
      for (const p of stream(1000, 50, 1 / 100, s).point) {
        if (p < 500) early++;
        else late++;
      }
    }
    // weights exp(t / 100): the last half carries 1 / (1 + e^-5) of the mass, ~99.3%
    expect(late / (early + late)).toBeGreaterThan(0.97);
  });

  it('admits while not full, then evicts the largest weight, keeping a max-heap', () => {
    const r = new TimeDecayReservoir(8, 0.01);
    const rng = createRandom(1);
    for (let i = 0; i < 8; i++) expect(r.offer(i, i, rng)).toBe(ADMITTED);
    const seen = new Set<number>();
    for (let i = 8; i < 400; i++) {
      const top = r.weight[0];
      const before = new Set(r.point);
      const res = r.offer(i, i, rng);
      if (res === REJECTED) {
        expect(new Set(r.point)).toEqual(before);
      } else {
        expect(before.has(res)).toBe(true);
        expect(r.point.includes(res)).toBe(false);
        expect(r.point.includes(i)).toBe(true);
        expect(Math.max(...r.weight)).toBeLessThanOrEqual(top);
        seen.add(i);
      }
      for (let k = 1; k < r.size; k++) expect(r.weight[(k - 1) >> 1]).toBeGreaterThanOrEqual(r.weight[k]);
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.size).toBeLessThan(392);
  });

  it('restores identically from its heap arrays and clones independently', () => {
    const r = stream(300, 16, 0.02, 3);
    const copy = new TimeDecayReservoir(16, 0.02);
    for (let k = 0; k < r.size; k++) copy.push(r.point[k], r.weight[k]);
    expect(Array.from(copy.point)).toEqual(Array.from(r.point));
    expect(Array.from(copy.weight)).toEqual(Array.from(r.weight));
    const c = r.clone();
    c.offer(999, 10_000, createRandom(1));
    expect(Array.from(r.point)).toEqual(Array.from(copy.point));
  });

  it('rejects early only offers the weight comparison rejects, so every decision is unchanged', () => {
    // The reference: each offer's weight computed and compared, as the reservoir did before.
    const reference = (capacity: number, decay: number) => {
      const point: number[] = [];
      const weight: number[] = [];
      return (pi: number, seq: number, u: number): number => {
        const w = -decay * seq + Math.log(-Math.log(u));
        if (point.length < capacity) {
          point.push(pi);
          weight.push(w);
          return ADMITTED;
        }
        let top = 0;
        for (let k = 1; k < weight.length; k++) if (weight[k] > weight[top]) top = k;
        if (!(w < weight[top])) return REJECTED;
        const evicted = point[top];
        point[top] = pi;
        weight[top] = w;
        return evicted;
      };
    };
    let early = 0;
    for (const decay of [0, 1e-4, 1 / 2560, 0.05, 3]) {
      for (const capacity of [1, 5, 64]) {
        const r = new TimeDecayReservoir(capacity, decay);
        const ref = reference(capacity, decay);
        const rng = createRandom(capacity * 7 + Math.round(decay * 1e4));
        const draws: number[] = [];
        const spy = {
          next: () => draws[draws.length - 1],
          int: () => 0,
          uniform: () => 0,
          normal: () => 0,
          fork: () => spy,
        };
        // Three entities, each from sequence index 0, as a fit streams its training entities.
        for (const length of [3000, 500, 2000]) {
          for (let s = 0; s < length; s++) {
            draws.push(rng.next() || 0.5);
            const pi = draws.length;
            expect(r.offer(pi, s, spy)).toBe(ref(pi, s, draws[draws.length - 1]));
            const { rejectBelow: bound, rejectUntil: until } = r as unknown as Record<string, number>;
            // (A bound stands until the next admission or push, or past the index `until`.)
            if (r.size === capacity && bound > 0 && Number.isFinite(until)) {
              early++;
              // At the bound itself, the weight is not below the top one for any index it covers.
              expect(-decay * until + Math.log(-Math.log(bound))).toBeGreaterThanOrEqual(r.weight[0]);
            }
          }
        }
      }
    }
    expect(early).toBeGreaterThan(10_000);
  });

  it("keeps each entry's tag with it through the heap, and reports the evicted one's", () => {
    const r = new TimeDecayReservoir(16, 0.01);
    const rng = createRandom(5);
    for (let i = 0; i < 16; i++) r.push(100 + i, rng.normal(), 3 * (100 + i));
    let evictions = 0;
    for (let i = 0; i < 2000; i++) {
      const res = r.offer(i, i, rng);
      if (res === REJECTED) continue;
      if (res >= 0) {
        expect(r.evictedTag).toBe(3 * res);
        evictions++;
      }
      r.tagLast(3 * i);
      for (let k = 0; k < r.size; k++) expect(r.tag[k]).toBe(3 * r.point[k]);
    }
    expect(evictions).toBeGreaterThan(50);
    expect(Array.from(r.clone().tag)).toEqual(Array.from(r.tag));
  });
});
