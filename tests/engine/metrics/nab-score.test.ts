/**
 * NAB score: hand cases from the rules of numenta/NAB's `nab/sweeper.py` (including NAB's own published test
 * cases), a golden file from tests/reference/nab_reference.py (a re-implementation of NAB's threshold sweep),
 * and properties.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsAt } from '../../../src/engine/metrics/confusion';
import {
  nabCombine,
  nabProbationRows,
  nabProfiles,
  nabScaledSigmoid,
  nabScore,
  nabScoreAll,
  type NabCostMatrix,
  type NabProfile,
} from '../../../src/engine/metrics/nab-score';

const PROFILES: NabProfile[] = ['standard', 'reward_low_fp', 'reward_low_fn'];
/** NAB's unit tests score with every weight 1. */
const UNIT: NabCostMatrix = { tpWeight: 1, fpWeight: 1, fnWeight: 1 };
const noProbation = { probationRows: 0 };

/** 2 sigmoid(-5x) - 1 is -tanh(2.5 x): an independent closed form of NAB's scaled sigmoid. */
const curve = (x: number): number => -Math.tanh(2.5 * x);

function alertsOn(n: number, rows: number[]): number[] {
  const a = new Array<number>(n).fill(0);
  for (const r of rows) a[r] = 1;
  return a;
}

