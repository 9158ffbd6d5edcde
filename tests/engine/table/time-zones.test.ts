import { describe, expect, it } from 'vitest';
import { loadCsv } from '../../../src/engine/table/index';
import { zoneOf } from '../../../src/engine/table/time-zones';
import { qualityReport } from '../../../src/engine/eda/quality-report';

describe('time zones', () => {
  it('reads the zone designator of a time text', () => {
    expect(zoneOf('2024-03-04T10:00:00Z')).toBe('UTC');
    expect(zoneOf('2024-03-04 10:00:00')).toBe('UTC');
    expect(zoneOf('2024-03-04T10:00:00+00:00')).toBe('UTC');
    expect(zoneOf('2024-03-04T10:00:00+02:00')).toBe('+02:00');
    expect(zoneOf('2024-03-04T10:00:00-0500')).toBe('-05:00');
  });

  it('warns about mixed zones, converts every time to UTC, and the quality report shows it', () => {
    const rows = ['time,cpu'];
    for (let i = 0; i < 70; i++) rows.push(`2024-03-04T${String(i % 24).padStart(2, '0')}:00:00Z,${i}`);
    rows.push('2024-03-05T12:00:00+02:00,1', '2024-03-05T13:00:00+02:00,2');
    const ds = loadCsv(rows.join('\n'), 'tz.csv');
    expect((ds.table.array('time') as number[]).at(-1)).toBe(Date.UTC(2024, 2, 5, 11));
    expect(ds.warnings?.join(' ')).toMatch(
      /several time zones.*70 in UTC.*2 in \+02:00 \(first on line 72\)/,
    );
    expect(qualityReport(ds).some((f) => /several time zones/.test(f.title + (f.detail ?? '')))).toBe(true);
  });

  it('says nothing when every time has the same zone', () => {
    const ds = loadCsv('time,cpu\n2024-03-04 10:00:00,1\n2024-03-04 10:05:00.123456,2\n', 'one.csv');
    expect(ds.warnings ?? []).toEqual([]);
  });
});
