import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClusterMetrics } from '../../../../src/engine/synth';
import { DataError, isLongFormat, parseCsv, pivotLong } from '../../../../src/engine/table';
import {
  instanceSeries,
  instancesOf,
  LONG_METRICS,
  LONG_OPTIONS,
  makeLongCsv,
} from '../../../reference/make-format-samples';

const sample = 'data/formats/long-demo.csv';
const t0 = Date.UTC(2024, 2, 4);

function pivot(text: string, file = 'long.csv', overrides = {}) {
  return pivotLong(parseCsv(text, file), file, overrides);
}

describe('isLongFormat', () => {
  it('recognises time, entity, metric name and value columns', () => {
    const long = parseCsv('timestamp,host,metric_name,value\n2024-03-04,a,cpu,1\n', 'x.csv');
    expect(isLongFormat(long.header, long.kinds)).toBe(true);
    const melted = parseCsv('time,variable,value,label\n2024-03-04,cpu,1,0\n', 'x.csv');
    expect(isLongFormat(melted.header, melted.kinds)).toBe(true);
  });

  it('rejects wide tables, including one with a name column and other metrics', () => {
    const wide = parseCsv('timestamp,instance,cpu,mem\n2024-03-04,a,1,2\n', 'x.csv');
    expect(isLongFormat(wide.header, wide.kinds)).toBe(false);
    const named = parseCsv('timestamp,name,value,mem\n2024-03-04,a,1,2\n', 'x.csv');
    expect(isLongFormat(named.header, named.kinds)).toBe(false);
    const noTime = parseCsv('host,metric,value\na,cpu,1\n', 'x.csv');
    expect(isLongFormat(noTime.header, noTime.kinds)).toBe(false);
  });
});

