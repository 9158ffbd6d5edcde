import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/engine/index';
import { mergeHalves, splitPoint } from '../../src/node/csv-halves';
import { datasetFromParsed } from '../../src/engine/table/load';
import { parseHalf } from '../../src/node/profile-transfer';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'awb-par-'));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cli profile FILE --json` on one thread or (for any file size) two, with the steps traced. */
async function profile(file: string, threads: 1 | 2): Promise<Result> {
  const env = {
    ...process.env,
    AWB_PROFILE_THREADS: String(threads),
    AWB_PROFILE_MIN_BYTES: threads === 2 ? '1' : undefined,
    AWB_PROFILE_TRACE: '1',
  };
  return runCli(['profile', file, '--json'], env);
}

/** stderr without the trace lines. */
function errors(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^(main|worker) \d+ ms \(cpu [^)]*\): /.test(l))
    .join('\n');
}

let demo = '';
let demoText = '';

beforeAll(async () => {
  demo = join(dir, 'demo.csv');
  await runCli(['generate', '--out', demo, '--days', '60', '--instances', '8']);
  demoText = readFileSync(demo, 'utf8');
}, 120_000);

describe('cli profile on two threads', () => {
  it('prints byte for byte what one thread prints', async () => {
    const [one, two] = await Promise.all([profile(demo, 1), profile(demo, 2)]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    // The second run really took the two-thread path, the first did not.
    expect(two.stderr).toMatch(/worker \d+ ms \(cpu [^)]*\): analysing/);
    expect(one.stderr).not.toMatch(/worker/);
    expect(two.stdout.length).toBeGreaterThan(10_000);
    expect(two.stdout).toBe(one.stdout);
  });

  it('falls back to one thread for a file with quotes, with the same output', async () => {
    const lines = demoText.split('\n');
    lines[5] = lines[5].replace(/,web-01,/, ',"web-01",');
    const quoted = join(dir, 'quoted.csv');
    writeFileSync(quoted, lines.join('\n'));
    const [one, two] = await Promise.all([profile(quoted, 1), profile(quoted, 2)]);
    expect(two.code).toBe(0);
    expect(two.stderr).not.toMatch(/first part parsed/);
    expect(two.stdout).toBe(one.stdout);
  });

  it('gives the same error and exit code for a ragged row in the second half', async () => {
    const lines = demoText.split('\n');
    const at = Math.floor(lines.length * 0.8);
    lines[at] += ',7';
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const [one, two] = await Promise.all([profile(bad, 1), profile(bad, 2)]);
    expect(one.code).toBe(2);
    expect(two.code).toBe(2);
    expect(errors(one.stderr)).toMatch(new RegExp(`line ${at + 1}: the row has 12 fields`));
    expect(errors(two.stderr)).toBe(errors(one.stderr));
    expect(two.stdout).toBe('');
  });

  it('gives the same output when a column turns to text only in the second half', async () => {
    const lines = demoText.split('\n');
    const at = Math.floor(lines.length * 0.9);
    const cells = lines[at].split(',');
    cells[2] = 'n/a?';
    lines[at] = cells.join(',');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, lines.join('\n'));
    const [one, two] = await Promise.all([profile(mixed, 1), profile(mixed, 2)]);
    expect(two.code).toBe(one.code);
    expect(errors(two.stderr)).toBe(errors(one.stderr));
    expect(two.stdout).toBe(one.stdout);
  });
});

describe('csv halves', () => {
  /** The dataset from two half parses, next to loadCsv's on the whole text. */
  function both(text: string, share = 0.5) {
    const bytes = new TextEncoder().encode(text);
    const split = splitPoint(bytes, share);
    if (!split) return null;
    const first = parseHalf(new TextDecoder().decode(bytes.subarray(0, split.at)), 'f.csv', {});
    const second = parseHalf(new TextDecoder().decode(split.second), 'f.csv', {});
    const merged = mergeHalves(first, second);
    if (!merged) return null;
    return { halves: datasetFromParsed(merged, 'f.csv'), whole: loadCsv(text, 'f.csv') };
  }

  function columns(ds: ReturnType<typeof loadCsv>): Record<string, unknown[]> {
    return Object.fromEntries(
      ds.table.columnNames().map((c) => [c, Array.from(ds.table.array(c) as ArrayLike<unknown>)]),
    );
  }

  const rows = (n: number, cell: (i: number) => string): string =>
    Array.from({ length: n }, (_, i) => cell(i)).join('\n');
  const time = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();

  it('merges to the dataset loadCsv builds: times, entity, warnings with their lines', () => {
    const text =
      'timestamp,host,cpu,mem\n' +
      rows(400, (i) => {
        const t = i === 300 ? '2024-01-01 05:00:00+02:00' : time(i);
        const cpu = i === 330 || i === 390 ? 'Infinity' : String((i * 7) % 13);
        return `${t},h${i % 3},${cpu},${i % 5 === 0 ? '' : i / 4}`;
      }) +
      '\n\n';
    const r = both(text);
    expect(r).not.toBeNull();
    const { halves, whole } = r!;
    expect(halves.schema).toEqual(whole.schema);
    expect(halves.warnings).toEqual(whole.warnings);
    expect(halves.warnings?.join(' ')).toMatch(/2 infinite.*first on line 332.*first on line 302/);
    expect(columns(halves)).toEqual(columns(whole));
  });

  it('keeps line numbers in errors found after merging', () => {
    const text = 'timestamp,cpu\n' + rows(400, (i) => `${i === 350 ? 'soon' : time(i)},${i}`) + '\n';
    const bytes = new TextEncoder().encode(text);
    const split = splitPoint(bytes)!;
    const merged = mergeHalves(
      parseHalf(new TextDecoder().decode(bytes.subarray(0, split.at)), 'f.csv', {}),
      parseHalf(new TextDecoder().decode(split.second), 'f.csv', {}),
    )!;
    expect(() => datasetFromParsed(merged, 'f.csv')).toThrow(
      /line 352, column 'timestamp': 'soon' is not a time/,
    );
    expect(() => loadCsv(text, 'f.csv')).toThrow(/line 352, column 'timestamp': 'soon' is not a time/);
  });

  it('refuses to cut a file with quotes or CR, or a long table', () => {
    const body = rows(200, (i) => `${time(i)},${i}`);
    expect(splitPoint(new TextEncoder().encode('t,"v"\n' + body))).toBeNull();
    expect(splitPoint(new TextEncoder().encode('t,v\r\n' + body.replace(/\n/g, '\r\n')))).toBeNull();
    const long = 'timestamp,host,metric,value\n' + rows(200, (i) => `${time(i)},h${i % 2},cpu,${i}`);
    expect(splitPoint(new TextEncoder().encode(long))).toBeNull();
    expect(splitPoint(new TextEncoder().encode('t,v\n' + body))).not.toBeNull();
  });

  it('answers null when the halves read a column differently', () => {
    const text = 'timestamp,cpu\n' + rows(400, (i) => `${time(i)},${i === 380 ? 'high' : i}`) + '\n';
    expect(both(text)).toBeNull();
  });
});
