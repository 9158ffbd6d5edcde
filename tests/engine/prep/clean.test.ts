import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { entityGroups } from '../../../src/engine/pipeline/features';
import { cleanDataset } from '../../../src/engine/prep/clean';
import { defaultCleaning, parseCleaning, type CleaningSpec } from '../../../src/engine/prep/cleaning-spec';
import { fillForward, interpolateLinear } from '../../../src/engine/prep/missing-values';
import { resample } from '../../../src/engine/prep/resample';
import { columnValues } from '../../../src/engine/table/column-values';
import type { Dataset } from '../../../src/engine/table/dataset';

const column = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);
const values = (ds: Dataset, name: string): unknown[] => Array.from(columnValues(ds.table, name));

function withMissing(
  method: CleaningSpec['missing']['method'],
  over: Partial<CleaningSpec['missing']> = {},
): CleaningSpec {
  const spec = defaultCleaning();
  spec.missing = { ...spec.missing, method, ...over };
  return spec;
}

/**
 * Two hosts, rows interleaved: web's cpu_pct has a 2-row gap and a leading NaN on db; mem has one
 * missing value on web. Times are 5-minute steps.
 */
function hosts(): Dataset {
  const T = 300_000;
  return {
    name: 'hosts',
    table: table({
      host: ['web', 'db', 'web', 'db', 'web', 'db', 'web', 'db'],
      time: Float64Array.from([0, 0, T, T, 2 * T, 2 * T, 3 * T, 3 * T]),
      cpu_pct: column([10, null, null, 40, null, 42, 16, 44]),
      mem: column([1, 2, null, 2, 3, 2, 3, 2]),
      note: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    }),
    schema: { time: 'time', entity: 'host', metrics: ['cpu_pct', 'mem'] },
  };
}

