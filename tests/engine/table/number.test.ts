import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NUM_INVALID,
  NUM_MISSING,
  NUM_NON_FINITE,
  NUM_OK,
  scanNumber,
  scanNumberInto,
  scanState,
} from '../../../src/engine/table/number';

/**
 * What a cell reads as, by the documented rules and nothing else: spaces and tabs around it dropped;
 * empty or a missing token is missing; a decimal literal is its `Number()` (non-finite when that
 * overflows); an infinity token is non-finite; anything else is not a number.
 */
function reference(cell: string): { status: number; value: number } {
  const t = cell.replace(/^[ \t]+|[ \t]+$/g, '');
  if (t === '') return { status: NUM_MISSING, value: NaN };
  if (/^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(t)) {
    const v = Number(t);
    return Number.isFinite(v) ? { status: NUM_OK, value: v } : { status: NUM_NON_FINITE, value: NaN };
  }
  const token = t.trim().toLowerCase();
  if (['', 'nan', 'null', 'na', 'n/a', 'none', '#n/a'].includes(token))
    return { status: NUM_MISSING, value: NaN };
  if (['inf', 'infinity', '+inf', '+infinity', '-inf', '-infinity'].includes(token)) {
    return { status: NUM_NON_FINITE, value: NaN };
  }
  return { status: NUM_INVALID, value: NaN };
}

const digits = fc.stringMatching(/^[0-9]{0,20}$/);
/** Decimal-looking cells: signs, leading zeros, long mantissas, fractions, exponents, spaces. */
const decimal = fc
  .tuple(
    fc.constantFrom('', '-', '+', ' ', '\t-'),
    digits,
    fc.constantFrom('', '.'),
    digits,
    fc.constantFrom('', 'e5', 'E-3', 'e+400', 'e'),
    fc.constantFrom('', ' ', '\t'),
  )
  .map((parts) => parts.join(''));
/** Anything else a cell might hold: tokens in any case, words, Unicode spaces and letters. */
const other = fc.oneof(
  fc.constantFrom('NaN', 'nan', 'NULL', 'N/A', 'none', '#N/A', 'inf', '-Infinity', '+INF', 'web-01', 'x1'),
  fc.constantFrom('\u00a0nan', '\u00a01', '\u2028', '\ufeff2', 'İnf', 'ınf', 'Ｎaｎ'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

describe('scanNumber', () => {
  it('reads every cell as the rules say: decimals, tokens, white space, other text', () => {
    fc.assert(
      fc.property(fc.oneof(decimal, other), (cell) => {
        const want = reference(cell);
        const got = scanNumber(cell, 0, cell.length);
        expect(scanState.status, JSON.stringify(cell)).toBe(want.status);
        expect(Object.is(got, want.value), `${JSON.stringify(cell)}: ${got} vs ${want.value}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses text starting with a printable character that starts no number or token', () => {
    for (const cell of ['web-01', 'a', 'Z9', '(1)', '$5', '_', '~']) {
      expect(scanNumber(cell, 0, cell.length)).toBeNaN();
      expect(scanState.status).toBe(NUM_INVALID);
    }
    for (const cell of ['nan', 'Inf', '#N/A', '+1', '-2', '.5', '7']) {
      scanNumber(cell, 0, cell.length);
      expect(scanState.status, cell).not.toBe(NUM_INVALID);
    }
  });
});

describe('scanNumberInto', () => {
  it('stores what scanNumber reads, up to the delimiter or line end, and signals all but finite numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(decimal, other).filter((c) => !/[,\n\r]/.test(c)),
        fc.constantFrom(',x', '\n2', '\r\n', ''),
        (cell, rest) => {
          const line = cell + rest;
          const out = new Float64Array(3).fill(-1);
          const r = scanNumberInto(line, 0, line.length, 44, out, 1);
          const end = r < 0 ? ~r : r;
          expect(end).toBe(cell.length);
          const want = scanNumber(cell, 0, cell.length);
          expect(Object.is(out[1], want)).toBe(true);
          if (r >= 0) expect(scanState.status).toBe(NUM_OK);
          else expect(reference(cell).status).not.toBe(NUM_OK);
          expect(r >= 0).toBe(reference(cell).status === NUM_OK);
          expect(out[0]).toBe(-1);
          expect(out[2]).toBe(-1);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads cells in the middle of a line, -0 and 15-digit mantissas exactly', () => {
    const line = 'a,-0,123456789012345,1234567890123456,0.000000000000000000001,7\n';
    const out = new Float64Array(6);
    let pos = 2;
    for (let k = 0; k < 5; k++) {
      const r = scanNumberInto(line, pos, line.length, 44, out, k);
      pos = (r < 0 ? ~r : r) + 1;
    }
    expect(Object.is(out[0], -0)).toBe(true);
    expect(out[1]).toBe(123456789012345);
    expect(out[2]).toBe(1234567890123456);
    expect(out[3]).toBe(1e-21);
    expect(out[4]).toBe(7);
    expect(pos).toBe(line.length);
  });
});
