/**
 * VUS-PR: a hand-computed case, a golden file from tests/reference/vus_reference.py (a numpy re-implementation
 * of TSB-AD's `RangeAUC_volume_opt`), and properties.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../../src/engine/metrics/pr';
import { vusPr } from '../../../src/engine/metrics/vus-pr';

describe('vusPr: hand-computed values', () => {
  it('averages the AP of each buffer length, with the sqrt(1 - d/l) buffer labels', () => {
    // labels [0, 0, 1, 0, 0], scores [0, 1, .5, .2, .1], L = 2.
    // l = 0 and 1 (no buffer row): threshold 1 alerts row 1 only (TP 0); threshold .5 adds the anomaly:
    //   TPR 1 at precision 1/2, so AP = 1/2.
    // l = 2: rows 1 and 3 get s = sqrt(1 - 1/2). Threshold 1: TP = s, P' = 1 + s/2, recall r = s / (1 + s/2),
    //   the segment is hit, precision s. Threshold .5: TP = 1 + s, recall min(.., 1) = 1, precision (1 + s)/2.
    //   AP = r s + (1 - r)(1 + s)/2; later thresholds keep TPR at 1.
    const s = Math.SQRT1_2;
    const r = s / (1 + s / 2);
    const ap2 = r * s + ((1 - r) * (1 + s)) / 2;
    const v = vusPr([0, 0, 1, 0, 0], [0, 1, 0.5, 0.2, 0.1], { maxBuffer: 2 });
    expect(v).toBeCloseTo((0.5 + 0.5 + ap2) / 3, 15);
    expect(vusPr([0, 0, 1, 0, 0], [0, 1, 0.5, 0.2, 0.1], { maxBuffer: 0 })).toBe(0.5);
  });

  it('squares recall for point anomalies without buffer (the existence factor)', () => {
    // two point anomalies ranked first and third: TPR 1/4 at precision 1, then 1 at precision 2/3
    const v = vusPr([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], { maxBuffer: 0 });
    expect(v).toBeCloseTo(0.25 + 0.75 * (2 / 3), 15);
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 + 0.5 * (2 / 3), 15);
  });

  it('is 1 for scores equal to the labels, whatever the buffer', () => {
    const labels = [0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0];
    for (const maxBuffer of [0, 1, 4, 9, 30]) expect(vusPr(labels, labels, { maxBuffer })).toBe(1);
  });

  it('throws clear errors', () => {
    expect(() => vusPr([0, 0], [1, 2])).toThrow(/vusPr: labels contain no anomaly/);
    expect(() => vusPr([0, 1], [1])).toThrow(/same length/);
    expect(() => vusPr([0, 2], [1, 2])).toThrow(/labels\[1\] is 2/);
    expect(() => vusPr([0, 1], [1, NaN])).toThrow(/scores\[1\] is NaN/);
    expect(() => vusPr([0, 1], [1, 2], { maxBuffer: -1 })).toThrow(/maxBuffer is -1/);
    expect(() => vusPr([0, 1], [1, 2], { maxBuffer: 2.5 })).toThrow(/maxBuffer is 2.5/);
    expect(() => vusPr([0, 1], [1, 2], { thresholds: 1 })).toThrow(/thresholds is 1/);
  });
});

interface GoldenCase {
  name: string;
  labels: number[];
  scores: number[];
  maxBuffer: number;
  thresholds: number | 'all';
  vusPr: number;
}

const golden = JSON.parse(readFileSync(new URL('./golden/vus-pr.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

describe("golden values from a numpy re-implementation of TSB-AD's VUS-PR", () => {
  it('has the planned cases, including TSB-AD defaults on more rows than thresholds', () => {
    expect(golden.cases.map((c) => c.name)).toEqual([
      'tiny_two_ranges',
      'edges_and_points',
      'edges_and_points_all',
      'edges_and_points_odd_buffer',
      'merging_ties',
      'buffer_zero',
      'defaults_lagged',
      'defaults_lagged_10_thresholds',
    ]);
    const defaults = golden.cases.find((c) => c.name === 'defaults_lagged') as GoldenCase;
    expect([defaults.maxBuffer, defaults.thresholds, defaults.labels.length]).toEqual([100, 250, 1000]);
  });

  for (const c of golden.cases) {
    it(`${c.name} within 1e-12`, () => {
      const v = vusPr(c.labels, c.scores, { maxBuffer: c.maxBuffer, thresholds: c.thresholds });
      expect(Math.abs(v - c.vusPr)).toBeLessThan(1e-12);
    });
  }

  it('uses maxBuffer 100 and 250 thresholds by default', () => {
    const c = golden.cases.find((x) => x.name === 'defaults_lagged') as GoldenCase;
    expect(Math.abs(vusPr(c.labels, c.scores) - c.vusPr)).toBeLessThan(1e-12);
  });
});

describe('properties', () => {
  /** Labels with at least one anomaly and integer scores (ties included). */
  const series = fc
    .array(fc.tuple(fc.constantFrom(0, 0, 0, 1), fc.integer({ min: -20, max: 20 })), {
      minLength: 1,
      maxLength: 120,
    })
    .filter((rows) => rows.some(([l]) => l === 1))
    .map((rows) => ({ labels: rows.map(([l]) => l), scores: rows.map(([, s]) => s) }));
  const buffer = fc.integer({ min: 0, max: 25 });

  it('lies in [0, 1]', () => {
    fc.assert(
      fc.property(series, buffer, ({ labels, scores }, maxBuffer) => {
        const v = vusPr(labels, scores, { maxBuffer });
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it('is unchanged by strictly increasing transforms of the scores', () => {
    fc.assert(
      fc.property(
        series,
        buffer,
        fc.constantFrom(8, 250, 'all' as const),
        ({ labels, scores }, maxBuffer, thresholds) => {
          const v = vusPr(labels, scores, { maxBuffer, thresholds });
          expect(
            vusPr(
              labels,
              scores.map((x) => 3 * x - 7),
              { maxBuffer, thresholds },
            ),
          ).toBe(v);
          expect(
            vusPr(
              labels,
              scores.map((x) => Math.exp(x / 4)),
              { maxBuffer, thresholds },
            ),
          ).toBe(v);
          expect(
            vusPr(
              labels,
              scores.map((x) => x ** 3),
              { maxBuffer, thresholds },
            ),
          ).toBe(v);
        },
      ),
    );
  });

  it("uses every distinct score when there are at most as many rows as thresholds ('all' is identical)", () => {
    fc.assert(
      fc.property(series, buffer, ({ labels, scores }, maxBuffer) => {
        expect(vusPr(labels, scores, { maxBuffer, thresholds: 'all' })).toBe(
          vusPr(labels, scores, { maxBuffer }),
        );
      }),
    );
  });

  it('equals average precision with no buffer when the anomalies form one range', () => {
    const oneRange = fc
      .tuple(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
      )
      .map(([scores, a, b]) => {
        const n = scores.length;
        const start = a % n;
        const end = start + (b % (n - start));
        return { scores, labels: scores.map((_, i) => (i >= start && i <= end ? 1 : 0)) };
      });
    fc.assert(
      fc.property(oneRange, fc.constantFrom(250, 'all' as const), ({ labels, scores }, thresholds) => {
        const v = vusPr(labels, scores, { maxBuffer: 0, thresholds });
        expect(Math.abs(v - averagePrecision(labels, scores))).toBeLessThan(1e-12);
      }),
    );
  });

  it('does not fall when the buffer is widened for a detector that fires just after each anomaly', () => {
    // a lagged detector: the buffer credits its alerts next to the anomaly, so VUS-PR with a buffer is higher
    const labels = new Array<number>(200).fill(0);
    const scores = new Array<number>(200).fill(0);
    for (const s of [30, 90, 150]) {
      for (let i = s; i < s + 5; i++) labels[i] = 1;
      for (let i = s + 5; i < s + 8; i++) scores[i] = 1;
      scores[s + 4] = 0.5;
    }
    const values = [0, 2, 6, 10].map((maxBuffer) => vusPr(labels, scores, { maxBuffer }));
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThan(values[k - 1]);
  });
});