describe('nabScaledSigmoid', () => {
  it("matches NAB's documented values and its cut-off at 3", () => {
    // sweeper.py docstring: -1 -> 0.98661, -0.5 -> 0.84828, 0 -> 0, 1 -> -0.98661
    expect(nabScaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(nabScaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(nabScaledSigmoid(0)).toBe(0);
    expect(nabScaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    for (const x of [-2, -1, -0.3, 0.2, 1.7, 3]) expect(nabScaledSigmoid(x)).toBeCloseTo(curve(x), 14);
    expect(nabScaledSigmoid(3)).not.toBe(-1);
    expect(nabScaledSigmoid(3.0001)).toBe(-1);
  });
});

describe('nabProfiles and the probationary period', () => {
  it('are config/profiles.json and min(floor(0.15 n), 750)', () => {
    expect(nabProfiles.standard).toEqual({ tpWeight: 1, fpWeight: 0.11, fnWeight: 1, tnWeight: 1 });
    expect(nabProfiles.reward_low_fp).toEqual({ tpWeight: 1, fpWeight: 0.22, fnWeight: 1, tnWeight: 1 });
    expect(nabProfiles.reward_low_fn).toEqual({ tpWeight: 1, fpWeight: 0.11, fnWeight: 2, tnWeight: 1 });
    expect(Object.isFrozen(nabProfiles.standard)).toBe(true);
    expect([0, 10, 100, 4999, 5000, 6000, 100000].map(nabProbationRows)).toEqual([
      0, 1, 15, 749, 750, 750, 750,
    ]);
  });
});

describe('nabScore: true positives', () => {
  const n = 100;
  const windows: [number, number][] = [[40, 49]]; // rows 40..49, width 10

  it('gives A_TP exactly for a detection on the first row, whatever the width', () => {
    for (const [start, end] of [
      [40, 40],
      [40, 41],
      [40, 49],
      [40, 89],
    ]) {
      const r = nabScore(null, alertsOn(n, [start]), [[start, end]], 'standard', noProbation);
      expect(r.raw).toBe(1);
      expect(r.tp).toBe(1);
      expect(r.perWindow[0].detectionRow).toBe(start);
    }
  });

  it('gives less for a later detection: tanh(2.5 (last - i + 1) / w) / tanh(2.5)', () => {
    const at = (i: number): number => nabScore(null, alertsOn(n, [i]), windows, 'standard', noProbation).raw;
    expect(at(45)).toBeCloseTo(Math.tanh(2.5 * (5 / 10)) / Math.tanh(2.5), 14);
    expect(at(49)).toBeCloseTo(Math.tanh(2.5 * (1 / 10)) / Math.tanh(2.5), 14);
    expect(at(49)).toBeGreaterThan(0);
    for (let i = 41; i <= 49; i++) expect(at(i)).toBeLessThan(at(i - 1));
  });

  it('counts only the first detection in a window', () => {
    const one = nabScore(null, alertsOn(n, [42]), windows, 'standard', noProbation);
    const three = nabScore(null, alertsOn(n, [42, 43, 49]), windows, 'standard', noProbation);
    expect(three.raw).toBe(one.raw);
    expect(three.tp).toBe(1);
    expect(three.fp).toBe(0);
    expect(three.rowCounts).toEqual({ tp: 3, fn: 7, fp: 0, tn: 90 });
  });
});

describe('nabScore: false positives and misses', () => {
  const n = 100;
  const windows: [number, number][] = [[40, 49]];

  it('discounts a false positive right after a window by the sigmoid of its distance', () => {
    // distance (i - last) / (w - 1): one row after a 10-row window is 1/9
    const r = nabScore(null, alertsOn(n, [40, 50]), windows, 'standard', noProbation);
    expect(r.fp).toBe(1);
    expect(r.raw).toBeCloseTo(1 + 0.11 * curve(1 / 9), 14);
    expect(0.11 * curve(1 / 9)).toBeGreaterThan(-0.11 / 3);
  });

  it('charges A_FP in full far after a window (distance > 3 widths) and before the first window', () => {
    const far = nabScore(null, alertsOn(n, [40, 77]), windows, 'standard', noProbation); // (77 - 49) / 9 > 3
    expect(far.raw).toBe(1 - 0.11);
    const before = nabScore(null, alertsOn(n, [10, 40]), windows, 'reward_low_fp', noProbation);
    expect(before.raw).toBe(1 - 0.22);
    const noWindow = nabScore(null, alertsOn(n, [10, 20, 30]), [], 'standard', noProbation);
    expect(noWindow.raw).toBeCloseTo(-0.33, 15);
    expect(noWindow.normalized).toBeNull();
  });

  it('scores a false positive against the closest preceding window', () => {
    const two: [number, number][] = [
      [20, 24],
      [60, 79],
    ];
    // row 82 follows the 20-row window: (82 - 79) / 19; row 27 follows the 5-row window: (27 - 24) / 4
    const r = nabScore(null, alertsOn(n, [20, 60, 27, 82]), two, UNIT, noProbation);
    expect(r.raw).toBeCloseTo(2 + curve(3 / 4) + curve(3 / 19), 14);
  });

  it('charges A_FN per missed window (twice as much under reward_low_fn)', () => {
    const two: [number, number][] = [
      [20, 29],
      [60, 69],
    ];
    const standard = nabScore(null, alertsOn(n, [20]), two, 'standard', noProbation);
    expect(standard.raw).toBe(0);
    expect([standard.tp, standard.fn]).toEqual([1, 1]);
    expect(standard.perWindow.map((w) => w.score)).toEqual([1, -1]);
    const none = nabScoreAll(null, alertsOn(n, []), two, noProbation);
    expect(none.standard.raw).toBe(-2);
    expect(none.reward_low_fp.raw).toBe(-2);
    expect(none.reward_low_fn.raw).toBe(-4);
  });

  it("reproduces NAB's testScoringAllMetrics: -0.9540 with counts tn 89, tp 2, fp 1, fn 8", () => {
    // length 100, two windows of 5 rows at rows 30..34 and 65..69; detections at 30, 31 and 37
    const windows2: [number, number][] = [
      [30, 34],
      [65, 69],
    ];
    const r = nabScore(null, alertsOn(100, [30, 31, 37]), windows2, UNIT, noProbation);
    expect(r.raw).toBeCloseTo(-0.954, 4);
    expect(r.raw).toBeCloseTo(1 + curve(3 / 4) - 1, 14);
    expect(r.rowCounts).toEqual({ tn: 89, tp: 2, fp: 1, fn: 8 });
  });

  it("reproduces NAB's testTruePositiveAtRightEdgeOfWindow: TP at the edge + FP just after + 1 ~ 0", () => {
    const n2 = 1000;
    const w: [number, number][] = [[450, 549]];
    const tpAtEdge = nabScore(null, alertsOn(n2, [549]), w, UNIT, noProbation).raw;
    const fpAfter = nabScore(null, alertsOn(n2, [550]), w, UNIT, noProbation).raw;
    expect(tpAtEdge + fpAfter + 1).toBeCloseTo(0, 3);
  });

  it('charges A_FP after a one-row window (where NAB would divide by zero)', () => {
    const r = nabScore(null, alertsOn(10, [4, 5]), [[4, 4]], UNIT, noProbation);
    expect(r.raw).toBe(1 - 1);
  });
});

describe('nabScore: probationary period', () => {
  it('ignores alerts and windows in the first rows, and still measures FPs from a window there', () => {
    // 100 rows: 15 probationary rows by default
    const windows: [number, number][] = [
      [2, 6],
      [12, 20],
      [40, 44],
    ];
    const r = nabScore(null, alertsOn(100, [3, 10, 14, 18, 23]), windows, 'standard');
    expect(r.probationRows).toBe(15);
    expect(r.perWindow.map((w) => w.scored)).toEqual([false, true, true]);
    // window [12, 20]: first scored detection 18 (14 is probationary), width 9; FP 23 is 3 rows after it
    const w2 = Math.tanh(2.5 * (3 / 9)) / Math.tanh(2.5);
    expect(r.perWindow.map((w) => w.detectionRow)).toEqual([null, 18, null]);
    expect(r.raw).toBeCloseTo(w2 + 0.11 * curve(3 / 8) - 1, 14);
    expect([r.tp, r.fn, r.fp]).toEqual([1, 1, 1]);
    expect([r.nullScore, r.perfectScore]).toEqual([-2, 2]);
    // an FP right after the probationary window [2, 6] is measured from it (5 rows, distance 10/4 < 3)
    const after = nabScore(null, alertsOn(100, [16]), [[2, 6]], 'standard');
    expect(after.raw).toBeCloseTo(0.11 * curve(10 / 4), 14);
    expect(after.normalized).toBeNull();
  });

  it('changes nothing when alerts are added inside the probationary period', () => {
    const windows: [number, number][] = [[50, 59]];
    const base = nabScore(null, alertsOn(200, [55, 120]), windows, 'standard');
    const more = nabScore(null, alertsOn(200, [0, 5, 29, 55, 120]), windows, 'standard');
    expect(base.probationRows).toBe(30);
    expect(more.raw).toBe(base.raw);
    expect(more.rowCounts).toEqual(base.rowCounts);
  });
});

describe('nabScore: normalization', () => {
  const n = 400;
  const windows: [number, number][] = [
    [100, 119],
    [200, 239],
    [300, 309],
  ];

  it('gives 100 to the perfect detector and 0 to the null detector under every profile', () => {
    const perfect = nabScoreAll(null, alertsOn(n, [100, 200, 300]), windows);
    const none = nabScoreAll(null, alertsOn(n, []), windows);
    for (const p of PROFILES) {
      expect(perfect[p].normalized).toBe(100);
      expect(none[p].normalized).toBe(0);
      expect(none[p].raw).toBe(none[p].nullScore);
    }
    expect(none.reward_low_fn.nullScore).toBe(-6);
  });

  it('is 100 (raw - null) / (perfect - null)', () => {
    const r = nabScore(null, alertsOn(n, [105, 150, 250]), windows, 'reward_low_fn');
    expect(r.normalized).toBeCloseTo((100 * (r.raw + 6)) / (3 + 6), 12);
    const all = nabScore(null, new Array<number>(n).fill(1), windows, 'standard');
    expect(all.normalized).toBeLessThan(0);
  });

  it('combines files by summing raw, null and perfect scores (not averaging the normalized scores)', () => {
    const a = nabScore(null, alertsOn(100, [50]), [[50, 59]], 'standard', noProbation); // 100
    const b = nabScore(
      null,
      alertsOn(100, []),
      [
        [20, 29],
        [50, 59],
        [80, 89],
      ],
      'standard',
      noProbation,
    ); // 0
    const total = nabCombine([a, b]);
    expect([total.raw, total.nullScore, total.perfectScore]).toEqual([1 - 3, -4, 4]);
    expect(total.normalized).toBe(25);
    expect([total.tp, total.fn, total.fp]).toEqual([1, 3, 0]);
    expect(() => nabCombine([])).toThrow(/nabCombine: results is empty/);
    const c = nabScore(null, alertsOn(100, []), [[50, 59]], 'reward_low_fn');
    expect(() => nabCombine([a, c])).toThrow(/nabCombine: results\[1\] was scored with other weights/);
  });
});

describe('nabScore: times and validation', () => {
  const times = Array.from({ length: 50 }, (_, i) => 1_700_000_000_000 + 300_000 * i);

  it('matches windows to rows by time, bounds inclusive, bounds between rows allowed', () => {
    const byTime = nabScore(times, alertsOn(50, [20]), [[times[20], times[29]]], 'standard', noProbation);
    const byRow = nabScore(null, alertsOn(50, [20]), [[20, 29]], 'standard', noProbation);
    expect(byTime.raw).toBe(byRow.raw);
    expect([byTime.perWindow[0].firstRow, byTime.perWindow[0].lastRow]).toEqual([20, 29]);
    const loose = nabScore(
      times,
      alertsOn(50, [20]),
      [[times[19] + 1, times[29] + 1]],
      'standard',
      noProbation,
    );
    expect([loose.perWindow[0].firstRow, loose.perWindow[0].lastRow]).toEqual([20, 29]);
  });

  it('throws clear errors', () => {
    const a = alertsOn(50, []);
    expect(() => nabScore(times.slice(1), a, [], 'standard')).toThrow(
      /nabScore: times has 49 values but alerts has 50/,
    );
    expect(() => nabScore(null, [0, 2], [], 'standard')).toThrow(/alerts\[1\] is 2/);
    const back = [...times];
    back[7] = back[6];
    expect(() => nabScore(back, a, [], 'standard')).toThrow(/times\[7\].*must increase/);
    expect(() => nabScore(null, a, [[5, 3]], 'standard')).toThrow(/windows\[0\] is \[5, 3\]/);
    expect(() =>
      nabScore(
        null,
        a,
        [
          [10, 20],
          [20, 30],
        ],
        'standard',
      ),
    ).toThrow(/windows\[1\] starts at 20/);
    expect(() => nabScore(times, a, [[1, 2]], 'standard')).toThrow(/windows\[0\] \[1, 2\] contains no row/);
    expect(() => nabScore(null, a, [], 'standard', { probationRows: 1.5 })).toThrow(/probationRows is 1.5/);
    expect(() => nabScore(null, a, [], 'nope' as NabProfile)).toThrow(/profile is nope; use one of standard/);
    expect(() => nabScore(null, a, [], { tpWeight: 1, fpWeight: -1, fnWeight: 1 })).toThrow(
      /profile.fpWeight is -1/,
    );
  });
});

interface GoldenProfile {
  raw: number;
  null: number;
  perfect: number;
  normalized: number | null;
  rowCounts: { tp: number; tn: number; fp: number; fn: number };
}
interface GoldenCase {
  name: string;
  times: number[] | { t0: number; step: number; n: number };
  scores: number[];
  windows: [number, number][];
  threshold: number;
  probationRows: number | null;
  expectedProbation: number;
  results: Record<NabProfile, GoldenProfile>;
}

const golden = JSON.parse(readFileSync(new URL('./golden/nab-score.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
  corpus: {
    files: string[];
    results: Record<NabProfile, { raw: number; null: number; perfect: number; normalized: number }>;
  };
};

const timesOf = (t: GoldenCase['times']): number[] =>
  Array.isArray(t) ? t : Array.from({ length: t.n }, (_, i) => t.t0 + t.step * i);

describe("golden values from a re-implementation of NAB's threshold sweep", () => {
  const scoreCase = (c: GoldenCase, p: NabProfile) =>
    nabScore(
      timesOf(c.times),
      alertsAt(c.scores, c.threshold),
      c.windows,
      p,
      c.probationRows === null ? {} : { probationRows: c.probationRows },
    );

  it('has the planned cases', () => {
    expect(golden.cases.map((c) => c.name)).toEqual([
      'small_two_windows',
      'nab_sized',
      'capped_probation',
      'probation_windows',
      'no_windows',
      'ties_explicit_probation',
    ]);
  });

  for (const c of golden.cases) {
    it(`${c.name}: raw within 1e-12, counts, null, perfect and normalized`, () => {
      for (const p of PROFILES) {
        const want = c.results[p];
        const got = scoreCase(c, p);
        expect(got.probationRows).toBe(c.expectedProbation);
        expect(Math.abs(got.raw - want.raw)).toBeLessThan(1e-12);
        expect(got.rowCounts).toEqual(want.rowCounts);
        expect(got.nullScore).toBe(want.null);
        expect(got.perfectScore).toBe(want.perfect);
        if (want.normalized === null) expect(got.normalized).toBeNull();
        else expect(Math.abs((got.normalized ?? NaN) - want.normalized)).toBeLessThan(1e-10);
      }
    });
  }

  it('corpus totals: sums over files, then normalized', () => {
    for (const p of PROFILES) {
      const files = golden.corpus.files.map((name) => golden.cases.find((c) => c.name === name));
      const total = nabCombine(files.map((c) => scoreCase(c as GoldenCase, p)));
      const want = golden.corpus.results[p];
      expect(Math.abs(total.raw - want.raw)).toBeLessThan(1e-12);
      expect([total.nullScore, total.perfectScore]).toEqual([want.null, want.perfect]);
      expect(Math.abs((total.normalized ?? NaN) - want.normalized)).toBeLessThan(1e-10);
    }
  });
});

describe('properties', () => {
  const file = fc
    .record({
      n: fc.integer({ min: 20, max: 150 }),
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: 149 }), { maxLength: 8 }),
      alertRows: fc.array(fc.integer({ min: 0, max: 149 }), { maxLength: 30 }),
      probationRows: fc.integer({ min: 0, max: 30 }),
    })
    .map(({ n, cuts, alertRows, probationRows }) => {
      const sorted = cuts.filter((c) => c < n).sort((a, b) => a - b);
      const windows: [number, number][] = [];
      for (let k = 0; k + 1 < sorted.length; k += 2) windows.push([sorted[k], sorted[k + 1]]);
      return {
        n,
        windows,
        alerts: alertsOn(
          n,
          alertRows.filter((r) => r < n),
        ),
        probationRows,
      };
    });

  it('raw is at most perfect, normalized at most 100, and the null detector scores nullScore', () => {
    fc.assert(
      fc.property(file, ({ n, windows, alerts, probationRows }) => {
        for (const p of PROFILES) {
          const r = nabScore(null, alerts, windows, p, { probationRows });
          expect(r.raw).toBeLessThanOrEqual(r.perfectScore + 1e-12);
          if (r.normalized !== null) expect(r.normalized).toBeLessThanOrEqual(100 + 1e-9);
          expect(nabScore(null, alertsOn(n, []), windows, p, { probationRows }).raw).toBe(r.nullScore);
          expect(r.tp + r.fn).toBe(r.perWindow.filter((w) => w.scored).length);
        }
      }),
    );
  });

  it('an extra alert outside windows never raises the score; one in a missed window never lowers it', () => {
    fc.assert(
      fc.property(file, fc.integer({ min: 0, max: 149 }), ({ n, windows, alerts, probationRows }, extra) => {
        const row = extra % n;
        if (alerts[row] === 1) return;
        const before = nabScore(null, alerts, windows, 'standard', { probationRows });
        const more = [...alerts];
        more[row] = 1;
        const after = nabScore(null, more, windows, 'standard', { probationRows });
        const w = before.perWindow.find((x) => x.firstRow <= row && row <= x.lastRow);
        if (!w) expect(after.raw).toBeLessThanOrEqual(before.raw);
        else if (w.detectionRow === null) expect(after.raw).toBeGreaterThanOrEqual(before.raw);
      }),
    );
  });
});
