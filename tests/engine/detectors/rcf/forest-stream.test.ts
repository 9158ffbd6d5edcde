import { describe, expect, it } from 'vitest';
import { RandomCutForest, rcfFactory } from '../../../../src/engine/detectors/rcf';
import type { ForestStream } from '../../../../src/engine/detectors/rcf/forest-stream';
import type { DetectorJSON, DetectorStream } from '../../../../src/engine/detectors/detector';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  scorePipeline,
} from '../../../../src/engine/index';
import { detectorStreamPlan, StreamScorer } from '../../../../src/engine/serving/index';
import type { Matrix } from '../../../../src/engine/util/matrix';
import { createRandom } from '../../../../src/engine/util/random';
import { maxDiff, streamRows } from '../../serving/helpers';

/** rows x cols values: a slow wave per column, noise, and a level shift half way (the forest must follow). */
function series(seed: number, rows: number, cols: number): Matrix {
  const rng = createRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = Math.sin(i / (7 + j)) + 0.3 * rng.normal() + (i > rows / 2 ? 3 : 0);
    }
  }
  return { data, rows, cols };
}

/** Three entities of unequal lengths, their rows interleaved (0, 1, 2, 0, 1, 2, ... while each lasts). */
function interleaved(lengths: number[]): { groups: Int32Array[]; rows: number } {
  const groups = lengths.map(() => [] as number[]);
  let row = 0;
  for (let k = 0; k < Math.max(...lengths); k++) {
    lengths.forEach((n, e) => {
      if (k < n) groups[e].push(row++);
    });
  }
  return { groups: groups.map((g) => Int32Array.from(g)), rows: row };
}

const roundTrip = (json: DetectorJSON): DetectorJSON => JSON.parse(JSON.stringify(json)) as DetectorJSON;