describe('pivotLong', () => {
  it('pivots the sample to the generator columns, value for value', () => {
    const text = readFileSync(sample, 'utf8');
    expect(text, 'data/formats is stale: run npx tsx tests/reference/make-format-samples.ts').toBe(
      makeLongCsv(),
    );
    const ds = pivot(text, sample);
    expect(ds.name).toBe('long-demo');
    expect(ds.warnings).toBeUndefined();
    expect(ds.schema).toEqual({
      time: 'timestamp',
      entity: 'instance',
      metrics: [...LONG_METRICS],
      label: 'label',
    });
    expect(ds.table.columnNames()).toEqual(['timestamp', 'instance', ...LONG_METRICS, 'label']);

    const source = generateClusterMetrics(LONG_OPTIONS);
    const steps = LONG_OPTIONS.days * (1440 / LONG_OPTIONS.stepMinutes);
    expect(ds.table.numRows()).toBe(LONG_OPTIONS.instances * steps);
    expect(ds.table.column('timestamp')).toBeInstanceOf(Float64Array);
    // The generator orders rows by instance then time, as the pivot does.
    expect(Array.from(ds.table.array('timestamp') as Float64Array)).toEqual(
      Array.from(source.table.array('timestamp') as Float64Array),
    );
    expect(Array.from(ds.table.array('instance') as string[])).toEqual(
      Array.from(source.table.array('instance') as string[]),
    );
    for (const m of [...LONG_METRICS, 'label']) {
      expect(ds.table.column(m)).toBeInstanceOf(Float64Array);
      expect(Array.from(ds.table.array(m) as Float64Array), m).toEqual(
        Array.from(source.table.array(m) as Float64Array),
      );
    }
    expect(instancesOf(ds)).toEqual(instancesOf(source));
    expect(instanceSeries(ds, 'web-01', 'cpu_pct')).toEqual(instanceSeries(source, 'web-01', 'cpu_pct'));
  });

  it('averages duplicates, counts them in warnings, and leaves missing combinations NaN', () => {
    const text = [
      'timestamp,host,metric,value',
      '2024-03-04T00:05:00Z,b,cpu,4',
      '2024-03-04T00:00:00Z,a,cpu,1',
      '2024-03-04T00:00:00Z,a,cpu,3',
      '2024-03-04T00:00:00Z,a,mem,10',
      '2024-03-04T00:05:00Z,a,mem,11',
      '2024-03-04T00:05:00Z,a,mem,',
      '2024-03-04T00:05:00Z,a,mem,13',
    ].join('\n');
    const ds = pivot(text);
    expect(ds.schema).toEqual({ time: 'timestamp', entity: 'host', metrics: ['cpu', 'mem'] });
    expect(ds.table.objects()).toEqual([
      { timestamp: t0 + 300_000, host: 'b', cpu: 4, mem: NaN },
      { timestamp: t0, host: 'a', cpu: 2, mem: 10 },
      { timestamp: t0 + 300_000, host: 'a', cpu: NaN, mem: 12 },
    ]);
    expect(ds.warnings).toEqual([
      '3 duplicate (entity, time, metric) rows averaged (first on line 4: a, 2024-03-04T00:00:00.000Z, cpu)',
    ]);
  });

  it('labels a wide row 1 when any of its long rows is labelled, and drops other text columns', () => {
    const text = [
      'ts,instance,name,value,region,is_anomaly',
      '1709510400,i-1,cpu,1,eu,0',
      '1709510400,i-1,mem,2,eu,1',
      '1709510460,i-1,cpu,3,eu,0',
    ].join('\n');
    const ds = pivot(text);
    expect(ds.schema).toEqual({
      time: 'ts',
      entity: 'instance',
      metrics: ['cpu', 'mem'],
      label: 'is_anomaly',
    });
    expect(ds.table.objects()).toEqual([
      { ts: t0, instance: 'i-1', cpu: 1, mem: 2, is_anomaly: 1 },
      { ts: t0 + 60_000, instance: 'i-1', cpu: 3, mem: NaN, is_anomaly: 0 },
    ]);
    expect(ds.warnings).toEqual(["column 'region' not used by the long-format pivot and left out"]);
  });

  it('works without an entity and honours overrides', () => {
    const text = 'time,metric,value\n2024-03-04,cpu,1\n2024-03-04,mem,2\n';
    expect(pivot(text).table.objects()).toEqual([{ time: t0, cpu: 1, mem: 2 }]);
    const chosen = pivot(text, 'x.csv', { metrics: ['mem'] });
    expect(chosen.schema.metrics).toEqual(['mem']);
    expect(() => pivot(text, 'x.csv', { metrics: ['disk'] })).toThrow(
      /'disk' is not in the file; columns: time, cpu, mem/,
    );
  });

  it('refuses bad cells naming the line and column', () => {
    const head = 'timestamp,host,metric,value,label\n';
    const cases: [string, RegExp][] = [
      [
        '2024-03-04,a,cpu,1,0\nsoon,a,cpu,2,0\n',
        /long\.csv, line 3, column 'timestamp': 'soon' is not a time/,
      ],
      ['2024-03-04,a,cpu,1,0\n2024-03-05,a,cpu,abc,0\n', /line 3, column 'value': 'abc' is not a number/],
      ['2024-03-04,,cpu,1,0\n', /line 2, column 'host': the entity is empty/],
      ['2024-03-04,a,,1,0\n', /line 2, column 'metric': the metric name is empty/],
      ['2024-03-04,a,cpu,1,2\n', /line 2, column 'label': the label must be 0 or 1, got '2'/],
      ['2024-03-04,a,host,1,0\n', /metric name 'host' is also the name of the entity column/],
    ];
    for (const [body, message] of cases) {
      let error: unknown;
      try {
        pivot(head + body);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataError);
      expect((error as Error).message).toMatch(message);
    }
    expect(() => pivot('timestamp,cpu,mem\n2024-03-04,1,2\n')).toThrow(/not a long-format table/);
  });

  it('warns about infinite values', () => {
    const ds = pivot('timestamp,metric,value\n2024-03-04,cpu,inf\n2024-03-05,cpu,1\n');
    expect(ds.warnings).toEqual([
      "column 'value': 1 infinite or out-of-range value read as missing (first on line 2)",
    ]);
    expect(Array.from(ds.table.array('cpu') as Float64Array)).toEqual([NaN, 1]);
  });
});
