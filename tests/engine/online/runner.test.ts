/**
 * The online runner: strictly causal for every online model (truncating the input never changes the
 * earlier rows' outputs), entities independent, probation rows never alerting, bad input refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../../src/engine/detectors/index';
import { createOnlineModel } from '../../../src/engine/online/online-model';
import { runOnline, type OnlineRun } from '../../../src/engine/online/runner';
import type { Matrix } from '../../../src/engine/util/matrix';

const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);

/** Small, fast settings of every online model (the defaults are sized for thousands of rows). */
const SMALL: [string, Record<string, unknown>][] = [
  ['robust-z', { window: 20, schedule: { warmup: 8 } }],
  ['seasonal', { period: 12, window: 20, minPeriods: 4, slotHistory: 4, minSlotRows: 2 }],
  ['rcf', { numTrees: 6, sampleSize: 16, shingleSize: 2, schedule: { warmup: 10 } }],
  ['iforest', { nEstimators: 8, maxSamples: 16, schedule: { warmup: 8, refitEvery: 15, trainWindow: 30 } }],
  ['kmeans', { k: 2, nInit: 1, schedule: { warmup: 8, refitEvery: 20, trainWindow: 40 } }],
  [
    'ensemble',
    {
      members: [
        { type: 'robust-z', params: { window: 16, schedule: { warmup: 6 } } },
        { type: 'rcf', params: { numTrees: 4, sampleSize: 8, schedule: { warmup: 6 } } },
      ],
    },
  ],
];

const LIKELIHOOD = { minHistory: 5, shortWindow: 3 };

function withLikelihood(type: string, params: Record<string, unknown>): Record<string, unknown> {
  return type === 'ensemble' ? params : { ...params, likelihood: LIKELIHOOD };
}

async function run(
  type: string,
  params: Record<string, unknown>,
  values: number[],
  probation: number,
  threshold?: number,
) {
  const X: Matrix = { data: Float64Array.from(values), rows: values.length, cols: 1 };
  const time = Float64Array.from(values, (_, i) => T0 + i * STEP);
  return runOnline(createOnlineModel(type, withLikelihood(type, params), 3), X, {
    context: { time },
    probation,
    threshold,
  });
}

const prefix = (r: OnlineRun, m: number) => ({
  scores: [...r.scores.subarray(0, m)],
  likelihoods: [...r.likelihoods.subarray(0, m)],
  alerts: [...r.alerts.subarray(0, m)],
});

const series = fc
  .array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(40)), {
    minLength: 20,
    maxLength: 90,
  })
  .map((xs) => xs.map((x, i) => x + Math.sin(i / 3)));

describe('runOnline is causal', () => {
  it.each(SMALL)('%s: truncating the input never changes the earlier rows', async (type, params) => {
    await fc.assert(
      fc.asyncProperty(series, fc.integer({ min: 1, max: 89 }), async (values, cut) => {
        const m = Math.min(cut, values.length);
        const all = await run(type, params, values, 15);
        const head = await run(type, params, values.slice(0, m), 15);
        expect(prefix(head, m)).toEqual(prefix(all, m));
      }),
      { numRuns: 12 },
    );
  });

  it('lstm-ae: the same, on one small case', async () => {
    const params = {
      epochs: 1,
      window: 4,
      units: 4,
      latent: 2,
      batchSize: 16,
      schedule: { warmup: 12, refitEvery: 0, trainWindow: 40 },
    };
    const values = Array.from({ length: 40 }, (_, i) => Math.sin(i / 2) + (i === 30 ? 5 : 0));
    const all = await run('lstm-ae', params, values, 12);
    const head = await run('lstm-ae', params, values.slice(0, 33), 12);
    expect(prefix(head, 33)).toEqual(prefix(all, 33));
    expect(all.scores[31]).toBeGreaterThan(0);
  }, 60_000);
});

describe('runOnline in chunks', () => {
  const cases: [string, Record<string, unknown>][] = [
    ...SMALL,
    [
      'ensemble',
      {
        members: [
          {
            type: 'iforest',
            params: { nEstimators: 6, maxSamples: 16, schedule: { warmup: 8, refitEvery: 90 } },
          },
          { type: 'rcf', params: { numTrees: 4, sampleSize: 8, schedule: { warmup: 6 } } },
          { type: 'seasonal', params: { period: 12, window: 20, minPeriods: 4 } },
        ],
      },
    ],
  ];
  it.each(cases)('%s: gives every row what pushing the rows one by one gives', async (type, params) => {
    // 700 rows: chunks of 256, 256 and 188, with refits and the probation's end inside them.
    const values = Array.from(
      { length: 700 },
      (_, i) => Math.sin(i / 5) + (i % 97 === 0 ? 6 : 0) + (i % 7) / 10,
    );
    const chunked = await run(type, params, values, 0.15);
    const learner = createOnlineModel(type, withLikelihood(type, params), 3).learner(
      1,
      chunked.probationRows[0],
    );
    const scores: number[] = [];
    const likelihoods: number[] = [];
    for (let i = 0; i < values.length; i++) {
      await learner.push([values[i]], T0 + i * STEP);
      scores.push(learner.score);
      likelihoods.push(learner.likelihood);
    }
    expect([...chunked.scores]).toEqual(scores);
    expect([...chunked.likelihoods]).toEqual(likelihoods);
    expect(scores.filter((v) => v > 0).length).toBeGreaterThan(500);
  });
});