describe('parseCleaning', () => {
  it('reads back what JSON made of the default', () => {
    const spec = defaultCleaning();
    expect(parseCleaning(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    expect(spec).toEqual({
      resample: null,
      missing: { method: 'ffill', limit: null, window: 12 },
      outliers: { method: 'keep', lower: 0.001, upper: 0.999, k: 1.5 },
    });
  });

  it('reads a full spec and returns a fresh object', () => {
    const raw = {
      resample: { stepMs: 300_000, aggregate: 'last' },
      missing: { method: 'interpolate', limit: 6, window: 3 },
      outliers: { method: 'clip-iqr', lower: 0.01, upper: 0.99, k: 3 },
    };
    const spec = parseCleaning(raw);
    expect(spec).toEqual(raw);
    expect(spec.missing).not.toBe(raw.missing);
  });

  const broken: [string, (raw: Record<string, Record<string, unknown>>) => void, string][] = [
    ['limit 0', (r) => (r.missing.limit = 0), 'cleaning.missing.limit: must be a positive integer or null'],
    [
      'limit 1.5',
      (r) => (r.missing.limit = 1.5),
      'cleaning.missing.limit: must be a positive integer or null',
    ],
    [
      'limit as text',
      (r) => (r.missing.limit = '3'),
      'cleaning.missing.limit: must be a positive integer or null',
    ],
    ['window 0', (r) => (r.missing.window = 0), 'cleaning.missing.window: must be a positive integer'],
    ['unknown method', (r) => (r.missing.method = 'mean'), 'cleaning.missing.method: must be one of'],
    ['a missing field', (r) => delete r.missing.window, 'cleaning.missing.window: is required'],
    ['an unknown field', (r) => (r.missing.limti = 3), 'cleaning.missing.limti: unknown field'],
    [
      'a zero step',
      (r) => (r.resample = { stepMs: 0, aggregate: 'mean' }),
      'cleaning.resample.stepMs: must be a positive',
    ],
    [
      'a median aggregate',
      (r) => (r.resample = { stepMs: 1, aggregate: 'median' }),
      'cleaning.resample.aggregate: must be one of',
    ],
    [
      'a resample list',
      (r) => ((r as Record<string, unknown>).resample = [1]),
      'cleaning.resample: must be an object or null',
    ],
    ['an outlier method', (r) => (r.outliers.method = 'winsor'), 'cleaning.outliers.method: must be one of'],
    [
      'lower above upper',
      (r) => (r.outliers.lower = 0.9999),
      'cleaning.outliers.upper: must be above lower (0.9999)',
    ],
    ['upper above 1', (r) => (r.outliers.upper = 1.5), 'cleaning.outliers.upper: must be a quantile'],
    ['a negative lower', (r) => (r.outliers.lower = -0.1), 'cleaning.outliers.lower: must be a quantile'],
    ['a negative k', (r) => (r.outliers.k = -1), 'cleaning.outliers.k: must be a non-negative number'],
    ['no outliers', (r) => delete r.outliers, 'cleaning.outliers: is required'],
  ];
  for (const [what, edit, message] of broken) {
    it(`names the field for ${what}`, () => {
      const raw = JSON.parse(JSON.stringify(defaultCleaning()));
      edit(raw);
      expect(() => parseCleaning(raw)).toThrow(message);
    });
  }

  it('refuses something that is not an object', () => {
    for (const raw of [null, undefined, 3, 'ffill', []]) {
      expect(() => parseCleaning(raw)).toThrow('cleaning: must be an object');
    }
  });
});

describe('cleanDataset', () => {
  it('forward-fills every metric per entity by default and reports it in one sentence', () => {
    const ds = hosts();
    const { dataset, report } = cleanDataset(ds, defaultCleaning());
    expect(values(dataset, 'cpu_pct')).toEqual([10, NaN, 10, 40, 10, 42, 16, 44]);
    expect(values(dataset, 'mem')).toEqual([1, 2, 1, 2, 3, 2, 3, 2]);
    expect(values(dataset, 'note')).toEqual(values(ds, 'note'));
    expect(dataset.table.columnNames()).toEqual(ds.table.columnNames());
    expect(report.rowsBefore).toBe(8);
    expect(report.rowsAfter).toBe(8);
    expect(report.resample).toBeNull();
    expect(report.steps).toEqual([
      {
        step: 'missing',
        sentence:
          'Forward fill filled 2 missing values in cpu_pct (longest gap 2 rows) and 1 missing value in mem ' +
          "(longest gap 1 row); 1 value is still missing (before an entity's first value).",
        rowsBefore: 8,
        rowsAfter: 8,
        rowsDropped: 0,
        metrics: [
          { metric: 'cpu_pct', missingBefore: 3, filled: 2, missingAfter: 1, longestGap: 2 },
          { metric: 'mem', missingBefore: 1, filled: 1, missingAfter: 0, longestGap: 1 },
        ],
      },
    ]);
  });

  it('writes the sentence of the brief for a single metric filled completely', () => {
    const ds: Dataset = {
      name: 'one',
      table: table({ cpu_pct: column([1, null, null, 4, null]) }),
      schema: { metrics: ['cpu_pct'] },
    };
    const { report } = cleanDataset(ds, defaultCleaning());
    expect(report.steps[0].sentence).toBe(
      'Forward fill filled 3 missing values in cpu_pct (longest gap 2 rows).',
    );
  });

  it('interpolates with a limit: the 2-row gap is over a limit of 1 and stays', () => {
    const { dataset, report } = cleanDataset(hosts(), withMissing('interpolate', { limit: 1 }));
    expect(values(dataset, 'cpu_pct')).toEqual([10, NaN, NaN, 40, NaN, 42, 16, 44]);
    expect(values(dataset, 'mem')).toEqual([1, 2, 2, 2, 3, 2, 3, 2]);
    expect(report.steps[0].sentence).toBe(
      'Linear interpolation (gaps of up to 1 row) filled 0 missing values in cpu_pct (longest gap 2 rows) ' +
        "and 1 missing value in mem (longest gap 1 row); 3 values are still missing (at an entity's ends " +
        'or in gaps over 1 row).',
    );
  });

  it('fills with the rolling median of the previous rows', () => {
    const { dataset, report } = cleanDataset(hosts(), withMissing('rolling-median', { window: 2 }));
    expect(values(dataset, 'cpu_pct')).toEqual([10, NaN, 10, 40, 10, 42, 16, 44]);
    expect(report.steps[0].metrics[0]).toEqual({
      metric: 'cpu_pct',
      missingBefore: 3,
      filled: 2,
      missingAfter: 1,
      longestGap: 2,
    });
  });

  it('drops rows with any missing metric, keeping every column aligned', () => {
    const ds = hosts();
    const { dataset, report } = cleanDataset(ds, withMissing('drop'));
    expect(values(dataset, 'note')).toEqual(['a', 'd', 'f', 'g', 'h']);
    expect(values(dataset, 'cpu_pct')).toEqual([10, 40, 42, 16, 44]);
    expect(values(dataset, 'time')).toEqual([0, 300_000, 600_000, 900_000, 900_000]);
    expect(columnValues(dataset.table, 'time')).toBeInstanceOf(Float64Array);
    expect(report.rowsAfter).toBe(5);
    expect(report.steps[0].rowsDropped).toBe(3);
    expect(report.steps[0].metrics.map((m) => m.missingAfter)).toEqual([0, 0]);
    expect(report.steps[0].sentence).toBe('Dropping rows with a missing metric removed 3 of 8 rows (37.5%).');
  });

  it("'none' leaves the dataset as it is and says what is missing", () => {
    const ds = hosts();
    const { dataset, report } = cleanDataset(ds, withMissing('none'));
    expect(dataset).toBe(ds);
    expect(report.steps[0].sentence).toBe('Missing values left as they are: 3 in cpu_pct and 1 in mem.');
  });

  it('never clips outliers: clipping is fitted on training rows later', () => {
    const spec = defaultCleaning();
    spec.outliers = { method: 'clip-quantile', lower: 0.25, upper: 0.75, k: 1.5 };
    const { dataset } = cleanDataset(hosts(), spec);
    expect(values(dataset, 'cpu_pct')).toEqual(
      values(cleanDataset(hosts(), defaultCleaning()).dataset, 'cpu_pct'),
    );
  });

  it('resamples, then fills the steps resampling left empty', () => {
    const T = 60_000;
    const ds: Dataset = {
      name: 'irregular',
      table: table({
        host: ['a', 'a', 'a', 'b', 'a', 'b'],
        time: Float64Array.from([0, 10_000, 3 * T, 0, 4 * T + 5, 2 * T]),
        x: column([1, 3, 8, 100, 9, null]),
      }),
      schema: { time: 'time', entity: 'host', metrics: ['x'] },
    };
    const spec: CleaningSpec = { ...withMissing('interpolate'), resample: { stepMs: T, aggregate: 'mean' } };
    const { dataset, report } = cleanDataset(ds, spec);
    const resampled = resample(ds, spec.resample!).dataset;
    const expected = interpolateLinear(
      Float64Array.from(columnValues(resampled.table, 'x') as ArrayLike<number>),
      entityGroups(resampled),
      null,
    ).values;
    expect(values(dataset, 'x')).toEqual(Array.from(expected));
    // a: 0 -> mean(1, 3) = 2, 1 and 2 empty -> 4, 6; 3 -> 8; 4 -> 9. b: 100, empty, missing (trailing).
    expect(values(dataset, 'x')).toEqual([2, 4, 6, 8, 9, 100, NaN, NaN]);
    expect(report.resample).toEqual({ rowsBefore: 6, rowsAfter: 8, duplicatesMerged: 1, gapsInserted: 3 });
    expect(report.steps.map((s) => s.step)).toEqual(['resample', 'missing']);
    expect(report.steps[0].metrics).toEqual([
      { metric: 'x', missingBefore: 1, filled: 0, missingAfter: 4, longestGap: 1 },
    ]);
    expect(report.steps[0].sentence).toBe(
      'Resampling to a regular 1-minute grid (mean per step) turned 6 rows into 8: 1 row sharing a step ' +
        'merged, 3 empty steps added as missing.',
    );
    expect(report.steps[1].metrics).toEqual([
      { metric: 'x', missingBefore: 4, filled: 2, missingAfter: 2, longestGap: 2 },
    ]);
    expect(report.rowsAfter).toBe(8);
  });

  it('matches fillForward with a limit on every metric', () => {
    const ds = hosts();
    const { dataset } = cleanDataset(ds, withMissing('ffill', { limit: 1 }));
    const groups = entityGroups(ds);
    for (const m of ds.schema.metrics) {
      const want = fillForward(columnValues(ds.table, m) as Float64Array, groups, 1).values;
      expect(values(dataset, m)).toEqual(Array.from(want));
    }
    expect(values(dataset, 'cpu_pct')).toEqual([10, NaN, 10, 40, NaN, 42, 16, 44]);
  });
});
