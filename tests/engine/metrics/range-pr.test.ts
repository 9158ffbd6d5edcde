/**
 * Range-based precision/recall (Tatbul et al., NeurIPS 2018): hand cases from the paper's definitions, a
 * golden file from a numpy transcription of the paper's formulas (tests/reference/range_pr_reference.py),
 * and properties.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  rangePrecisionRecall,
  type Cardinality,
  type PositionalBias,
} from '../../../src/engine/metrics/range-pr';

const TOL = 1e-12;
const whole = (n: number): [number, number][] => [[0, n]];

//                     0  1  2  3  4  5  6  7  8  9 10 11
const oneEvent = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]; // real range [2, 9], length 8
const early = [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]; // positions 1-3 of the range
const late = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]; // positions 6-8 of the range

describe('rangePrecisionRecall: hand cases from the paper', () => {
  it('flat bias rewards early and late detection equally: 3 of 8 rows', () => {
    expect(rangePrecisionRecall(oneEvent, early, whole(12)).recall).toBeCloseTo(3 / 8, 15);
    expect(rangePrecisionRecall(oneEvent, late, whole(12)).recall).toBeCloseTo(3 / 8, 15);
  });

  it('front bias rewards early detection: weights 8..1 sum to 36', () => {
    // early covers weights 8 + 7 + 6 = 21, late covers 3 + 2 + 1 = 6
    const f = { delta: 'front' as const };
    expect(rangePrecisionRecall(oneEvent, early, whole(12), f).recall).toBeCloseTo(21 / 36, 15);
    expect(rangePrecisionRecall(oneEvent, late, whole(12), f).recall).toBeCloseTo(6 / 36, 15);
  });

  it('back bias mirrors front; middle bias weights 1,2,3,4,4,3,2,1', () => {
    const b = { delta: 'back' as const };
    expect(rangePrecisionRecall(oneEvent, early, whole(12), b).recall).toBeCloseTo(6 / 36, 15);
    expect(rangePrecisionRecall(oneEvent, late, whole(12), b).recall).toBeCloseTo(21 / 36, 15);
    const m = { delta: 'middle' as const };
    expect(rangePrecisionRecall(oneEvent, early, whole(12), m).recall).toBeCloseTo(6 / 20, 15);
    // rows 4-6 are positions 3, 4, 5: weights 3 + 4 + 4
    const centre = [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0];
    expect(rangePrecisionRecall(oneEvent, centre, whole(12), m).recall).toBeCloseTo(11 / 20, 15);
  });

  it('middle bias on an odd length: weights 1,2,3,2,1 for length 5', () => {
    // i <= 5/2 gives i for i = 1, 2; then 5 - i + 1 = 3, 2, 1
    const labels = [1, 1, 1, 1, 1];
    const r = rangePrecisionRecall(labels, [0, 0, 1, 0, 0], whole(5), { delta: 'middle' });
    expect(r.recall).toBeCloseTo(3 / 9, 15);
  });

  it('precision is 1 when every alert lies inside a labelled range, whatever the recall', () => {
    const r = rangePrecisionRecall(oneEvent, early, whole(12));
    expect(r.precision).toBe(1);
    expect(r.f1).toBeCloseTo((2 * 1 * (3 / 8)) / (1 + 3 / 8), 15);
  });

  it('one alert event covering two labelled ranges: gamma reciprocal halves its precision', () => {
    //            0  1  2  3  4  5  6  7  8  9 10 11 12 13
    const labels = [0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]; // R1 = [1, 2], R2 = [5, 7]
    const alerts = [0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]; // P1 = [2, 5], P2 = [11, 12]
    // P1 covers rows 2 and 5 of its 4 rows (omega 1/2) and overlaps x = 2 ranges; P2 overlaps nothing.
    const one = rangePrecisionRecall(labels, alerts, whole(14), { gamma: 'one' });
    const rec = rangePrecisionRecall(labels, alerts, whole(14), { gamma: 'reciprocal' });
    expect(one.precision).toBeCloseTo((1 / 2 + 0) / 2, 15);
    expect(rec.precision).toBeCloseTo(((1 / 2) * (1 / 2) + 0) / 2, 15);
    // Each real range overlaps only P1, so gamma leaves recall alone: (1/2 + 1/3) / 2.
    expect(one.recall).toBeCloseTo(5 / 12, 15);
    expect(rec.recall).toBeCloseTo(5 / 12, 15);
  });

  it('one labelled range split across two alert events: gamma reciprocal halves its recall', () => {
    const alerts = [0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0]; // covers rows 2, 5, 6, 7 of [2, 9]
    expect(rangePrecisionRecall(oneEvent, alerts, whole(12)).recall).toBeCloseTo(4 / 8, 15);
    const rec = rangePrecisionRecall(oneEvent, alerts, whole(12), { gamma: 'reciprocal' });
    expect(rec.recall).toBeCloseTo(4 / 8 / 2, 15);
  });

  it('alpha weights the existence reward: recall = alpha + (1 - alpha) * omega for a touched range', () => {
    for (const alpha of [0, 0.25, 0.5, 1]) {
      const r = rangePrecisionRecall(oneEvent, late, whole(12), { alpha, delta: 'front' });
      expect(r.recall).toBeCloseTo(alpha + (1 - alpha) * (6 / 36), 15);
    }
    // a missed range earns nothing, even with alpha = 1
    const twoEvents = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    expect(rangePrecisionRecall(twoEvents, early, whole(12), { alpha: 1 }).recall).toBe(0);
  });

  it('precisionAlpha and precisionDelta act on precision only', () => {
    const labels = [0, 0, 1, 1, 0, 0, 0, 0];
    const alerts = [0, 1, 1, 1, 1, 1, 0, 0]; // P = [1, 5], covered rows 2, 3 = positions 2, 3
    const base = rangePrecisionRecall(labels, alerts, whole(8));
    expect(base.precision).toBeCloseTo(2 / 5, 15);
    const front = rangePrecisionRecall(labels, alerts, whole(8), { precisionDelta: 'front' });
    expect(front.precision).toBeCloseTo((4 + 3) / 15, 15); // weights 5,4,3,2,1
    expect(front.recall).toBe(base.recall);
    const pa = rangePrecisionRecall(labels, alerts, whole(8), { precisionAlpha: 0.5 });
    expect(pa.precision).toBeCloseTo(0.5 + 0.5 * (2 / 5), 15);
    expect(pa.recall).toBe(base.recall);
    // delta alone does not change precision (its default is flat, as the paper recommends)
    expect(rangePrecisionRecall(labels, alerts, whole(8), { delta: 'front' }).precision).toBe(base.precision);
  });

  it('ranges are cut at segment boundaries', () => {
    const labels = [0, 1, 1, 1, 1, 0];
    const alerts = [0, 1, 1, 0, 0, 0];
    // one segment: R = [1, 4], covered 2 of 4
    expect(rangePrecisionRecall(labels, alerts, whole(6)).recall).toBeCloseTo(1 / 2, 15);
    // two segments: R1 = [1, 2] fully covered, R2 = [3, 4] missed
    expect(
      rangePrecisionRecall(labels, alerts, [
        [0, 3],
        [3, 6],
      ]).recall,
    ).toBeCloseTo(1 / 2, 15);
    const alerts2 = [0, 0, 1, 1, 0, 0]; // one run crossing the boundary is two predicted ranges
    const r = rangePrecisionRecall(
      labels,
      alerts2,
      [
        [0, 3],
        [3, 6],
      ],
      { gamma: 'reciprocal' },
    );
    expect(r.recall).toBeCloseTo((1 / 2 + 1 / 2) / 2, 15);
    expect(r.precision).toBe(1);
    // rows outside every segment are ignored
    expect(rangePrecisionRecall([1, 0, 0], [0, 0, 1], [[1, 2]])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('edge cases: no events, no alerts, all alerts', () => {
    expect(rangePrecisionRecall([0, 0, 0], [0, 1, 0], whole(3))).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rangePrecisionRecall([0, 1, 0], [0, 0, 0], whole(3))).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rangePrecisionRecall([], [], whole(0))).toEqual({ precision: 0, recall: 0, f1: 0 });
    // all alerts: recall 1; one predicted range of 6 rows, 2 labelled
    const r = rangePrecisionRecall([0, 1, 0, 0, 1, 0], [1, 1, 1, 1, 1, 1], whole(6), { gamma: 'reciprocal' });
    expect(r.recall).toBe(1);
    expect(r.precision).toBeCloseTo((2 / 6) * (1 / 2), 15);
    expect(rangePrecisionRecall([0, 1, 1], [0, 1, 1], whole(3))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('refuses bad input with a message naming the argument', () => {
    expect(() => rangePrecisionRecall([0, 1], [0], whole(2))).toThrow(/labels has 2 values but alerts has 1/);
    expect(() => rangePrecisionRecall([0, 2], [0, 1], whole(2))).toThrow(/labels\[1\] is 2/);
    expect(() => rangePrecisionRecall([0, 1], [0, 0.5], whole(2))).toThrow(/alerts\[1\] is 0.5/);
    expect(() => rangePrecisionRecall([0, 1], [0, 1], [[0, 3]])).toThrow(/segments\[0\] is \[0, 3\]/);
    expect(() =>
      rangePrecisionRecall(
        [0, 1],
        [0, 1],
        [
          [0, 2],
          [1, 2],
        ],
      ),
    ).toThrow(/overlap/);
    expect(() => rangePrecisionRecall([0, 1], [0, 1], whole(2), { alpha: 1.5 })).toThrow(/alpha is 1.5/);
    expect(() => rangePrecisionRecall([0, 1], [0, 1], whole(2), { precisionAlpha: NaN })).toThrow(
      /precisionAlpha is NaN/,
    );
    const bad = { gamma: 'square' as Cardinality, delta: 'flat' as PositionalBias };
    expect(() => rangePrecisionRecall([0, 1], [0, 1], whole(2), bad)).toThrow(/gamma is 'square'/);
    expect(() =>
      rangePrecisionRecall([0, 1], [0, 1], whole(2), { precisionDelta: 'end' as PositionalBias }),
    ).toThrow(/precisionDelta is 'end'; it must be one of flat, front, back, middle/);
  });
});

interface GoldenCase {
  name: string;
  labels: number[];
  alerts: number[];
  segments: [number, number][];
  recall: { alpha: number; gamma: Cardinality; delta: PositionalBias; value: number }[];
  precision: { alpha: number; gamma: Cardinality; delta: PositionalBias; value: number }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/range-pr.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

describe('rangePrecisionRecall against the numpy transcription of the paper (range_pr_reference.py)', () => {
  it('has cases with multiple segments and a few hundred rows', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(8);
    expect(golden.cases.some((c) => c.segments.length > 1)).toBe(true);
    expect(Math.max(...golden.cases.map((c) => c.labels.length))).toBeGreaterThanOrEqual(300);
  });

  for (const g of golden.cases) {
    it(`${g.name}: recall and precision for every alpha, gamma and delta`, () => {
      expect(g.recall.length).toBe(24);
      expect(g.precision.length).toBe(16);
      for (const e of g.recall) {
        const r = rangePrecisionRecall(g.labels, g.alerts, g.segments, {
          alpha: e.alpha,
          gamma: e.gamma,
          delta: e.delta,
        });
        if (Math.abs(r.recall - e.value) > TOL) {
          throw new Error(`recall ${JSON.stringify(e)}: got ${r.recall}`);
        }
      }
      for (const e of g.precision) {
        const r = rangePrecisionRecall(g.labels, g.alerts, g.segments, {
          precisionAlpha: e.alpha,
          gamma: e.gamma,
          precisionDelta: e.delta,
        });
        if (Math.abs(r.precision - e.value) > TOL) {
          throw new Error(`precision ${JSON.stringify(e)}: got ${r.precision}`);
        }
      }
    });
  }
});

const bits = (n: number) => fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n });
/** Labels, alerts and 1-3 segments covering a prefix-to-suffix of the rows (some rows may be left out). */
const series = fc.integer({ min: 1, max: 60 }).chain((n) =>
  fc.record({
    labels: bits(n),
    alerts: bits(n),
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: n }), { minLength: 2, maxLength: 4 }),
  }),
);
const segmentsOf = (cuts: number[]): [number, number][] => {
  const c = [...cuts].sort((a, b) => a - b);
  return c.slice(1).map((end, i) => [c[i], end]);
};
const opts = fc.record({
  alpha: fc.double({ min: 0, max: 1, noNaN: true }),
  precisionAlpha: fc.double({ min: 0, max: 1, noNaN: true }),
  gamma: fc.constantFrom<Cardinality>('one', 'reciprocal'),
  delta: fc.constantFrom<PositionalBias>('flat', 'front', 'back', 'middle'),
  precisionDelta: fc.constantFrom<PositionalBias>('flat', 'front', 'back', 'middle'),
});

