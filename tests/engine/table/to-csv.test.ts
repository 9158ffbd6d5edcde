import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { datasetToCsv, loadCsv, type Dataset } from '../../../src/engine/table';

function columnsOf(ds: Dataset): Record<string, unknown[]> {
  return Object.fromEntries(
    ds.table.columnNames().map((n) => [n, Array.from(ds.table.array(n) as ArrayLike<unknown>)]),
  );
}

describe('datasetToCsv', () => {
  it('writes ISO UTC times, shortest numbers, empty NaN and quoted text', () => {
    const ds = loadCsv(
      'timestamp,host,cpu,note\n1709510400,"a,b",0.1,"say ""x"""\n1709510700,c,,"two\nlines"\n',
      'x.csv',
      { entity: 'host' },
    );
    expect(datasetToCsv(ds)).toBe(
      'timestamp,host,cpu,note\n2024-03-04T00:00:00.000Z,"a,b",0.1,"say ""x"""\n2024-03-04T00:05:00.000Z,c,,"two\nlines"\n',
    );
  });

  it('round trips: loadCsv(datasetToCsv(ds)) gives an equal table and schema', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9 ,"\n-]{0,8}$/);
    const row = fc.record({
      t: fc.integer({ min: -2208988800000, max: 4102444800000 }),
      host: fc.constantFrom('web-1', 'web-2', 'db, "main"'),
      cpu: fc.oneof(fc.double({ noDefaultInfinity: true, noNaN: true }), fc.constant(NaN)),
      mem: fc.double({ noDefaultInfinity: true, noNaN: true }),
      note: word,
      label: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), (rows) => {
        const lines = rows.map(
          (r) =>
            `${new Date(r.t).toISOString()},"${r.host.replace(/"/g, '""')}",${Number.isNaN(r.cpu) ? '' : r.cpu},${r.mem},"${r.note.replace(/"/g, '""')}",${r.label}`,
        );
        const text = 'timestamp,host,cpu,mem,note,label\n' + lines.join('\n');
        const overrides = { entity: 'host' };
        const ds = loadCsv(text, 'p.csv', overrides);
        const back = loadCsv(datasetToCsv(ds), 'p.csv', overrides);
        expect(back.schema).toEqual(ds.schema);
        expect(columnsOf(back)).toEqual(columnsOf(ds));
        expect(datasetToCsv(back)).toBe(datasetToCsv(ds));
      }),
      { numRuns: 300 },
    );
  });
});
