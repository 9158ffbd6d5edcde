import { describe, expect, it } from 'vitest';
import { createDetector, loadDetector } from '../../../src/engine/detectors/index';
import type { DetectorJSON, RowContext } from '../../../src/engine/detectors/detector';
import { Ensemble, VALIDATION_SHARE, type EnsembleState } from '../../../src/engine/detectors/ensemble';
import { applyNormalizer, fitNormalizer } from '../../../src/engine/detectors/ensemble/normalize';
import { blockedFolds, timeSplit } from '../../../src/engine/detectors/ensemble/split';
import { SMOOTH_CHOICES } from '../../../src/engine/detectors/ensemble/params';
import { weightsFromPrAuc } from '../../../src/engine/detectors/ensemble/weights';
import { averagePrecision, quantileThreshold } from '../../../src/engine/metrics/index';
import { defaultSpec, fitPipeline } from '../../../src/engine/pipeline/index';
import { generateClusterMetrics } from '../../../src/engine/synth/index';
import type { Matrix } from '../../../src/engine/util/matrix';
import { createRandom } from '../../../src/engine/util/random';

/** Two entities of 150 rows x 2 columns of noise, with labelled bumps (every 25th row and the one after). */
function data(seed = 1): { X: Matrix; labels: Float64Array; context: RowContext } {
  const rng = createRandom(seed);
  const rows = 300;
  const X: Matrix = { data: new Float64Array(rows * 2), rows, cols: 2 };
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const t = i % 150;
    const bump = t % 25 === 20 || t % 25 === 21;
    for (let j = 0; j < 2; j++) X.data[i * 2 + j] = rng.normal() + (bump ? 3 + 2 * rng.next() : 0);
    labels[i] = bump ? 1 : 0;
  }
  const groups = [
    Int32Array.from({ length: 150 }, (_, i) => i),
    Int32Array.from({ length: 150 }, (_, i) => 150 + i),
  ];
  return { X, labels, context: { groups } };
}

/** The previous defaults: a weighted mean, no smoothing, for tests of the arithmetic. */
const PLAIN = { combine: 'weighted-mean', smooth: 1 } as const;
const FAST = [
  { type: 'iforest', params: { nEstimators: 30 } },
  { type: 'robust-z', params: { window: 40 } },
];
const roundTrip = (json: DetectorJSON): DetectorJSON => JSON.parse(JSON.stringify(json)) as DetectorJSON;
const stateOf = (d: Ensemble): EnsembleState => d.toJSON().state as EnsembleState;

