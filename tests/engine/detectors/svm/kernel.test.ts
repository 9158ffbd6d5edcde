import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fastExp,
  rbfColumn,
  rbfColumnPair,
  rbfWeightedSums,
  resolveGamma,
  squaredNorms,
} from '../../../../src/engine/detectors/svm/kernel';
import { matrixFromRows, selectRows, type Matrix } from '../../../../src/engine/util/matrix';

/** sum_s coef_s exp(-gamma |x - sv_s|^2), term by term with Math.exp. */
function naiveSum(
  x: readonly number[],
  svs: readonly (readonly number[])[],
  coef: readonly number[],
  gamma: number,
) {
  return svs.reduce(
    (t, sv, s) => t + coef[s] * Math.exp(-gamma * sv.reduce((d, v, j) => d + (x[j] - v) ** 2, 0)),
    0,
  );
}

const matrixArb = (maxRows: number, maxCols: number) =>
  fc.integer({ min: 1, max: maxCols }).chain((cols) =>
    fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: cols, maxLength: cols }), {
      minLength: 1,
      maxLength: maxRows,
    }),
  );

describe('fastExp', () => {
  it('is within 5e-16 relative error of Math.exp from -708 to 709.7', () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -708 + (i * (709.7 + 708)) / 200_000;
      worst = Math.max(worst, Math.abs(fastExp(x) - Math.exp(x)) / Math.exp(x));
    }
    for (let i = 0; i <= 100_000; i++) {
      const x = -(i / 100_000) * 3;
      worst = Math.max(worst, Math.abs(fastExp(x) - Math.exp(x)) / Math.exp(x));
    }
    expect(worst).toBeLessThan(5e-16);
  });

  it('is exact at 0 and 0 far below the double range', () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-1e-300)).toBe(1);
    expect(fastExp(-746)).toBe(0);
    expect(fastExp(-1e9)).toBe(0);
  });
});

describe('resolveGamma', () => {
  it("follows scikit-learn: 'scale' = 1 / (cols * X.var()), 'auto' = 1 / cols, numbers as given", () => {
    // Values 1, 2, 3, 4, 5, 9: mean 4, population variance (9 + 4 + 1 + 0 + 1 + 25) / 6 = 40 / 6.
    const X = matrixFromRows([
      [1, 2, 3],
      [4, 5, 9],
    ]);
    expect(resolveGamma('scale', X)).toBeCloseTo(1 / (3 * (40 / 6)), 15);
    expect(resolveGamma('auto', X)).toBeCloseTo(1 / 3, 15);
    expect(resolveGamma(0.7, X)).toBe(0.7);
    expect(resolveGamma('scale', matrixFromRows([[2, 2]]))).toBe(1);
  });
});

describe('RBF kernel columns and sums', () => {
  it('compute the kernel as exp(-gamma |a - b|^2), for every remainder of the 8-row and 4-row blocks', () => {
    for (const rows of [1, 3, 4, 7, 8, 13]) {
      const X = matrixFromRows(Array.from({ length: rows }, (_, i) => [Math.sin(i), Math.cos(3 * i), i / 7]));
      const norms = squaredNorms(X.data, X.rows, X.cols);
      const args = new Float64Array(2 * rows);
      const a = new Float32Array(rows);
      const b = new Float32Array(rows);
      const c = new Float32Array(rows);
      const j = rows - 1;
      rbfColumn(X.data, X.cols, norms, 0.8, 0, a, args);
      rbfColumnPair(X.data, X.cols, norms, 0.8, 0, j, b, c, args);
      for (let k = 0; k < rows; k++) {
        const d0 = [0, 1, 2].reduce((s, f) => s + (X.data[f] - X.data[k * 3 + f]) ** 2, 0);
        const dj = [0, 1, 2].reduce((s, f) => s + (X.data[j * 3 + f] - X.data[k * 3 + f]) ** 2, 0);
        expect(a[k]).toBeCloseTo(Math.exp(-0.8 * d0), 6);
        expect(c[k]).toBeCloseTo(Math.exp(-0.8 * dj), 6);
      }
      // The pair computes each column exactly as the single-column pass does.
      expect(Array.from(b)).toEqual(Array.from(a));
      expect(a[0]).toBe(1);
    }
  });

  it('rbfWeightedSums matches the term-by-term sum (property)', () => {
    fc.assert(
      fc.property(
        matrixArb(11, 4),
        fc.integer({ min: 1, max: 9 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (rows, m, gamma) => {
          const cols = rows[0].length;
          const svs = Array.from({ length: m }, (_, s) =>
            Array.from({ length: cols }, (_, j) => Math.sin(s * 7 + j)),
          );
          const coef = Array.from({ length: m }, (_, s) => 0.1 + (s % 3) * 0.45);
          const X = matrixFromRows(rows);
          const sv = Float64Array.from(svs.flat());
          const out = new Float64Array(X.rows);
          rbfWeightedSums(X, sv, squaredNorms(sv, m, cols), Float64Array.from(coef), gamma, out);
          rows.forEach((x, r) => {
            const want = naiveSum(x, svs, coef, gamma);
            expect(Math.abs(out[r] - want)).toBeLessThanOrEqual(1e-12 * (1 + want));
          });
        },
      ),
    );
  });

  it('gives a row the same bits whichever rows are scored with it (property)', () => {
    fc.assert(
      fc.property(matrixArb(40, 5), fc.array(fc.nat(), { minLength: 1, maxLength: 25 }), (rows, picks) => {
        const X: Matrix = matrixFromRows(rows);
        const m = 5;
        const sv = Float64Array.from({ length: m * X.cols }, (_, k) => Math.cos(k));
        const norms = squaredNorms(sv, m, X.cols);
        const coef = Float64Array.from([0.2, 1, 0.5, 0.3, 1]);
        const all = new Float64Array(X.rows);
        rbfWeightedSums(X, sv, norms, coef, 0.3, all);
        const idx = picks.map((p) => p % X.rows);
        const sub = new Float64Array(idx.length);
        rbfWeightedSums(selectRows(X, idx), sv, norms, coef, 0.3, sub);
        expect(Array.from(sub)).toEqual(idx.map((i) => all[i]));
      }),
    );
  });
});
