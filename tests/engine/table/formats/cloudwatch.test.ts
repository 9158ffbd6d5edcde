import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClusterMetrics } from '../../../../src/engine/synth';
import { DataError, isCloudWatch, loadCloudWatch } from '../../../../src/engine/table';
import {
  CLOUDWATCH_GAP,
  CLOUDWATCH_METRICS,
  CLOUDWATCH_OPTIONS,
  instanceSeries,
  instancesOf,
  makeCloudWatchJson,
} from '../../../reference/make-format-samples';

const sample = 'data/formats/cloudwatch-getmetricdata.json';
const t0 = Date.UTC(2024, 2, 4);
const iso = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();

function result(id: string, label: string, points: [number, number][]) {
  // newest first, as CloudWatch answers by default
  const sorted = [...points].sort((a, b) => b[0] - a[0]);
  return {
    Id: id,
    Label: label,
    Timestamps: sorted.map(([m]) => iso(m)),
    Values: sorted.map(([, v]) => v),
    StatusCode: 'Complete',
  };
}

function refused(json: unknown, message: RegExp, file = 'cw.json'): void {
  let error: unknown;
  try {
    loadCloudWatch(json, file);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  expect((error as Error).message).toMatch(message);
}

describe('loadCloudWatch', () => {
  it('loads the sample: entities from consistent Labels, ascending times, values equal to the source', () => {
    const text = readFileSync(sample, 'utf8');
    expect(text, 'data/formats is stale: run npx tsx tests/reference/make-format-samples.ts').toBe(
      makeCloudWatchJson(),
    );
    const json: unknown = JSON.parse(text);
    expect(isCloudWatch(json)).toBe(true);
    const ds = loadCloudWatch(json, sample);
    expect(ds.name).toBe('cloudwatch-getmetricdata');
    expect(ds.warnings).toBeUndefined();
    expect(ds.schema).toEqual({
      time: 'timestamp',
      entity: 'entity',
      metrics: ['CPUUtilization', 'NetworkIn'],
    });
    expect(ds.table.columnNames()).toEqual(['timestamp', 'entity', 'CPUUtilization', 'NetworkIn']);
    const steps = 1440 / CLOUDWATCH_OPTIONS.stepMinutes;
    expect(ds.table.numRows()).toBe(CLOUDWATCH_OPTIONS.instances * steps);
    expect(ds.table.column('timestamp')).toBeInstanceOf(Float64Array);

    const source = generateClusterMetrics(CLOUDWATCH_OPTIONS);
    const loaded = { ...ds, table: ds.table.rename({ entity: 'instance' }) };
    expect(instancesOf(loaded)).toEqual(instancesOf(source));
    for (const [i, instance] of instancesOf(source).entries()) {
      for (const [name, column] of Object.entries(CLOUDWATCH_METRICS)) {
        const got = instanceSeries(loaded, instance, name);
        const want = instanceSeries(source, instance, column);
        expect(got.times).toEqual(want.times);
        if (i === 0 && name === 'NetworkIn') {
          const [a, b] = CLOUDWATCH_GAP;
          expect(got.values.slice(a, b)).toEqual(new Array(b - a).fill(NaN));
          want.values.fill(NaN, a, b);
        }
        expect(got.values, `${instance} ${name}`).toEqual(want.values);
      }
    }
  });

  it('keeps one series when Labels do not consistently read <entity> <metric>', () => {
    const cases = [
      // plain metric names
      [result('cpu', 'CPUUtilization', [[0, 1]]), result('net', 'NetworkIn', [[5, 2]])],
      // statistics, not entities
      [
        result('a', 'Average Latency', [[0, 1]]),
        result('b', 'p99 Latency', [[0, 2]]),
        result('c', 'Average Errors', [[0, 3]]),
        result('d', 'p99 Errors', [[0, 4]]),
      ],
      // not every entity has the same metrics
      [result('a', 'i-01 cpu', [[0, 1]]), result('b', 'i-02 mem', [[0, 2]])],
    ];
    for (const results of cases) {
      const ds = loadCloudWatch({ MetricDataResults: results }, 'cw.json');
      expect(ds.schema.entity).toBeUndefined();
      expect(ds.schema.metrics).toEqual(results.map((r) => r.Label));
    }
    const first = loadCloudWatch({ MetricDataResults: cases[0] }, 'cw.json');
    expect(first.table.objects()).toEqual([
      { timestamp: t0, CPUUtilization: 1, NetworkIn: NaN },
      { timestamp: t0 + 300_000, CPUUtilization: NaN, NetworkIn: 2 },
    ]);
  });

  it('names a metric by its Id when its Label is empty or shared', () => {
    const ds = loadCloudWatch(
      {
        MetricDataResults: [
          result('m1', 'cpu', [[0, 1]]),
          result('m2', 'cpu', [[0, 2]]),
          result('m3', '', [[0, 3]]),
        ],
      },
      'cw.json',
    );
    expect(ds.schema.metrics).toEqual(['m1', 'm2', 'm3']);
  });

  it('lets overrides force or forbid entities', () => {
    const results = [result('a', 'i-01 cpu', [[0, 1]]), result('b', 'i-02 mem', [[0, 2]])];
    const forced = loadCloudWatch({ MetricDataResults: results }, 'cw.json', { entity: 'instance' });
    expect(forced.schema).toEqual({ time: 'timestamp', entity: 'instance', metrics: ['cpu', 'mem'] });
    expect(forced.table.objects()).toEqual([
      { timestamp: t0, instance: 'i-01', cpu: 1, mem: NaN },
      { timestamp: t0, instance: 'i-02', cpu: NaN, mem: 2 },
    ]);
    const grid = [result('a', 'i-01 cpu', [[0, 1]]), result('b', 'i-02 cpu', [[0, 2]])];
    expect(loadCloudWatch({ MetricDataResults: grid }, 'cw.json').schema.entity).toBe('entity');
    expect(loadCloudWatch({ MetricDataResults: grid }, 'cw.json', { entity: '' }).schema).toEqual({
      time: 'timestamp',
      metrics: ['i-01 cpu', 'i-02 cpu'],
    });
    expect(() =>
      loadCloudWatch({ MetricDataResults: [result('a', 'cpu', [[0, 1]])] }, 'cw.json', {
        entity: 'instance',
      }),
    ).toThrow(/MetricDataResults\[0\]\.Label 'cpu' is not '<entity> <metric>'/);
  });

  it('turns PartialData, NextToken and Messages into warnings', () => {
    const partial = { ...result('m1', 'cpu', [[0, 1]]), StatusCode: 'PartialData' };
    const ds = loadCloudWatch(
      {
        MetricDataResults: [partial],
        NextToken: 'abc',
        Messages: [{ Code: 'MaxMetricsExceeded', Value: 'too many' }],
      },
      'cw.json',
    );
    expect(ds.warnings).toEqual([
      'MetricDataResults[0] (cpu) is PartialData: CloudWatch has more data points; fetch the next page with NextToken',
      'the answer has a NextToken: CloudWatch has more data; only this page was loaded',
      'CloudWatch message: MaxMetricsExceeded: too many',
    ]);
  });

  it('accepts epoch-second timestamps, boto3 date text and the JSON text itself', () => {
    const text = JSON.stringify({
      MetricDataResults: [
        { Id: 'a', Label: 'x', Timestamps: [1709510700, '2024-03-04 00:00:00+00:00'], Values: [2, 1] },
      ],
    });
    expect(loadCloudWatch(text, 'cw.json').table.objects()).toEqual([
      { timestamp: t0, x: 1 },
      { timestamp: t0 + 300_000, x: 2 },
    ]);
  });

  it('refuses malformed answers naming the field and the problem', () => {
    const ok = (i: number) =>
      result(`m${i}`, `metric${i}`, [
        [0, i],
        [5, i + 1],
      ]);
    refused(
      { Results: [] },
      /^cw\.json: not a CloudWatch GetMetricData answer: MetricDataResults \(an array\) is missing$/,
    );
    refused({ MetricDataResults: [] }, /MetricDataResults is empty/);
    const { Timestamps: _t, ...noTimes } = ok(2);
    refused({ MetricDataResults: [ok(0), ok(1), noTimes] }, /MetricDataResults\[2\]\.Timestamps is missing/);
    refused(
      { MetricDataResults: [ok(0), ok(1), { ...ok(2), Values: [1, 2, 3] }] },
      /^cw\.json: MetricDataResults\[2\]\.Values has 3 values but MetricDataResults\[2\]\.Timestamps has 2$/,
    );
    refused(
      { MetricDataResults: [ok(0), { ...ok(1), Values: [1, 'high'] }] },
      /MetricDataResults\[1\]\.Values\[1\]: "high" is not a number/,
    );
    refused(
      { MetricDataResults: [{ ...ok(0), Timestamps: ['2024-03-04T00:05:00Z', 'yesterday'] }] },
      /MetricDataResults\[0\]\.Timestamps\[1\]: "yesterday" is not a time/,
    );
    refused(
      { MetricDataResults: [{ ...ok(0), Timestamps: [iso(0), iso(0)] }] },
      /MetricDataResults\[0\]\.Timestamps\[1\] repeats MetricDataResults\[0\]\.Timestamps\[0\]/,
    );
    refused(
      {
        MetricDataResults: [
          { ...ok(0), StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no access' }] },
        ],
      },
      /MetricDataResults\[0\]\.StatusCode is Forbidden \(metric0\), Forbidden: no access/,
    );
    refused(
      {
        MetricDataResults: [
          { ...ok(0), Id: 'a', Label: 'x' },
          { ...ok(1), Id: 'a', Label: 'x' },
        ],
      },
      /MetricDataResults\[1\] has the same name 'a' as MetricDataResults\[0\]/,
    );
    refused('{"MetricDataResults": [', /^cw\.json: not valid JSON/);
  });
});
