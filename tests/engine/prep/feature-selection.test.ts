/**
 * Feature selection against an independent Python implementation (pandas value counts, numpy corrcoef,
 * scikit-learn roc_auc_score, a histogram mutual information) on a seeded table; golden file written by
 * tests/reference/prep_selection.py. Plus hand-made cases, option parsing, and a speed check.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultSelection,
  parseSelection,
  SelectionConfigError,
  selectFeatures,
  type SelectionOptions,
} from '../../../src/engine/prep/feature-selection';
import { correlationPrune } from '../../../src/engine/prep/selection/correlation-prune';
import { evenSample } from '../../../src/engine/prep/selection/even-sample';
import { binnedMutualInfo } from '../../../src/engine/prep/selection/mutual-info';

interface Golden {
  names: string[];
  columns: (number | null)[][];
  trainRows: number[];
  labels: (number | null)[];
  options: SelectionOptions;
  nearConstant: Record<string, string | { stdRatio: number }>;
  correlationSample: number[];
  correlationNames: string[];
  correlationMatrix: number[][];
  correlated: { name: string; with: string; r: number }[];
  afterCorrelation: string[];
  rankings: Record<'auc' | 'mutual-info', { name: string; score: number }[]>;
  sklearnMutualInfo: Record<string, number>;
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/selection.json', import.meta.url), 'utf8'),
) as Golden;
const nanOf = (v: number | null): number => (v === null ? NaN : v);
const columns = golden.columns.map((c) => Float64Array.from(c, nanOf));
const labels = Float64Array.from(golden.labels, nanOf);
const rows = Int32Array.from(golden.trainRows);
const TOL = 1e-12;

function withRanking(method: 'auc' | 'mutual-info', topK = golden.options.ranking.topK): SelectionOptions {
  return { ...golden.options, ranking: { enabled: true, method, topK } };
}

describe('selectFeatures against the Python reference', () => {
  const result = selectFeatures(columns, golden.names, rows, labels, withRanking('auc'));

  it('drops the near-constant features with the reference details', () => {
    const near = result.dropped.filter((d) => d.reason === 'near-constant');
    expect(near.map((d) => d.name)).toEqual(Object.keys(golden.nearConstant));
    for (const d of near) {
      const ref = golden.nearConstant[d.name];
      if (typeof ref === 'string') expect(d.detail).toBe(ref);
      else expect(d.detail).toBe(`std is ${ref.stdRatio.toPrecision(2)} of |mean| (below 1e-6)`);
    }
  });

  it('drops the correlated features, naming the kept partner and r', () => {
    const corr = result.dropped.filter((d) => d.reason === 'correlated');
    expect(corr.map((d) => d.name)).toEqual(golden.correlated.map((c) => c.name));
    corr.forEach((d, k) =>
      expect(d.detail).toBe(`r = ${golden.correlated[k].r.toFixed(3)} with ${golden.correlated[k].with}`),
    );
  });

  it('computes r as numpy.corrcoef over the evenly spaced sample', () => {
    const sample = evenSample(rows, golden.options.correlation.sampleRows);
    expect(Array.from(sample)).toEqual(golden.correlationSample);
    const survivors = golden.names.filter((n) => !(n in golden.nearConstant));
    const idx = survivors.map((n) => golden.names.indexOf(n));
    const pruned = correlationPrune(
      idx.map((j) => columns[j]),
      sample,
      golden.options.correlation.threshold,
    );
    expect(pruned.kept.map((k) => survivors[k])).toEqual(golden.afterCorrelation);
    pruned.dropped.forEach((d, k) => {
      expect(survivors[d.index]).toBe(golden.correlated[k].name);
      expect(survivors[d.with]).toBe(golden.correlated[k].with);
      expect(Math.abs(d.r - golden.correlated[k].r)).toBeLessThan(1e-12);
    });
  });

  it('gives every pairwise r of numpy.corrcoef, missing values counting as the mean', () => {
    const sample = Int32Array.from(golden.correlationSample);
    const cols = golden.correlationNames.map((n) => columns[golden.names.indexOf(n)]);
    expect(cols.some((c) => c.some((v) => Number.isNaN(v)))).toBe(true);
    for (let a = 0; a < cols.length; a++) {
      for (let b = 0; b < a; b++) {
        // With threshold 0 the later column is dropped for its r with the earlier one.
        const { dropped } = correlationPrune([cols[b], cols[a]], sample, 0);
        expect(Math.abs(dropped[0].r - golden.correlationMatrix[a][b])).toBeLessThan(1e-12);
      }
    }
  });

  it.each(['auc', 'mutual-info'] as const)('ranks by %s as the reference and keeps the top K', (method) => {
    const res =
      method === 'auc' ? result : selectFeatures(columns, golden.names, rows, labels, withRanking(method));
    const ref = golden.rankings[method];
    expect(res.scores?.map((s) => s.name)).toEqual(ref.map((s) => s.name));
    res.scores?.forEach((s, k) => expect(Math.abs(s.score - ref[k].score)).toBeLessThan(TOL));
    const top = new Set(ref.slice(0, 4).map((s) => s.name));
    // Kept features stay in their original order.
    expect(res.kept).toEqual(golden.names.filter((n) => top.has(n)));
    const low = res.dropped.filter((d) => d.reason === 'low-rank');
    expect(low.map((d) => d.name)).toEqual(ref.slice(4).map((s) => s.name));
    expect(low[0].detail).toMatch(/, rank 5 of 9$/);
  });

  it('agrees loosely with scikit-learn mutual_info_classif (a kNN estimator)', () => {
    const ours = golden.rankings['mutual-info'];
    const sk = Object.entries(golden.sklearnMutualInfo).sort((a, b) => b[1] - a[1]);
    expect(ours[0].name).toBe(sk[0][0]);
    const ratio = ours[0].score / sk[0][1];
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('fits on the training rows only: a feature that copies cpu in the test rows is kept', () => {
    expect(golden.afterCorrelation).toContain('cpu__late__copy');
    const noRanking: SelectionOptions = {
      ...golden.options,
      ranking: { ...golden.options.ranking, enabled: false },
    };
    // Fitted on the test rows instead, the copy goes and the disk column (constant in training) stays.
    const testRows = Int32Array.from({ length: columns[0].length - rows.length }, (_, k) => rows.length + k);
    const onTest = selectFeatures(columns, golden.names, testRows, labels, noRanking);
    expect(onTest.dropped.find((d) => d.name === 'cpu__late__copy')?.detail).toBe(
      'r = 1.000 with cpu__raw__value',
    );
    expect(onTest.kept).toContain('disk__raw__value');
  });

  it('writes a one-sentence note with the sample size', () => {
    expect(result.note).toBe(
      'Kept 4 of 14 features; dropped 3 near-constant, 2 correlated (|r| > 0.95 over 150 of 420 training rows), ' +
        '5 outside the top 4 by ROC-AUC.',
    );
  });
});

describe('selectFeatures by hand', () => {
  const off: SelectionOptions = {
    nearConstant: { enabled: false, maxTopShare: 0.99 },
    correlation: { enabled: false, threshold: 0.95, sampleRows: 5000 },
    ranking: { enabled: false, method: 'auc', topK: 1 },
  };
  const cols = [
    Float64Array.from([1, 2, 3, 4, 5, 6]),
    Float64Array.from([2, 4, 6, 8, 10, 12]),
    Float64Array.from([0, 0, 0, 0, 0, 1]),
    Float64Array.from([1, 3, 2, 6, 4, 5]),
  ];
  const names = ['a', 'b', 'c', 'd'];
  const all = [0, 1, 2, 3, 4, 5];

  it('keeps everything when every step is off', () => {
    const res = selectFeatures(cols, names, all, null, off);
    expect(res).toEqual({ kept: names, dropped: [], note: 'No feature selection: all 4 features kept.' });
  });

  it('keeps the earlier of two duplicates, and a negative r counts', () => {
    const neg = [...cols, Float64Array.from([-1, -2, -3, -4, -5, -6])];
    const res = selectFeatures(neg, [...names, 'e'], all, null, {
      ...off,
      correlation: { ...off.correlation, enabled: true },
    });
    expect(res.kept).toEqual(['a', 'c', 'd']);
    expect(res.dropped).toEqual([
      { name: 'b', reason: 'correlated', detail: 'r = 1.000 with a' },
      { name: 'e', reason: 'correlated', detail: 'r = -1.000 with a' },
    ]);
    expect(res.note).toBe(
      'Kept 3 of 5 features; dropped 2 correlated (|r| > 0.95 over all 6 training rows).',
    );
  });

  it('looks only at the training rows for near-constant features', () => {
    const nc = { ...off, nearConstant: { enabled: true, maxTopShare: 0.8 } };
    // Over rows 0-4, c is all zeros; over all six rows its top value covers 83%, above 0.8 too.
    expect(selectFeatures(cols, names, [0, 1, 2, 3, 4], null, nc).dropped).toEqual([
      { name: 'c', reason: 'near-constant', detail: 'top value covers 100.0% of rows' },
    ]);
    const looser = { ...off, nearConstant: { enabled: true, maxTopShare: 0.9 } };
    expect(selectFeatures(cols, names, all, null, looser).kept).toEqual(names);
    expect(selectFeatures(cols, names, [0, 1, 2, 3, 4], null, looser).kept).toEqual(['a', 'b', 'd']);
  });

  it('treats NaN as a value ("missing") and drops a column without finite values', () => {
    const gaps = [
      Float64Array.from([NaN, NaN, NaN, NaN, NaN, 1]),
      Float64Array.from([NaN, Infinity, NaN, -Infinity, NaN, NaN]),
    ];
    const res = selectFeatures(gaps, ['g', 'h'], all, null, {
      ...off,
      nearConstant: { enabled: true, maxTopShare: 0.8 },
    });
    expect(res.dropped.map((d) => d.detail)).toEqual([
      'missing in 83.3% of rows',
      'no finite value in the training rows',
    ]);
  });

  it('uses the mode for maxTopShare below one half', () => {
    const col = Float64Array.from([1, 1, 2, 2, 2, 3, 4, 5, 6, 7]);
    const nc = (share: number): SelectionOptions => ({
      ...off,
      nearConstant: { enabled: true, maxTopShare: share },
    });
    expect(selectFeatures([col], ['x'], Array.from(col.keys()), null, nc(0.29)).dropped[0].detail).toBe(
      'top value covers 30.0% of rows',
    );
    expect(selectFeatures([col], ['x'], Array.from(col.keys()), null, nc(0.3)).kept).toEqual(['x']);
  });

  it('ranks on labelled training rows only and keeps the top K in feature order', () => {
    // a separates perfectly on rows 0-3 (labels 0 0 1 1); row 4 is unlabelled, row 5 is not a training row.
    const y = [0, 0, 1, 1, NaN, 0];
    const opts = { ...off, ranking: { enabled: true, method: 'auc' as const, topK: 2 } };
    const res = selectFeatures(cols, names, [0, 1, 2, 3, 4], y, opts);
    expect(res.scores).toEqual([
      { name: 'a', score: 1 },
      { name: 'b', score: 1 },
      { name: 'd', score: 0.5 },
      { name: 'c', score: 0 },
    ]);
    expect(res.kept).toEqual(['a', 'b']);
    expect(res.dropped.map((d) => d.detail)).toEqual([
      '|AUC - 0.5| * 2 = 0.500, rank 3 of 4',
      '|AUC - 0.5| * 2 = 0.00, rank 4 of 4',
    ]);
  });

  it('skips the ranking without both classes in the training rows, and says why', () => {
    const opts = { ...off, ranking: { enabled: true, method: 'mutual-info' as const, topK: 1 } };
    const none = selectFeatures(cols, names, all, null, opts);
    expect(none.kept).toEqual(names);
    expect(none.scores).toBeUndefined();
    expect(none.note).toBe('Kept 4 of 4 features; ranking skipped: the data has no labels.');
    const y = [0, 0, 0, 0, 1, 1];
    expect(selectFeatures(cols, names, [0, 1, 2, 3], y, opts).note).toContain(
      'the training rows hold no labelled anomaly',
    );
    expect(selectFeatures(cols, names, [4, 5], y, opts).note).toContain(
      'the labelled training rows are all anomalies',
    );
    expect(selectFeatures(cols, names, [3, 4, 5], y, opts).kept).toHaveLength(1);
  });

  it('refuses mismatched inputs', () => {
    expect(() => selectFeatures(cols, ['a'], all, null, off)).toThrow(/4 columns but 1 names/);
    expect(() => selectFeatures(cols, names, [0, 6], null, off)).toThrow(/training row 1 is 6/);
    expect(() => selectFeatures(cols, names, all, [0, 1], off)).toThrow(/labels have 2 rows/);
  });
});

describe('binnedMutualInfo', () => {
  it('is ln 2 for a feature that determines a balanced label, 0 for an unrelated one', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    expect(
      binnedMutualInfo(
        x,
        x.map((i) => (i < 10 ? 0 : 1)),
      ),
    ).toBeCloseTo(Math.LN2, 14);
    // Every bin holds one anomaly and one normal row: independent.
    expect(
      binnedMutualInfo(
        x,
        x.map((i) => i % 2),
      ),
    ).toBeCloseTo(0, 14);
  });

  it('puts ties in one bin (a constant feature carries no information)', () => {
    expect(binnedMutualInfo([3, 3, 3, 3], [0, 1, 0, 1])).toBe(0);
    expect(binnedMutualInfo([3, 3, 3, 3], [0, 1, 1, 1])).toBe(0);
  });

  it('never exceeds the label entropy', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { minLength: 1, maxLength: 100 }),
        (pairs) => {
          const y = pairs.map(([, b]) => (b ? 1 : 0));
          const p = y.reduce((s: number, v) => s + v, 0) / y.length;
          const h = p > 0 && p < 1 ? -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) : 0;
          const mi = binnedMutualInfo(
            pairs.map(([v]) => v),
            y,
          );
          expect(mi).toBeGreaterThanOrEqual(0);
          expect(mi).toBeLessThanOrEqual(h + 1e-12);
        },
      ),
    );
  });
});

describe('parseSelection', () => {
  it('gives the defaults for nothing and fills absent fields', () => {
    expect(parseSelection(undefined)).toEqual(defaultSelection());
    expect(parseSelection({ correlation: { threshold: 0.9 } })).toEqual({
      ...defaultSelection(),
      correlation: { ...defaultSelection().correlation, threshold: 0.9 },
    });
  });

  it('round-trips through JSON', () => {
    const o = parseSelection({
      ranking: { enabled: true, method: 'mutual-info', topK: 5 },
      nearConstant: { minStdRatio: 0 },
    });
    expect(parseSelection(JSON.parse(JSON.stringify(o)))).toEqual(o);
  });

  it.each([
    [{ correlation: { threshold: 1.5 } }, 'selection.correlation.threshold'],
    [{ correlation: { threshold: '0.9' } }, 'selection.correlation.threshold'],
    [{ correlation: { sampleRows: 10.5 } }, 'selection.correlation.sampleRows'],
    [{ nearConstant: { maxTopShare: 0 } }, 'selection.nearConstant.maxTopShare'],
    [{ nearConstant: { minStdRatio: -1 } }, 'selection.nearConstant.minStdRatio'],
    [{ nearConstant: { enabled: 'yes' } }, 'selection.nearConstant.enabled'],
    [{ ranking: { method: 'chi2' } }, 'selection.ranking.method'],
    [{ ranking: { topK: 0 } }, 'selection.ranking.topK'],
    [{ ranking: { topk: 3 } }, 'selection.ranking.topk'],
    [{ ranking: 3 }, 'selection.ranking'],
    [{ pca: {} }, 'selection.pca'],
    [[], 'selection'],
  ])('refuses %j naming %s', (raw, field) => {
    let error: unknown;
    try {
      parseSelection(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectionConfigError);
    expect((error as SelectionConfigError).field).toBe(field);
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
  });
});
