/**
 * The cases of the CSV import fuzzing: each is made from a seed and an index alone, so a failing case
 * is replayed by its number (`npm run fuzz -- --seed S --only N`).
 *
 * - `fc-table`: a fast-check table of random cells (numbers, the odd tokens below, text, dates in
 *   several layouts, quoted text), delimiter, line ends, BOM.
 * - `fc-text`, `fc-bytes`: random text and random bytes (decoded as UTF-8 by the loader).
 * - `mutate`: the first lines of a real data file with one to four mutations: flipped bytes, truncation,
 *   deleted ranges, other delimiters, quotes left open, BOMs, CRLF or lone CR, odd numbers (`1e309`,
 *   `NaN`, `-0`, ...), times in mixed layouts, blank lines, a lost or duplicated header, ragged rows,
 *   NUL bytes, a very long cell.
 * - {@link BIG_CASES}: 10,000 columns and 100 MB single lines, once per run.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom, type Random } from '../../src/engine/index';

/** One input to load, with what made it. */
export interface FuzzCase {
  /** `family/detail`, e.g. `mutate/nab-aws/ec2_cpu.csv: crlf, open-quote`. */
  name: string;
  family: string;
  input: string | Uint8Array;
}

/** A real file the mutations start from. */
export interface SeedFile {
  name: string;
  text: string;
}

/** Odd cells: overflow, missing tokens, signed zero, infinities, near-numbers. */
export const ODD_CELLS = [
  '1e309',
  '-1e309',
  '1e-400',
  'NaN',
  'nan',
  '-0',
  '+0',
  '-0.0',
  'Infinity',
  '-inf',
  'null',
  'N/A',
  '0x1F',
  '1,5',
  '1_000',
  '١٢٣',
  '  12  ',
  '1.2.3',
  '--1',
  '.',
  '+',
  '-',
  'e5',
  '1e',
  '9'.repeat(400),
  '1'.repeat(30_000) + 'x',
  '0.' + '0'.repeat(400) + '1',
  '',
];

/** The odd cells that a numeric column reads (as a number, or as missing, counted when infinite). */
export const NUMBER_LIKE_CELLS = ODD_CELLS.filter((c) => !/[x,_١]|^\.$|^[+-]$|^e|e$|--|\d\.\d+\./.test(c));

/**
 * One instant in layouts people mix in one time column: ISO with and without zone, slashes, US and
 * European day order, epoch seconds and milliseconds, offsets, a month name.
 */
export function timeLayouts(ms: number): string[] {
  const d = new Date(ms);
  const p = (v: number, n = 2): string => String(v).padStart(n, '0');
  const y = d.getUTCFullYear();
  const mo = p(d.getUTCMonth() + 1);
  const da = p(d.getUTCDate());
  const hm = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return [
    d.toISOString(),
    `${y}-${mo}-${da} ${hm}:00`,
    `${y}/${mo}/${da} ${hm}`,
    `${mo}/${da}/${y} ${hm}`,
    `${da}.${mo}.${y} ${hm}`,
    String(Math.floor(ms / 1000)),
    String(ms),
    `${y}-${mo}-${da}T${hm}:00+05:30`,
    `${y}-${mo}-${da}T${hm}:00-0800`,
    d.toUTCString(),
    `${y}-${mo}-${da}`,
    `${y}${mo}${da}T${hm.replace(':', '')}`,
  ];
}

/** Every `.csv` under the given folders (one level of subfolders), read as text. */
export function readSeedFiles(dirs: string[]): SeedFile[] {
  const out: SeedFile[] = [];
  const visit = (dir: string, prefix: string, depth: number): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (depth > 0) visit(path, `${prefix}${entry}/`, depth - 1);
      } else if (entry.endsWith('.csv')) out.push({ name: prefix + entry, text: readFileSync(path, 'utf8') });
    }
  };
  for (const dir of dirs) visit(dir, '', 1);
  if (out.length === 0) throw new Error(`no .csv file under ${dirs.join(', ')}`);
  return out;
}

const FAMILIES: [family: string, weight: number][] = [
  ['fc-table', 30],
  ['fc-text', 5],
  ['fc-bytes', 5],
  ['mutate', 60],
];

/** The generator for case `index` of run `seed`: independent of every other case. */
function caseRandom(seed: number, index: number): Random {
  return createRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

function pickWeighted<T>(rng: Random, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [item, w] of items) {
    if ((r -= w) < 0) return item;
  }
  return items[items.length - 1][0];
}

