import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qualityOverview, qualityReport, type QualityFinding } from '../../../src/engine/eda/quality-report';
import type { Dataset, Schema } from '../../../src/engine/table/dataset';
import { loadCsv } from '../../../src/engine/table/load';

const T0 = Date.UTC(2024, 2, 5, 10, 0); // 2024-03-05 10:00 UTC
const MIN = 60_000;
const STEP = 5 * MIN;

type Columns = Record<string, Float64Array | string[]>;

function dataset(columns: Columns, schema: Schema, warnings?: string[]): Dataset {
  const ds: Dataset = { name: 't', table: table(columns), schema };
  if (warnings) ds.warnings = warnings;
  return ds;
}

/** Two hosts x n regular 5-minute rows, positive varied metrics: nothing to report. */
function clean(n = 12): { columns: Record<string, Float64Array | string[]>; schema: Schema } {
  const rows = 2 * n;
  const timestamp = new Float64Array(rows);
  const host: string[] = [];
  const cpu = new Float64Array(rows);
  const mem = new Float64Array(rows);
  const label = new Float64Array(rows);
  for (let e = 0; e < 2; e++) {
    for (let i = 0; i < n; i++) {
      const r = e * n + i;
      timestamp[r] = T0 + i * STEP;
      host.push(`web-0${e + 1}`);
      cpu[r] = 10 + ((i * 7 + e * 3) % 11);
      mem[r] = 40 + ((i * 5 + e) % 13) / 2;
    }
  }
  return {
    columns: { timestamp, host, cpu_pct: cpu, mem_pct: mem, label },
    schema: { time: 'timestamp', entity: 'host', metrics: ['cpu_pct', 'mem_pct'], label: 'label' },
  };
}

const ids = (fs: QualityFinding[]): string[] => fs.map((f) => f.id);
const only = (fs: QualityFinding[], id: string): QualityFinding[] => fs.filter((f) => f.id === id);

describe('qualityReport: no findings', () => {
  it('finds nothing in clean, regular, sorted data', () => {
    const { columns, schema } = clean();
    expect(qualityReport(dataset(columns, schema))).toEqual([]);
  });

  it('finds nothing in clean data without time or entity', () => {
    const ds = dataset({ x: Float64Array.of(1, 2, 3), y: Float64Array.of(3, 2, 1) }, { metrics: ['x', 'y'] });
    expect(qualityReport(ds)).toEqual([]);
  });
});

describe('qualityOverview', () => {
  it('gives rows, columns, roles and missing cells per column', () => {
    const { columns, schema } = clean(3);
    (columns.mem_pct as Float64Array)[1] = NaN;
    columns.note = ['a', '', 'b', ' ', 'c', 'd'];
    columns.extra = Float64Array.of(1, 2, 3, 4, 5, 6);
    const o = qualityOverview(dataset(columns, schema));
    expect(o.rows).toBe(6);
    expect(o.columns).toBe(7);
    expect(o.types).toEqual([
      { name: 'timestamp', kind: 'time' },
      { name: 'host', kind: 'entity' },
      { name: 'cpu_pct', kind: 'metric' },
      { name: 'mem_pct', kind: 'metric' },
      { name: 'label', kind: 'label' },
      { name: 'note', kind: 'text' },
      { name: 'extra', kind: 'other' },
    ]);
    expect(o.missingByColumn.find((m) => m.column === 'mem_pct')).toEqual({
      column: 'mem_pct',
      count: 1,
      pct: (1 / 6) * 100,
    });
    expect(o.missingByColumn.find((m) => m.column === 'note')?.count).toBe(2);
    expect(o.missingByColumn.find((m) => m.column === 'cpu_pct')?.count).toBe(0);
  });
});