describe('Ensemble', () => {
  it('is a weighted mean of the members scores, each normalized on its own training scores', async () => {
    const { X, context } = data();
    const ens = await new Ensemble({
      members: FAST,
      seed: 5,
      weights: [1, 3],
      normalize: 'rank',
      ...PLAIN,
    }).fit(X, {
      context,
    });
    const forest = await createDetector('iforest', { nEstimators: 30, seed: 5 }).fit(X, { context });
    const rz = await createDetector('robust-z', { window: 40 }).fit(X, { context });
    const expected = new Float64Array(X.rows);
    [forest, rz].forEach((det, k) => {
      const norm = fitNormalizer('rank', det.score(X, context));
      const s = applyNormalizer(norm, det.score(X, context), new Float64Array(X.rows));
      for (let i = 0; i < X.rows; i++) expected[i] += [0.25, 0.75][k] * s[i];
    });
    expect(Array.from(ens.score(X, context))).toEqual(Array.from(expected));
    expect(stateOf(ens).weightSource).toBe('given');
    expect(stateOf(ens).members.map((m) => m.type)).toEqual(['iforest', 'robust-z']);
  });

  it('is sequential when a member is, and passes the context on to it', async () => {
    const { X, context } = data();
    expect(new Ensemble({ members: ['iforest'], smooth: 1 }).sequential).toBe(false);
    const ens = await new Ensemble({ members: FAST, weights: 'equal' }).fit(X, { context });
    expect(ens.sequential).toBe(true);
    // Entity B scored on its own history: the same as scoring its rows alone.
    const B: Matrix = { data: X.data.slice(300), rows: 150, cols: 2 };
    expect(Array.from(ens.score(X, context).subarray(150))).toEqual(Array.from(ens.score(B)));
  });

  it('weighs members by validation PR-AUC lift on the last 20% of each entity when labels are given', async () => {
    const { X, labels, context } = data();
    const params = { members: FAST, seed: 2, weights: 'pr-auc', folds: 1, ...PLAIN };
    const ens = await new Ensemble(params).fit(X, { context, labels });
    const s = stateOf(ens);
    expect(s.weightSource).toBe('pr-auc');
    expect(s.validationRows).toBe(2 * Math.ceil(VALIDATION_SHARE * 150));
    // Reproduce the robust-z member's held-out PR-AUC by hand.
    const split = timeSplit(X, context.groups!, VALIDATION_SHARE);
    const rz = await createDetector('robust-z', { window: 40 }).fit(split.X, { context: split.context });
    const all = rz.score(X, context);
    const held = Float64Array.from(split.validation, (i) => all[i]);
    const heldLabels = Float64Array.from(split.validation, (i) => labels[i]);
    expect(s.validationPrAuc![1]).toBe(averagePrecision(heldLabels, held));
    const rate = heldLabels.reduce((a, b) => a + b, 0) / heldLabels.length;
    expect(s.weights).toEqual(weightsFromPrAuc(s.validationPrAuc!, rate));
    expect(ens.notes()[1]).toMatch(/^Weights by each member's lift in PR-AUC over chance on the last 20%/);
  });

  it('uses equal weights without labels, or with labels of one kind only', async () => {
    const { X, labels, context } = data();
    const none = await new Ensemble({ members: FAST }).fit(X, { context });
    expect(stateOf(none).weights).toEqual([0.5, 0.5]);
    expect(stateOf(none).weightSource).toBe('equal');
    expect(none.notes()[1]).toMatch(/no labels of both kinds/);
    const zeros = await new Ensemble({ members: FAST }).fit(X, { context, labels: labels.map(() => 0) });
    expect(stateOf(zeros).weightSource).toBe('equal');
    await expect(new Ensemble({ members: FAST }).fit(X, { labels: labels.subarray(1) })).rejects.toThrow(
      /299 labels for 300 training rows/,
    );
  });

  it('selects members greedily on validation PR-AUC with weights "select"', async () => {
    const { X, labels, context } = data();
    const ens = await new Ensemble({ members: FAST, weights: 'select' }).fit(X, { context, labels });
    const s = stateOf(ens);
    expect(s.weightSource).toBe('select');
    expect(s.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const w of s.weights) expect(Math.abs(w * 20 - Math.round(w * 20))).toBeLessThan(1e-9);
  });

  it('normalizes by robust z or min-max when asked', async () => {
    const { X, context } = data();
    for (const normalize of ['robust-z', 'min-max'] as const) {
      const ens = await new Ensemble({ members: FAST, normalize, weights: 'equal' }).fit(X, { context });
      const rz = await createDetector('robust-z', { window: 40 }).fit(X, { context });
      expect(stateOf(ens).normalizers[1]).toEqual(fitNormalizer(normalize, rz.score(X, context)));
    }
  });

  it('votes: the weighted share of members whose score reaches their training (1 - contamination) quantile', async () => {
    const { X, context } = data();
    const ens = await new Ensemble({
      members: FAST,
      combine: 'vote',
      weights: [1, 1],
      contamination: 0.1,
      smooth: 1,
    }).fit(X, {
      context,
    });
    const rz = await createDetector('robust-z', { window: 40 }).fit(X, { context });
    const rzScores = rz.score(X, context);
    expect(stateOf(ens).voteLevels[1]).toBe(quantileThreshold(rzScores, 0.1));
    const s = ens.score(X, context);
    for (const v of s) expect([0, 0.5, 1]).toContain(v);
    rzScores.forEach((r, i) => {
      if (r >= stateOf(ens).voteLevels[1]) expect(s[i]).toBeGreaterThanOrEqual(0.5);
    });
  });

  it('streams one entity row by row exactly as it scores the entity', async () => {
    const { X, context } = data();
    for (const combine of ['weighted-mean', 'max', 'vote', 'auto'] as const) {
      // 'auto' without labels: max, smoothed over 6 rows.
      const ens = await new Ensemble({ members: FAST, combine }).fit(X, { context });
      const B: Matrix = { data: X.data.slice(300), rows: 150, cols: 2 };
      const batch = ens.score(B);
      const stream = ens.stream!();
      const rows = Array.from({ length: 150 }, (_, i) => stream.push(B.data.subarray(2 * i, 2 * i + 2), NaN));
      expect(rows).toEqual(Array.from(batch));
    }
    // A streaming forest member streams with its own copy of the forest.
    const streamed = new Ensemble({ members: [{ type: 'rcf', params: { update: 'stream', numTrees: 5 } }] });
    await streamed.fit(X, { context });
    const B: Matrix = { data: X.data.slice(300), rows: 150, cols: 2 };
    const own = streamed.stream!();
    const rows = Array.from({ length: 150 }, (_, i) => own.push(B.data.subarray(2 * i, 2 * i + 2), NaN));
    expect(rows).toEqual(Array.from(streamed.score(B)));
  });

  it("keeps every member's fitted state in its JSON and refuses a state of other members", async () => {
    const { X, labels, context } = data();
    const ens = await new Ensemble({ members: FAST, seed: 4 }).fit(X, { context, labels });
    const json = roundTrip(ens.toJSON());
    const state = json.state as EnsembleState;
    expect(state.members[0]).toEqual(roundTrip(loadDetector(state.members[0]).toJSON()));
    expect((state.members[0].state as { roots: number[] }).roots.length).toBe(30);
    expect(Array.from(loadDetector(json).score(X, context))).toEqual(Array.from(ens.score(X, context)));
    const swapped = { ...json, state: { ...state, members: [state.members[1], state.members[0]] } };
    expect(() => loadDetector(swapped)).toThrow(/member 0 is 'robust-z', expected 'iforest'/);
    const short = { ...json, state: { ...state, weights: [1] } };
    expect(() => loadDetector(short)).toThrow(/'weights' must have 2 entries/);
  });

  it('holds every row out once over the folds, and weighs by the held-out PR-AUC', async () => {
    const { X, labels, context } = data();
    const ens = await new Ensemble({ members: FAST, seed: 2, weights: 'pr-auc', folds: 3, ...PLAIN }).fit(X, {
      context,
      labels,
    });
    const s = stateOf(ens);
    expect(s.validationRows).toBe(300);
    expect(s.folds).toBe(3);
    // The robust-z member's held-out scores, fold by fold, normalized on that fold's fit rows.
    const folds = blockedFolds(X, context.groups!, 3, VALIDATION_SHARE);
    const held = new Float64Array(300);
    for (const f of folds) {
      const rz = await createDetector('robust-z', { window: 40 }).fit(f.X, { context: f.context });
      const all = rz.score(X, context);
      const norm = fitNormalizer(
        'robust-z',
        Float64Array.from(f.fit, (i) => all[i]),
      );
      for (const i of f.validation) held[i] = applyNormalizer(norm, [all[i]], new Float64Array(1))[0];
    }
    // Held-out rows are ordered entity by entity in time: here row order.
    expect(s.validationPrAuc![1]).toBe(averagePrecision(labels, held));
    expect(ens.notes()[1]).toMatch(/every training row \(300 rows\) scored by members fitted without it/);
  });

  it("chooses the rule and the smoothing on held-out rows with labels ('auto'), defaults without", async () => {
    const { X, labels, context } = data();
    const ens = await new Ensemble({ members: FAST, seed: 2 }).fit(X, { context, labels });
    const s = stateOf(ens);
    expect(['weighted-mean', 'max']).toContain(s.combine);
    expect(SMOOTH_CHOICES).toContain(s.smooth);
    expect(s.heldOutPrAuc).toBeGreaterThan(0.5);
    expect(Number.isFinite(s.heldOutThreshold)).toBe(true);
    expect(ens.notes().join(' ')).toMatch(/Chosen on the same held-out rows: combine by/);
    const none = await new Ensemble({ members: FAST, seed: 2 }).fit(X, { context });
    expect(stateOf(none).combine).toBe('max');
    expect(stateOf(none).smooth).toBe(6);
    expect(stateOf(none).heldOutThreshold).toBeNull();
    expect(none.notes().join(' ')).toMatch(/last 6 combined scores/);
  });

  it("smooths each entity's combined scores over its last rows", async () => {
    const { X, context } = data();
    const plain = await new Ensemble({ members: FAST, weights: 'equal', ...PLAIN }).fit(X, { context });
    const smoothed = await new Ensemble({
      members: FAST,
      weights: 'equal',
      combine: 'weighted-mean',
      smooth: 3,
    }).fit(X, { context });
    const p = plain.score(X, context);
    const s = smoothed.score(X, context);
    expect(s[0]).toBe(p[0]);
    expect(s[10]).toBeCloseTo((p[8] + p[9] + p[10]) / 3, 12);
    // Entity B starts afresh.
    expect(s[151]).toBeCloseTo((p[150] + p[151]) / 2, 12);
    expect(new Ensemble({ members: ['iforest'], smooth: 1 }).sequential).toBe(false);
    expect(new Ensemble({ members: ['iforest'] }).sequential).toBe(true);
  });

  it('stops with an AbortError when the signal fires during a member fit', async () => {
    const { X, context } = data();
    const ctrl = new AbortController();
    const ens = new Ensemble({ members: FAST });
    const fitting = ens.fit(X, {
      context,
      signal: ctrl.signal,
      onProgress: (f) => {
        if (f > 0) ctrl.abort();
      },
    });
    await expect(fitting).rejects.toMatchObject({ name: 'AbortError' });
    expect(ens.fitted).toBe(false);
  });
});

describe('Ensemble in a pipeline', () => {
  it('gets the training labels from fitPipeline and weighs its members by them', async () => {
    const ds = generateClusterMetrics({ days: 2, instances: 2, seed: 3 });
    const spec = defaultSpec(ds.schema, {
      type: 'ensemble',
      params: { members: [{ type: 'iforest', params: { nEstimators: 20 } }, 'robust-z'] },
    });
    const { fitted } = await fitPipeline(ds, spec);
    const state = fitted.detector.state as EnsembleState;
    expect(state.weightSource).toBe('select');
    // Five folds: every training row held out once.
    expect(state.validationRows).toBe(2 * 576);
    expect(state.folds).toBe(5);
  });
});
