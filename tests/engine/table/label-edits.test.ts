import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { applyLabelEdits, applyLabelWindows, exportLabelWindows } from '../../../src/engine/table/index';
import type { Dataset } from '../../../src/engine/table/dataset';

const T0 = Date.UTC(2024, 0, 1);
const step = 300_000;

function twoHosts(): Dataset {
  const n = 6;
  return {
    name: 'fleet',
    table: table({
      time: Float64Array.from({ length: 2 * n }, (_, i) => T0 + (i % n) * step),
      host: Array.from({ length: 2 * n }, (_, i) => (i < n ? 'a' : 'b')),
      cpu: Float64Array.from({ length: 2 * n }, (_, i) => i),
    }),
    schema: { time: 'time', entity: 'host', metrics: ['cpu'] },
  };
}

describe('label edits', () => {
  it('creates a label column and marks only the chosen entity and time range, later edits winning', () => {
    const ds = applyLabelEdits(twoHosts(), [
      { entity: 'a', start: T0 + step, end: T0 + 3 * step, value: 1 },
      { entity: 'a', start: T0 + 2 * step, end: T0 + 2 * step, value: 0 },
      { entity: null, start: T0 + 5 * step, end: T0 + 5 * step, value: 1 },
    ]);
    expect(ds.schema.label).toBe('label');
    expect([...(ds.table.array('label') as Float64Array)]).toEqual([0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it('exports NAB-style windows per entity that import back to the same labels', () => {
    const edited = applyLabelEdits(twoHosts(), [
      { entity: 'b', start: T0 + step, end: T0 + 2 * step, value: 1 },
    ]);
    const windows = exportLabelWindows(edited);
    expect(windows).toEqual({
      'fleet.csv#a': [],
      'fleet.csv#b': [['2024-01-01 00:05:00.000000', '2024-01-01 00:10:00.000000']],
    });
    const back = applyLabelWindows(twoHosts(), JSON.parse(JSON.stringify(windows)), 'w.json');
    expect([...(back.table.array('label') as Float64Array)]).toEqual([
      ...(edited.table.array('label') as Float64Array),
    ]);
  });

  it('uses row numbers when there is no time column, and refuses to export windows without time', () => {
    const ds: Dataset = {
      name: 'asd',
      table: table({ m1: Float64Array.from([1, 2, 3, 4]) }),
      schema: { metrics: ['m1'] },
    };
    const edited = applyLabelEdits(ds, [{ entity: null, start: 1, end: 2, value: 1 }]);
    expect([...(edited.table.array('label') as Float64Array)]).toEqual([0, 1, 1, 0]);
    expect(() => exportLabelWindows(edited)).toThrow(/need a time column/);
  });
});
