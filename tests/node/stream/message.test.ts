import { describe, expect, it } from 'vitest';
import { idTime, isBad, metricFields, readMetricMessage } from '../../../src/node/stream/message';

describe('metric messages', () => {
  it('round-trips entity, sequence number and row', () => {
    const row = { timestamp: '2024-03-04T00:00:00Z', instance: 'web-1', cpu: 1.5, mem: null };
    const m = readMetricMessage(2, '5-1', metricFields('web-1', 7, row), 'metrics.2');
    expect(m).toEqual({ partition: 2, id: '5-1', entity: 'web-1', seq: 7, row });
  });

  it('names the stream, entry and field of what is wrong', () => {
    const bad = (fields: string[] | null) => {
      const m = readMetricMessage(0, '9-0', fields, 'metrics.0');
      if (!isBad(m)) throw new Error('expected a bad message');
      return m.error;
    };
    expect(bad(['seq', '1', 'row', '{}'])).toBe("metrics.0 9-0: field 'entity' is missing");
    expect(bad(['entity', 'a', 'row', '{}'])).toMatch(/^metrics\.0 9-0: field 'seq' must be .* got null$/);
    expect(bad(['entity', 'a', 'seq', '0', 'row', '{}'])).toMatch(/field 'seq'.*got "0"/);
    expect(bad(['entity', 'a', 'seq', '1', 'row', '{x'])).toMatch(/^metrics\.0 9-0: field 'row' is not JSON/);
    expect(bad(['entity', 'a', 'seq', '1', 'row', '[1]'])).toMatch(/field 'row' must be a JSON object/);
    expect(bad(null)).toMatch(/field 'entity' is missing/);
  });

  it('reads the creation time of a stream entry id', () => {
    expect(idTime('1700000000123-4')).toBe(1700000000123);
    expect(idTime('17')).toBe(17);
  });
});
