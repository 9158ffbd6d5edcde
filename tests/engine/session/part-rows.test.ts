import { describe, expect, it } from 'vitest';
import { atPart, partRows } from '../../../src/engine/session/part-rows';
import { loadCsv } from '../../../src/engine/table/index';

const csv = [
  'time,host,cpu,label',
  '2024-01-01T00:10:00Z,b,5,0',
  '2024-01-01T00:00:00Z,a,1,0',
  '2024-01-01T00:00:00Z,b,4,1',
  '2024-01-01T00:05:00Z,a,2,1',
  '2024-01-01T00:10:00Z,a,3,0',
].join('\n');

describe('partRows', () => {
  it('lays the chosen rows out entity by entity in time order, with segments, labels and times', () => {
    const ds = loadCsv(csv, 'x.csv');
    const part = partRows(ds, [0, 2, 3, 4]);
    const cpu = Array.from(part.order, (i) => Number(ds.table.get('cpu', i)));
    // Entities in order of first appearance, each in time order.
    expect(cpu).toEqual([4, 5, 2, 3]);
    expect(part.segments).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(part.entities).toEqual(['b', 'a']);
    expect(Array.from(part.labels ?? [])).toEqual([1, 0, 1, 0]);
    expect(Array.from(part.times ?? [], (t) => (t - Date.UTC(2024, 0, 1)) / 60_000)).toEqual([0, 10, 5, 10]);
    expect(Array.from(atPart([10, 11, 12, 13, 14], part))).toEqual(Array.from(part.order, (i) => 10 + i));
  });

  it('leaves out entities without chosen rows, and has no labels or times when the data has none', () => {
    const ds = loadCsv('host,cpu\na,1\nb,2\na,3', 'y.csv');
    const part = partRows(ds, [0, 2]);
    expect(part.entities).toEqual(['a']);
    expect(part.segments).toEqual([[0, 2]]);
    expect(part.labels).toBeNull();
    expect(part.times).toBeNull();
  });
});
