import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangesFromLabels } from '../../../src/engine/eda/label-ranges';

describe('rangesFromLabels', () => {
  const t = [10, 20, 30, 40, 50, 60, 70];

  it('turns runs of labelled rows into inclusive ranges (hand-checked)', () => {
    expect(rangesFromLabels(t, [0, 1, 1, 0, 0, 1, 0])).toEqual([
      { start: 20, end: 30 },
      { start: 60, end: 60 },
    ]);
    expect(rangesFromLabels(t, [1, 1, 0, 0, 0, 1, 1])).toEqual([
      { start: 10, end: 20 },
      { start: 60, end: 70 },
    ]);
    expect(rangesFromLabels(t, [1, 1, 1, 1, 1, 1, 1])).toEqual([{ start: 10, end: 70 }]);
    expect(rangesFromLabels(t, [0, 0, 0, 0, 0, 0, 0])).toEqual([]);
    expect(rangesFromLabels([], [])).toEqual([]);
  });

  it('counts any finite non-zero label as labelled and lets NaN end a run', () => {
    expect(rangesFromLabels(t, [2, 1, NaN, 1, 0, -1, 0])).toEqual([
      { start: 10, end: 20 },
      { start: 40, end: 40 },
      { start: 60, end: 60 },
    ]);
  });

  it('refuses columns of different lengths', () => {
    expect(() => rangesFromLabels([1, 2], [0])).toThrow(/t has 2 values but labels has 1/);
  });

  it('covers exactly the labelled rows, with ordered, disjoint ranges', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { maxLength: 200 }), (labels) => {
        const times = labels.map((_, i) => 1000 + i * 60);
        const ranges = rangesFromLabels(times, labels);
        const covered = times.map((x) => (ranges.some((r) => r.start <= x && x <= r.end) ? 1 : 0));
        expect(covered).toEqual(labels);
        for (let i = 0; i < ranges.length; i++) {
          expect(ranges[i].start).toBeLessThanOrEqual(ranges[i].end);
          // Disjoint and separated by at least one unlabelled row.
          if (i > 0) expect(ranges[i].start).toBeGreaterThan(ranges[i - 1].end + 60);
        }
        const rises = labels.filter((l, i) => l === 1 && (i === 0 || labels[i - 1] === 0)).length;
        expect(ranges).toHaveLength(rises);
      }),
    );
  });
});