describe('qualityReport: missing values', () => {
  it('counts missing values and finds their runs in time, per entity', () => {
    const { columns, schema } = clean(10);
    const mem = columns.mem_pct as Float64Array;
    mem[12] = mem[13] = mem[14] = NaN; // web-02, 10:10 to 10:20
    mem[7] = NaN; // web-01, 10:35
    const [f] = qualityReport(dataset(columns, schema));
    expect(f).toEqual({
      id: 'missing-values',
      severity: 'warning',
      column: 'mem_pct',
      count: 4,
      title:
        'mem_pct: 4 missing values (20%), in 2 runs, longest 3 rows 2024-03-05 10:10 to 10:20 UTC on web-02.',
      detail: 'Rows missing by entity (2 of 2 affected): web-02 3 in 1 run, web-01 1 in 1 run.',
      remedy: 'Forward fill with a limit, interpolate, or drop rows.',
      where: [
        { start: T0 + 2 * STEP, end: T0 + 4 * STEP, entity: 'web-02' },
        { start: T0 + 7 * STEP, end: T0 + 7 * STEP, entity: 'web-01' },
      ],
    });
  });

  it('names the entity when only one is affected, and is info under 1% of rows', () => {
    const { columns, schema } = clean(60);
    (columns.cpu_pct as Float64Array)[70] = NaN;
    const [f] = qualityReport(dataset(columns, schema));
    expect(f).toMatchObject({ id: 'missing-values', severity: 'info', column: 'cpu_pct', entity: 'web-02' });
    expect(f.title).toBe(
      'cpu_pct: 1 missing value (0.8%), in one run of 1 row, at 2024-03-05 10:50 UTC on web-02.',
    );
  });

  it('lists at most 20 ranges, the longest, in time order', () => {
    const n = 200;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
    const x = Float64Array.from({ length: n }, (_, i) => i + 1);
    // 30 runs: run j has length 1 + (j % 4), starting every 6 rows.
    for (let j = 0; j < 30; j++) for (let k = 0; k <= j % 4; k++) x[j * 6 + k] = NaN;
    const [f] = qualityReport(dataset({ t, x }, { time: 't', metrics: ['x'] }));
    expect(f.title).toContain('in 30 runs, longest 4 rows');
    expect(f.where).toHaveLength(20);
    const lengths = f.where!.map((r) => (r.end - r.start) / STEP + 1);
    expect(lengths.filter((l) => l === 4)).toHaveLength(7);
    expect(lengths.filter((l) => l === 3)).toHaveLength(7);
    expect(lengths.filter((l) => l === 2)).toHaveLength(6);
    const starts = f.where!.map((r) => r.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(f.where![0]).not.toHaveProperty('entity');
  });

  it('gives row numbers without a time column', () => {
    const x = Float64Array.of(1, 2, NaN, NaN, NaN, 6);
    const y = Float64Array.of(1, 2, 3, 4, 5, 6);
    const [f] = qualityReport(dataset({ x, y }, { metrics: ['x', 'y'] }));
    expect(f.title).toBe('x: 3 missing values (50%), in one run of 3 rows, rows 2 to 4.');
    expect(f.where).toBeUndefined();
    expect(f.detail).toBeUndefined();
  });

  it('reports an all-missing column as an error, and nothing else about it', () => {
    const { columns, schema } = clean(5);
    columns.mem_pct = new Float64Array(10).fill(NaN);
    expect(qualityReport(dataset(columns, schema))).toEqual([
      {
        id: 'all-missing',
        severity: 'error',
        column: 'mem_pct',
        count: 10,
        title: 'mem_pct has no value at all: all 10 rows are missing.',
        remedy: 'Drop the column.',
      },
    ]);
  });

  it('counts empty entity cells', () => {
    const { columns, schema } = clean(5);
    (columns.host as string[])[9] = '';
    const f = only(qualityReport(dataset(columns, schema)), 'missing-values');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ column: 'host', count: 1, severity: 'warning' });
    expect(f[0].title).toBe('host: 1 empty cell (10%).');
  });
});

