import { describe, expect, it } from 'vitest';
import { RandomCutForest, rcfFactory, type RcfState } from '../../../src/engine/detectors/rcf';
import { expectedCoDisp } from '../../../src/engine/detectors/rcf/codisp';
import { shingleRows } from '../../../src/engine/detectors/rcf/shingle';
import { statePoints } from '../../../src/engine/detectors/rcf/state';
import { readTree } from '../../../src/engine/detectors/rcf/tree-codec';
import type { DetectorJSON, RowContext } from '../../../src/engine/detectors/detector';
import { selectRows, type Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

/** rows x cols standard normal values, from a seed. */
function normal(seed: number, rows: number, cols: number, shift = 0): Matrix {
  const rng = createRandom(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal() + shift), rows, cols };
}

const concat = (a: Matrix, b: Matrix): Matrix => ({
  data: Float64Array.from([...a.data, ...b.data]),
  rows: a.rows + b.rows,
  cols: a.cols,
});

const stateOf = (det: RandomCutForest): RcfState => det.toJSON().state as RcfState;
const roundTrip = (json: DetectorJSON): DetectorJSON => JSON.parse(JSON.stringify(json)) as DetectorJSON;
const mean = (a: ArrayLike<number>, from = 0, to = a.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s / (to - from);
};
const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

const MODES: Record<string, unknown>[] = [
  { shingleSize: 4 },
  { update: 'stream' },
  { update: 'stream', shingleSize: 3 },
];

describe('rcf parameters', () => {
  it('has the documented defaults and is sequential only with shingles or streaming', () => {
    const det = new RandomCutForest();
    expect(det.params).toEqual({
      numTrees: 100,
      sampleSize: 256,
      shingleSize: 1,
      update: 'none',
      contamination: 0.05,
      seed: 0,
    });
    expect(det.sequential).toBe(false);
    expect(new RandomCutForest({ shingleSize: 2 }).sequential).toBe(true);
    expect(new RandomCutForest({ update: 'stream' }).sequential).toBe(true);
    expect(rcfFactory.params.find((p) => p.name === 'update')?.choices).toEqual(['none', 'stream']);
  });

  it('refuses bad values naming the parameter', () => {
    expect(() => new RandomCutForest({ trees: 3 })).toThrow(/unknown parameter 'trees'/);
    expect(() => new RandomCutForest({ update: 'always' })).toThrow(
      /'update' must be one of 'none', 'stream'/,
    );
    expect(() => new RandomCutForest({ update: true })).toThrow(/'update'/);
    expect(() => new RandomCutForest({ shingleSize: 0 })).toThrow(/'shingleSize' must be an integer/);
    expect(() => new RandomCutForest({ numTrees: 2.5 })).toThrow(/'numTrees'/);
    expect(() => new RandomCutForest({ sampleSize: 1 })).toThrow(/'sampleSize'/);
    expect(() => new RandomCutForest({ seed: 'x' })).toThrow(/'seed' must be a finite number/);
    expect(() => new RandomCutForest({ contamination: 0.6 })).toThrow(/'contamination'/);
  });
});

