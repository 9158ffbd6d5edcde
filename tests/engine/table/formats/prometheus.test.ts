import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateClusterMetrics } from '../../../../src/engine/synth';
import { DataError, isPrometheus, loadPrometheus } from '../../../../src/engine/table';
import {
  instanceSeries,
  instancesOf,
  makePrometheusJson,
  PROMETHEUS_GAP,
  PROMETHEUS_INF_STEP,
  PROMETHEUS_METRICS,
  PROMETHEUS_NAN_STEP,
  PROMETHEUS_OPTIONS,
} from '../../../reference/make-format-samples';

const sample = 'data/formats/prometheus-query-range.json';
const s0 = Date.UTC(2024, 2, 4) / 1000;

function matrix(result: unknown[]) {
  return { status: 'success', data: { resultType: 'matrix', result } };
}

function refused(json: unknown, message: RegExp): void {
  let error: unknown;
  try {
    loadPrometheus(json, 'prom.json');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  expect((error as Error).message).toMatch(message);
}

describe('loadPrometheus', () => {
  it('loads the sample: entity from instance, NaN and +Inf as missing, values equal to the source', () => {
    const text = readFileSync(sample, 'utf8');
    expect(text, 'data/formats is stale: run npx tsx tests/reference/make-format-samples.ts').toBe(
      makePrometheusJson(),
    );
    const json: unknown = JSON.parse(text);
    expect(isPrometheus(json)).toBe(true);
    const ds = loadPrometheus(json, sample);
    expect(ds.name).toBe('prometheus-query-range');
    expect(ds.schema).toEqual({ time: 'timestamp', entity: 'instance', metrics: [...PROMETHEUS_METRICS] });
    expect(ds.table.columnNames()).toEqual(['timestamp', 'instance', ...PROMETHEUS_METRICS]);
    expect(ds.warnings).toEqual([
      'data.result[0] (cpu_pct{instance="web-01:9100",job="node"}): 1 infinite value read as missing',
    ]);
    const steps = 1440 / PROMETHEUS_OPTIONS.stepMinutes;
    expect(ds.table.numRows()).toBe(PROMETHEUS_OPTIONS.instances * steps);

    const source = generateClusterMetrics(PROMETHEUS_OPTIONS);
    const loaded = {
      ...ds,
      table: ds.table.assign({
        instance: (ds.table.array('instance') as string[]).map((s) => s.replace(':9100', '')),
      }),
    };
    expect(instancesOf(loaded)).toEqual(instancesOf(source));
    for (const [i, instance] of instancesOf(source).entries()) {
      for (const metric of PROMETHEUS_METRICS) {
        const got = instanceSeries(loaded, instance, metric);
        const want = instanceSeries(source, instance, metric);
        expect(got.times).toEqual(want.times);
        if (i === 0 && metric === 'cpu_pct') {
          want.values[PROMETHEUS_NAN_STEP] = NaN;
          want.values[PROMETHEUS_INF_STEP] = NaN;
        }
        if (i === 1 && metric === 'mem_pct') want.values.fill(NaN, PROMETHEUS_GAP[0], PROMETHEUS_GAP[1]);
        expect(got.values, `${instance} ${metric}`).toEqual(want.values);
      }
    }
  });

  it('names series by __name__, the given name, and the labels that tell them apart', () => {
    const json = matrix([
      { metric: { __name__: 'node_cpu', cpu: '0', mode: 'idle', pod: 'a' }, values: [[s0, '1']] },
      { metric: { __name__: 'node_cpu', cpu: '1', mode: 'idle', pod: 'a' }, values: [[s0, '2']] },
      { metric: { __name__: 'node_cpu', cpu: '0', mode: 'idle', pod: 'b' }, values: [[s0 + 0.5, '3']] },
      { metric: { pod: 'a' }, values: [[s0, '4']] },
    ]);
    const ds = loadPrometheus(json, 'prom.json', {}, { metricName: 'rate5m' });
    expect(ds.schema).toEqual({
      time: 'timestamp',
      entity: 'pod',
      metrics: ['node_cpu{cpu="0"}', 'node_cpu{cpu="1"}', 'rate5m'],
    });
    expect(ds.table.objects()).toEqual([
      { timestamp: s0 * 1000, pod: 'a', 'node_cpu{cpu="0"}': 1, 'node_cpu{cpu="1"}': 2, rate5m: 4 },
      { timestamp: s0 * 1000 + 500, pod: 'b', 'node_cpu{cpu="0"}': 3, 'node_cpu{cpu="1"}': NaN, rate5m: NaN },
    ]);
    const flat = loadPrometheus(json, 'prom.json', { entity: '' });
    expect(flat.schema.entity).toBeUndefined();
    expect(flat.schema.metrics).toEqual([
      'node_cpu{cpu="0",pod="a"}',
      'node_cpu{cpu="1",pod="a"}',
      'node_cpu{cpu="0",pod="b"}',
      'value',
    ]);
  });

  it('reads a vector answer and reports Prometheus warnings', () => {
    const ds = loadPrometheus(
      {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: { __name__: 'up', job: 'node' }, value: [s0, '1'] }],
        },
        warnings: ['PromQL info: something'],
      },
      'prom.json',
    );
    expect(ds.schema).toEqual({ time: 'timestamp', entity: 'job', metrics: ['up'] });
    expect(ds.warnings).toEqual(['Prometheus warning: PromQL info: something']);
  });

  it("refuses an error answer with Prometheus' own text", () => {
    refused(
      { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error' },
      /^prom\.json: Prometheus answered with an error \(bad_data\): invalid parameter "query": 1:5: parse error$/,
    );
  });

  it('refuses malformed answers naming the field and the problem', () => {
    const good = {
      metric: { __name__: 'x', instance: 'a' },
      values: [
        [s0, '1'],
        [s0 + 60, '2'],
      ],
    };
    refused({ data: {} }, /status is missing/);
    refused(
      { status: 'success', data: { resultType: 'scalar', result: [s0, '1'] } },
      /data\.resultType is "scalar"/,
    );
    refused(matrix([]), /data\.result is empty/);
    refused(
      matrix([good, { metric: { __name__: 'y', instance: 'a' } }]),
      /data\.result\[1\]\.values is missing/,
    );
    refused(
      matrix([
        good,
        {
          ...good,
          metric: { __name__: 'y', instance: 'a' },
          values: [
            [s0, '1'],
            [s0 + 60, 'high'],
          ],
        },
      ]),
      /data\.result\[1\]\.values\[1\]\[1\]: "high" is not a number/,
    );
    refused(
      matrix([
        {
          ...good,
          values: [
            [s0, '1'],
            ['later', '2'],
          ],
        },
      ]),
      /data\.result\[0\]\.values\[1\]\[0\]: "later" is not a time/,
    );
    refused(
      matrix([
        {
          ...good,
          values: [
            [s0, '1'],
            [s0, '2'],
          ],
        },
      ]),
      /data\.result\[0\]\.values\[1\]\[0\]: the time .* is not after/,
    );
    refused(
      matrix([{ ...good, values: [[s0]] }]),
      /data\.result\[0\]\.values\[0\] is not a \[time, "value"\] pair/,
    );
    refused(matrix([good, good]), /data\.result\[1\] has the same labels as data\.result\[0\]/);
    expect(() => loadPrometheus(matrix([good]), 'p.json', { entity: 'pod' })).toThrow(
      /data\.result\[0\]\.metric has no label 'pod' to use as the entity; its labels: __name__, instance/,
    );
  });
});
