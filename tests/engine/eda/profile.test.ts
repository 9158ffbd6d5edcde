import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominantPeriods } from '../../../src/engine/eda/autocorrelation';
import { medianStepMs, MIN_PERIOD_SHARE, periodsOf } from '../../../src/engine/eda/profile';
import { entityGroups } from '../../../src/engine/pipeline/features';
import type { Dataset } from '../../../src/engine/table/dataset';

/** periodsOf as it was first written: every entity grouped (entityGroups), then the one wanted picked. */
function reference(ds: Dataset, entity: string | null) {
  const groups = entityGroups(ds);
  const ents = ds.schema.entity ? (ds.table.array(ds.schema.entity) as unknown[]) : null;
  const name = (g: number[]): string | null => (ents ? String(ents[g[0]]) : null);
  const rows = groups.find((g) => entity !== null && name(g) === entity) ?? groups[0];
  const stepMs = medianStepMs(ds, rows);
  return ds.schema.metrics.map((metric) => {
    const col = ds.table.array(metric) as Float64Array;
    const periods = dominantPeriods(
      Float64Array.from(rows, (i) => col[i]),
      stepMs,
      3,
    ).filter((p) => p.share >= MIN_PERIOD_SHARE);
    return { metric, entity: name(rows), periods };
  });
}

describe('periodsOf', () => {
  it("analyses the named entity's rows (or the first entity's) in time order, as grouping all entities did", () => {
    const entityValue = fc.oneof(fc.constantFrom('web-1', 'web-2', 'db'), fc.integer({ min: 1, max: 3 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(entityValue, fc.integer({ min: 0, max: 400 })), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(null, 'web-2', 'db', '2', 'absent'),
        fc.boolean(),
        (rows, entity, withTime) => {
          const n = rows.length;
          const host = rows.map(([e]) => e);
          const t = Float64Array.from(rows, ([, s]) => s * 300_000);
          const cpu = Float64Array.from(rows, ([, s], i) => Math.sin((2 * Math.PI * s) / 24) + (i % 5) / 10);
          const ds: Dataset = {
            name: 'p',
            table: table(withTime ? { t, host, cpu } : { host, cpu }),
            schema: withTime
              ? { time: 't', entity: 'host', metrics: ['cpu'] }
              : { entity: 'host', metrics: ['cpu'] },
          };
          const got = periodsOf(ds, entity).map(({ metric, entity: e, periods }) => ({
            metric,
            entity: e,
            periods,
          }));
          expect(got, `${n} rows`).toEqual(reference(ds, entity));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('uses every row without an entity column', () => {
    const cpu = Float64Array.from({ length: 2000 }, (_, i) => Math.sin((2 * Math.PI * i) / 48));
    const ds: Dataset = { name: 'p', table: table({ cpu }), schema: { metrics: ['cpu'] } };
    const [p] = periodsOf(ds);
    expect(p.entity).toBeNull();
    expect(p.periods[0].periodSteps).toBe(48);
    expect(p).toMatchObject({ metric: 'cpu', periods: reference(ds, null)[0].periods });
  });
});
