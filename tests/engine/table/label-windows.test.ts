import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyLabelWindows, loadCsv, summarize } from '../../../src/engine/table';

const nab = 'data/nab-aws';
const windows: unknown = JSON.parse(readFileSync(`${nab}/label_windows.json`, 'utf8'));
const load = (name: string) => loadCsv(readFileSync(`${nab}/${name}.csv`, 'utf8'), `${name}.csv`);

describe('applyLabelWindows', () => {
  it('labels about 10% of ec2_cpu_utilization_24ae8d and nothing of c6585a', () => {
    const a = applyLabelWindows(load('ec2_cpu_utilization_24ae8d'), windows, 'label_windows.json');
    expect(a.schema.label).toBe('label');
    const share = summarize(a).labelled?.share ?? NaN;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    const b = applyLabelWindows(load('ec2_cpu_utilization_c6585a'), windows, 'label_windows.json');
    expect(summarize(b).labelled).toEqual({ column: 'label', positives: 0, share: 0 });
  });

  it('includes window ends and matches NAB group/name keys', () => {
    const ds = loadCsv(
      'timestamp,v\n2024-01-01T00:00,1\n2024-01-01T00:05,2\n2024-01-01T00:10,3\n2024-01-01T00:15,4\n',
      'x.csv',
    );
    const json = {
      'realAWSCloudwatch/x.csv': [['2024-01-01 00:05:00.000000', '2024-01-01 00:10:00.000000']],
    };
    const out = applyLabelWindows(ds, json, 'w.json');
    expect(Array.from(out.table.array('label') as Float64Array)).toEqual([0, 1, 1, 0]);
    // overwriting an existing label
    const again = applyLabelWindows(
      out,
      { 'x.csv': [[Date.UTC(2024, 0, 1, 0, 15), Date.UTC(2024, 0, 1, 0, 15)]] },
      'w.json',
    );
    expect(Array.from(again.table.array('label') as Float64Array)).toEqual([0, 0, 0, 1]);
    expect(again.table.numCols()).toBe(3);
  });

  describe('errors', () => {
    const ds = loadCsv('timestamp,v\n2024-01-01,1\n', 'x.csv');
    it('no time column', () => {
      const noTime = loadCsv('v\n1\n', 'x.csv');
      expect(() => applyLabelWindows(noTime, { 'x.csv': [] }, 'w.json')).toThrow(
        "w.json: dataset 'x' has no time column",
      );
    });
    it('no matching key, listing a few keys', () => {
      expect(() => applyLabelWindows(ds, windows, 'label_windows.json')).toThrow(
        "label_windows.json: no key for 'x'; keys: ec2_cpu_utilization_24ae8d.csv, ec2_cpu_utilization_53ea38.csv",
      );
    });
    it('malformed windows name the key and index', () => {
      expect(() => applyLabelWindows(ds, [], 'w.json')).toThrow(
        'w.json: label windows must be a JSON object',
      );
      expect(() => applyLabelWindows(ds, { 'x.csv': 3 }, 'w.json')).toThrow("'x.csv' must be a list");
      expect(() =>
        applyLabelWindows(ds, { 'x.csv': [['2024-01-01', '2024-01-02'], ['2024-01-03']] }, 'w.json'),
      ).toThrow("w.json: 'x.csv' window 1 must be [start, end]");
      expect(() => applyLabelWindows(ds, { 'x.csv': [['soon', '2024-01-02']] }, 'w.json')).toThrow(
        `w.json: 'x.csv' window 0: start "soon" is not a time`,
      );
      expect(() => applyLabelWindows(ds, { 'x.csv': [['2024-01-03', '2024-01-02']] }, 'w.json')).toThrow(
        "'x.csv' window 0: start 2024-01-03 is after end 2024-01-02",
      );
    });
  });
});
