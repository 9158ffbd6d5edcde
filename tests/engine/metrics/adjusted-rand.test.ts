import { describe, expect, it } from 'vitest';
import { adjustedRand } from '../../../src/engine/metrics/adjusted-rand';

describe('adjustedRand', () => {
  it('matches scikit-learn 1.2 adjusted_rand_score on hand cases', () => {
    // sklearn: adjusted_rand_score([0,0,1,1],[1,1,0,0]) = 1.0; ([0,0,1,2],[0,0,1,1]) = 0.5714285714285715
    expect(adjustedRand([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRand([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714285715, 12);
    // ([0,0,0,0],[0,1,2,3]) = 0.0; ([0,0,1,1],[0,1,0,1]) = -0.5
    expect(adjustedRand([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(adjustedRand([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(adjustedRand([3, 3, 3], [1, 1, 1])).toBe(1);
  });

  it('refuses labelings of different lengths', () => {
    expect(() => adjustedRand([0, 1], [0])).toThrow(/2 labels against 1/);
  });
});