describe('rcf fit and score', () => {
  const X = normal(1, 600, 3);

  it('builds each tree on a sample of sampleSize rows and says so', async () => {
    const det = await new RandomCutForest({ numTrees: 7, sampleSize: 64, seed: 2 }).fit(X);
    const s = stateOf(det);
    for (let t = 0; t < 7; t++) {
      let held = 0;
      for (let k = s.nodeStart[t]; k < s.nodeStart[t + 1]; k++) held += s.leafCount[k];
      expect(held).toBe(64);
    }
    expect(det.notes()[0]).toMatch(/7 trees, each built on a 64-row random sample of the 600 training rows/);
    const all = await new RandomCutForest({ numTrees: 2, sampleSize: 1000 }).fit(X);
    expect(all.notes()[0]).toMatch(/built on all 600 training rows/);
  });

  it('scores the mean expected CoDisp over the trees of its state', async () => {
    const det = await new RandomCutForest({ numTrees: 9, sampleSize: 50, seed: 4 }).fit(X);
    const s = stateOf(det);
    const points = statePoints(s, 1);
    const trees = range(9).map((t) => readTree(s, t, s.dim, 1, points));
    const Y = normal(5, 40, 3, 0.5);
    const got = det.score(Y);
    for (let i = 0; i < Y.rows; i++) {
      let sum = 0;
      for (const tree of trees) sum += expectedCoDisp(tree, Y.data, i * 3);
      expect(got[i]).toBeCloseTo(sum / 9, 12);
    }
  });

  it('ranks a far-away row near the top CoDisp and a training-like row low', async () => {
    const det = await new RandomCutForest({ numTrees: 30, sampleSize: 128, seed: 1 }).fit(X);
    const s = det.score({ data: Float64Array.from([0, 0, 0, 30, -30, 30]), rows: 2, cols: 3 });
    expect(s[0]).toBeLessThan(5);
    // Separated at the root (CoDisp = the tree's 128 points) with probability out / (span + out), over
    // 80% here since the row lies ~85 outside boxes of total span ~15.
    expect(s[1]).toBeGreaterThan(0.8 * 128);
    expect(s[1]).toBeLessThanOrEqual(128);
  });

  it('is determined by the seed in every mode', async () => {
    for (const p of [{}, ...MODES]) {
      const a = (await new RandomCutForest({ ...p, numTrees: 10, seed: 3 }).fit(X)).score(X);
      const b = (await new RandomCutForest({ ...p, numTrees: 10, seed: 3 }).fit(X)).score(X);
      const c = (await new RandomCutForest({ ...p, numTrees: 10, seed: 4 }).fit(X)).score(X);
      expect(Array.from(b), JSON.stringify(p)).toEqual(Array.from(a));
      expect(Array.from(c), JSON.stringify(p)).not.toEqual(Array.from(a));
    }
  });

  it('rejects with an AbortError when cancelled during the fit and stays unfitted', async () => {
    const ctrl = new AbortController();
    const det = new RandomCutForest({ numTrees: 50 });
    const fit = det.fit(X, {
      signal: ctrl.signal,
      onProgress: (f) => {
        if (f > 0) ctrl.abort();
      },
    });
    await expect(fit).rejects.toMatchObject({ name: 'AbortError' });
    expect(det.fitted).toBe(false);
  });
});