describe('qualityReport: duplicates and order', () => {
  it('finds exact duplicate rows and duplicated (entity, time) keys', () => {
    const { columns, schema } = clean(6);
    // Row 3 copied onto row 4 (web-01): exact duplicate. Row 8 gets row 7's time: a conflicting key.
    for (const c of Object.values(columns)) c[4] = c[3];
    (columns.timestamp as Float64Array)[8] = (columns.timestamp as Float64Array)[7];
    const fs = qualityReport(dataset(columns, schema));
    const [dupRows] = only(fs, 'duplicate-rows');
    expect(dupRows).toMatchObject({ severity: 'warning', count: 1 });
    expect(dupRows.title).toBe('1 row is an exact duplicate of an earlier row (8.3% of rows).');
    expect(dupRows.where).toEqual([{ start: T0 + 3 * STEP, end: T0 + 3 * STEP, entity: 'web-01' }]);
    const [keys] = only(fs, 'duplicate-keys');
    expect(keys).toMatchObject({ severity: 'warning', count: 2, column: 'timestamp' });
    expect(keys.title).toBe(
      '2 rows repeat the (host, timestamp) of an earlier row: 1 exact duplicate, 1 with different values.',
    );
    expect(keys.detail).toBe('By entity: web-01 1, web-02 1.');
    // The duplicated times leave gaps of two steps behind them.
    expect(ids(fs)).toEqual(['duplicate-rows', 'duplicate-keys', 'time-gaps', 'time-gaps']);
  });

  it('finds duplicate rows without a time column (NaN equals NaN), and none in distinct rows', () => {
    const ds = dataset(
      {
        x: Float64Array.of(1, 1, 3, NaN, NaN, 1, 0, -0),
        y: Float64Array.of(2, 2, 4, 5, 5, 2, 7, 7),
        tag: ['a', 'a', 'b', 'c', 'c', 'z', 'd', 'd'],
      },
      { metrics: ['x', 'y'] },
    );
    const fs = only(qualityReport(ds), 'duplicate-rows');
    // rows 1 (= 0), 4 (= 3) and 7 (-0 = 0, as pandas) repeat earlier rows; row 5 differs in tag.
    expect(fs.map((f) => f.count)).toEqual([3]);
    const distinct = dataset({ x: Float64Array.from({ length: 5000 }, (_, i) => i) }, { metrics: ['x'] });
    expect(qualityReport(distinct)).toEqual([]);
  });

  it('finds unsorted time within an entity and still checks steps in time order', () => {
    const { columns, schema } = clean(8);
    const t = columns.timestamp as Float64Array;
    [t[10], t[11]] = [t[11], t[10]]; // web-02 rows 2 and 3 swapped
    const fs = qualityReport(dataset(columns, schema));
    expect(fs).toEqual([
      {
        id: 'unsorted-time',
        severity: 'warning',
        column: 'timestamp',
        entity: 'web-02',
        count: 1,
        title:
          'timestamp is not sorted within 1 of 2 entities: 1 row goes back in time (first at row 11 on web-02).',
        detail: 'By entity: web-02 1.',
        remedy: 'Sort by host, then timestamp; rolling features and gap checks assume time order.',
      },
    ]);
  });

  it('sorts shuffled rows by time (stable, NaN last) before looking at runs', () => {
    const n = 50;
    const perm = Array.from({ length: n }, (_, i) => (i * 17) % n);
    const t = Float64Array.from(perm, (i) => T0 + i * STEP);
    const x = Float64Array.from(perm, (i) => (i >= 20 && i < 25 ? NaN : i + 1));
    const fs = qualityReport(dataset({ t, x }, { time: 't', metrics: ['x'] }));
    expect(ids(fs)).toEqual(['unsorted-time', 'missing-values']);
    expect(fs[1].title).toBe(
      'x: 5 missing values (10%), in one run of 5 rows, 2024-03-05 11:40 to 12:00 UTC.',
    );
  });
});

