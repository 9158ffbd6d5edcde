import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIG_CASES, csvCase, readSeedFiles } from '../../fuzz/csv-cases';
import { loadOutcome, normalizeMessage } from '../../fuzz/csv-outcome';
import { loadAny, MAX_COLUMNS, parseCsv } from '../../../src/engine/table';

/** The fuzz run's seed: fixed in `npm test`, fresh under `npm run test:props`. */
const seed = fc.readConfigureGlobal().seed ?? 20261122;
const files = readSeedFiles([new URL('../../../data', import.meta.url).pathname]);

describe('CSV import fuzzing (reduced; `npm run fuzz` runs 10,000 cases and the big ones)', () => {
  it('ends every case in a table or an error that names the line', () => {
    const failures: string[] = [];
    let tables = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = csvCase(seed, i, files);
      const o = loadOutcome(c.input);
      if (o.kind === 'bug') failures.push(`case ${i} (${c.name}): ${o.message}`);
      else if (o.kind === 'error' && !o.located)
        failures.push(`case ${i} (${c.name}): no line in ${o.message}`);
      else if (o.kind === 'table') tables++;
      else kinds.add(normalizeMessage(o.detail));
    }
    expect(failures, `seed ${seed}`).toEqual([]);
    // The cases reach both ends: real tables and a variety of refusals.
    expect(tables).toBeGreaterThan(20);
    expect(kinds.size).toBeGreaterThan(8);
  });

  it('refuses a header of more than MAX_COLUMNS columns, naming line 1, without building them', () => {
    const header = Array.from({ length: MAX_COLUMNS + 5 }, (_, j) => `c${j}`).join(',');
    expect(() => parseCsv(header + '\n1\n', 'wide.csv')).toThrow(
      `wide.csv, line 1: the header names ${MAX_COLUMNS + 5} columns; the workbench reads at most ${MAX_COLUMNS}`,
    );
  });

  it('counts every field of an overlong row, quoted ones too', () => {
    const row = Array.from({ length: 5000 }, (_, j) => (j % 2 ? `"${j},x"` : String(j))).join(',');
    expect(() => parseCsv(`a,b\n1,2\n${row}\n`, 'f.csv')).toThrow(
      'f.csv, line 3: the row has 5000 fields, expected 2',
    );
  });

  it('reads escaped quotes and line breaks inside a quoted field, keeping later line numbers', () => {
    const text = 'a,b\n1,"x ""y""\r\nz"\n2,"\r"\noops,3\n';
    expect(() => loadAny(text, 'q.csv')).toThrow("q.csv, line 6, column 'a': 'oops' is not a number");
    const parsed = parseCsv('a,b\n1,"x ""y""\r\nz"\n2,"\r"\n', 'q.csv');
    expect(parsed.columns[1]).toEqual(['x "y"\r\nz', '\r']);
    expect(Array.from(parsed.lines)).toEqual([2, 4]);
  });

  it('reads a numeric column whose text cells start in many columns at once, in the first rows', () => {
    // 300 columns, each turning to text on one of rows 70 to 169, after the rows the parser looks at first.
    const text = BIG_CASES['columns-10000-text-late']()
      .split('\n')
      .slice(0, 400)
      .map((l) => l.split(',').slice(0, 300).join(','))
      .join('\n');
    const parsed = parseCsv(text, 'w.csv');
    expect(parsed.kinds.filter((k) => k === 'string')).toHaveLength(300);
  });

  it('refuses a 100,000-digit cell with a stray character at once, quoting only its start', () => {
    // The number pattern could split a run of digits two ways: a failed match took minutes.
    const cell = '1'.repeat(100_000) + ')';
    const text = `a,b\n1,2\n3,${cell}\n4,5\n`;
    expect(() => loadAny(text, 'd.csv')).toThrow(
      `d.csv, line 3, column 'b': '${'1'.repeat(57)}...' is not a number`,
    );
  });
});
