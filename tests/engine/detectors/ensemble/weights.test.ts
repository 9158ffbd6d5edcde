import { describe, expect, it } from 'vitest';
import {
  SELECTION_ROUNDS,
  equalWeights,
  normalizedWeights,
  selectionWeights,
  weightsFromPrAuc,
} from '../../../../src/engine/detectors/ensemble/weights';
import { averagePrecision } from '../../../../src/engine/metrics/index';

describe('weightsFromPrAuc', () => {
  it('weighs each member by its PR-AUC lift over the positive rate', () => {
    const w = weightsFromPrAuc([0.6, 0.35, 0.1], 0.1);
    expect(w[0]).toBeCloseTo(0.5 / 0.75, 15);
    expect(w[1]).toBeCloseTo(0.25 / 0.75, 15);
    expect(w[2]).toBe(0);
  });

  it('falls back to equal weights when no member beats chance', () => {
    expect(weightsFromPrAuc([0.05, 0.1], 0.1)).toEqual([0.5, 0.5]);
  });

  it('equal and normalized weights sum to 1', () => {
    expect(equalWeights(4)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(normalizedWeights([1, 3])).toEqual([0.25, 0.75]);
  });
});

describe('selectionWeights (Caruana ensemble selection)', () => {
  const labels = Float64Array.from([0, 0, 0, 0, 1, 0, 1, 0, 0, 1]);
  const ap = (s: Float64Array) => averagePrecision(labels, s);

  it('keeps a perfect member alone', () => {
    const perfect = labels.map((y) => y);
    const noise = Float64Array.from([0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.4, 0.6, 0.5, 0.0]);
    expect(selectionWeights([noise, perfect], ap)).toEqual([0, 1]);
  });

  it('mixes members that each rank a different positive first', () => {
    // a ranks rows 4 and 6 high but row 9 low; b the reverse for row 4: their mean ranks all three on top.
    const a = Float64Array.from([0.2, 0.1, 0.3, 0.1, 1.0, 0.5, 0.9, 0.1, 0.2, 0.4]);
    const b = Float64Array.from([0.1, 0.3, 0.1, 0.2, 0.4, 0.2, 0.9, 0.5, 0.1, 1.0]);
    expect(ap(a)).toBeLessThan(1);
    expect(ap(b)).toBeLessThan(1);
    const w = selectionWeights([a, b], ap);
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeGreaterThan(0);
    const mixed = a.map((v, i) => w[0] * v + w[1] * b[i]);
    expect(ap(mixed)).toBe(1);
    // Weights come in steps of 1 / rounds.
    for (const x of w)
      expect(Math.abs(x * SELECTION_ROUNDS - Math.round(x * SELECTION_ROUNDS))).toBeLessThan(1e-9);
  });
});
