import { describe, expect, it } from 'vitest';
import { defaultMetrics } from '../../../src/engine/table/default-metrics';
import { summarize } from '../../../src/engine/table/summary';
import { loadCsv } from '../../../src/engine/table/load';

const csv = [
  'm01,m02,m03,m04,m05,m06',
  '0.5,0.5,,1,3,7',
  '0.6,0.5,,2,,7',
  '0.4,0.5,1,3,,8',
  '0.5,0.5,,4,4,9',
].join('\n');

describe('defaultMetrics', () => {
  const metrics = summarize(loadCsv(csv, 'x.csv')).metrics;

  it('skips constant and mostly missing metrics, keeping column order', () => {
    // m02 is constant, m03 is missing in 3 of 4 rows; m05 (half missing) still counts.
    expect(defaultMetrics(metrics, 3)).toEqual(['m01', 'm04', 'm05']);
    expect(defaultMetrics(metrics, 10)).toEqual(['m01', 'm04', 'm05', 'm06']);
  });

  it('falls back to the first metrics when none carries information', () => {
    const flat = summarize(loadCsv('a,b,c,d\n1,2,3,4\n1,2,3,4', 'flat.csv')).metrics;
    expect(defaultMetrics(flat, 3)).toEqual(['a', 'b', 'c']);
  });
});
