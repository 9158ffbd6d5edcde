import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapBlocks, bootstrapCI } from '../../../src/engine/metrics/bootstrap';
import { rocAuc } from '../../../src/engine/metrics';
import { createRandom } from '../../../src/engine/util/random';

/**
 * A series of `events` anomaly events (1-4 labelled rows each) separated by 10-30 normal rows, in one
 * segment; anomalous rows score N(shift, 1), normal rows N(0, 1).
 */
function series(seed: number, events: number, shift = 1.5) {
  const rng = createRandom(seed);
  const labels: number[] = [];
  const scores: number[] = [];
  for (let e = 0; e < events; e++) {
    for (let k = 10 + rng.int(21); k > 0; k--) {
      labels.push(0);
      scores.push(rng.normal());
    }
    for (let k = 1 + rng.int(4); k > 0; k--) {
      labels.push(1);
      scores.push(shift + rng.normal());
    }
  }
  return { labels, scores };
}

describe('bootstrapBlocks', () => {
  it('cuts a hand-made series into event blocks and fixed blocks', () => {
    // rows:    0  1  2  3  4  5  6  7  8  9 | 10 11 12 13 14 | 15 16
    const labels = [0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    const segments: [number, number][] = [
      [0, 10],
      [10, 15],
      [15, 17],
    ];
    // Segment 0: events [2, 3] and [6, 6]; leading rows 0-1 join the first block, the second block runs to
    // the segment end. Segment 2: one event at 15. Mean event-block length (10 + 2) / 3 = 4, so segment 1
    // (no event) is cut into [10, 14) and [14, 15).
    expect(bootstrapBlocks(labels, segments)).toEqual([
      { start: 0, end: 6 },
      { start: 6, end: 10 },
      { start: 10, end: 14 },
      { start: 14, end: 15 },
      { start: 15, end: 17 },
    ]);
    expect(bootstrapBlocks(labels, segments, 2).slice(2, 5)).toEqual([
      { start: 10, end: 12 },
      { start: 12, end: 14 },
      { start: 14, end: 15 },
    ]);
  });

  it('uses blocks of round(n^(1/3)) rows when there is no event', () => {
    const blocks = bootstrapBlocks(new Array(27).fill(0), null);
    expect(blocks).toHaveLength(9);
    expect(blocks.every((b, i) => b.start === 3 * i && b.end === 3 * i + 3)).toBe(true);
  });

  it('refuses bad segments and block lengths, naming them', () => {
    expect(() => bootstrapBlocks([0, 1, 0], [[0, 4]])).toThrow(/segments\[0\] is \[0, 4\]/);
    expect(() =>
      bootstrapBlocks(
        [0, 1, 0, 0],
        [
          [0, 3],
          [2, 2],
          [2, 4],
        ],
      ),
    ).toThrow(/segments\[0\] and segments\[2\] overlap/);
    expect(() => bootstrapBlocks([0, 1], null, 0)).toThrow(/blockLength is 0/);
    expect(() => bootstrapBlocks([0, 2], null)).toThrow(/labels\[1\] is 2/);
  });
});

describe('bootstrapCI', () => {
  it('resamples whole blocks, as many as there are', () => {
    const labels = [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1];
    const segments: [number, number][] = [
      [0, 5],
      [5, 12],
    ];
    const blocks = bootstrapBlocks(labels, segments);
    const scores = labels.map((_, i) => i); // a score names its row
    const seen: number[][] = [];
    bootstrapCI(labels, scores, segments, (_, s) => (seen.push(Array.from(s)), 0), {
      seed: 3,
      resamples: 50,
      requireBothClasses: false,
    });
    expect(seen).toHaveLength(51);
    expect(seen[0]).toEqual(scores); // the estimate sees every row in order
    for (const s of seen.slice(1)) {
      let i = 0;
      let used = 0;
      while (i < s.length) {
        const b = blocks.find((x) => x.start === s[i]);
        expect(b).toBeDefined();
        for (let r = b!.start; r < b!.end; r++, i++) expect(s[i]).toBe(r);
        used++;
      }
      expect(used).toBe(blocks.length);
    }
  });

  it('takes the numpy-style percentiles of the defined values', () => {
    // The statistic counts its calls: 1 for the estimate, then 2..6 for the resamples; with level 0.5 the
    // interval is numpy.quantile([2..6], [0.25, 0.75]) = [3, 5].
    let calls = 0;
    const ci = bootstrapCI([0, 1], [0, 1], null, () => ++calls, {
      seed: 1,
      resamples: 5,
      level: 0.5,
      requireBothClasses: false,
    });
    expect(ci.estimate).toBe(1);
    expect(ci.low).toBeCloseTo(3, 12);
    expect(ci.high).toBeCloseTo(5, 12);
    expect(ci).toMatchObject({ resamples: 5, valid: 5 });
  });

  it('skips and counts resamples where the statistic is undefined', () => {
    // NaN on every other resample.
    let calls = 0;
    const ci = bootstrapCI([0, 1], [0, 1], null, () => (calls++ % 2 === 0 ? 0.5 : NaN), {
      seed: 1,
      resamples: 10,
      requireBothClasses: false,
    });
    expect(ci).toEqual({ estimate: 0.5, low: 0.5, high: 0.5, resamples: 10, valid: 5 });

    // One event block among four: a resample misses it (one class, statistic not called) with
    // probability (3/4)^4 = 0.316, so about 342 of 500 are valid (sd 10.4).
    const labels = [0, 1, 0, 0, 0, 0, 0, 0];
    const segments: [number, number][] = [
      [0, 2],
      [2, 4],
      [4, 6],
      [6, 8],
    ];
    let called = 0;
    const b = bootstrapCI(labels, labels, segments, (l, s) => (called++, rocAuc(l, s)), { seed: 9 });
    expect(b.resamples).toBe(500);
    expect(Math.abs(b.valid - 342)).toBeLessThan(35);
    expect(called).toBe(b.valid + 1);
    expect([b.low, b.estimate, b.high]).toEqual([1, 1, 1]);
  });

  it('reports null bounds when no resample is defined', () => {
    let calls = 0;
    const ci = bootstrapCI([0, 1], [0, 1], null, () => (calls++ === 0 ? 1 : NaN), {
      seed: 1,
      resamples: 3,
      requireBothClasses: false,
    });
    expect(ci).toEqual({ estimate: 1, low: null, high: null, resamples: 3, valid: 0 });
  });

  it('is deterministic for a seed', () => {
    const { labels, scores } = series(5, 12);
    const a = bootstrapCI(labels, scores, null, rocAuc, { seed: 42, resamples: 200 });
    const b = bootstrapCI(labels, scores, null, rocAuc, { seed: 42, resamples: 200 });
    const c = bootstrapCI(labels, scores, null, rocAuc, { seed: 43, resamples: 200 });
    expect(b).toEqual(a);
    expect(c.estimate).toBe(a.estimate);
    expect([c.low, c.high]).not.toEqual([a.low, a.high]);
  });

  it('gives [1, 1] for a perfect scorer', () => {
    const { labels } = series(2, 10);
    const scores = labels.map((l, i) => l * 10 + Math.sin(i));
    const ci = bootstrapCI(labels, scores, null, rocAuc, { seed: 1, resamples: 200 });
    expect(ci).toMatchObject({ estimate: 1, low: 1, high: 1, valid: 200 });
  });

  it('contains the estimate in typical cases', () => {
    for (let seed = 0; seed < 8; seed++) {
      const { labels, scores } = series(100 + seed, 20, 1);
      const ci = bootstrapCI(labels, scores, null, rocAuc, { seed, resamples: 300 });
      expect(ci.valid).toBe(300);
      expect(ci.low!).toBeLessThan(ci.estimate);
      expect(ci.high!).toBeGreaterThan(ci.estimate);
      expect(ci.estimate).toBe(rocAuc(labels, scores));
    }
  });

  it('narrows with more events (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const width = (events: number) => {
          const { labels, scores } = series(seed, events, 1);
          const ci = bootstrapCI(labels, scores, null, rocAuc, { seed, resamples: 200 });
          return ci.high! - ci.low!;
        };
        // 16 times the events: the width should shrink about 4-fold. With 10 blocks the width itself varies
        // a lot (over 150 seeds the largest ratio was 0.58), so ask only for a fifth narrower.
        expect(width(160)).toBeLessThan(0.8 * width(10));
      }),
      { numRuns: 15, seed: 11 },
    );
  });

  it('refuses bad arguments, naming them', () => {
    const opts = { seed: 1 };
    expect(() => bootstrapCI([0, 0], [1, 2], null, rocAuc, opts)).toThrow(/undefined on the full data/);
    expect(() => bootstrapCI([0, 1], [1, 2], null, rocAuc, { seed: 1, level: 1 })).toThrow(/level is 1/);
    expect(() => bootstrapCI([0, 1], [1, 2], null, rocAuc, { seed: 1, resamples: 0 })).toThrow(
      /resamples is 0/,
    );
    expect(() => bootstrapCI([0, 1], [1], null, rocAuc, opts)).toThrow(/same length/);
    expect(() => bootstrapCI([0, 1], [1, NaN], null, rocAuc, opts)).toThrow(/scores\[1\] is NaN/);
    expect(() => bootstrapCI([0, 1], [1, 2], [[1, 1]], rocAuc, opts)).toThrow(/cover no rows/);
  });
});
