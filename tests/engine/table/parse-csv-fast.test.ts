import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCsv, parseCsv, parseTime } from '../../../src/engine/table';
import { columnValues } from '../../../src/engine/table/column-values';

/** Rows enough that the first 64 (the prescan) are all in the common ISO layout. */
function isoRows(count: number, at: (r: number) => string = isoAt): string[] {
  return Array.from({ length: count }, (_, r) => `${at(r)},host-${r % 3},${r}`);
}

function isoAt(r: number): string {
  return new Date(Date.UTC(2024, 1, 28, 23, 0) + r * 300_000).toISOString();
}

/** The times as the general path reads them: parse as text, then parseTime per cell. */
function referenceTimes(text: string): number[] {
  const parsed = parseCsv(text, 'ref.csv');
  return (parsed.columns[0] as string[]).map(parseTime);
}

describe('parseCsv: repeated text cells', () => {
  it('gives the same values as slicing every cell', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'a', 'web-01', 'web-02', 'db', 'x y', 'web-0'),
      fc.stringMatching(/^[a-z0-9 -]{0,6}$/),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 400 }), (rows) => {
        const text = 'k,v,n\n' + rows.map(([a, b], i) => `${a},${b},${i}`).join('\n') + '\n';
        const parsed = parseCsv(text, 't.csv');
        const firstTextual = parsed.kinds[0] === 'string';
        if (firstTextual) expect(parsed.columns[0]).toEqual(rows.map((r) => r[0]));
        if (parsed.kinds[1] === 'string') expect(parsed.columns[1]).toEqual(rows.map((r) => r[1]));
      }),
      { numRuns: 200 },
    );
  });

  it('handles many distinct values, prefixes of kept values, quotes and CRLF', () => {
    const values = Array.from({ length: 2000 }, (_, r) =>
      r % 5 === 0 ? `v${r}` : r % 5 === 1 ? 'web' : r % 5 === 2 ? 'web-1' : r % 5 === 3 ? '' : 'we',
    );
    for (const eol of ['\n', '\r\n']) {
      const text =
        'name,x' + eol + values.map((v, r) => (r % 7 === 0 ? `"${v}",${r}` : `${v},${r}`)).join(eol) + eol;
      const parsed = parseCsv(text, 't.csv');
      expect(parsed.columns[0]).toEqual(values);
    }
    // The last column, at the very end of the text without a final line break.
    const text = 'x,name\n' + values.map((v, r) => `${r},${v}`).join('\n');
    expect(parseCsv(text, 't.csv').columns[1]).toEqual(values);
  });
});

