import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OneClassSmo } from '../../../../src/engine/detectors/svm/smo';
import type { Matrix } from '../../../../src/engine/util/matrix';

/** G = Q alpha in double precision, straight from the definition. */
function gradient(X: Matrix, gamma: number, alpha: Float64Array): Float64Array {
  const g = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.rows; j++) {
      let d = 0;
      for (let f = 0; f < X.cols; f++) d += (X.data[i * X.cols + f] - X.data[j * X.cols + f]) ** 2;
      g[i] += alpha[j] * Math.exp(-gamma * d);
    }
  }
  return g;
}

const problemArb = fc.record({
  rows: fc.integer({ min: 1, max: 45 }),
  cols: fc.integer({ min: 1, max: 4 }),
  nu: fc.double({ min: 0.01, max: 1, noNaN: true }),
  gamma: fc.double({ min: 0.05, max: 3, noNaN: true }),
  values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 180, maxLength: 180 }),
});

describe('OneClassSmo', () => {
  it('solves the one-class dual: feasible, and KKT conditions within the tolerance (property)', () => {
    fc.assert(
      fc.property(problemArb, ({ rows, cols, nu, gamma, values }) => {
        const X: Matrix = {
          data: Float64Array.from({ length: rows * cols }, (_, k) => values[k % 180]),
          rows,
          cols,
        };
        const tol = 1e-3;
        const solver = new OneClassSmo(X, gamma, nu, tol, 1 << 20);
        expect(solver.run(Infinity)).toBe(true);
        const { alpha, rho, converged } = solver.solution();
        expect(converged).toBe(true);
        let sum = 0;
        for (const a of alpha) {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(1);
          sum += a;
        }
        expect(sum).toBeCloseTo(nu * rows, 9);
        // Optimality: rows with a < 1 are not below the boundary, rows with a > 0 are not above it, up to
        // the stopping tolerance (and float32 kernel values in the solver).
        const g = gradient(X, gamma, alpha);
        for (let i = 0; i < rows; i++) {
          if (alpha[i] < 1) expect(g[i]).toBeGreaterThanOrEqual(rho - tol - 1e-5);
          if (alpha[i] > 0) expect(g[i]).toBeLessThanOrEqual(rho + tol + 1e-5);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('works in slices when given a deadline, with the same result and progress rising to 1', () => {
    const rows = 1500;
    const X: Matrix = {
      data: Float64Array.from({ length: rows * 3 }, (_, k) => Math.sin(k * 0.37) * 2),
      rows,
      cols: 3,
    };
    const whole = new OneClassSmo(X, 0.5, 0.2, 1e-3, 1 << 24);
    whole.run(Infinity);
    const sliced = new OneClassSmo(X, 0.5, 0.2, 1e-3, 1 << 24);
    let slices = 0;
    let last = 0;
    while (!sliced.run(-Infinity)) {
      slices++;
      expect(sliced.progress).toBeGreaterThanOrEqual(last);
      expect(sliced.progress).toBeLessThan(1);
      last = sliced.progress;
    }
    expect(slices).toBeGreaterThan(10);
    expect(sliced.progress).toBe(1);
    const a = whole.solution();
    const b = sliced.solution();
    expect(b.rho).toBe(a.rho);
    expect(Array.from(b.alpha)).toEqual(Array.from(a.alpha));
    expect(b.iterations).toBe(a.iterations);
  });

  it('refuses to give a solution before it finishes', () => {
    const X: Matrix = { data: Float64Array.from({ length: 200 }, (_, k) => Math.cos(k)), rows: 100, cols: 2 };
    const solver = new OneClassSmo(X, 1, 0.5, 1e-3, 1 << 20);
    expect(() => solver.solution()).toThrow(/before the solver finished/);
  });

  it('puts every coefficient at 1 when nu is 1', () => {
    const X: Matrix = { data: Float64Array.from([0, 1, 3, 7]), rows: 4, cols: 1 };
    const solver = new OneClassSmo(X, 1, 1, 1e-3, 1 << 20);
    solver.run(Infinity);
    const { alpha, rho } = solver.solution();
    expect(Array.from(alpha)).toEqual([1, 1, 1, 1]);
    expect(Number.isFinite(rho)).toBe(true);
  });
});
