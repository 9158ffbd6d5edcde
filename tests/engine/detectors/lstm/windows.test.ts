import { describe, expect, it } from 'vitest';
import {
  normalWindows,
  capWindows,
  gatherWindows,
  pickWindows,
  trailingWindows,
} from '../../../../src/engine/detectors/lstm/windows';
import { createRandom } from '../../../../src/engine/util/random';

const windowsOf = (rows: Int32Array, length: number): number[][] =>
  Array.from({ length: rows.length / length }, (_, w) =>
    Array.from(rows.subarray(w * length, (w + 1) * length)),
  );

describe('trailingWindows', () => {
  it('gives every row the window ending at it, padded with the entity’s first row', () => {
    const idx = trailingWindows([Int32Array.from([0, 1, 2, 3, 4])], 3);
    expect(Array.from(idx.ends)).toEqual([0, 1, 2, 3, 4]);
    expect(windowsOf(idx.rows, 3)).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
    ]);
  });

  it('keeps each entity on its own rows, in the groups’ time order', () => {
    const idx = trailingWindows([Int32Array.from([4, 0, 2]), Int32Array.from([1, 3])], 2);
    expect(Array.from(idx.ends)).toEqual([4, 0, 2, 1, 3]);
    expect(windowsOf(idx.rows, 2)).toEqual([
      [4, 4],
      [4, 0],
      [0, 2],
      [1, 1],
      [1, 3],
    ]);
  });

  it('never reads a later row: a prefix of an entity gives the prefix of its windows', () => {
    const full = trailingWindows([Int32Array.from({ length: 20 }, (_, i) => i)], 6);
    const prefix = trailingWindows([Int32Array.from({ length: 11 }, (_, i) => i)], 6);
    expect(Array.from(prefix.rows)).toEqual(Array.from(full.rows.subarray(0, 11 * 6)));
  });

  it('handles entities shorter than the window and empty ones', () => {
    const idx = trailingWindows([Int32Array.from([7]), new Int32Array(0)], 4);
    expect(windowsOf(idx.rows, 4)).toEqual([[7, 7, 7, 7]]);
  });
});

describe('capWindows', () => {
  const all = trailingWindows([Int32Array.from({ length: 100 }, (_, i) => i)], 5);

  it('keeps every window, in order, under the cap', () => {
    const kept = capWindows(all, 100, createRandom(1));
    expect(Array.from(kept.ends)).toEqual(Array.from(all.ends));
    expect(Array.from(kept.rows)).toEqual(Array.from(all.rows));
  });

  it('samples distinct windows without replacement above it, sorted by end row, seeded', () => {
    const a = capWindows(all, 30, createRandom(7));
    const b = capWindows(all, 30, createRandom(7));
    const c = capWindows(all, 30, createRandom(8));
    expect(a.ends.length).toBe(30);
    expect(new Set(a.ends).size).toBe(30);
    expect(Array.from(a.ends)).toEqual([...a.ends].sort((x, y) => x - y));
    expect(Array.from(b.ends)).toEqual(Array.from(a.ends));
    expect(Array.from(c.ends)).not.toEqual(Array.from(a.ends));
    // Each kept window is still the trailing window of its end row.
    const k = 12;
    expect(windowsOf(a.rows, 5)[k]).toEqual(windowsOf(all.rows, 5)[a.ends[k]]);
  });

  it('picks windows in the given order', () => {
    const p = pickWindows(all, [3, 1]);
    expect(Array.from(p.ends)).toEqual([3, 1]);
    expect(windowsOf(p.rows, 5)).toEqual([
      [0, 0, 1, 2, 3],
      [0, 0, 0, 0, 1],
    ]);
  });
});

describe('normalWindows', () => {
  it('keeps the windows that read no labelled row, in order', () => {
    const idx = trailingWindows([Int32Array.from([0, 1, 2, 3, 4, 5])], 3);
    const labels = [0, 0, 1, 0, 0, 0];
    // Windows end at 0..5; those ending at 2, 3 and 4 read row 2.
    expect(Array.from(normalWindows(idx, labels).ends)).toEqual([0, 1, 5]);
    expect(normalWindows(idx, [0, 0, 0, 0, 0, 0])).toBe(idx);
  });
});

describe('gatherWindows', () => {
  it('lays windows out as [window, step, feature] float32', () => {
    const X = { data: Float64Array.from([0, 10, 1, 11, 2, 12]), rows: 3, cols: 2 };
    const idx = trailingWindows([Int32Array.from([0, 1, 2])], 2);
    expect(Array.from(gatherWindows(X, idx, [2, 0]))).toEqual([1, 11, 2, 12, 0, 10, 0, 10]);
  });
});
