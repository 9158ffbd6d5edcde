import { describe, expect, it } from 'vitest';
import { binOf, driftReference } from '../../../src/engine/bundle/training-summary';
import { DriftMonitor, psi } from '../../../src/engine/serving/index';

describe('drift reference and PSI', () => {
  it('cuts deciles of the training values, bins upper-inclusive, shares per bin', () => {
    const ref = driftReference(
      'm',
      Float64Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(ref.edges.map((e) => +e.toFixed(10))).toEqual([
      10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1,
    ]);
    expect(ref.proportions).toEqual(new Array(10).fill(0.1));
    expect(ref.count).toBe(100);
    expect([binOf([10, 20], 10), binOf([10, 20], 10.5), binOf([10, 20], 25), binOf([10, 20], NaN)]).toEqual([
      0, 1, 2, -1,
    ]);
    // Heavily tied values merge their edges; the maximum is never an edge (the last bin would stay empty).
    const tied = driftReference('t', [0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    // Deciles of eight 0s, a 1 and a 2: 0 (seven times), 0.2 and 1.1 (linear interpolation).
    expect(tied.edges.map((e) => +e.toFixed(10))).toEqual([0, 0.2, 1.1]);
    expect(tied.proportions).toEqual([0.8, 0, 0.1, 0.1]);
    expect(driftReference('e', [NaN, NaN])).toEqual({ metric: 'e', edges: [], proportions: [], count: 0 });
  });

  it('matches a hand calculation, slides its window, and warns above 0.2', () => {
    const ref = { metric: 'cpu', edges: [10, 20, 30], proportions: [0.1, 0.2, 0.3, 0.4], count: 10 };
    const monitor = new DriftMonitor([ref], 10, 10);
    for (const v of [5, 15, 15, 25, 25, 25, 25, 35, 35, NaN]) monitor.observe([v]);
    expect(monitor.status()[0]).toEqual({ metric: 'cpu', rows: 9, psi: null, warning: false });
    monitor.observe([35]);
    // Observed shares 0.1, 0.2, 0.4, 0.3 against 0.1, 0.2, 0.3, 0.4:
    // (0.4 - 0.3) ln(0.4 / 0.3) + (0.3 - 0.4) ln(0.3 / 0.4) = 0.2 ln(4/3) = 0.0575364145...
    const first = monitor.status()[0];
    expect(first.psi).toBeCloseTo(0.05753641449035618, 12);
    expect(first.warning).toBe(false);
    for (let k = 0; k < 10; k++) monitor.observe([0]);
    // Every recent value in bin 0; empty bins count as 1e-4:
    // 0.9 ln 10 + 0.1999 ln 2000 + 0.2999 ln 3000 + 0.3999 ln 4000
    const hand =
      0.9 * Math.log(10) + 0.1999 * Math.log(2000) + 0.2999 * Math.log(3000) + 0.3999 * Math.log(4000);
    const second = monitor.status()[0];
    expect(second.rows).toBe(10);
    expect(second.psi).toBeCloseTo(hand, 12);
    expect(second.psi).toBeCloseTo(9.3096, 3);
    expect(second.warning).toBe(true);
    expect(psi([0.5, 0.5], [3, 3])).toBe(0);
  });
});
