import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RESAMPLED_ROWS, resample } from '../../../src/engine/prep/resample';
import { columnValues } from '../../../src/engine/table/column-values';
import type { Dataset } from '../../../src/engine/table/dataset';
import golden from './golden/cleaning.json';

const { relative: REL, absolute: ABS } = golden.tolerance;
const column = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => v ?? NaN);
const STEP = 300_000;

/** The golden frame: shuffled rows, two entities, several rows per step, jitter, gaps, a text column. */
function frameDataset(): Dataset {
  const f = golden.frame;
  return {
    name: 'frame',
    table: table({
      entity: f.entity,
      time: Float64Array.from(f.time),
      a: column(f.a),
      b: column(f.b),
      label: column(f.label),
      note: f.note,
    }),
    schema: { time: 'time', entity: 'entity', metrics: ['a', 'b'], label: 'label' },
    warnings: ['kept as it is'],
  };
}

const values = (ds: Dataset, name: string): unknown[] => Array.from(columnValues(ds.table, name));

describe('resample against pandas resample(origin="epoch") per entity (golden/cleaning.json)', () => {
  for (const c of golden.frame.resample) {
    it(`matches .${c.aggregate}() on a ${c.stepMs} ms grid`, () => {
      const { dataset, report } = resample(frameDataset(), {
        stepMs: c.stepMs,
        aggregate: c.aggregate as 'mean' | 'last',
      });
      const want = c.rows;
      expect(dataset.table.numRows()).toBe(want.time.length);
      expect(values(dataset, 'entity')).toEqual(want.entity);
      expect(values(dataset, 'time')).toEqual(want.time);
      expect(values(dataset, 'label')).toEqual(want.label);
      expect(values(dataset, 'note')).toEqual(want.note);
      for (const metric of ['a', 'b'] as const) {
        const got = values(dataset, metric) as number[];
        want[metric].forEach((w, i) => {
          if (w === null) expect(got[i], `${metric} row ${i}`).toBeNaN();
          else
            expect(Math.abs(got[i] - w), `${metric} row ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(
              REL * Math.abs(w) + ABS,
            );
        });
      }

      // Occupied steps counted by hand from the input rows.
      const f = golden.frame;
      const cells = new Set(f.time.map((t, i) => `${f.entity[i]}|${Math.floor(t / c.stepMs)}`));
      expect(report).toEqual({
        rowsBefore: f.time.length,
        rowsAfter: want.time.length,
        duplicatesMerged: f.time.length - cells.size,
        gapsInserted: want.time.length - cells.size,
      });
    });
  }

  it('keeps the column names, their order, the schema, the name and the warnings', () => {
    const ds = frameDataset();
    const { dataset } = resample(ds, { stepMs: STEP, aggregate: 'mean' });
    expect(dataset.table.columnNames()).toEqual(ds.table.columnNames());
    expect(dataset.schema).toEqual(ds.schema);
    expect(dataset.name).toBe('frame');
    expect(dataset.warnings).toEqual(['kept as it is']);
    expect(columnValues(dataset.table, 'a')).toBeInstanceOf(Float64Array);
  });

  it('the golden frame merges rows and inserts gaps, so both counts are exercised', () => {
    const { report } = resample(frameDataset(), { stepMs: STEP, aggregate: 'mean' });
    expect(report.duplicatesMerged).toBeGreaterThan(0);
    expect(report.gapsInserted).toBeGreaterThan(0);
  });
});

describe('resample by hand', () => {
  it('works without an entity column and sorts by time', () => {
    const ds: Dataset = {
      name: 'plain',
      table: table({
        t: Float64Array.from([1000, 0, 61_000, 200_000]),
        x: Float64Array.from([4, 2, NaN, 9]),
      }),
      schema: { time: 't', metrics: ['x'] },
    };
    const { dataset, report } = resample(ds, { stepMs: 60_000, aggregate: 'mean' });
    expect(values(dataset, 't')).toEqual([0, 60_000, 120_000, 180_000]);
    expect(values(dataset, 'x')).toEqual([3, NaN, NaN, 9]);
    expect(report).toEqual({ rowsBefore: 4, rowsAfter: 4, duplicatesMerged: 1, gapsInserted: 1 });
  });

  it("'last' takes the last non-missing value in time order; the label is the step's maximum", () => {
    const ds: Dataset = {
      name: 'last',
      table: table({
        t: Float64Array.from([20, 10, 30, 35]),
        x: Float64Array.from([5, 7, 8, NaN]),
        y: Float64Array.from([0, 1, 0, 0]),
      }),
      schema: { time: 't', metrics: ['x'], label: 'y' },
    };
    const { dataset } = resample(ds, { stepMs: 50, aggregate: 'last' });
    expect(values(dataset, 'x')).toEqual([8]);
    expect(values(dataset, 'y')).toEqual([1]);
  });

  it('reads null metric cells of a plain array as missing', () => {
    const ds: Dataset = {
      name: 'nulls',
      table: table({ t: Float64Array.from([0, 1, 2]), x: [null, 4, null] }),
      schema: { time: 't', metrics: ['x'] },
    };
    const { dataset } = resample(ds, { stepMs: 2, aggregate: 'mean' });
    expect(values(dataset, 'x')).toEqual([4, NaN]);
  });

  it('orders numeric entities numerically', () => {
    const ds: Dataset = {
      name: 'ids',
      table: table({ id: [10, 9, 10], t: Float64Array.from([0, 0, 5]), x: Float64Array.from([1, 2, 3]) }),
      schema: { time: 't', entity: 'id', metrics: ['x'] },
    };
    const { dataset } = resample(ds, { stepMs: 5, aggregate: 'mean' });
    expect(values(dataset, 'id')).toEqual([9, 10, 10]);
    expect(values(dataset, 'x')).toEqual([2, 1, 3]);
  });
});

describe('resample refuses', () => {
  const ds = frameDataset();

  it('a dataset without a time column', () => {
    expect(() =>
      resample({ ...ds, schema: { ...ds.schema, time: undefined } }, { stepMs: STEP, aggregate: 'mean' }),
    ).toThrow(/time column/);
  });

  it('a step that is not a positive number', () => {
    for (const stepMs of [0, -STEP, NaN, Infinity]) {
      expect(() => resample(ds, { stepMs, aggregate: 'mean' })).toThrow(/step must be a positive number/);
    }
  });

  it('a grid over the row limit, before allocating it', () => {
    const wide: Dataset = {
      name: 'wide',
      table: table({ t: Float64Array.from([0, MAX_RESAMPLED_ROWS * 1000]), x: Float64Array.from([1, 2]) }),
      schema: { time: 't', metrics: ['x'] },
    };
    expect(() => resample(wide, { stepMs: 1000, aggregate: 'mean' })).toThrow(
      /20000001 rows, over the limit/,
    );
    expect(resample(wide, { stepMs: 1_000_000, aggregate: 'mean' }).report.rowsAfter).toBe(
      MAX_RESAMPLED_ROWS / 1000 + 1,
    );
  });

  it('rows without a time', () => {
    const holes: Dataset = {
      name: 'holes',
      table: table({ t: Float64Array.from([0, NaN]), x: Float64Array.from([1, 2]) }),
      schema: { time: 't', metrics: ['x'] },
    };
    expect(() => resample(holes, { stepMs: 1000, aggregate: 'mean' })).toThrow(/missing on 1 rows/);
  });
});

describe('properties', () => {
  const row = fc.record({
    entity: fc.constantFrom('a', 'b', 'c'),
    time: fc.integer({ min: 0, max: 5000 }),
    x: fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { nil: null }),
  });

  it('gives each entity a regular grid covering its rows, sorted by entity then time', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 10, max: 700 }),
        fc.constantFrom('mean', 'last'),
        (rows, stepMs, aggregate: 'mean' | 'last') => {
          const ds: Dataset = {
            name: 'p',
            table: table({
              e: rows.map((r) => r.entity),
              t: Float64Array.from(rows, (r) => r.time),
              x: column(rows.map((r) => r.x)),
            }),
            schema: { time: 't', entity: 'e', metrics: ['x'] },
          };
          const { dataset, report } = resample(ds, { stepMs, aggregate });
          const e = values(dataset, 'e') as string[];
          const t = values(dataset, 't') as number[];
          const x = values(dataset, 'x') as number[];
          for (let i = 1; i < t.length; i++) {
            if (e[i] === e[i - 1]) expect(t[i] - t[i - 1]).toBe(stepMs);
            else expect(e[i] > e[i - 1]).toBe(true);
          }
          for (const name of new Set(rows.map((r) => r.entity))) {
            const mine = rows.filter((r) => r.entity === name);
            const grid = t.filter((_, i) => e[i] === name);
            expect(grid[0]).toBe(Math.floor(Math.min(...mine.map((r) => r.time)) / stepMs) * stepMs);
            expect(grid[grid.length - 1]).toBe(
              Math.floor(Math.max(...mine.map((r) => r.time)) / stepMs) * stepMs,
            );
            for (const r of mine) {
              const at = t.findIndex((g, i) => e[i] === name && g <= r.time && r.time < g + stepMs);
              expect(at).toBeGreaterThanOrEqual(0);
              const observed = mine.filter(
                (o) => o.x !== null && Math.floor(o.time / stepMs) === Math.floor(r.time / stepMs),
              );
              const xs = [...observed].sort((p, q) => p.time - q.time).map((o) => o.x!);
              if (!xs.length) expect(x[at]).toBeNaN();
              else if (aggregate === 'last') expect(x[at]).toBe(xs[xs.length - 1]);
              else expect(x[at]).toBeCloseTo(xs.reduce((s, v) => s + v, 0) / xs.length, 9);
            }
          }
          expect(report.rowsAfter).toBe(t.length);
          expect(report.rowsBefore - report.duplicatesMerged + report.gapsInserted).toBe(report.rowsAfter);
        },
      ),
    );
  });
});
