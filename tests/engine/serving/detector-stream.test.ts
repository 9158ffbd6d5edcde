import { describe, expect, it } from 'vitest';
import { createDetector, type Detector } from '../../../src/engine/detectors/index';
import { detectorStreamPlan } from '../../../src/engine/serving/index';
import { createRandom } from '../../../src/engine/util/random';
import type { Matrix } from '../../../src/engine/util/matrix';

const ROWS = 600;
const COLS = 3;
const rng = createRandom(9);
const data = new Float64Array(ROWS * COLS);
for (let i = 0; i < ROWS; i++) {
  for (let j = 0; j < COLS; j++)
    data[i * COLS + j] = Math.sin(i / (10 + j)) + 0.3 * rng.normal() + (i % 97 === 0 ? 6 : 0);
}
const X: Matrix = { data, rows: ROWS, cols: COLS };
// Two entities, interleaved rows, 5-minute steps.
const groups = [
  Int32Array.from({ length: ROWS / 2 }, (_, k) => 2 * k),
  Int32Array.from({ length: ROWS / 2 }, (_, k) => 2 * k + 1),
];
const time = Float64Array.from(
  { length: ROWS },
  (_, i) => Date.UTC(2024, 0, 1) + Math.floor(i / 2) * 300_000,
);
const context = { groups, time };

async function streamed(det: Detector): Promise<{ batch: Float64Array; stream: Float64Array }> {
  await det.fit(X, { context });
  const batch = det.score(X, context);
  const plan = detectorStreamPlan(det, COLS);
  const stream = new Float64Array(ROWS);
  for (const g of groups) {
    const s = plan.create();
    for (const i of g) stream[i] = s.push(data.subarray(i * COLS, (i + 1) * COLS), time[i]);
  }
  return { batch, stream };
}

describe('detector streams give the batch scores, row for row', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['robust-z, max, short window', 'robust-z', { window: 20, minPeriods: 5 }],
    ['robust-z, mean, window longer than an entity', 'robust-z', { window: 1000, combine: 'mean' }],
    ['seasonal, hour of week', 'seasonal', { minSlotRows: 2 }],
    ['rcf, shingles of 4', 'rcf', { numTrees: 15, sampleSize: 64, shingleSize: 4, seed: 1 }],
    ['iforest (row-wise)', 'iforest', { nEstimators: 20, seed: 1 }],
  ];
  for (const [name, type, params] of cases) {
    it(name, async () => {
      const { batch, stream } = await streamed(createDetector(type, params));
      let worst = 0;
      for (let i = 0; i < ROWS; i++) worst = Math.max(worst, Math.abs(batch[i] - stream[i]));
      expect(worst).toBeLessThanOrEqual(1e-9);
    });
  }

  it('seasonal in period mode counts rows per entity', async () => {
    const det = createDetector('seasonal', { period: 50, minSlotRows: 2 });
    await det.fit(X, { context: { groups } });
    const batch = det.score(X, { groups });
    const plan = detectorStreamPlan(det, COLS);
    for (const g of groups) {
      const s = plan.create();
      for (const i of g)
        expect(Math.abs(s.push(data.subarray(i * COLS, (i + 1) * COLS), NaN) - batch[i])).toBeLessThanOrEqual(
          1e-9,
        );
    }
  });

  it('a stream before fit throws', () => {
    expect(() => createDetector('robust-z').stream!()).toThrow(/before fit/);
  });
});
