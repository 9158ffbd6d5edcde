import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OneClassSvm, ocsvmFactory, type OcsvmState } from '../../../src/engine/detectors/ocsvm';
import { resolveGamma } from '../../../src/engine/detectors/svm/kernel';
import { OneClassSmo } from '../../../src/engine/detectors/svm/smo';
import { matrixFromRows, selectRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

interface GoldenCase {
  nu: number;
  gamma: number | 'scale' | 'auto';
  gammaValue: number;
  rho: number;
  support: number[];
  alpha: number[];
  nIter: number;
  score: number[];
  scoreTest: number[];
}

const golden = JSON.parse(readFileSync('tests/engine/detectors/golden/ocsvm.json', 'utf8')) as {
  X: number[][];
  XTest: number[][];
  cases: GoldenCase[];
  XDuplicates: number[][];
  duplicates: GoldenCase;
};

/** Ranks from 1, ties sharing their mean rank. */
function ranks(v: ArrayLike<number>): number[] {
  const idx = Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array<number>(v.length);
  for (let s = 0; s < idx.length;) {
    let e = s;
    while (e + 1 < idx.length && v[idx[e + 1]] === v[idx[s]]) e++;
    for (let k = s; k <= e; k++) r[idx[k]] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson correlation of the ranks), as scipy.stats.spearmanr. */
function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function normalCloud(seed: number, rows: number, cols: number): Matrix {
  const rng = createRandom(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

describe('One-class SVM against scikit-learn 1.2.1 OneClassSVM (500 x 5 correlated rows, 8 outliers)', () => {
  const X = matrixFromRows(golden.X);
  const XTest = matrixFromRows(golden.XTest);

  it.each(golden.cases.map((c) => [`nu ${c.nu}, gamma ${c.gamma}`, c] as const))(
    '%s: same gamma, rho, support vectors and scores',
    async (_, c) => {
      const det = await new OneClassSvm({ nu: c.nu, gamma: c.gamma }).fit(X);
      const state = det.toJSON().state as OcsvmState;
      expect(Math.abs(state.gamma - c.gammaValue) / c.gammaValue).toBeLessThan(1e-12);
      const scores = det.score(X);
      const scoresTest = det.score(XTest);
      expect(spearman(scores, c.score)).toBeGreaterThanOrEqual(0.98);
      expect(spearman(scoresTest, c.scoreTest)).toBeGreaterThanOrEqual(0.98);
      expect(Math.abs(state.rho - c.rho) / Math.abs(c.rho)).toBeLessThan(1e-3);
      expect(Math.abs(state.coef.length - c.support.length)).toBeLessThanOrEqual(3);
      // libsvm (scikit-learn shrinks by default) first shrinks the working set after min(rows, 1000)
      // = 500 iterations. Before that our solver takes libsvm's very steps, so the solutions agree to
      // rounding; after it, both stop within the tolerance 1e-3 of the same optimum.
      if (c.nIter < 500) {
        expect(maxAbsDiff(scores, c.score)).toBeLessThan(1e-9);
        expect(maxAbsDiff(scoresTest, c.scoreTest)).toBeLessThan(1e-9);
        const support = state.supportVectors.map((v) =>
          golden.X.findIndex((r) => r.every((x, j) => x === v[j])),
        );
        expect(support).toEqual(c.support);
        expect(maxAbsDiff(state.coef, c.alpha)).toBeLessThan(1e-9);
      } else {
        expect(maxAbsDiff(scores, c.score)).toBeLessThan(2e-3);
        expect(maxAbsDiff(scoresTest, c.scoreTest)).toBeLessThan(2e-3);
      }
    },
  );
  it('breaks ties as libsvm does: integer readings with many duplicate rows give the same support vectors', async () => {
    const c = golden.duplicates;
    const X = matrixFromRows(golden.XDuplicates);
    const solver = new OneClassSmo(X, resolveGamma('scale', X), c.nu, 1e-3, 1 << 24);
    solver.run(Infinity);
    const { alpha, rho } = solver.solution();
    const support = Array.from(alpha.keys()).filter((i) => alpha[i] > 0);
    expect(support).toEqual(c.support);
    expect(
      maxAbsDiff(
        support.map((i) => alpha[i]),
        c.alpha,
      ),
    ).toBeLessThan(1e-9);
    expect(Math.abs(rho - c.rho)).toBeLessThan(1e-9);
    const det = await new OneClassSvm({ nu: c.nu }).fit(X);
    expect(maxAbsDiff(det.score(X), c.score)).toBeLessThan(1e-9);
  });
});

describe('One-class SVM parameters', () => {
  it('has the documented defaults', () => {
    const det = new OneClassSvm();
    expect(det.params).toEqual({
      nu: 0.05,
      gamma: 'scale',
      tolerance: 1e-3,
      maxSamples: 10_000,
      contamination: 0.05,
    });
    const gamma = ocsvmFactory.params.find((p) => p.name === 'gamma');
    expect(gamma?.kind).toBe('string');
    expect(gamma?.help).toMatch(/'scale'.*'auto'/);
  });

  it('takes gamma as a number, a numeric string, scale or auto', () => {
    expect(new OneClassSvm({ gamma: 0.25 }).params.gamma).toBe(0.25);
    expect(new OneClassSvm({ gamma: ' 0.5 ' }).params.gamma).toBe(0.5);
    expect(new OneClassSvm({ gamma: 'auto' }).params.gamma).toBe('auto');
    expect(new OneClassSvm({ gamma: 'scale' }).params.gamma).toBe('scale');
  });

  it('refuses bad values with a message naming the parameter', () => {
    const gammaMessage = /ocsvm: 'gamma' must be 'scale', 'auto' or a positive number, got/;
    for (const gamma of ['Scale', 'fast', '', 0, -1, '-2', Infinity, NaN, null, true]) {
      expect(() => new OneClassSvm({ gamma }), String(gamma)).toThrow(gammaMessage);
    }
    expect(() => new OneClassSvm({ gamma: 'big' })).toThrow(`got "big"`);
    expect(() => new OneClassSvm({ nu: 0 })).toThrow(/'nu' must be in \(0, 1\], got 0/);
    expect(() => new OneClassSvm({ nu: 1.5 })).toThrow(/'nu' must be in \(0, 1\]/);
    expect(() => new OneClassSvm({ nu: '0.1' })).toThrow(/parameter 'nu' must be a finite number, got "0.1"/);
    expect(() => new OneClassSvm({ tolerance: 0 })).toThrow(/'tolerance' must be > 0/);
    expect(() => new OneClassSvm({ maxSamples: 1 })).toThrow(/'maxSamples' must be an integer >= 2, got 1/);
    expect(() => new OneClassSvm({ maxSamples: 100.5 })).toThrow(/'maxSamples' must be an integer/);
    expect(() => new OneClassSvm({ contamination: 0.6 })).toThrow(/'contamination' must be in \(0, 0.5\]/);
    expect(() => new OneClassSvm({ kernel: 'linear' })).toThrow(
      /unknown parameter 'kernel' \(known: nu, gamma/,
    );
  });

  it('refuses a malformed fitted state with the field named', async () => {
    const det = await new OneClassSvm().fit(normalCloud(1, 60, 2));
    const state = det.toJSON().state as OcsvmState;
    const load = (s: unknown) => () => ocsvmFactory.fromJSON({ ...det.toJSON(), state: s });
    expect(load({ ...state, rho: null })).toThrow(/invalid fitted state: rho/);
    expect(load({ ...state, gamma: -1 })).toThrow(/invalid fitted state: gamma/);
    expect(load({ ...state, coef: state.coef.slice(1) })).toThrow(/support vectors for/);
    expect(load({ ...state, coef: state.coef.map(() => 2) })).toThrow(/coef\[0\] must be in \(0, 1\]/);
    expect(load({ ...state, supportVectors: state.supportVectors.map((v) => v.slice(1)) })).toThrow(
      /supportVectors\[0\] must be 2 finite numbers/,
    );
    expect(load({ ...state, converged: 'yes' })).toThrow(/converged/);
  });
});

describe('One-class SVM fitting', () => {
  it('fits on an evenly spaced sample when there are more rows than maxSamples, and says so', async () => {
    const X = normalCloud(5, 300, 3);
    const capped = await new OneClassSvm({ maxSamples: 100, nu: 0.1 }).fit(X);
    const notes = capped.notes();
    expect(notes[0]).toBe(
      'Fitted on a 100-row sample of 300 training rows (evenly spaced): the solver is quadratic or worse in rows.',
    );
    // The same model as fitting those rows (every third) directly, and every row is scored.
    const sample = selectRows(
      X,
      Array.from({ length: 100 }, (_, s) => 3 * s),
    );
    const direct = await new OneClassSvm({ nu: 0.1 }).fit(sample);
    expect(Array.from(capped.score(X))).toEqual(Array.from(direct.score(X)));
    expect(direct.notes()[0]).toMatch(/^\d+ support vectors of 100 rows/);
    expect(direct.notes().some((n) => n.includes('sample'))).toBe(false);
    const state = capped.toJSON().state as OcsvmState;
    expect(notes[1]).toContain(`${state.coef.length} support vectors of 100 rows`);
    expect(state.fittedRows).toBe(100);
    expect(state.trainingRows).toBe(300);
  });

  it('keeps at least nu of the rows as support vectors and at most nu of them outside', async () => {
    const X = normalCloud(8, 400, 4);
    for (const nu of [0.02, 0.1, 0.5]) {
      const det = await new OneClassSvm({ nu }).fit(X);
      const state = det.toJSON().state as OcsvmState;
      const sum = state.coef.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(nu * X.rows, 9);
      expect(state.coef.length).toBeGreaterThanOrEqual(Math.floor(nu * X.rows));
      const outside = Array.from(det.score(X)).filter((s) => s > 1e-3).length;
      expect(outside).toBeLessThanOrEqual(Math.ceil(nu * X.rows));
    }
  });

  it('resolves gamma from the fitted sample: scale = 1 / (features x variance), auto = 1 / features', async () => {
    const X = matrixFromRows([
      [0, 0],
      [2, 0],
      [0, 4],
      [2, 4],
    ]);
    // Values 0, 0, 2, 0, 0, 4, 2, 4: mean 1.5, mean square 5, population variance 5 - 1.5^2 = 2.75.
    const scale = (await new OneClassSvm().fit(X)).toJSON().state as OcsvmState;
    expect(scale.gamma).toBeCloseTo(1 / (2 * 2.75), 14);
    const auto = (await new OneClassSvm({ gamma: 'auto' }).fit(X)).toJSON().state as OcsvmState;
    expect(auto.gamma).toBe(0.5);
    const constant = matrixFromRows([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const flat = await new OneClassSvm().fit(constant);
    expect((flat.toJSON().state as OcsvmState).gamma).toBe(1);
    expect(Array.from(flat.score(constant)).every(Number.isFinite)).toBe(true);
  });

  it('rejects with an AbortError when aborted during a long fit, and stays unfitted', async () => {
    const X = normalCloud(2, 6000, 8);
    const ctrl = new AbortController();
    const det = new OneClassSvm({ nu: 0.5 });
    const seen: number[] = [];
    const fit = det.fit(X, {
      signal: ctrl.signal,
      onProgress: (f) => {
        seen.push(f);
        if (f > 0) ctrl.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBeLessThan(1);
  });
});
