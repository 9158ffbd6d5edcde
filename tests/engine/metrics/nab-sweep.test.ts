/**
 * NAB's corpus-wide threshold optimisation: a hand case, and against brute force (every distinct score
 * tried as the threshold, each file scored by `nabScore`) on random corpora.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsAt } from '../../../src/engine/metrics/confusion';
import { nabCombine, nabScore, type NabProfile } from '../../../src/engine/metrics/nab-score';
import {
  nabOptimizeAll,
  nabOptimizeThreshold,
  type NabSweepFile,
} from '../../../src/engine/metrics/nab-sweep';

describe('nabOptimizeThreshold', () => {
  it('picks one threshold for the corpus: the one whose false positives cost less than the windows it finds', () => {
    // File a: window rows 10..19; file b: window rows 5..9. No probation.
    const a: NabSweepFile = {
      times: null,
      scores: Array(30).fill(0.1),
      windows: [[10, 19]],
      probationRows: 0,
    };
    const b: NabSweepFile = { times: null, scores: Array(20).fill(0.1), windows: [[5, 9]], probationRows: 0 };
    (a.scores as number[])[10] = 0.9; // a's window found at its first row at 0.9
    (b.scores as number[])[7] = 0.6; // b's window found mid-way at 0.6...
    (b.scores as number[])[15] = 0.7; // ...but a false positive at 0.7 comes first
    const r = nabOptimizeThreshold([a, b], 'standard');
    // At 0.6: a earns 1, b S(-3/5) / S(-1), and the false positive costs 0.11 S((15 - 9) / 4).
    const at06 = nabCombine([
      nabScore(null, alertsAt(a.scores, 0.6), a.windows, 'standard', { probationRows: 0 }),
      nabScore(null, alertsAt(b.scores, 0.6), b.windows, 'standard', { probationRows: 0 }),
    ]);
    expect(r.threshold).toBe(0.6);
    expect(r.total.raw).toBeCloseTo(at06.raw, 12);
    expect(r.total.tp).toBe(2);
    expect(r.total.fp).toBe(1);
    expect(r.perFile.map((f) => f.tp)).toEqual([1, 1]);
  });

  it('says Infinity when no alert at all scores best', () => {
    const f: NabSweepFile = {
      times: null,
      scores: [0, 0, 0.9, 0.9, 0.9, 0.9, 0, 0],
      windows: [[7, 7]],
      probationRows: 0,
    };
    const r = nabOptimizeThreshold([f], { tpWeight: 1, fpWeight: 1, fnWeight: 0.1 });
    expect(r.threshold).toBe(Infinity);
    expect(r.total.tp).toBe(0);
    expect(r.total.normalized).toBe(0);
  });

  it('refuses an empty corpus and a non-finite score, naming the file and the row', () => {
    expect(() => nabOptimizeThreshold([], 'standard')).toThrow('no files');
    expect(() =>
      nabOptimizeThreshold([{ name: 'x.csv', times: null, scores: [0, NaN], windows: [] }], 'standard'),
    ).toThrow('x.csv row 1 has score NaN');
  });

  const corpus = fc.array(
    fc
      .record({
        n: fc.integer({ min: 8, max: 60 }),
        seed: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 60, maxLength: 60 }),
        window: fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 12 })),
        probation: fc.integer({ min: 0, max: 6 }),
      })
      .map(({ n, seed, window: [start, width], probation }): NabSweepFile => {
        const s = Math.min(start, n - 1);
        return {
          times: null,
          scores: seed.slice(0, n).map((v) => v / 20),
          windows: [[s, Math.min(n - 1, s + width)]],
          probationRows: probation,
        };
      }),
    { minLength: 1, maxLength: 4 },
  );

  it.each(['standard', 'reward_low_fp', 'reward_low_fn'] as NabProfile[])(
    '%s: the best total over every distinct threshold, the highest threshold among ties',
    (profile) => {
      fc.assert(
        fc.property(corpus, (files) => {
          const r = nabOptimizeThreshold(files, profile);
          const candidates = [Infinity, ...new Set(files.flatMap((f) => [...(f.scores as number[])]))].sort(
            (x, y) => y - x,
          );
          let best = -Infinity;
          let bestAt = NaN;
          for (const t of candidates) {
            const raw = nabCombine(
              files.map((f) =>
                nabScore(null, alertsAt(f.scores, t), f.windows, profile, { probationRows: f.probationRows }),
              ),
            ).raw;
            if (raw > best + 1e-9) {
              best = raw;
              bestAt = t;
            }
          }
          expect(r.total.raw).toBeCloseTo(best, 9);
          expect(r.threshold).toBe(bestAt);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('nabOptimizeAll gives each profile its own threshold', () => {
    const f: NabSweepFile = {
      times: null,
      scores: [0, 0, 0, 0.5, 0, 0.8, 0, 0, 0.9, 0.3],
      windows: [[8, 9]],
      probationRows: 0,
    };
    const all = nabOptimizeAll([f]);
    expect(Object.keys(all)).toEqual(['standard', 'reward_low_fp', 'reward_low_fn']);
    for (const p of Object.keys(all) as NabProfile[]) expect(all[p].profile).toBe(p);
  });
});