describe.each([{}, { shingleSize: 3 }])('rcf stream with update stream %j', (mode) => {
  const params = { ...mode, update: 'stream', numTrees: 8, sampleSize: 32, seed: 6 };
  const X = series(1, 400, 2);

  it('gives each of several interleaved entities the batch scores, row for row', async () => {
    const det = await new RandomCutForest(params).fit(X, {
      context: { groups: interleaved([250, 150]).groups },
    });
    const { groups, rows } = interleaved([500, 120, 330]);
    const Y = series(2, rows, 2);
    const batch = det.score(Y, { groups });
    // Streams created in order of first arrival, fed the rows in row order, as the StreamScorer does.
    const owner = new Int32Array(rows);
    groups.forEach((g, e) => g.forEach((i) => (owner[i] = e)));
    const streams = new Map<number, DetectorStream>();
    const got = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = streams.get(owner[i]);
      if (!s) streams.set(owner[i], (s = det.stream()));
      got[i] = s.push(Y.data.subarray(2 * i, 2 * i + 2), NaN);
    }
    expect(maxDiff(got, batch)).toBeLessThanOrEqual(1e-9);
    // The same through the serving plan, and from a model loaded from its JSON.
    const loaded = rcfFactory.fromJSON(roundTrip(det.toJSON()));
    const plan = detectorStreamPlan(loaded, 2);
    expect(plan.kind).toBe('stream');
    const g = groups[0];
    const one = plan.create();
    const alone = Array.from(g, (i) => one.push(Y.data.subarray(2 * i, 2 * i + 2), NaN));
    expect(
      maxDiff(
        alone,
        Array.from(g, (i) => batch[i]),
      ),
    ).toBeLessThanOrEqual(1e-9);
  });

  it('scores chunks of rows (pushMany) exactly as row by row, in bounded memory', async () => {
    const det = await new RandomCutForest(params).fit(X);
    const Y = series(4, 1500, 2);
    const one = det.stream() as ForestStream;
    const byRow = Array.from({ length: Y.rows }, (_, i) => one.push(Y.data.subarray(2 * i, 2 * i + 2)));
    const many = det.stream() as ForestStream;
    const got = new Float64Array(Y.rows);
    // Chunks of every size around the stream's own (256), a row alone, and a long one split inside.
    const sizes = [1, 7, 255, 256, 257, 3, 600];
    let at = 0;
    for (let k = 0; at < Y.rows; k++) {
      const n = Math.min(sizes[k % sizes.length], Y.rows - at);
      many.pushMany(Y.data.subarray(2 * at, 2 * (at + n)), n, new Float64Array(n), got.subarray(at, at + n));
      at += n;
    }
    const differ = byRow.flatMap((v, i) => (Object.is(v, got[i]) ? [] : [i]));
    expect(differ).toEqual([]);
    // A chunk holds its rows' points besides the reservoirs' (256 at most).
    expect(many.capacity).toBeLessThanOrEqual(8 * 32 + 256);
    // Rows after the chunks, one at a time, still agree: the chunks left the same state.
    const next = series(5, 50, 2);
    for (let i = 0; i < next.rows; i++) {
      const row = next.data.subarray(2 * i, 2 * i + 2);
      expect(many.push(row)).toBe(one.push(row));
    }
  });

  it('refuses values its sums would overflow, naming the row and column, and loses nothing', async () => {
    const det = await new RandomCutForest(params).fit(X);
    const Y = series(6, 30, 2);
    const good = det.stream() as ForestStream;
    const tried = det.stream() as ForestStream;
    for (let i = 0; i < 20; i++) {
      const row = Y.data.subarray(2 * i, 2 * i + 2);
      good.push(row);
      tried.push(row);
    }
    expect(() => tried.push([1, 1e300])).toThrow(/row 20 has 1e\+300 in column 1, beyond ±1e\+290/);
    const chunk = Float64Array.from([1, 2, 3, -Infinity]);
    expect(() => tried.pushMany(chunk, 2, new Float64Array(2), new Float64Array(2))).toThrow(
      /row 21 has -Infinity in column 1/,
    );
    for (let i = 20; i < 30; i++) {
      const row = Y.data.subarray(2 * i, 2 * i + 2);
      expect(tried.push(row)).toBe(good.push(row));
    }
    const huge = { data: Float64Array.from(X.data, (v, i) => (i === 7 ? -3e305 : v)), rows: X.rows, cols: 2 };
    await expect(new RandomCutForest(params).fit(huge)).rejects.toThrow(/row 3, column 1, beyond/);
    expect(() => det.score(huge)).toThrow(/scoring data has -3e\+305 at row 3, column 1/);
  });

  it('keeps at most numTrees x sampleSize points however many rows stream by', async () => {
    const det = await new RandomCutForest(params).fit(X);
    const Y = series(3, 4000, 2);
    const s = det.stream() as ForestStream;
    const got = Array.from({ length: Y.rows }, (_, i) => s.push(Y.data.subarray(2 * i, 2 * i + 2)));
    expect(s.capacity).toBeLessThanOrEqual(8 * 32 + 1);
    expect(maxDiff(got, det.score(Y))).toBeLessThanOrEqual(1e-9);
  });
});

describe('rcf stream in the scoring server', () => {
  it('streams a pipeline with a streaming forest exactly, entities interleaved by time', async () => {
    const train = generateClusterMetrics({ days: 1, instances: 3, seed: 11 });
    const test = generateClusterMetrics({ days: 1, instances: 3, seed: 12 });
    const spec = defaultSpec(train.schema, {
      type: 'rcf',
      params: { numTrees: 10, sampleSize: 32, update: 'stream', seed: 3 },
    });
    const { fitted } = await fitPipeline(train, spec);
    const scorer = new StreamScorer(fitted);
    expect(scorer.behaviour).toMatchObject({ exact: true, detector: { kind: 'stream', historyRows: null } });
    const batch = scorePipeline(fitted, test).scores;
    const stream = new Float64Array(batch.length).fill(NaN);
    for (const { index, row } of streamRows(test, fitted.spec.metrics))
      stream[index] = scorer.push(row).score ?? NaN;
    expect(maxDiff(batch, stream)).toBeLessThanOrEqual(1e-9);
  });

  it('throws before fit', () => {
    expect(() => new RandomCutForest({ update: 'stream' }).stream()).toThrow(/before fit/);
  });
});