describe('parseCsv: times read while parsing', () => {
  it('reads the named ISO column as epoch ms, as parseTime does', () => {
    const text = 'timestamp,host,v\n' + isoRows(300).join('\n') + '\n';
    const parsed = parseCsv(text, 't.csv', { time: () => 'timestamp' });
    expect(parsed.times?.column).toBe(0);
    expect(Array.from(parsed.times?.ms ?? [])).toEqual(referenceTimes(text));
    expect(parsed.times?.other.size).toBe(0);
    expect(parsed.columns[0]).toEqual([]);
    expect(parsed.columns[1]).toEqual(Array.from({ length: 300 }, (_, r) => `host-${r % 3}`));
  });

  it('leaves a column whose first rows are not in the common layout as text', () => {
    const text = 'timestamp,host,v\n2024-03-04T10:00:00+02:00,h,1\n' + isoRows(100).join('\n') + '\n';
    const parsed = parseCsv(text, 't.csv', { time: () => 'timestamp' });
    expect(parsed.times).toBeUndefined();
    expect(parsed.kinds[0]).toBe('string');
  });

  it('loadCsv gives the same times for mixed layouts, quotes, CRLF and other lengths', () => {
    const odd = [
      '2024-03-04 10:00',
      '2024-03-04T10:00:00+02:00',
      '"2024-03-05T00:00:00Z"',
      '2024-03-06',
      '1709546400',
    ];
    for (const eol of ['\n', '\r\n']) {
      const rows = isoRows(200, (r) => (r >= 70 && r % 9 === 0 ? odd[r % odd.length] : isoAt(r)));
      const text = 'timestamp,host,v' + eol + rows.join(eol) + eol;
      const ds = loadCsv(text, 't.csv');
      expect(Array.from(columnValues(ds.table, 'timestamp') as Float64Array)).toEqual(referenceTimes(text));
    }
  });

  it('refuses an unparseable time naming its line and column, as before', () => {
    const rows = isoRows(200);
    rows[120] = `yesterday,host-0,1`;
    rows[150] = `,host-0,1`;
    expect(() => loadCsv('timestamp,host,v\n' + rows.join('\n') + '\n', 't.csv')).toThrow(
      "t.csv, line 122, column 'timestamp': 'yesterday' is not a time",
    );
    rows[120] = isoAt(120) + ',host-0,1';
    expect(() => loadCsv('timestamp,host,v\n' + rows.join('\n') + '\n', 't.csv')).toThrow(
      "t.csv, line 152, column 'timestamp': the time is empty",
    );
    // A calendar error in the common layout, and a time that only looks like one.
    rows[150] = '2023-02-29T00:00:00.000Z,host-0,1';
    expect(() => loadCsv('timestamp,host,v\n' + rows.join('\n') + '\n', 't.csv')).toThrow(
      "t.csv, line 152, column 'timestamp': '2023-02-29T00:00:00.000Z' is not a time",
    );
    rows[150] = '2024-03-04T10:00:00.000Zx,host-0,1';
    expect(() => loadCsv('timestamp,host,v\n' + rows.join('\n') + '\n', 't.csv')).toThrow(
      "t.csv, line 152, column 'timestamp': '2024-03-04T10:00:00.000Zx' is not a time",
    );
  });

  it('still reports a malformed row before a bad time on an earlier line', () => {
    const rows = isoRows(200);
    rows[100] = 'yesterday,host-0,1';
    rows[180] = isoAt(180) + ',host-0';
    expect(() => loadCsv('timestamp,host,v\n' + rows.join('\n') + '\n', 't.csv')).toThrow(
      't.csv, line 182: the row has 2 fields, expected 3',
    );
  });

  it('agrees with parseTime on arbitrary time-like cells', () => {
    const ch = fc.constantFrom(...'0123456789-T :.Z+'.split(''));
    const cell = fc.oneof(
      fc.integer({ min: 0, max: 10_000 }).map(isoAt),
      fc
        .tuple(fc.integer({ min: 0, max: 10_000 }).map(isoAt), fc.nat(30), fc.array(ch, { maxLength: 3 }))
        .map(
          ([s, i, extra]) =>
            s.slice(0, i % (s.length + 1)) + extra.join('') + s.slice((i % (s.length + 1)) + 1),
        ),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 60 }), (cells) => {
        const text =
          'timestamp,v\n' +
          isoRows(64, isoAt)
            .map((r) => r.split(',')[0] + ',1')
            .concat(cells.map((c) => `${c},1`))
            .join('\n') +
          '\n';
        const expected = referenceTimes(text);
        const bad = expected.findIndex(Number.isNaN);
        if (bad >= 0) {
          expect(() => loadCsv(text, 't.csv')).toThrow(`t.csv, line ${bad + 2}, column 'timestamp'`);
        } else {
          const ds = loadCsv(text, 't.csv');
          expect(Array.from(columnValues(ds.table, 'timestamp') as Float64Array)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseCsv progress', () => {
  it('reports increasing shares of the text read, ending at 1', () => {
    const rows = ['t,v'];
    for (let i = 0; i < 200_000; i++) rows.push(`${i},${i % 7}`);
    const seen: number[] = [];
    parseCsv(rows.join('\n'), 'p.csv', { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(1);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]);
  });
});

describe('parseCsv: columns that turn out to be text', () => {
  /** What each column should be: text when any cell is not a number (or missing), else numbers. */
  function expected(rows: string[][], width: number): { kinds: string[]; columns: (number[] | string[])[] } {
    const kinds: string[] = [];
    const columns: (number[] | string[])[] = [];
    for (let j = 0; j < width; j++) {
      const cells = rows.map((r) => r[j]);
      const text = cells.some((c) => !/^(|NaN|-?\d+(\.\d+)?)$/.test(c));
      kinds.push(text ? 'string' : 'number');
      columns.push(text ? cells : cells.map((c) => (c === '' || c === 'NaN' ? NaN : Number(c))));
    }
    return { kinds, columns };
  }

  it('reads them as text wherever their first text cell is, early or late, in one or more columns', () => {
    // Mostly empty or numeric cells; a few text cells, so that the prescan of the first 64 rows
    // often misses them and the main pass meets them early, late, or in several columns.
    const cell = fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom('', '1', '2.5', '-3', 'NaN') },
      { weight: 1, arbitrary: fc.constantFrom('x', 'spike', '1a') },
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) =>
            fc.tuple(
              fc.constant(w),
              fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 700 }),
            ),
          ),
        ([width, rows]) => {
          const header = Array.from({ length: width }, (_, j) => `c${j}`);
          const text = [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
          const parsed = parseCsv(text, 'm.csv');
          // Rows of empty cells only are blank lines (skipped) when there is a single column.
          const kept = width === 1 ? rows.filter((r) => r[0] !== '') : rows;
          const want = expected(kept, width);
          expect(parsed.kinds).toEqual(want.kinds);
          expect(parsed.columns.map((c) => Array.from<number | string>(c))).toEqual(want.columns);
          expect(parsed.rows).toBe(kept.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