describe('qualityReport: constant columns', () => {
  it('reports a constant metric (warning) and a metric constant on some entities (info)', () => {
    const { columns, schema } = clean(6);
    columns.disk_iops = new Float64Array(12).fill(0);
    (columns.cpu_pct as Float64Array).fill(25, 0, 6);
    (columns.cpu_pct as Float64Array)[2] = NaN;
    const fs = qualityReport(dataset(columns, { ...schema, metrics: ['cpu_pct', 'mem_pct', 'disk_iops'] }));
    const [constant] = only(fs, 'constant-column');
    expect(constant).toMatchObject({ severity: 'warning', column: 'disk_iops', count: 12 });
    expect(constant.title).toBe('disk_iops is constant: all 12 of its values are 0.');
    const [perEntity] = only(fs, 'constant-per-entity');
    expect(perEntity).toMatchObject({ severity: 'info', column: 'cpu_pct', entity: 'web-01', count: 1 });
    expect(perEntity.title).toBe('cpu_pct is constant on 1 of 2 entities: web-01 (25).');
  });
});

describe('qualityReport: time index', () => {
  it('finds gaps longer than 1.5 x the median step, per entity, with the largest listed', () => {
    const { columns, schema } = clean(12);
    const t = columns.timestamp as Float64Array;
    for (let r = 16; r < 24; r++) t[r] += 60 * MIN; // web-02: one hour missing after 10:15
    for (let r = 22; r < 24; r++) t[r] += 15 * MIN; // and 15 more minutes after 11:50
    const fs = qualityReport(dataset(columns, schema));
    expect(ids(fs)).toEqual(['time-gaps']);
    expect(fs[0]).toEqual({
      id: 'time-gaps',
      severity: 'warning',
      entity: 'web-02',
      count: 2,
      title:
        'web-02: 2 gaps in the time index (steps over 1.5 x the median step of 5 min), longest 1 h 5 min ' +
        'from 2024-03-05 10:15 to 11:20 UTC.',
      detail:
        'About 15 samples are missing at the median step; largest gaps: 1 h 5 min after 2024-03-05 10:15 UTC, ' +
        '20 min after 2024-03-05 11:45 UTC.',
      remedy:
        'Resample to the regular step, then fill short gaps (forward fill with a limit, or interpolate) and leave long ones missing.',
      where: [
        { start: T0 + 3 * STEP, end: T0 + 3 * STEP + 65 * MIN, entity: 'web-02' },
        { start: T0 + 9 * STEP + 60 * MIN, end: T0 + 9 * STEP + 80 * MIN, entity: 'web-02' },
      ],
    });
  });

  it('finds irregular steps: info when few, warning from 10% of steps', () => {
    const n = 40;
    const t = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
    // Steps of 4 and 7 minutes (not gaps: under 7.5) in place of two 5-minute steps.
    for (let i = 10; i < n; i++) t[i] -= MIN;
    for (let i = 11; i < n; i++) t[i] += 2 * MIN;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const few = qualityReport(dataset({ t, x }, { time: 't', metrics: ['x'] }));
    expect(few).toEqual([
      {
        id: 'irregular-steps',
        severity: 'info',
        count: 2,
        title:
          '5.1% of time steps (2 of 39) differ from the median step of 5 min by more than 1% (gaps not counted).',
        remedy: 'Resample to a regular step (e.g. the mean per 5 min bucket).',
      },
    ]);
    // Jitter of a second is regular; every other step 3 or 7 minutes is not.
    const jitter = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP + (i % 2) * 1000);
    expect(qualityReport(dataset({ t: jitter, x }, { time: 't', metrics: ['x'] }))).toEqual([]);
    const wobbly = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP + (i % 2) * 2 * MIN);
    const [f] = qualityReport(dataset({ t: wobbly, x }, { time: 't', metrics: ['x'] }));
    // Steps alternate 7 and 3 minutes: the median is 7, the 19 steps of 3 minutes are irregular.
    expect(f).toMatchObject({ id: 'irregular-steps', severity: 'warning', count: 19 });
  });

  it('sums up gaps beyond 10 entities and keeps the 10 most affected', () => {
    const per = 10;
    const entities = 12;
    const t = new Float64Array(per * entities);
    const host: string[] = [];
    const x = new Float64Array(per * entities);
    for (let e = 0; e < entities; e++) {
      for (let i = 0; i < per; i++) {
        const r = e * per + i;
        // Entity e has gaps after rows 2 (and 5 for e < 3).
        t[r] = T0 + i * STEP + (i > 2 ? 30 * MIN : 0) + (e < 3 && i > 5 ? 30 * MIN : 0);
        host.push(`h${e}`);
        x[r] = r + 1;
      }
    }
    const fs = qualityReport(dataset({ t, host, x }, { time: 't', entity: 'host', metrics: ['x'] }));
    expect(ids(fs)).toEqual(Array(11).fill('time-gaps'));
    expect(fs[0]).toMatchObject({ count: 15 });
    expect(fs[0].entity).toBeUndefined();
    expect(fs[0].title).toBe(
      '15 gaps in the time index across 12 of 12 entities; the 10 most affected are listed separately.',
    );
    expect(fs.slice(1, 4).map((f) => [f.entity, f.count])).toEqual([
      ['h0', 2],
      ['h1', 2],
      ['h2', 2],
    ]);
  });
});