/** Runs of 1 in x within segments, by brute force over a string. */
function runs(x: number[], segments: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of segments) {
    for (const m of x.slice(s, e).join('').matchAll(/1+/g))
      out.push([s + m.index, s + m.index + m[0].length - 1]);
  }
  return out;
}

describe('rangePrecisionRecall properties', () => {
  it('precision, recall and f1 are in [0, 1]', () => {
    fc.assert(
      fc.property(series, opts, ({ labels, alerts, cuts }, o) => {
        const r = rangePrecisionRecall(labels, alerts, segmentsOf(cuts), o);
        for (const v of [r.precision, r.recall, r.f1]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-15);
        }
      }),
    );
  });

  it('with the defaults, recall is the mean covered share of the labelled ranges (and precision vice versa)', () => {
    fc.assert(
      fc.property(series, ({ labels, alerts, cuts }) => {
        const segs = segmentsOf(cuts);
        const share = (own: number[], other: number[]): number => {
          const rs = runs(own, segs);
          const shares = rs.map(
            ([a, b]) => other.slice(a, b + 1).filter((v) => v === 1).length / (b - a + 1),
          );
          return rs.length ? shares.reduce((s, v) => s + v, 0) / rs.length : 0;
        };
        const r = rangePrecisionRecall(labels, alerts, segs);
        expect(r.recall).toBeCloseTo(share(labels, alerts), 12);
        expect(r.precision).toBeCloseTo(share(alerts, labels), 12);
      }),
    );
  });

  it('precision of (labels, alerts) is recall of (alerts, labels) with the same alpha and delta', () => {
    fc.assert(
      fc.property(series, opts, ({ labels, alerts, cuts }, o) => {
        const segs = segmentsOf(cuts);
        const p = rangePrecisionRecall(labels, alerts, segs, {
          precisionAlpha: o.alpha,
          precisionDelta: o.delta,
          gamma: o.gamma,
        }).precision;
        const r = rangePrecisionRecall(alerts, labels, segs, {
          alpha: o.alpha,
          delta: o.delta,
          gamma: o.gamma,
        });
        expect(p).toBe(r.recall);
      }),
    );
  });

  it('recall grows with alpha; gamma reciprocal never scores above gamma one', () => {
    fc.assert(
      fc.property(series, opts, ({ labels, alerts, cuts }, o) => {
        const segs = segmentsOf(cuts);
        const lo = rangePrecisionRecall(labels, alerts, segs, { ...o, alpha: 0 });
        const hi = rangePrecisionRecall(labels, alerts, segs, { ...o, alpha: 1 });
        expect(hi.recall).toBeGreaterThanOrEqual(lo.recall - 1e-15);
        const one = rangePrecisionRecall(labels, alerts, segs, { ...o, gamma: 'one' });
        const rec = rangePrecisionRecall(labels, alerts, segs, { ...o, gamma: 'reciprocal' });
        expect(rec.recall).toBeLessThanOrEqual(one.recall + 1e-15);
        expect(rec.precision).toBeLessThanOrEqual(one.precision + 1e-15);
      }),
    );
  });

  it('alerts equal to the labels score 1 whenever there is an event', () => {
    fc.assert(
      fc.property(series, opts, ({ labels, cuts }, o) => {
        const segs = segmentsOf(cuts);
        const r = rangePrecisionRecall(labels, labels, segs, o);
        const any = runs(labels, segs).length > 0;
        // alpha + (1 - alpha) * 1 can round one ulp away from 1
        for (const v of [r.precision, r.recall, r.f1]) expect(v).toBeCloseTo(any ? 1 : 0, 14);
      }),
    );
  });
});