describe.each(MODES)('rcf sequential mode %j', (mode) => {
  const params = { ...mode, numTrees: 12, sampleSize: 64, seed: 5 };
  const X = normal(2, 300, 2);
  const other = normal(3, 90, 2, 1);

  it('round trips through JSON exactly, and scoring never changes the fitted model', async () => {
    const det = await new RandomCutForest(params).fit(X);
    const json = JSON.stringify(det.toJSON());
    const first = det.score(X);
    expect(JSON.stringify(det.toJSON())).toBe(json);
    expect(Array.from(det.score(X))).toEqual(Array.from(first));
    const restored = rcfFactory.fromJSON(roundTrip(det.toJSON()));
    expect(Array.from(restored.score(X))).toEqual(Array.from(first));
    expect(JSON.stringify(restored.toJSON())).toBe(json);
    expect(restored.notes()).toEqual(det.notes());
  });

  it('scores a prefix of an entity as the prefix of its scores, each entity on its own history', async () => {
    const det = await new RandomCutForest(params).fit(X);
    expect(det.sequential).toBe(true);
    const all = det.score(X);
    expect(Array.from(det.score(selectRows(X, range(150))))).toEqual(Array.from(all.subarray(0, 150)));
    // Two entities, rows interleaved: each scores as it does alone.
    const both = concat(X, other);
    const order = range(both.rows).sort((a, b) => (a % 5) - (b % 5) || a - b);
    const position = new Int32Array(both.rows);
    order.forEach((src, k) => (position[src] = k));
    const context: RowContext = {
      groups: [
        Int32Array.from(range(X.rows), (i) => position[i]),
        Int32Array.from(range(other.rows), (i) => position[X.rows + i]),
      ],
    };
    const s = det.score(selectRows(both, order), context);
    expect(Array.from(context.groups?.[0] ?? [], (k) => s[k])).toEqual(Array.from(all));
    expect(Array.from(context.groups?.[1] ?? [], (k) => s[k])).toEqual(Array.from(det.score(other)));
  });

  it('refuses a tampered state with a clear message', async () => {
    const json = roundTrip((await new RandomCutForest(params).fit(X)).toJSON());
    const tamper = (edit: (s: RcfState) => void): DetectorJSON => {
      const copy = roundTrip(json);
      edit(copy.state as RcfState);
      return copy;
    };
    const bad = [
      tamper((s) => (s.leafPoint[s.leafPoint.findIndex((p) => p >= 0)] = 1e6)),
      tamper((s) => (s.cutDim[0] = 99)),
      tamper((s) => (s.leafCount[s.leafCount.findIndex((c) => c > 0)] = 2_000_000)),
      tamper((s) => s.nodeStart.pop()),
      tamper((s) => (s.dim = 7)),
      tamper((s) => (s.rows[0] = Number.NaN)),
    ];
    if (mode.update === 'stream') {
      bad.push(tamper((s) => (s.samplePoint[0] = s.samplePoint[1])));
      bad.push(tamper((s) => s.samplePoint.pop()));
    }
    for (const j of bad) expect(() => rcfFactory.fromJSON(j)).toThrow(/invalid fitted state/);
  });

  it('refuses a context that leaves rows out', async () => {
    const det = await new RandomCutForest(params).fit(X);
    expect(() => det.score(X, { groups: [Int32Array.from(range(299))] })).toThrow(
      /row 299 belongs to no entity/,
    );
  });
});

describe('rcf shingling', () => {
  // A sine wave whose values stay in range, with one stretch running backwards: unusual only as a shape.
  const n = 3000;
  const wave = (i: number): number => Math.sin((2 * Math.PI * i) / 50);
  const series = Float64Array.from({ length: n }, (_, i) =>
    i >= 2500 && i < 2510 ? wave(5000 - i) : wave(i),
  );
  const X: Matrix = { data: series, rows: n, cols: 1 };

  it('finds a shape anomaly in a single series that single rows cannot show', async () => {
    const train: Matrix = { data: series.slice(0, 2000), rows: 2000, cols: 1 };
    const rank = async (shingleSize: number): Promise<number> => {
      const det = await new RandomCutForest({ numTrees: 30, shingleSize, seed: 1 }).fit(train);
      const s = det.score(X);
      const peak = Math.max(...s.subarray(2500, 2514));
      return s.filter((v) => v >= peak).length; // rank of the anomaly's best row among all rows
    };
    expect(await rank(4)).toBeLessThanOrEqual(10);
    // Row by row the stretch only holds values every period holds (60 periods): no row stands out.
    expect(await rank(1)).toBeGreaterThan(50);
  });

  it('stores the shingled points as training rows, each once, rebuilding exactly the shingles', async () => {
    const X = normal(14, 120, 2);
    const groups = [Int32Array.from(range(70)), Int32Array.from(range(50, 70))];
    const det = await new RandomCutForest({ numTrees: 6, sampleSize: 40, shingleSize: 3, seed: 2 }).fit(X, {
      context: { groups },
    });
    const s = stateOf(det);
    expect(s.pointRows.length % 3).toBe(0);
    const rowKeys = range(s.rows.length / 2).map((r) => `${s.rows[2 * r]},${s.rows[2 * r + 1]}`);
    expect(new Set(rowKeys).size).toBe(rowKeys.length);
    const shingles = shingleRows(X, groups, 3);
    const valid = new Set(
      range(X.rows).map((i) => Array.from(shingles.subarray(6 * i, 6 * i + 6)).join(',')),
    );
    const points = statePoints(s, 3);
    expect(points.length / 6).toBe(s.pointRows.length / 3);
    for (let p = 0; p < points.length / 6; p++) {
      expect(valid.has(Array.from(points.subarray(6 * p, 6 * p + 6)).join(',')), `point ${p}`).toBe(true);
    }
  });

  it("scores an entity's first rows on shingles of its own rows only", async () => {
    const det = await new RandomCutForest({ numTrees: 8, shingleSize: 3, seed: 1 }).fit(normal(4, 200, 2));
    const a = normal(5, 20, 2);
    const b = normal(6, 20, 2, 3);
    const s = det.score(concat(a, b), {
      groups: [Int32Array.from(range(20)), Int32Array.from(range(20, 20))],
    });
    // b's first row alone is the shingle (b0, b0, b0): the same as scoring b's first row by itself
    expect(s[20]).toBe(det.score(selectRows(b, [0]))[0]);
    expect(s[21]).toBe(det.score(selectRows(b, [0, 1]))[1]);
  });
});