function pick<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Case `index` of run `seed`. */
export function csvCase(seed: number, index: number, files: readonly SeedFile[]): FuzzCase {
  const rng = caseRandom(seed, index);
  const family = pickWeighted(rng, FAMILIES);
  const fcSeed = rng.int(2 ** 31);
  const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: fcSeed, numRuns: 1 })[0];
  switch (family) {
    case 'fc-table':
      return { family, name: `${family}/${fcSeed}`, input: sample(tableArbitrary) };
    case 'fc-text':
      return {
        family,
        name: `${family}/${fcSeed}`,
        input: sample(fc.string({ unit: rng.next() < 0.5 ? 'binary' : 'grapheme', maxLength: 2000 })),
      };
    case 'fc-bytes':
      return { family, name: `${family}/${fcSeed}`, input: sample(fc.uint8Array({ maxLength: 4000 })) };
    default:
      return mutatedCase(rng, files);
  }
}

const date = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) })
  .map((ms) => fc.constantFrom(...timeLayouts(ms)))
  .chain((a) => a);
/** Cells that keep a table's shape: numbers, the odd tokens, times. */
const cleanCell = fc.oneof(
  { weight: 6, arbitrary: fc.double().map(String) },
  { weight: 4, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...NUMBER_LIKE_CELLS) },
);
/** Any cell, quotes and delimiters included. */
const noisyCell = fc.oneof(
  { weight: 6, arbitrary: fc.double().map(String) },
  { weight: 4, arbitrary: fc.integer().map(String) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_CELLS) },
  { weight: 2, arbitrary: date },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((s) => `"${s.replace(/"/g, '""')}"`) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', '"a"b', 'a"b', '"\n"', '\r', ',', ';', '\t') },
);
const tableArbitrary = fc
  .record({
    cols: fc.integer({ min: 1, max: 8 }),
    rows: fc.integer({ min: 0, max: 40 }),
    // Clean tables have a row or more; noisy ones may have none.
    delimiter: fc.constantFrom(',', ',', ',', ';', '\t', '|'),
    eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    names: fc.constantFrom('plain', 'time', 'random'),
    noisy: fc.boolean(),
  })
  .chain(({ cols, rows, delimiter, eol, bom, trailing, names, noisy }) =>
    fc
      .tuple(
        names === 'random'
          ? fc.array(fc.string({ maxLength: 8 }), { minLength: cols, maxLength: cols })
          : fc.constant(
              Array.from({ length: cols }, (_, j) =>
                names === 'time' && j === 0 ? 'timestamp' : j === cols - 1 && j > 1 ? 'label' : `m${j}`,
              ),
            ),
        fc.array(
          noisy
            ? fc.array(noisyCell, { minLength: Math.max(1, cols - 1), maxLength: cols + 1 })
            : fc.array(cleanCell, { minLength: cols, maxLength: cols }),
          { minLength: noisy ? rows : Math.max(1, rows), maxLength: noisy ? rows : Math.max(1, rows) },
        ),
        date,
      )
      .map(([header, body, firstTime]) => {
        // A time column, when the header names one, holds times in the clean tables.
        if (!noisy && header[0] === 'timestamp') {
          const t0 = Date.UTC(2024, 0, 1);
          body.forEach((r, i) => (r[0] = i === 0 ? firstTime : new Date(t0 + i * 60_000).toISOString()));
        }
        if (!noisy && header[cols - 1] === 'label') body.forEach((r, i) => (r[cols - 1] = String(i % 2)));
        // '|' is no delimiter the loader knows: only noisy tables use it.
        const d = !noisy && delimiter === '|' ? ',' : delimiter;
        const lines = [header, ...body].map((r) => r.join(d));
        return (bom ? '\uFEFF' : '') + lines.join(eol) + (trailing ? eol : '');
      }),
  );

type Mutation = (text: string, rng: Random) => string;

function lines(text: string): string[] {
  return text.split('\n');
}

function randomPosition(text: string, rng: Random): number {
  return rng.int(text.length + 1);
}

/** A random cell position: line (not the header unless `header`), start and end. */
function randomCell(text: string, rng: Random, header = false): { a: number; b: number } | null {
  const ls = lines(text);
  if (ls.length < 2 && !header) return null;
  const li = header ? rng.int(ls.length) : 1 + rng.int(ls.length - 1);
  let offset = 0;
  for (let i = 0; i < li; i++) offset += ls[i].length + 1;
  const line = ls[li];
  const cuts = [-1];
  for (let i = 0; i < line.length; i++)
    if (line[i] === ',' || line[i] === ';' || line[i] === '\t') cuts.push(i);
  cuts.push(line.replace(/\r$/, '').length);
  const k = rng.int(cuts.length - 1);
  return { a: offset + cuts[k] + 1, b: offset + cuts[k + 1] };
}