describe('qualityReport: physical range', () => {
  it('finds negative values in columns that cannot be negative, and percentages over 100', () => {
    const { columns, schema } = clean(6);
    columns.latency_ms = Float64Array.of(5, -3.5, -1, 4, 4, 4, 5, 6, 7, 8, 9, 10);
    columns.temp_c = Float64Array.of(-5, -3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    (columns.cpu_pct as Float64Array)[9] = 104.25;
    const fs = qualityReport(
      dataset(columns, { ...schema, metrics: ['cpu_pct', 'mem_pct', 'latency_ms', 'temp_c'] }),
    );
    expect(ids(fs)).toEqual(['percent-over-100', 'negative-values']);
    expect(fs[0]).toMatchObject({ column: 'cpu_pct', count: 1, entity: 'web-02', severity: 'warning' });
    expect(fs[0].title).toBe(
      'cpu_pct: 1 value above 100 (max 104.3) in a column named like a percentage, in one run of 1 row, ' +
        'at 2024-03-05 10:15 UTC on web-02.',
    );
    expect(fs[1]).toMatchObject({ column: 'latency_ms', count: 2, entity: 'web-01' });
    expect(fs[1].title).toBe(
      'latency_ms: 2 negative values (min -3.5) in a column whose name says it cannot be negative, in one run ' +
        'of 2 rows, 2024-03-05 10:05 to 10:10 UTC on web-01.',
    );
    expect(fs[1].where).toEqual([{ start: T0 + STEP, end: T0 + 2 * STEP, entity: 'web-01' }]);
  });
});

describe('qualityReport: table-wide problems and context', () => {
  it('refuses no rows and a single row as errors', () => {
    const empty = dataset({ x: new Float64Array(0) }, { metrics: ['x'] });
    expect(qualityReport(empty).map((f) => [f.id, f.severity])).toEqual([['no-rows', 'error']]);
    const one = dataset({ t: Float64Array.of(T0), x: Float64Array.of(1) }, { time: 't', metrics: ['x'] });
    expect(qualityReport(one)).toEqual([
      {
        id: 'single-row',
        severity: 'error',
        count: 1,
        title: 'The table has a single row: spread, distributions, time steps and models need more rows.',
        remedy: 'Load more data (a longer time range or more entities); Data Preparation cannot add rows.',
      },
    ]);
  });

  it("passes the loader's warnings through, with their column and count", () => {
    const csv = 'timestamp,x\n2024-03-05T10:00:00Z,1\n2024-03-05T10:05:00Z,inf\n2024-03-05T10:10:00Z,3\n';
    const ds = loadCsv(csv, 'f.csv');
    const fs = qualityReport(ds, { warnings: ['something else happened'] });
    expect(ids(fs)).toEqual(['loader-warning', 'loader-warning', 'missing-values']);
    expect(fs[0]).toMatchObject({ severity: 'warning', column: 'x', count: 1 });
    expect(fs[0].title).toBe(`${ds.warnings![0].charAt(0).toUpperCase()}${ds.warnings![0].slice(1)}.`);
    expect(fs[1].title).toBe('Something else happened.');
    expect(fs[2].title).toBe('x: 1 missing value (33.3%), in one run of 1 row, at 2024-03-05 10:05 UTC.');
  });

  it('reports mixed-type columns, given by the loader or found in text columns', () => {
    const { columns, schema } = clean(3);
    columns.code = ['1', '2', 'n/a', '4', '', '5'];
    columns.note = ['ok', 'ok', '7', 'fine', 'ok', 'ok'];
    columns.kind = ['a', 'b', '', 'a', 'b', 'a'];
    const fs = qualityReport(dataset(columns, schema), {
      mixedTypeColumns: [{ column: 'raw', numeric: 90, text: 10, examples: ['err'] }],
    });
    expect(fs.map((f) => [f.id, f.severity, f.column, f.count])).toEqual([
      ['mixed-types', 'warning', 'raw', 10],
      ['mixed-types', 'warning', 'code', 1],
      ['mixed-types', 'info', 'note', 1],
    ]);
    expect(fs[0].title).toBe("raw: mixed types, 90 numbers and 10 text cells (10% text) (e.g. 'err').");
    expect(fs[1].title).toBe("code: mixed types, 4 numbers and 1 text cells (20% text) (e.g. 'n/a').");
  });

  it('counts blank, numeric and text cells of a text column cell by cell, runs of repeats included', () => {
    // Blank is what trim() leaves empty (Unicode spaces too); numeric is a decimal after trimming.
    const cell = fc.constantFrom(
      '',
      ' ',
      '\u00a0',
      '\t',
      '\u3000x',
      '12',
      ' 3.5 ',
      '\u00a01',
      'abc',
      'x',
      '1e3',
      'NaN',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 30 }),
        (runs) => {
          const note = runs.flatMap(([c, times]) => Array.from({ length: times }, () => c));
          const n = note.length;
          const timestamp = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
          const cpu = Float64Array.from({ length: n }, (_, i) => 10 + (i % 7));
          const ds = dataset({ timestamp, cpu_pct: cpu, note }, { time: 'timestamp', metrics: ['cpu_pct'] });
          const blank = note.filter((c) => c.trim() === '');
          const numeric = note.filter(
            (c) => c.trim() !== '' && /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(c),
          );
          const text = note.filter((c) => c.trim() !== '' && !numeric.includes(c));
          expect(qualityOverview(ds).missingByColumn.find((m) => m.column === 'note')?.count).toBe(
            blank.length,
          );
          const mixed = only(qualityReport(ds), 'mixed-types');
          if (numeric.length === 0 || text.length === 0) expect(mixed).toEqual([]);
          else {
            const examples = [...new Set(text)].slice(0, 3);
            expect(mixed).toHaveLength(1);
            expect(mixed[0].count).toBe(numeric.length >= text.length ? text.length : numeric.length);
            expect(mixed[0].title).toContain(`${numeric.length} numbers and ${text.length} text cells`);
            expect(mixed[0].title).toContain(`(e.g. ${examples.map((e) => `'${e}'`).join(', ')})`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders findings errors first, then warnings, then infos', () => {
    const { columns, schema } = clean(60);
    columns.mem_pct = new Float64Array(120).fill(NaN);
    (columns.cpu_pct as Float64Array)[3] = NaN;
    (columns.cpu_pct as Float64Array)[4] = -1;
    const fs = qualityReport(dataset(columns, schema));
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['all-missing', 'error'],
      ['negative-values', 'warning'],
      ['missing-values', 'info'],
    ]);
  });
});
