import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCsv, naturalCompare, summarize } from '../../../src/engine/table';
import type { Dataset } from '../../../src/engine/table/dataset';
import { describeMetrics } from '../../../src/engine/eda/descriptive-stats';

describe('summarize', () => {
  it('summarizes time, entities, labels and metrics exactly, ignoring NaN', () => {
    const text = [
      'timestamp,host,cpu,label',
      '2024-03-04T00:00:00Z,host-10,1,0',
      '2024-03-04T00:00:00Z,host-2,,1',
      '2024-03-04T00:05:00Z,host-10,3,0',
      '2024-03-04T00:05:00Z,host-2,5,0',
      '2024-03-04T00:15:00Z,host-10,,0',
    ].join('\n');
    const s = summarize(loadCsv(text, 's.csv'));
    const t0 = Date.UTC(2024, 2, 4);
    expect(s.rows).toBe(5);
    expect(s.columns).toBe(4);
    expect(s.time).toEqual({ column: 'timestamp', start: t0, end: t0 + 900_000, stepMs: 450_000 });
    expect(s.entities).toEqual({ column: 'host', count: 2, values: ['host-2', 'host-10'] });
    expect(s.labelled).toEqual({ column: 'label', positives: 1, share: 0.2 });
    expect(s.metrics).toEqual([{ name: 'cpu', missing: 2, missingPct: 40, min: 1, mean: 3, max: 5, std: 2 }]);
  });

  it('gives NaN statistics for an all-missing metric and omits absent roles', () => {
    const s = summarize(loadCsv('a,b\n,1\n,2\n', 'n.csv'));
    expect(s.time).toBeUndefined();
    expect(s.entities).toBeUndefined();
    expect(s.labelled).toBeUndefined();
    expect(s.metrics[0]).toEqual({
      name: 'a',
      missing: 2,
      missingPct: 100,
      min: NaN,
      mean: NaN,
      max: NaN,
      std: NaN,
    });
    expect(s.metrics[1].std).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('orders entity names naturally', () => {
    expect(['b10', 'b2', 'a', 'b1'].sort(naturalCompare)).toEqual(['a', 'b1', 'b2', 'b10']);
  });

  it('gives the time range and median step of a full sort, whatever the runs of ascending times', () => {
    // Few runs (sorted per entity, entity after entity) are merged, many are sorted: both must agree
    // with a plain sort of the times.
    const run = fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(NaN)), { maxLength: 30 });
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 100 }), (runs) => {
        const times = Float64Array.from(
          runs.flatMap((r) => r.map((v) => v * 60_000).sort((a, b) => a - b)),
          (v) => v,
        );
        const ds: Dataset = {
          name: 't',
          table: table({ t: times, x: new Float64Array(times.length) }),
          schema: { time: 't', metrics: ['x'] },
        };
        const known = Float64Array.from([...times].filter((v) => !Number.isNaN(v))).sort();
        const steps = Float64Array.from(
          known
            .slice(1)
            .map((v, i) => v - known[i])
            .filter((d) => d > 0),
        ).sort();
        const mid = steps.length >> 1;
        const stepMs =
          steps.length === 0 ? NaN : steps.length % 2 ? steps[mid] : (steps[mid - 1] + steps[mid]) / 2;
        expect(summarize(ds).time).toEqual({
          column: 't',
          start: known.length ? known[0] : NaN,
          end: known.length ? known[known.length - 1] : NaN,
          stepMs,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same metrics from the descriptive statistics as from its own passes', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN), fc.constant(0));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 1, maxLength: 50 }), (rows) => {
        const cols = [0, 1, 2].map((c) => Float64Array.from(rows, (r) => r[c]));
        const ds: Dataset = {
          name: 'k',
          table: table({ a: cols[0], b: cols[1], c: cols[2] }),
          schema: { metrics: ['a', 'b', 'c'] },
        };
        const own = summarize(ds);
        expect(summarize(ds, describeMetrics(ds))).toEqual(own);
        // Statistics of other columns, or of other rows, are not taken.
        const stats = describeMetrics(ds);
        expect(summarize(ds, [stats[1], stats[0], stats[2]])).toEqual(own);
        expect(
          summarize(
            ds,
            stats.map((m) => ({ ...m, count: m.count + 1, mean: 99 })),
          ),
        ).toEqual(own);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a metric held as plain numbers itself', () => {
    const ds: Dataset = {
      name: 'p',
      table: table({ a: [1, null, 3] as unknown as number[] }),
      schema: { metrics: ['a'] },
    };
    expect(summarize(ds, describeMetrics(ds))).toEqual(summarize(ds));
  });
});
