import { describe, expect, it } from 'vitest';
import { DataError, inferSchema, parseCsv } from '../../../src/engine/table';

function infer(text: string, overrides?: Parameters<typeof inferSchema>[3]) {
  const p = parseCsv(text, 'f.csv');
  return inferSchema(p.header, p.kinds, p.columns, overrides, { file: 'f.csv', lines: p.lines });
}

const multi = [
  'ts,host,cpu,mem,anomaly_type,label',
  '2024-01-01T00:00:00Z,web-1,1,2,,0',
  '2024-01-01T00:00:00Z,web-2,3,4,spike,1',
  '2024-01-01T00:01:00Z,web-1,5,6,,0',
  '2024-01-01T00:01:00Z,web-2,7,8,,0',
].join('\n');

describe('inferSchema', () => {
  it('finds time, entity, label and metrics by name and type', () => {
    expect(infer(multi)).toEqual({ time: 'ts', entity: 'host', label: 'label', metrics: ['cpu', 'mem'] });
  });

  it('finds the time column by format when its name says nothing', () => {
    expect(infer('when,v\n2024-01-01 10:00,1\n2024-01-01 10:05,2\n').time).toBe('when');
    expect(infer('what,v\nabc,1\nabc,2\n').time).toBeUndefined();
  });

  it('takes a text column with few distinct values as the entity, passing over descriptive names', () => {
    const text = 'cluster_kind,node_x,v\na,n1,1\na,n1,2\na,n2,3\na,n2,4\n';
    expect(infer(text).entity).toBe('node_x');
    expect(infer('anomaly_type,v\na,1\na,2\nb,3\nb,4\n').entity).toBeUndefined();
    expect(infer('rack,v\na,1\na,2\nb,3\nb,4\n').entity).toBe('rack');
    // one distinct value per row is a row id, not an entity
    expect(infer('id,v\na,1\nb,2\nc,3\n').entity).toBeUndefined();
    // empty cells: not an entity
    expect(infer('host,v\na,1\n,2\na,3\na,4\n').entity).toBeUndefined();
  });

  it('accepts anomaly / is_anomaly as the label', () => {
    expect(infer('v,anomaly\n1,0\n2,1\n').label).toBe('anomaly');
    expect(infer('v,is_anomaly\n1,0\n2,1\n')).toEqual({ label: 'is_anomaly', metrics: ['v'] });
  });

  it('refuses a label other than 0/1, naming the column and the first bad line', () => {
    expect(() => infer('v,label\n1,0\n2,1\n3,2\n4,5\n')).toThrow(
      "f.csv, line 4, column 'label': the label must be 0 or 1, got '2'",
    );
    expect(() => infer('v,label\n1,0\n2,\n')).toThrow(
      "f.csv, line 3, column 'label': the label must be 0 or 1, got an empty cell",
    );
    expect(() => infer('v,label\n1,0\n2,yes\n')).toThrow(
      "f.csv, line 3, column 'label': the label must be 0 or 1, got 'yes'",
    );
  });

  it('lets overrides win, and "" switch a role off', () => {
    expect(infer(multi, { entity: '', metrics: ['cpu'] })).toEqual({
      time: 'ts',
      label: 'label',
      metrics: ['cpu'],
    });
    expect(infer(multi, { time: '', label: '' })).toEqual({
      entity: 'host',
      metrics: ['cpu', 'mem', 'label'],
    });
    expect(infer('a,b,c\n1,2,3\n1,2,3\n', { time: 'a' })).toEqual({ time: 'a', metrics: ['b', 'c'] });
  });

  it('refuses an override naming a missing column, listing the columns', () => {
    const e = (() => {
      try {
        infer(multi, { time: 'when' });
      } catch (err) {
        return err as DataError;
      }
    })();
    expect(e).toBeInstanceOf(DataError);
    expect(e?.message).toBe(
      "f.csv, column 'when': the time column 'when' is not in the file; columns: ts, host, cpu, mem, anomaly_type, label",
    );
    expect(() => infer(multi, { metrics: ['cpu', 'disk'] })).toThrow(
      "the metric column 'disk' is not in the file",
    );
  });

  it('refuses a mostly numeric text column at its first non-number', () => {
    expect(() =>
      infer('time,cpu\n2024-01-01,1\n2024-01-02,2\n2024-01-03,abc\n2024-01-04,x\n2024-01-05,4\n'),
    ).toThrow("f.csv, line 4, column 'cpu': 'abc' is not a number");
    expect(() => infer('v,note\n1,abc\n2,3\n', { metrics: ['v', 'note'] })).toThrow(
      "f.csv, line 2, column 'note': 'abc' is not a number",
    );
  });
});