function replaceCell(text: string, rng: Random, value: (old: string) => string, header = false): string {
  const cell = randomCell(text, rng, header);
  if (!cell) return text;
  return text.slice(0, cell.a) + value(text.slice(cell.a, cell.b)) + text.slice(cell.b);
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, randomPosition(t, r)),
  'delete-range': (t, r) => {
    const a = randomPosition(t, r);
    return t.slice(0, a) + t.slice(Math.min(t.length, a + 1 + r.int(200)));
  },
  'duplicate-line': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    ls.splice(i, 0, ls[i]);
    return ls.join('\n');
  },
  'swap-lines': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    const j = r.int(ls.length);
    [ls[i], ls[j]] = [ls[j], ls[i]];
    return ls.join('\n');
  },
  'other-delimiter': (t, r) => t.replace(/,/g, pick(r, [';', '\t', '|', ' ', ', '])),
  'one-line-delimiter': (t, r) => {
    const ls = lines(t);
    const i = r.int(ls.length);
    ls[i] = ls[i].replace(/,/g, pick(r, [';', '\t']));
    return ls.join('\n');
  },
  'open-quote': (t, r) => {
    const a = randomPosition(t, r);
    return t.slice(0, a) + '"' + t.slice(a);
  },
  'quoted-cells': (t) =>
    lines(t)
      .map((l) =>
        l === ''
          ? l
          : l
              .split(',')
              .map((c) => `"${c.replace(/"/g, '""')}"`)
              .join(','),
      )
      .join('\n'),
  'quote-in-cell': (t, r) => replaceCell(t, r, (c) => `"${c}"x"`),
  bom: (t, r) => {
    const at = pick(r, ['start', 'double', 'middle']);
    if (at === 'start') return '\uFEFF' + t;
    if (at === 'double') return '\uFEFF\uFEFF' + t;
    const a = randomPosition(t, r);
    return t.slice(0, a) + '\uFEFF' + t.slice(a);
  },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  'lone-cr': (t) => t.replace(/\n/g, '\r'),
  'mixed-line-ends': (t, r) => t.replace(/\n/g, () => pick(r, ['\n', '\r\n', '\r', '\n\n'])),
  'odd-number': (t, r) => {
    let out = t;
    const k = 1 + r.int(5);
    for (let i = 0; i < k; i++) out = replaceCell(out, r, () => pick(r, ODD_CELLS));
    return out;
  },
  'mixed-dates': (t, r) =>
    t.replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?/g, (m) => {
      if (r.next() > 0.3) return m;
      const ms = Date.parse(m.replace(' ', 'T') + (m.endsWith('Z') ? '' : 'Z'));
      return Number.isNaN(ms) ? m : pick(r, timeLayouts(ms));
    }),
  'bad-date': (t, r) =>
    t.replace(/\d{4}-\d{2}-\d{2}/, () =>
      pick(r, ['2023-02-29', '2024-13-01', '2024-00-10', '0000-01-01', '99999-01-01', 'yesterday']),
    ),
  'blank-lines': (t, r) =>
    t.replace(/\n/g, () => (r.next() < 0.05 ? pick(r, ['\n\n', '\n  \n', '\n\t\n']) : '\n')),
  'no-header': (t) => t.slice(t.indexOf('\n') + 1),
  'duplicate-column': (t) => {
    const nl = t.indexOf('\n');
    const header = (nl === -1 ? t : t.slice(0, nl)).split(',');
    if (header.length > 1) header[header.length - 1] = header[0];
    return header.join(',') + (nl === -1 ? '' : t.slice(nl));
  },
  'blank-column-name': (t, r) => replaceCell(t, r, () => pick(r, ['', ' ', '""']), true),
  'extra-field': (t, r) => replaceCell(t, r, (c) => `${c},${c}`),
  'missing-field': (t, r) => {
    const cell = randomCell(t, r);
    return cell ? t.slice(0, Math.max(0, cell.a - 1)) + t.slice(cell.b) : t;
  },
  'empty-cells': (t, r) => {
    let out = t;
    for (let i = 0; i < 1 + r.int(20); i++) out = replaceCell(out, r, () => '');
    return out;
  },
  'nul-bytes': (t, r) => {
    const a = randomPosition(t, r);
    return t.slice(0, a) + '\0'.repeat(1 + r.int(4)) + t.slice(a);
  },
  'long-cell': (t, r) =>
    replaceCell(t, r, () => pick(r, ['x', '1', '"a,b\n']).repeat(10_000 + r.int(100_000))),
  'lone-surrogate': (t, r) => {
    const a = randomPosition(t, r);
    return t.slice(0, a) + pick(r, ['\uD800', '\uDFFF', '\uFFFD', '\u2028', '\u00A0']) + t.slice(a);
  },
  'text-in-metric': (t, r) =>
    replaceCell(t, r, () => pick(r, ['abc', 'error', '<img src=x onerror=alert(1)>', '12:30'])),
  'label-column': (t, r) =>
    lines(t)
      .map((l, i) =>
        l === '' ? l : `${l},${i === 0 ? 'label' : pick(r, ['0', '1', '0', '1', '2', '', 'yes', '-1'])}`,
      )
      .join('\n'),
  'entity-column': (t, r) =>
    lines(t)
      .map((l, i) => (l === '' ? l : `${i === 0 ? 'host' : pick(r, ['web-1', 'web-2', '', 'db', '1'])},${l}`))
      .join('\n'),
  'padded-header': (t) => {
    const nl = t.indexOf('\n');
    return nl === -1
      ? t
      : t
          .slice(0, nl)
          .split(',')
          .map((h) => `  ${h} `)
          .join(',') + t.slice(nl);
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Flips bits in a few random bytes (after the text mutations, on its UTF-8 bytes). */
function flipBytes(bytes: Uint8Array, rng: Random): { bytes: Uint8Array; flips: number } {
  const out = bytes.slice();
  const flips = out.length === 0 ? 0 : 1 + rng.int(8);
  for (let i = 0; i < flips; i++) out[rng.int(out.length)] ^= 1 << rng.int(8);
  return { bytes: out, flips };
}

function mutatedCase(rng: Random, files: readonly SeedFile[]): FuzzCase {
  const file = pick(rng, files);
  const roll = rng.next();
  const maxLines = roll < 0.7 ? 2 + rng.int(300) : roll < 0.95 ? 300 + rng.int(2700) : Infinity;
  let text = file.text;
  if (maxLines !== Infinity) {
    let end = -1;
    for (let i = 0; i < maxLines; i++) {
      const next = text.indexOf('\n', end + 1);
      if (next === -1) {
        end = text.length;
        break;
      }
      end = next;
    }
    text = text.slice(0, end + 1);
  }
  const applied: string[] = [];
  const count = rng.next() < 0.6 ? 1 : 2 + rng.int(3);
  for (let i = 0; i < count; i++) {
    const name = pick(rng, MUTATION_NAMES);
    text = MUTATIONS[name](text, rng);
    applied.push(name);
  }
  const base = `mutate/${file.name} (${maxLines === Infinity ? 'all' : maxLines} lines)`;
  if (rng.next() < 0.25) {
    const { bytes, flips } = flipBytes(new TextEncoder().encode(text), rng);
    return {
      family: 'mutate',
      name: `${base}: ${[...applied, `${flips} byte flips`].join(', ')}`,
      input: bytes,
    };
  }
  return { family: 'mutate', name: `${base}: ${applied.join(', ')}`, input: text };
}

const MB100 = 100 * 1024 * 1024;

/** Heavy cases run once per run, each with a long time bound: wide files and 100 MB single lines. */
export const BIG_CASES: Record<string, () => string> = {
  'columns-10000': () => wide(10_000, 200, () => ''),
  'columns-10000-text-late': () => wide(10_000, 200, (r, j) => (r === 70 + (j % 100) ? 'x' : '')),
  'line-100MB-digits': () => 'a,b\n1,' + '9'.repeat(MB100),
  'line-100MB-text-cell': () => 'a,b\n1,' + 'x'.repeat(MB100),
  'line-100MB-quoted-cell': () => 'a,b\n1,"' + 'x,\n'.repeat(MB100 / 3) + '"\n',
  'line-100MB-escaped-quotes': () => 'a,b\n1,"' + '""'.repeat(MB100 / 2) + '"\n',
  'line-100MB-open-quote': () => 'a,b\n1,"' + 'x'.repeat(MB100),
  'line-100MB-header': () => {
    const parts: string[] = [];
    let length = 0;
    for (let j = 0; length < MB100; j++) {
      const name = `column_${j}`;
      parts.push(name);
      length += name.length + 1;
    }
    return parts.join(',') + '\n' + '1,'.repeat(10) + '1\n';
  },
  'line-100MB-fields': () => 'value\n' + '1,'.repeat(MB100 / 2),
  'line-100MB-no-newline': () => 'x'.repeat(MB100),
  'rows-1M-quoted-crlf': () => {
    const parts = ['"timestamp","host","cpu"\r\n'];
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 1_000_000; i++) {
      parts.push(`"${new Date(t0 + i * 60_000).toISOString()}","web-${i % 7}","${(i % 1000) / 10}"\r\n`);
    }
    return parts.join('');
  },
};

/** A file of `cols` numeric columns and `rows` rows; `cell` may replace a cell's number ('' keeps it). */
function wide(cols: number, rows: number, cell: (row: number, col: number) => string): string {
  const out = [Array.from({ length: cols }, (_, j) => `m${j}`).join(',')];
  for (let r = 0; r < rows; r++) {
    out.push(Array.from({ length: cols }, (_, j) => cell(r, j) || String((r * 31 + j) % 1000)).join(','));
  }
  return out.join('\n') + '\n';
}
