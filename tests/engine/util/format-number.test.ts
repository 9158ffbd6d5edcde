import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NUMBER_BYTES, writeNumber } from '../../../src/engine/util/format-number';

const buf = new Uint8Array(MAX_NUMBER_BYTES);
const written = (v: number): string => String.fromCharCode(...buf.subarray(0, writeNumber(buf, 0, v)));

describe('writeNumber', () => {
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
      0.05,
      0.000102,
      123456.789,
      -8999999.5,
      999999999.999999,
      9e9,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 60),
      1e21,
      1.7976931348623157e308,
      5e-324,
      NaN,
      Infinity,
      -Infinity,
      1 / 3,
    ]) {
      expect(written(v)).toBe(String(v));
    }
  });

  it('agrees with String on any double', () => {
    fc.assert(
      fc.property(fc.double(), (v) => written(v) === String(v)),
      { numRuns: 20000 },
    );
  });

  it('agrees with String on decimals of up to 6 places and on integers (the fast paths)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9e15, max: 9e15 }), fc.integer({ min: 0, max: 8 }), (k, places) => {
        const v = k / 10 ** places;
        return written(v) === String(v);
      }),
      { numRuns: 30000 },
    );
  });
});
