import { describe, expect, it } from 'vitest';
import { loadCsv, naturalCompare, summarize } from '../../../src/engine/table';

describe('summarize', () => {
  it('summarizes time, entities, labels and metrics exactly, ignoring NaN', () => {
    const text = [
      'timestamp,host,cpu,label',
      '2024-03-04T00:00:00Z,host-10,1,0',
      '2024-03-04T00:00:00Z,host-2,,1',
      '2024-03-04T00:05:00Z,host-10,3,0',
      '2024-03-04T00:05:00Z,host-2,5,0',
      '2024-03-04T00:15:00Z,host-10,,0',
    ].join('\n');
    const s = summarize(loadCsv(text, 's.csv'));
    const t0 = Date.UTC(2024, 2, 4);
    expect(s.rows).toBe(5);
    expect(s.columns).toBe(4);
    expect(s.time).toEqual({ column: 'timestamp', start: t0, end: t0 + 900_000, stepMs: 450_000 });
    expect(s.entities).toEqual({ column: 'host', count: 2, values: ['host-2', 'host-10'] });
    expect(s.labelled).toEqual({ column: 'label', positives: 1, share: 0.2 });
    expect(s.metrics).toEqual([{ name: 'cpu', missing: 2, missingPct: 40, min: 1, mean: 3, max: 5, std: 2 }]);
  });

  it('gives NaN statistics for an all-missing metric and omits absent roles', () => {
    const s = summarize(loadCsv('a,b\n,1\n,2\n', 'n.csv'));
    expect(s.time).toBeUndefined();
    expect(s.entities).toBeUndefined();
    expect(s.labelled).toBeUndefined();
    expect(s.metrics[0]).toEqual({
      name: 'a',
      missing: 2,
      missingPct: 100,
      min: NaN,
      mean: NaN,
      max: NaN,
      std: NaN,
    });
    expect(s.metrics[1].std).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('orders entity names naturally', () => {
    expect(['b10', 'b2', 'a', 'b1'].sort(naturalCompare)).toEqual(['a', 'b1', 'b2', 'b10']);
  });
});
