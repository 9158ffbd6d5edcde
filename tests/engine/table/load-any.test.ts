import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError, loadAny, loadCsv } from '../../../src/engine/table';

const dir = 'data/formats';
const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const t0 = Date.UTC(2024, 2, 4);

function refused(input: string | Uint8Array, file: string, message: RegExp): void {
  let error: unknown;
  try {
    loadAny(input, file);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  expect((error as Error).message).toMatch(message);
}

describe('loadAny', () => {
  it('loads every sample by extension, from text or bytes', () => {
    const expected: [string, number, string[]][] = [
      [
        'long-demo.csv',
        576,
        ['timestamp', 'instance', 'cpu_pct', 'mem_pct', 'latency_ms', 'active_connections', 'label'],
      ],
      ['cloudwatch-getmetricdata.json', 864, ['timestamp', 'entity', 'CPUUtilization', 'NetworkIn']],
      ['prometheus-query-range.json', 576, ['timestamp', 'instance', 'cpu_pct', 'mem_pct']],
      [
        'demo.arrow',
        1728,
        [
          'timestamp',
          'instance',
          'cpu_pct',
          'mem_pct',
          'net_in_mbps',
          'net_out_mbps',
          'disk_iops',
          'latency_ms',
          'active_connections',
          'label',
          'anomaly_type',
        ],
      ],
    ];
    for (const [name, rows, columns] of expected) {
      const path = `${dir}/${name}`;
      const inputs: (string | Uint8Array)[] = name.endsWith('.arrow')
        ? [bytes(path)]
        : [readFileSync(path, 'utf8'), bytes(path)];
      for (const input of inputs) {
        const ds = loadAny(input, path);
        expect(ds.table.numRows(), name).toBe(rows);
        expect(ds.table.columnNames(), name).toEqual(columns);
        expect(ds.schema.time, name).toBe('timestamp');
      }
    }
  });

  it('reads a wide CSV exactly as loadCsv does, and a BOM-prefixed TSV from bytes', () => {
    const path = 'data/nab-aws/ec2_cpu_utilization_24ae8d.csv';
    const text = readFileSync(path, 'utf8');
    const a = loadAny(text, path);
    const b = loadCsv(text, path);
    expect(a.schema).toEqual(b.schema);
    expect(a.table.objects({ limit: 50 })).toEqual(b.table.objects({ limit: 50 }));
    const tsv = new TextEncoder().encode('\ufefftimestamp\tcpu\n2024-03-04T00:00:00Z\t1.5\n');
    expect(loadAny(tsv, 'x.tsv').table.objects()).toEqual([{ timestamp: t0, cpu: 1.5 }]);
  });

  it('pivots a long CSV, judging the layout from its first lines', () => {
    const rows = ['timestamp,host,metric,value'];
    for (let i = 0; i < 200; i++) rows.push(`${t0 / 1000 + i * 60},h${i % 2},cpu,${i}`);
    rows.push(`${t0 / 1000 + 200 * 60},h0,cpu,high`);
    expect(() => loadAny(rows.slice(0, -1).join('\n'), 'long.txt')).not.toThrow();
    refused(rows.join('\n'), 'long.csv', /long\.csv, line 202, column 'value': 'high' is not a number/);
  });

  it('sniffs the content when the extension says nothing', () => {
    expect(loadAny(readFileSync(`${dir}/prometheus-query-range.json`, 'utf8'), 'answer').schema.entity).toBe(
      'instance',
    );
    expect(loadAny(bytes(`${dir}/demo.arrow`), 'blob').table.numRows()).toBe(1728);
    expect(loadAny('time,cpu\n2024-03-04,1\n', 'clipboard').table.objects()).toEqual([{ time: t0, cpu: 1 }]);
  });

  it('refuses unknown JSON shapes listing the supported ones', () => {
    refused(
      '{"series": []}',
      'x.json',
      /^x\.json: unknown JSON shape \(an object with keys 'series'\); supported JSON: an AWS CloudWatch GetMetricData answer .* or a Prometheus query_range answer/,
    );
    refused('[1, 2]', 'x.json', /unknown JSON shape \(an array\)/);
    refused(
      readFileSync('data/nab-aws/label_windows.json', 'utf8'),
      'label_windows.json',
      /looks like anomaly label windows/,
    );
    refused('{"MetricDataResults": [', 'x.json', /^x\.json: not valid JSON/);
  });

  it('refuses Arrow given as text, and truncated Arrow bytes', () => {
    refused('ARROW1', 'x.arrow', /an Arrow file is binary: pass its bytes/);
    const arrow = bytes(`${dir}/demo.arrow`);
    refused(
      arrow.subarray(0, arrow.length >> 1),
      'demo.arrow',
      /^demo\.arrow: the Arrow file is truncated or corrupt/,
    );
    refused(new TextEncoder().encode('a,b\n1,2\n'), 'x.feather', /not Apache Arrow IPC/);
  });
});
