import { describe, expect, it } from 'vitest';
import { errorAnalysis } from '../../../src/engine/evaluation/error-analysis';

describe('errorAnalysis', () => {
  // Two segments of 10 rows. Segment 0: a false-alarm run at rows 2-3 (peak 0.9), an event at 6-7 caught.
  // Segment 1: a false alarm at row 12 (0.7), an event at 15-16 missed (peak 0.4), one at 18 missed (0.2).
  const scores = [
    0.1, 0.1, 0.8, 0.9, 0.1, 0.1, 0.95, 0.2, 0.1, 0.1, 0.1, 0.1, 0.7, 0.1, 0.1, 0.4, 0.3, 0.1, 0.2, 0.1,
  ];
  const labels = [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0];
  const x = scores.map((_, i) => 1000 * i);
  const segments: [number, number][] = [
    [0, 10],
    [10, 20],
  ];

  it('ranks false-alarm runs by peak and missed events closest to the threshold first', () => {
    const r = errorAnalysis(labels, scores, 0.5, segments, x, { around: 1 });
    expect(r.falsePositives.map((c) => [c.segment, c.firstRow, c.lastRow, c.peak])).toEqual([
      [0, 2, 3, 0.9],
      [1, 12, 12, 0.7],
    ]);
    expect(r.missed.map((c) => [c.segment, c.firstRow, c.lastRow, c.peak])).toEqual([
      [1, 15, 16, 0.4],
      [1, 18, 18, 0.2],
    ]);
    expect(r.falsePositives.map((c) => c.at)).toEqual([2000, 12000]);
    // Context: one row each side, never across a segment boundary.
    expect(r.falsePositives[0].context.x).toEqual([1000, 2000, 3000, 4000]);
    expect(r.missed[1].context).toEqual({
      x: [17000, 18000, 19000],
      score: [0.1, 0.2, 0.1],
      label: [0, 1, 0],
    });
  });

  it('keeps the top N of each kind', () => {
    const r = errorAnalysis(labels, scores, 0.05, segments, x, { top: 1 });
    expect(r.falsePositives).toHaveLength(1);
    expect(r.missed).toHaveLength(0);
  });
});