describe('rcf streaming', () => {
  it('gives the first row of an entity its score on the fitted forest', async () => {
    const X = normal(7, 400, 2);
    const det = await new RandomCutForest({ update: 'stream', numTrees: 10, sampleSize: 64, seed: 8 }).fit(X);
    const s = stateOf(det);
    const points = statePoints(s, 1);
    const Y = normal(9, 5, 2);
    let sum = 0;
    for (let t = 0; t < 10; t++) sum += expectedCoDisp(readTree(s, t, s.dim, 64, points), Y.data, 0);
    expect(det.score(Y)[0]).toBeCloseTo(sum / 10, 12);
  });

  it('fits on a time-decayed reservoir that favours recent training rows, as AWS', async () => {
    const n = 5000;
    const X: Matrix = { data: Float64Array.from(range(n)), rows: n, cols: 1 };
    const det = await new RandomCutForest({ update: 'stream', numTrees: 20, seed: 1 }).fit(X);
    const s = stateOf(det);
    expect(s.samplePoint.length).toBe(20 * 256);
    const rows = s.samplePoint.map((p) => s.rows[p]);
    // weights exp(t / 2560) over t < 5000: mean row ~0.65 n (0.5 n for a uniform sample)
    expect(mean(rows) / n).toBeGreaterThan(0.6);
    expect(mean(rows) / n).toBeLessThan(0.72);
    const uniform = stateOf(await new RandomCutForest({ numTrees: 20, seed: 1 }).fit(X));
    expect(Math.abs(mean(uniform.rows) / n - 0.5)).toBeLessThan(0.05);
  });

  it('matches batch scores on a stationary stream', async () => {
    const X = normal(10, 3000, 2);
    const Y = normal(11, 2000, 2);
    const batch = (await new RandomCutForest({ numTrees: 30, seed: 2 }).fit(X)).score(Y);
    const stream = (await new RandomCutForest({ numTrees: 30, seed: 2, update: 'stream' }).fit(X)).score(Y);
    expect(mean(stream) / mean(batch)).toBeGreaterThan(0.85);
    expect(mean(stream) / mean(batch)).toBeLessThan(1.15);
  });

  it('adapts to a level shift while the batch forest keeps flagging it', async () => {
    const X = normal(12, 3000, 1);
    const Y = normal(13, 3000, 1, 8);
    const batch = (await new RandomCutForest({ numTrees: 30, seed: 3 }).fit(X)).score(Y);
    const stream = (await new RandomCutForest({ numTrees: 30, seed: 3, update: 'stream' }).fit(X)).score(Y);
    // the first shifted rows stand out in both
    expect(stream[0]).toBeGreaterThan(100);
    expect(batch[0]).toBeGreaterThan(100);
    // after 2,500 rows most of every reservoir holds shifted rows: scores back to a usual level
    expect(mean(stream, 2500)).toBeLessThan(0.1 * mean(batch, 2500));
    expect(mean(stream, 2500)).toBeLessThan(10);
  });
});
