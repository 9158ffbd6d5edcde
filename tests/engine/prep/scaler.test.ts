/**
 * The scalers against scikit-learn's StandardScaler, RobustScaler and MinMaxScaler (fitted on the first
 * rows of a small matrix with NaN, applied to all rows). Golden file: tests/reference/prep_selection.py.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScalerKind } from '../../../src/engine/pipeline/spec';
import { applyScaler, fitScaler } from '../../../src/engine/prep/scaler';

interface Golden {
  columns: (number | null)[][];
  fitRows: number;
  cases: { kind: ScalerKind; center: number[]; scale: number[]; transformed: (number | null)[][] }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/scalers.json', import.meta.url), 'utf8')) as Golden;
const toColumn = (xs: (number | null)[]): Float64Array =>
  Float64Array.from(xs, (v) => (v === null ? NaN : v));
const columns = golden.columns.map(toColumn);
const fitColumns = columns.map((c) => c.slice(0, golden.fitRows));

function expectClose(actual: ArrayLike<number>, expected: (number | null)[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (e === null) expect(actual[i]).toBeNaN();
    else expect(Math.abs(actual[i] - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

describe('fitScaler / applyScaler against scikit-learn', () => {
  it.each(golden.cases.map((c) => [c.kind, c] as const))('%s', (_kind, c) => {
    const state = fitScaler(c.kind, fitColumns);
    expectClose(state.center, c.center, 1e-12);
    expectClose(state.scale, c.scale, 1e-12);
    applyScaler(state, columns).forEach((col, j) => expectClose(col, c.transformed[j], 1e-12));
  });

  it('covers the three kinds and a zero-range column in the golden file', () => {
    expect(golden.cases.map((c) => c.kind).sort()).toEqual(['minmax', 'robust', 'standard']);
    // Column 1 is constant on the fitted rows: every scaler falls back to scale 1.
    for (const c of golden.cases) expect(c.scale[1]).toBe(1);
  });
});

describe('minmax', () => {
  it('maps the fitted values onto [0, 1], min to 0 and max to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (xs) => {
          const col = Float64Array.from(xs);
          const [out] = applyScaler(fitScaler('minmax', [col]), [col]);
          const lo = Math.min(...xs);
          const hi = Math.max(...xs);
          out.forEach((v, i) => {
            if (hi === lo) expect(v).toBe(0);
            else {
              expect(v).toBeGreaterThanOrEqual(-1e-12);
              expect(v).toBeLessThanOrEqual(1 + 1e-12);
              if (xs[i] === lo) expect(v).toBe(0);
              if (xs[i] === hi) expect(Math.abs(v - 1)).toBeLessThan(1e-12);
            }
          });
        },
      ),
    );
  });

  it('ignores NaN and infinities in the fit and keeps NaN in the output', () => {
    const col = Float64Array.from([NaN, 2, Infinity, 6, -Infinity, 4]);
    const state = fitScaler('minmax', [col]);
    expect(state).toEqual({ kind: 'minmax', center: [2], scale: [4] });
    expect(Array.from(applyScaler(state, [col])[0])).toEqual([NaN, 0, Infinity, 1, -Infinity, 0.5]);
  });

  it('gives center 0 and scale 1 to a column without finite values', () => {
    expect(fitScaler('minmax', [Float64Array.from([NaN, NaN])])).toEqual({
      kind: 'minmax',
      center: [0],
      scale: [1],
    });
  });
});

describe("'none'", () => {
  it('is the identity', () => {
    const col = Float64Array.from([3, -1, NaN]);
    expect(Array.from(applyScaler(fitScaler('none', [col]), [col])[0])).toEqual([3, -1, NaN]);
  });
});
