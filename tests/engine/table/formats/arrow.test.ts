import { readFileSync } from 'node:fs';
import {
  bool,
  dateDay,
  dictionary,
  float32,
  float64,
  int64,
  list,
  tableFromArrays,
  tableToIPC,
  TimeUnit,
  timestamp,
  utf8,
} from '@uwdata/flechette';
import { describe, expect, it } from 'vitest';
import { generateClusterMetrics } from '../../../../src/engine/synth';
import { DataError, isArrowBytes, loadArrow } from '../../../../src/engine/table';
import { ARROW_OPTIONS } from '../../../reference/make-format-samples';

const sample = 'data/formats/demo.arrow';
const t0 = Date.UTC(2024, 2, 4);

function refused(bytes: Uint8Array, message: RegExp): void {
  let error: unknown;
  try {
    loadArrow(bytes, 'x.arrow');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DataError);
  expect((error as Error).message).toMatch(message);
}

function typed(format: 'file' | 'stream'): Uint8Array {
  const arrow = tableFromArrays(
    {
      when: [t0, t0 + 60_000, t0 + 120_000],
      day: [t0, t0, t0 + 86_400_000],
      note: ['a', 'b', null],
      host: ['x', 'y', 'x'],
      requests: [1, 2, null],
      ratio: [0.5, null, 1.5],
      up: [true, false, true],
      tags: [[1], [2], []],
    },
    {
      types: {
        when: timestamp(TimeUnit.NANOSECOND, 'UTC'),
        day: dateDay(),
        note: utf8(),
        host: dictionary(utf8()),
        requests: int64(),
        ratio: float32(),
        up: bool(),
        tags: list(int64()),
      },
    },
  );
  return tableToIPC(arrow, { format }) as Uint8Array;
}

describe('loadArrow', () => {
  it('loads the sample with the demo schema and the generator values', () => {
    const bytes = new Uint8Array(readFileSync(sample));
    expect(isArrowBytes(bytes)).toBe(true);
    const ds = loadArrow(bytes, sample);
    const source = generateClusterMetrics(ARROW_OPTIONS);
    expect(ds.name).toBe('demo');
    expect(ds.warnings).toBeUndefined();
    expect(ds.schema).toEqual(source.schema);
    expect(ds.table.columnNames()).toEqual(source.table.columnNames());
    expect(ds.table.numRows()).toBe(source.table.numRows());
    for (const name of source.table.columnNames()) {
      const got = Array.from(ds.table.array(name) as ArrayLike<unknown>);
      expect(got, name).toEqual(Array.from(source.table.array(name) as ArrayLike<unknown>));
      if (name !== 'instance' && name !== 'anomaly_type')
        expect(ds.table.column(name), name).toBeInstanceOf(Float64Array);
    }
  });

  for (const format of ['file', 'stream'] as const) {
    it(`converts Arrow types (${format} format): temporal to epoch ms, numbers to Float64Array, text kept`, () => {
      const ds = loadArrow(typed(format), `typed.${format === 'file' ? 'arrow' : 'arrows'}`);
      expect(ds.schema).toEqual({ time: 'when', entity: 'host', metrics: ['requests', 'ratio', 'up'] });
      expect(ds.table.columnNames()).toEqual(['when', 'day', 'note', 'host', 'requests', 'ratio', 'up']);
      expect(ds.warnings).toEqual(["Arrow column of unsupported types left out: 'tags' (List)"]);
      expect(ds.table.objects()).toEqual([
        { when: t0, day: t0, note: 'a', host: 'x', requests: 1, ratio: 0.5, up: 1 },
        { when: t0 + 60_000, day: t0, note: 'b', host: 'y', requests: 2, ratio: NaN, up: 0 },
        { when: t0 + 120_000, day: t0 + 86_400_000, note: '', host: 'x', requests: NaN, ratio: 1.5, up: 1 },
      ]);
      for (const name of ['when', 'day', 'requests', 'ratio', 'up']) {
        expect(ds.table.column(name), name).toBeInstanceOf(Float64Array);
      }
    });
  }

  it('reads a numeric or text time column as CSV does, and applies overrides', () => {
    const arrow = tableFromArrays({ timestamp: [1709510400, 1709510460], cpu: [1, 2], mem: [3, 4] });
    const ds = loadArrow(tableToIPC(arrow, { format: 'stream' }) as Uint8Array, 'x.arrow', {
      metrics: ['mem'],
    });
    expect(ds.schema).toEqual({ time: 'timestamp', metrics: ['mem'] });
    expect(Array.from(ds.table.array('timestamp') as Float64Array)).toEqual([t0, t0 + 60_000]);
    const text = tableFromArrays({ time: ['2024-03-04T00:00:00Z', 'soon'], cpu: [1, 2] });
    expect(() => loadArrow(tableToIPC(text, { format: 'stream' }) as Uint8Array, 'x.arrow')).toThrow(
      /x\.arrow, column 'time': row 2: 'soon' is not a time/,
    );
    const nullTime = tableFromArrays(
      { at: [t0, null], cpu: [1, 2] },
      { types: { at: timestamp(TimeUnit.MILLISECOND) } },
    );
    expect(() => loadArrow(tableToIPC(nullTime, { format: 'file' }) as Uint8Array, 'x.arrow')).toThrow(
      /column 'at': row 2: the time is empty/,
    );
  });

  it('refuses truncated, corrupt and foreign bytes', () => {
    const file = typed('file');
    refused(
      file.subarray(0, file.length - 1),
      /truncated or corrupt: it does not end with the closing 'ARROW1' magic/,
    );
    refused(file.subarray(0, 200), /truncated or corrupt/);
    const stream = typed('stream');
    refused(stream.subarray(0, 100), /the Arrow data could not be read \(truncated or corrupt\?\): /);
    refused(stream.subarray(0, stream.length - 40), /could not be read/);
    refused(
      new TextEncoder().encode('timestamp,cpu\n1,2\n'),
      /not Apache Arrow IPC: .*first bytes: 74 69 6d 65/,
    );
    refused(new TextEncoder().encode('FEA1xxxxxxxx'), /Feather version 1/);
    refused(new Uint8Array(0), /not Apache Arrow IPC/);
    const empty = tableFromArrays({ cpu: [] }, { types: { cpu: float64() } });
    refused(tableToIPC(empty, { format: 'stream' }) as Uint8Array, /has columns but no rows/);
  });

  it('warns when a stream has no end-of-stream marker', () => {
    const stream = typed('stream');
    const ds = loadArrow(stream.subarray(0, stream.length - 8), 'x.arrows');
    expect(ds.warnings).toContain('the Arrow stream has no end-of-stream marker: it may be truncated');
  });
});
