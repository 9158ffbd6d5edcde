import { describe, expect, it } from 'vitest';
import { erfc, normalMass } from '../../../src/engine/tuning/normal';
import {
  categoricalParzen,
  numericParzen,
  parzenLogPdf,
  sampleParzen,
} from '../../../src/engine/tuning/parzen';
import { createRandom } from '../../../src/engine/util/random';

describe('normal tails', () => {
  it('match reference values to 1.2e-7 relative, far tails included', () => {
    // scipy.special.erfc
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [-1, 1.8427007929497148],
      [3, 2.209049699858544e-5],
      [6, 2.1519736712498913e-17],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1.2e-7);
    expect(normalMass(-1.959963984540054, 1.959963984540054)).toBeCloseTo(0.95, 7);
    expect(normalMass(5, 6) / (2.866515718791933e-7 - 9.865876450376946e-10)).toBeCloseTo(1, 6);
  });
});

describe('numeric Parzen estimator (Optuna defaults)', () => {
  it('sets bandwidths from the neighbours, the prior centre counting as one', () => {
    // Observations 0.2, 0.9 in [0, 1]; with the prior at 0.5 the sorted centres are 0.2, 0.5, 0.9. The
    // outermost look inward only: 0.2 -> 0.5 - 0.2 = 0.3, 0.9 -> 0.9 - 0.5 = 0.4; clip [1/4, 1] keeps them.
    const p = numericParzen([0.2, 0.9], [1, 1], 0, 1, null);
    expect(Array.from(p.mus)).toEqual([0.2, 0.9, 0.5]);
    expect(p.sigmas[0]).toBeCloseTo(0.3, 15);
    expect(p.sigmas[1]).toBeCloseTo(0.4, 15);
    expect(p.sigmas[2]).toBe(1);
    expect(Array.from(p.weights)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('widens a discrete range by half a step and clips small bandwidths (magic clip)', () => {
    // Integers 1..5, observation 1: centres 1, 3 (prior); sigma(1) = 3 - 1 = 2, minimum 5 / (1 + 1 + 1).
    const p = numericParzen([1], [1], 1, 5, 1);
    expect(p.sigmas[0]).toBeCloseTo(2, 15);
    expect(p.sigmas[1]).toBe(5);
    const q = numericParzen([0.5, 0.51, 0.52], [1, 1, 1], 0, 1, null);
    for (let k = 0; k < 3; k++) expect(q.sigmas[k]).toBeGreaterThanOrEqual(1 / 5 - 1e-15);
  });

  it('is a density on its range (continuous) and a distribution on its values (discrete)', () => {
    const p = numericParzen([0.1, 0.15, 0.7], [1, 2, 1], 0, 1, null);
    let area = 0;
    const steps = 20000;
    for (let i = 0; i < steps; i++) area += Math.exp(parzenLogPdf(p, (i + 0.5) / steps)) / steps;
    expect(area).toBeCloseTo(1, 6);
    const d = numericParzen([2, 3, 9], [1, 1, 1], 0, 10, 1);
    let total = 0;
    for (let v = 0; v <= 10; v++) total += Math.exp(parzenLogPdf(d, v));
    expect(total).toBeCloseTo(1, 6);
  });

  it('samples from the distribution it evaluates', () => {
    const d = numericParzen([2, 3, 9], [1, 1, 1], 0, 10, 1);
    const rng = createRandom(5);
    const counts = new Array<number>(11).fill(0);
    const n = 40000;
    for (let i = 0; i < n; i++) counts[sampleParzen(d, rng)]++;
    for (let v = 0; v <= 10; v++) expect(counts[v] / n).toBeCloseTo(Math.exp(parzenLogPdf(d, v)), 2);
  });
});

describe('categorical Parzen estimator', () => {
  it('matches a hand calculation', () => {
    // Observations 0, 0, 2 of 3 choices, prior weight 1: each kernel adds 1 / 4 to every choice and 1 to its
    // own (then normalized by 1.75); the prior kernel is uniform; all four kernels weigh 1 / 4.
    const p = categoricalParzen([0, 0, 2], [1, 1, 1], 3);
    expect(p.probs[0]).toBeCloseTo(0.25 * (2.5 / 1.75 + 0.25 / 1.75 + 1 / 3), 15);
    expect(p.probs[1]).toBeCloseTo(0.25 * (0.75 / 1.75 + 1 / 3), 15);
    expect(p.probs[2]).toBeCloseTo(0.25 * (0.5 / 1.75 + 1.25 / 1.75 + 1 / 3), 15);
    expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
});
