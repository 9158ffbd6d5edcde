import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError, parseCsv } from '../../../src/engine/table';

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseCsv', () => {
  it('types columns: numbers into Float64Array, text as written', () => {
    const p = parseCsv('t,host,cpu\n2024-01-01,a,1.5\n2024-01-02,b,-2e3\n', 'x.csv');
    expect(p.header).toEqual(['t', 'host', 'cpu']);
    expect(p.kinds).toEqual(['string', 'string', 'number']);
    expect(p.rows).toBe(2);
    expect(p.columns[2]).toBeInstanceOf(Float64Array);
    expect(Array.from(p.columns[2] as Float64Array)).toEqual([1.5, -2000]);
    expect(p.columns[1]).toEqual(['a', 'b']);
    expect(Array.from(p.lines)).toEqual([2, 3]);
  });

  it('reads empty cells and missing tokens as NaN', () => {
    const p = parseCsv('a,b\n,NaN\nnan,null\nNA,1\n', 'x.csv');
    expect(p.kinds).toEqual(['number', 'number']);
    expect(Array.from(p.columns[0] as Float64Array)).toEqual([NaN, NaN, NaN]);
    expect(Array.from(p.columns[1] as Float64Array)).toEqual([NaN, NaN, 1]);
  });

  it('reads infinite and out-of-range cells as NaN and counts them', () => {
    const p = parseCsv('a,b\n1,x\nInfinity,y\n1e309,z\n-inf,w\n', 'x.csv');
    expect(p.kinds[0]).toBe('number');
    expect(Array.from(p.columns[0] as Float64Array)).toEqual([1, NaN, NaN, NaN]);
    expect(p.nonFinite).toEqual([{ column: 'a', count: 3, firstLine: 3 }]);
  });

  it('handles quoted fields, escaped quotes and line breaks inside quotes', () => {
    const p = parseCsv('name,note,v\n"a, b","say ""hi""",1\nc,"two\nlines",2\n"3",x,"4"\n', 'x.csv');
    expect(p.columns[0]).toEqual(['a, b', 'c', '3']);
    expect(p.columns[1]).toEqual(['say "hi"', 'two\nlines', 'x']);
    expect(Array.from(p.columns[2] as Float64Array)).toEqual([1, 2, 4]);
    expect(Array.from(p.lines)).toEqual([2, 3, 5]);
  });

  it('strips a BOM, reads CRLF, tolerates a missing or extra trailing line break', () => {
    for (const text of [
      '\uFEFFa,b\r\n1,2\r\n3,4\r\n',
      'a,b\r\n1,2\r\n3,4',
      'a,b\n1,2\n3,4\n\n\n',
      'a,b\r1,2\r3,4\r',
    ]) {
      const p = parseCsv(text, 'x.csv');
      expect(p.header).toEqual(['a', 'b']);
      expect(p.rows).toBe(2);
      expect(Array.from(p.columns[1] as Float64Array)).toEqual([2, 4]);
    }
  });

  it('skips blank lines but keeps line numbers true', () => {
    const p = parseCsv('a,b\n1,2\n\n3,4\n', 'x.csv');
    expect(p.rows).toBe(2);
    expect(Array.from(p.lines)).toEqual([2, 4]);
    expect(() => parseCsv('a,b\n1,2\n\n3\n', 'x.csv')).toThrow('line 4');
  });

  it('detects a semicolon or tab delimiter when the header has no comma', () => {
    const semi = parseCsv('time;value\n2024-01-01;1,5\n2024-01-02;2\n', 'x.csv');
    expect(semi.delimiter).toBe(';');
    expect(semi.header).toEqual(['time', 'value']);
    // A decimal comma is not a number here: the column stays text.
    expect(semi.columns[1]).toEqual(['1,5', '2']);
    const tab = parseCsv('a\tb\n1\t2\n', 'x.csv');
    expect(tab.delimiter).toBe('\t');
    expect(Array.from(tab.columns[1] as Float64Array)).toEqual([2]);
  });

  it('keeps a column textual when a late cell is not a number (second pass)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i}`);
    rows.push('oops');
    const p = parseCsv('v\n' + rows.join('\n'), 'x.csv');
    expect(p.kinds).toEqual(['string']);
    expect((p.columns[0] as string[])[200]).toBe('oops');
    expect((p.columns[0] as string[])[5]).toBe('5');
  });

  it('an empty last field after a trailing delimiter', () => {
    const p = parseCsv('a,b\n1,', 'x.csv');
    expect(Array.from(p.columns[1] as Float64Array)).toEqual([NaN]);
  });

  it('reads numbers exactly as JavaScript does', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }), (xs) => {
        const p = parseCsv('x\n' + xs.map(String).join('\n'), 'x.csv');
        const col = p.columns[0] as Float64Array;
        xs.forEach((x, i) => expect(col[i]).toBe(Number(String(x))));
      }),
    );
    const p = parseCsv('x\n0.1\n.5\n5.\n+3\n 7 \n1E-7\n123456789012345680\n0.30000000000000004\n', 'x.csv');
    expect(Array.from(p.columns[0] as Float64Array)).toEqual([
      0.1, 0.5, 5, 3, 7, 1e-7, 123456789012345680, 0.30000000000000004,
    ]);
  });

  describe('errors name the file, line and column', () => {
    it('empty file', () => {
      expect(errorOf(() => parseCsv('', 'e.csv')).message).toBe('e.csv: the file is empty');
      expect(errorOf(() => parseCsv('\uFEFF\n  \n', 'e.csv')).message).toBe('e.csv: the file is empty');
    });
    it('empty header', () => {
      const e = errorOf(() => parseCsv('\n1,2\n', 'e.csv'));
      expect(e.message).toMatch(/^e\.csv, line 1: the header .* is empty/);
      expect(e.line).toBe(1);
    });
    it('blank column name', () => {
      expect(errorOf(() => parseCsv('a,,b\n1,2,3\n', 'e.csv')).message).toBe(
        'e.csv, line 1: column 2 has no name (header: a,,b)',
      );
      expect(errorOf(() => parseCsv('a, \n1,2\n', 'e.csv')).message).toMatch('column 2 has no name');
    });
    it('duplicate column name', () => {
      const e = errorOf(() => parseCsv('a,b,a\n1,2,3\n', 'e.csv'));
      expect(e.message).toBe("e.csv, line 1, column 'a': duplicate column name 'a' (columns 1 and 3)");
      expect(e.column).toBe('a');
    });
    it('ragged rows: too many and too few fields', () => {
      expect(errorOf(() => parseCsv('a,b\n1,2\n3,4,5\n', 'e.csv')).message).toBe(
        'e.csv, line 3: the row has 3 fields, expected 2 (a, b)',
      );
      const few = errorOf(() => parseCsv('a,b,c\n1,2,3\n4,5\n', 'e.csv'));
      expect(few.message).toBe('e.csv, line 3: the row has 2 fields, expected 3 (a, b, c)');
      expect(few.line).toBe(3);
      // Line numbers count line breaks inside quoted fields.
      expect(errorOf(() => parseCsv('a,b\n"x\ny",1\n2\n', 'e.csv')).line).toBe(4);
      // In the first rows (prescan) and in the main pass alike.
      const long = 'a,b\n' + '1,2\n'.repeat(500) + '1\n';
      expect(errorOf(() => parseCsv(long, 'e.csv')).message).toBe(
        'e.csv, line 502: the row has 1 field, expected 2 (a, b)',
      );
    });
    it('a quote left open names the line where it opened', () => {
      const e = errorOf(() => parseCsv('a,b\n1,2\n3,"oops\n5,6\n7,8\n', 'e.csv'));
      expect(e.message).toBe("e.csv, line 3, column 'b': a quote opened on line 3 is never closed");
      const late = 'a,b\n' + '1,2\n'.repeat(300) + '"x,1\n2,3\n';
      expect(errorOf(() => parseCsv(late, 'e.csv')).message).toBe(
        "e.csv, line 302, column 'a': a quote opened on line 302 is never closed",
      );
    });
    it('text after a closing quote', () => {
      expect(errorOf(() => parseCsv('a,b\n"x"y,1\n', 'e.csv')).message).toMatch(
        /^e\.csv, line 2, column 'a': unexpected text after a closing quote/,
      );
    });
  });

  it('never throws anything but DataError on random text', () => {
    const alphabet = fc.constantFrom(...'ab1.,;\t"\r\n -eE+NaI'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 60 })), (text) => {
        try {
          const p = parseCsv(text, 'r.csv');
          expect(p.columns.length).toBe(p.header.length);
          for (const col of p.columns) expect(col.length).toBe(p.rows);
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