describe('runOnline', () => {
  it('scores each entity on its own rows, whatever the other entities hold', async () => {
    const a = Array.from({ length: 60 }, (_, i) => Math.sin(i / 4));
    const b = Array.from({ length: 50 }, (_, i) => 100 + 10 * Math.cos(i));
    // Rows interleaved: a0 b0 a1 b1 ...
    const rows: number[] = [];
    const ga: number[] = [];
    const gb: number[] = [];
    for (let i = 0; i < 60; i++) {
      ga.push(rows.length);
      rows.push(a[i]);
      if (i < 50) {
        gb.push(rows.length);
        rows.push(b[i]);
      }
    }
    const [type, params] = SMALL[2];
    const model = createOnlineModel(type, withLikelihood(type, params), 3);
    const both = await runOnline(
      model,
      { data: Float64Array.from(rows), rows: rows.length, cols: 1 },
      {
        context: { groups: [Int32Array.from(ga), Int32Array.from(gb)] },
        probation: 10,
      },
    );
    const alone = await runOnline(
      model,
      { data: Float64Array.from(a), rows: 60, cols: 1 },
      { probation: 10 },
    );
    expect(ga.map((i) => both.likelihoods[i])).toEqual([...alone.likelihoods]);
    expect(both.probationRows).toEqual([10, 10]);
  });

  it('never alerts in the probationary period, and alerts after it where the likelihood reaches the threshold', async () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i / 5) + (i === 20 || i === 150 ? 30 : 0));
    const r = await run('robust-z', SMALL[0][1], values, 0.15, 0.25);
    expect(r.probationRows).toEqual([30]);
    for (let i = 0; i < 200; i++) {
      expect(r.probation[i]).toBe(i < 30 ? 1 : 0);
      expect(r.alerts[i]).toBe(i >= 30 && r.likelihoods[i] >= r.threshold ? 1 : 0);
    }
    expect(r.alerts.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    expect(r.alerts[150]).toBe(1);
    expect(r.alerts[20]).toBe(0);
    expect(r.likelihoods[20]).toBeGreaterThan(r.threshold);
  });

  it('refuses a non-finite value, naming the row and column, and a bad probation', async () => {
    await expect(run('robust-z', {}, [1, 2, NaN, 4], 0)).rejects.toThrow('row 2, column 0 is NaN');
    await expect(run('robust-z', {}, [1, 2, 3], -1)).rejects.toThrow('probation');
    await expect(run('robust-z', {}, [1, 2, 3], 1.5)).rejects.toThrow('above 1');
  });
});

describe('createOnlineModel', () => {
  it('refuses unknown models and parameters, naming them', () => {
    expect(() => createOnlineModel('dbscan')).toThrow("unknown model 'dbscan'");
    expect(() => createOnlineModel('rcf', { trees: 3 })).toThrow("unknown parameter 'trees'");
    expect(() => createOnlineModel('rcf', { schedule: { every: 3 } })).toThrow("unknown field 'every'");
    expect(() => createOnlineModel('seasonal', { schedule: {} })).toThrow('no fit schedule');
    expect(() => createOnlineModel('rcf', { shingle: 3 })).toThrow("'shingle' applies to iforest and kmeans");
    expect(() => createOnlineModel('iforest', { likelihood: { tail: 'x' } })).toThrow(
      "'tail' must be one of",
    );
    expect(() => createOnlineModel('ensemble', { members: ['ocsvm'] })).toThrow("members[0] is 'ocsvm'");
    expect(() => createOnlineModel('ensemble', { weights: [1] })).toThrow("unknown parameter 'weights'");
  });

  it('gives detectors that take a seed the run seed, unless their params set one', () => {
    const seeded = createOnlineModel('iforest', {}, 7).spec as { params: { seed: number } };
    expect(seeded.params.seed).toBe(7);
    const own = createOnlineModel('iforest', { seed: 2 }, 7).spec as { params: { seed: number } };
    expect(own.params.seed).toBe(2);
  });
});
