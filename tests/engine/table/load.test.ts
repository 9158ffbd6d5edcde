import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, loadCsv } from '../../../src/engine/table';

const nab = 'data/nab-aws';

describe('loadCsv', () => {
  it('builds a typed arquero table with roles', () => {
    const text = [
      'timestamp,host,cpu,anomaly_type,label',
      '2024-03-04T00:00:00Z,web-1,1.5,,0',
      '2024-03-04T00:00:00Z,web-2,,spike,1',
      '2024-03-04T00:05:00Z,web-1,2.5,,0',
      '2024-03-04T00:05:00Z,web-2,3,,0',
    ].join('\n');
    const ds = loadCsv(text, 'some/dir/cluster.metrics.csv');
    expect(ds.name).toBe('cluster.metrics');
    expect(ds.schema).toEqual({ time: 'timestamp', entity: 'host', label: 'label', metrics: ['cpu'] });
    expect(ds.table.columnNames()).toEqual(['timestamp', 'host', 'cpu', 'anomaly_type', 'label']);
    const t0 = Date.UTC(2024, 2, 4);
    expect(Array.from(ds.table.array('timestamp') as Float64Array)).toEqual([
      t0,
      t0,
      t0 + 300_000,
      t0 + 300_000,
    ]);
    expect(ds.table.column('cpu')).toBeInstanceOf(Float64Array);
    expect(ds.table.column('timestamp')).toBeInstanceOf(Float64Array);
    expect(Array.from(ds.table.array('cpu') as Float64Array)).toEqual([1.5, NaN, 2.5, 3]);
    expect(ds.table.array('host')).toEqual(['web-1', 'web-2', 'web-1', 'web-2']);
    expect(ds.table.array('anomaly_type')).toEqual(['', 'spike', '', '']);
    expect(Array.from(ds.table.array('label') as Float64Array)).toEqual([0, 1, 0, 0]);
    expect(ds.warnings).toBeUndefined();
  });

  it('reads epoch-second time columns', () => {
    const ds = loadCsv('time,v\n1709510400,1\n1709510700,2\n', 'e.csv');
    expect(Array.from(ds.table.array('time') as Float64Array)).toEqual([1709510400000, 1709510700000]);
  });

  it('reports infinite values read as missing', () => {
    const ds = loadCsv('v\n1\ninf\n3\n', 'w.csv');
    expect(ds.warnings).toEqual([
      "column 'v': 1 infinite or out-of-range value read as missing (first on line 3)",
    ]);
  });

  it('entity given as a numeric column becomes text', () => {
    const ds = loadCsv('node,v\n1,5\n2,6\n1,7\n', 'n.csv', { entity: 'node' });
    expect(ds.table.array('node')).toEqual(['1', '2', '1']);
  });

  describe('errors', () => {
    it('names the first line whose time does not parse', () => {
      expect(() => loadCsv('timestamp,v\n2024-01-01,1\n"2024-01-02\n",2\nyesterday,3\n', 't.csv')).toThrow(
        "t.csv, line 5, column 'timestamp': 'yesterday' is not a time",
      );
      expect(() => loadCsv('timestamp,v\n2024-01-01,1\n,2\n', 't.csv')).toThrow(
        "t.csv, line 3, column 'timestamp': the time is empty",
      );
    });
    it('refuses a file without a numeric metric', () => {
      const e = (() => {
        try {
          loadCsv('timestamp,host\n2024-01-01,a\n2024-01-02,a\n', 'n.csv');
        } catch (err) {
          return err as DataError;
        }
      })();
      expect(e).toBeInstanceOf(DataError);
      expect(e?.message).toBe('n.csv: no numeric column to use as a metric; columns: timestamp, host');
    });
    it('names the first non-number in a metric column', () => {
      expect(() =>
        loadCsv('time,cpu\n2024-01-01,1\n2024-01-02,2\n2024-01-03,abc\n2024-01-04,4\n', 'm.csv'),
      ).toThrow("m.csv, line 4, column 'cpu': 'abc' is not a number");
    });
    it('refuses a header without rows', () => {
      expect(() => loadCsv('a,b\n', 'h.csv')).toThrow('h.csv: the file has a header but no data rows');
    });
  });

  it('loads every NAB AWS file', () => {
    const files = readdirSync(nab).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBe(17);
    for (const f of files) {
      const ds = loadCsv(readFileSync(`${nab}/${f}`, 'utf8'), f);
      expect(ds.schema, f).toEqual({ time: 'timestamp', metrics: ['value'] });
      expect(ds.table.numRows(), f).toBeGreaterThan(1000);
      const times = ds.table.array('timestamp') as Float64Array;
      expect(times[0], f).toBeGreaterThan(Date.UTC(2010, 0, 1));
      expect(Number.isNaN(times[times.length - 1])).toBe(false);
    }
    const first = loadCsv(
      readFileSync(`${nab}/ec2_cpu_utilization_24ae8d.csv`, 'utf8'),
      'ec2_cpu_utilization_24ae8d.csv',
    );
    expect(first.name).toBe('ec2_cpu_utilization_24ae8d');
    expect(first.table.numRows()).toBe(4032);
    expect((first.table.array('timestamp') as Float64Array)[0]).toBe(Date.UTC(2014, 1, 14, 14, 30));
    expect((first.table.array('value') as Float64Array)[0]).toBe(0.132);
  });

  it('loads ASD omi-1_test: 19 metrics and a label, no time', () => {
    const ds = loadCsv(readFileSync('data/asd/omi-1_test.csv', 'utf8'), 'data/asd/omi-1_test.csv');
    expect(ds.name).toBe('omi-1_test');
    expect(ds.schema).toEqual({
      label: 'label',
      metrics: Array.from({ length: 19 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`),
    });
    expect(ds.table.numRows()).toBe(4320);
  });

  it('never throws anything but DataError on random text', () => {
    const cell = fc.oneof(
      fc.constantFrom('', '1', '-2.5', 'abc', 'NaN', 'inf', '2024-01-01', '"q,"', '0', '1e309', 'x"y'),
      fc.string({ maxLength: 6 }),
    );
    const header = fc.constantFrom('timestamp,v', 'v,label', 'host,v,label', 'time;v', 'a,b,c', 'ts\tv');
    const text = fc
      .tuple(header, fc.array(fc.array(cell, { maxLength: 4 }), { maxLength: 8 }))
      .map(([h, rows]) => [h, ...rows.map((r) => r.join(','))].join('\n'));
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (t) => {
        try {
          loadCsv(t, 'r.csv');
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
