import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../src/engine/util/format-number';

describe('formatNumber', () => {
  it('writes what String writes', () => {
    for (const v of [
      0,
      -0,
      1,
      -1,
      0.1,
      0.5,
      -0.25,
      9.3,
      31.23,
      1.000001,
      0.000001,
      0.0000015,
      123456.789,
      -8999999999.5,
      9e9,
      1e21,
      NaN,
      Infinity,
      -Infinity,
      1 / 3,
    ]) {
      expect(formatNumber(v)).toBe(String(v));
    }
  });

  it('agrees with String on any double', () => {
    fc.assert(
      fc.property(fc.double(), (v) => formatNumber(v) === String(v)),
      { numRuns: 20000 },
    );
  });

  it('agrees with String on decimals of up to 6 places (the fast path)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9e15, max: 9e15 }), fc.integer({ min: 0, max: 6 }), (k, places) => {
        const v = k / 10 ** places;
        return formatNumber(v) === String(v);
      }),
      { numRuns: 20000 },
    );
  });
});
