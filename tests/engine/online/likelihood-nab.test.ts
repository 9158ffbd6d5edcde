import { describe, expect, it } from 'vitest';
import { anomalyLikelihoods } from '../../../src/engine/online/likelihood';
import { likelihoodNab, likelihoodsOf } from '../../../src/engine/online/likelihood-nab';

describe('likelihoodsOf', () => {
  it('runs each entity through its own likelihood, in its time order', () => {
    const a = [1, 2, 1, 3, 1, 2, 9, 1];
    const b = [5, 5, 6, 5, 20, 5];
    // Rows interleaved, b's listed out of time order in the file.
    const scores = [a[0], b[5], a[1], b[0], ...a.slice(2), ...b.slice(1, 5)];
    const ga = [0, 2, 4, 5, 6, 7, 8, 9];
    const gb = [3, 10, 11, 12, 13, 1];
    const p = { minHistory: 2, shortWindow: 2 };
    const l = likelihoodsOf(scores, { groups: [Int32Array.from(ga), Int32Array.from(gb)] }, p);
    expect(ga.map((i) => l[i])).toEqual([...anomalyLikelihoods(a, p)]);
    expect(gb.map((i) => l[i])).toEqual([...anomalyLikelihoods(b, p)]);
  });
});

describe('likelihoodNab', () => {
  it('scores the labelled runs of each segment as windows, with one threshold across segments', () => {
    // Segment 1: window rows 3..5 found at its first row; segment 2: window rows 8..9 (of 6..11) found too.
    const lik = [0.1, 0.1, 0.1, 0.9, 0.2, 0.2, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1];
    const labels = [0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0];
    const r = likelihoodNab(lik, labels, [
      [0, 6],
      [6, 12],
    ]);
    expect(r?.threshold.standard).toBe(0.8);
    expect(r?.normalized.standard).toBeCloseTo(100, 9);
    expect(likelihoodNab(lik, new Array(12).fill(0), [[0, 12]])).toBeNull();
  });
});
