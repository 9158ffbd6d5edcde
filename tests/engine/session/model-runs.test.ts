import { describe, expect, it } from 'vitest';
import { detectedByType } from '../../../src/engine/session/compare-view';
import {
  createDetector,
  defaultPrepConfig,
  WorkbenchSession,
  type PrepSettings,
} from '../../../src/engine/index';
import { rawPrep } from './raw-prep';

const prep = rawPrep();

describe('WorkbenchSession runs: detectors fitted elsewhere on a shared training set', () => {
  it('completes a detector fitted on the training set exactly as train() fits it', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const detector = { type: 'iforest', params: { nEstimators: 30, seed: 4 } };
    const direct = await s.train({ prep, detector });
    const set = s.trainingSet(prep);
    expect(set.X.rows).toBe(direct.trainRows);
    expect(set.context.groups?.length).toBe(2);
    // What a trainer worker does with its copy of the training rows:
    const det = await createDetector(detector.type, detector.params).fit(set.X, { context: set.context });
    const run = s.completeRun(prep, det.toJSON(), 0.5);
    expect(run.fitted.detector).toEqual(direct.fitted.detector);
    expect(run.fitted.threshold).toBe(direct.fitted.threshold);
    expect(run.fitted.featureNames).toEqual(direct.fitted.featureNames);
    expect(run.notes.length).toBeGreaterThan(0);
    expect(run.validation?.part).toBe('validation');
    expect(run.validation?.rocAuc).toBeGreaterThan(0.5);
    expect(run.test.rows).toBe(direct.testRows);
    expect(run.seconds).toBe(0.5);
  });

  it('measures each member of an ensemble alone beside the combination', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const set = s.trainingSet(prep);
    const members = [{ type: 'iforest', params: { nEstimators: 30, seed: 1 } }, 'robust-z'];
    const det = await createDetector('ensemble', { members, weights: 'equal', folds: 1 }).fit(set.X, {
      context: set.context,
    });
    const run = s.completeRun(prep, det.toJSON(), 0);
    expect(run.members?.map((m) => m.type)).toEqual(['iforest', 'robust-z']);
    // A member's figures are those of the same fitted member completed as a run of its own.
    const parts = det.parts?.() ?? [];
    const alone = s.completeRun(prep, parts[0].detector.toJSON(), 0);
    expect(run.members?.[0].validation?.prAuc).toBe(alone.validation?.prAuc);
    expect(run.members?.[0].test.alertRate).toBe(alone.test.alertRate);
    expect(run.members?.[1].validation?.rocAuc).toBeGreaterThan(0.5);
    expect(s.completeRun(prep, parts[1].detector.toJSON(), 0).members).toBeUndefined();
  });

  it('fits a detector that reads raw input on the cleaned metrics, beside one on the features', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const families: PrepSettings = { ...prep, config: { ...defaultPrepConfig(), selection: null } };
    const featured = s.trainingSet(families);
    const rawSet = s.trainingSet(families, undefined, 'online');
    expect(featured.X.cols).toBeGreaterThan(families.metrics.length);
    expect(rawSet.X.cols).toBe(families.metrics.length);
    expect(rawSet.X.rows).toBe(featured.X.rows);
    const params = { model: 'robust-z', probation: 100 };
    const online = await createDetector('online', params).fit(rawSet.X, { context: rawSet.context });
    const iforest = await createDetector('iforest', { nEstimators: 20, seed: 2 }).fit(featured.X);
    // Both complete on their own input, in any order: the session keeps both preprocessings.
    const onlineRun = s.completeRun(families, online.toJSON(), 0);
    const iforestRun = s.completeRun(families, iforest.toJSON(), 0);
    expect([onlineRun.fitted.spec.features, onlineRun.fitted.spec.scaler]).toEqual(['raw', 'none']);
    expect(onlineRun.fitted.featureNames).toEqual(families.metrics);
    expect(onlineRun.fitted.thresholdRule).toEqual({ kind: 'calibrated' });
    expect(iforestRun.fitted.featureNames.length).toBe(featured.X.cols);
    // What the page trains is what `train()` fits for the same detector (the benchmarked online path).
    const direct = await s.train({ prep: families, detector: { type: 'online', params } });
    expect(onlineRun.fitted.detector).toEqual(direct.fitted.detector);
    expect(onlineRun.fitted.featureNames).toEqual(direct.fitted.featureNames);
    // Side by side, each model is scored on its own input.
    const compared = s.compare(families, [
      { id: 'a', label: 'online', detector: online.toJSON(), threshold: onlineRun.fitted.threshold },
      { id: 'b', label: 'iforest', detector: iforest.toJSON(), threshold: iforestRun.fitted.threshold },
    ]);
    const [a, b] = compared.models;
    expect(a.rocAuc).toBeCloseTo(onlineRun.test.rocAuc as number, 12);
    expect(b.rocAuc).toBeCloseTo(iforestRun.test.rocAuc as number, 12);
    expect(a.alerts).toBe(Math.round(onlineRun.test.alertRate * onlineRun.test.rows));
  });

  it('refuses a detector fitted on a preparation that has since changed', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 3, instances: 1, seed: 2 });
    const set = s.trainingSet(prep);
    const det = await createDetector('kmeans', { k: 3 }).fit(set.X);
    const other: PrepSettings = { ...prep, metrics: ['cpu_pct'] };
    s.trainingSet(other);
    expect(() => s.completeRun(prep, det.toJSON(), 1)).toThrow(/preparation changed/);
  });
});

describe('WorkbenchSession.compare', () => {
  it('scores several runs on the test part with curves and metrics at each threshold', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const set = s.trainingSet(prep);
    const models = [];
    for (const [type, params] of [
      ['iforest', { nEstimators: 30, seed: 1 }],
      ['robust-z', {}],
    ] as const) {
      const det = await createDetector(type, params).fit(set.X, { context: set.context });
      const run = s.completeRun(prep, det.toJSON(), 0);
      models.push({ id: type, label: type, detector: run.fitted.detector, threshold: run.fitted.threshold });
    }
    const c = s.compare(prep, models);
    expect(c.models.map((m) => m.id)).toEqual(['iforest', 'robust-z']);
    expect(c.order.length).toBe(set.testRows);
    expect(c.segments.length).toBe(2);
    for (const m of c.models) {
      expect(m.scores.length).toBe(set.testRows);
      expect(m.rocAuc).toBeGreaterThanOrEqual(0);
      expect(m.rocAuc).toBeLessThanOrEqual(1);
      expect(m.roc?.fpr.length).toBeLessThanOrEqual(400);
      expect(m.alertsPerDay).toBeGreaterThanOrEqual(0);
      expect(m.eventsDetected).toBeLessThanOrEqual(m.events);
    }
    expect(c.models[0].rocAuc).toBeGreaterThan(0.5);
    expect(c.agreement.length).toBe(2);
    expect(c.agreement[0][0]).toBe(1);
    expect(c.agreement[0][1]).toBe(c.agreement[1][0]);
    const ci = c.models[0].prAucInterval;
    expect(ci?.low).toBeLessThanOrEqual(c.models[0].prAuc as number);
    expect(ci?.high).toBeGreaterThanOrEqual(c.models[0].prAuc as number);
    expect(c.models[0].nab?.standard).not.toBeUndefined();
    // NAB of the likelihood: a number for each profile, its threshold a likelihood in [0, 1).
    const nl = c.models[0].nabLikelihood;
    expect(nl?.normalized.standard).toEqual(expect.any(Number));
    expect(nl?.threshold.standard ?? 0).toBeLessThan(1);
    const ri = c.models[0].rocAucInterval;
    expect(ri?.low).toBeLessThanOrEqual(c.models[0].rocAuc as number);
    expect(ri?.high).toBeGreaterThanOrEqual(c.models[0].rocAuc as number);
    const ni = c.models[0].nabInterval;
    expect(ni?.low).not.toBeNull();
    expect(ni?.low as number).toBeLessThanOrEqual(ni?.high as number);
    expect(ni?.high as number).toBeLessThanOrEqual(100);
    const er = c.models[0].eventRecallInterval;
    const recall = c.models[0].eventsDetected / c.models[0].events;
    expect(er?.low).toBeLessThanOrEqual(recall + 1e-12);
    expect(er?.high).toBeGreaterThanOrEqual(recall - 1e-12);
    expect(c.models[0].vusPr).toBeGreaterThan(0);
    // The demo names each anomaly's type: detection per type adds up to the events.
    const byType = Object.values(c.models[0].byType ?? {});
    expect(byType.reduce((a, t) => a + t.events, 0)).toBe(c.models[0].events);
    // The same test scores as the run's own measurement (the test part of its scores).
    const run = s.completeRun(prep, models[0].detector, 0);
    expect(c.models[0].rocAuc).toBeCloseTo(run.test.rocAuc as number, 12);
  });
});

describe('WorkbenchSession.thresholdFor', () => {
  it('chooses the threshold of the model in use on the validation part by FPR, budget, cost or F1', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } } });
    const fpr = s.thresholdFor({ kind: 'fpr', target: 0.01 });
    expect(fpr.part).toBe('validation');
    expect(fpr.achieved.fpr).toBeLessThanOrEqual(0.01);
    const budget = s.thresholdFor({ kind: 'budget', perDay: 5, days: 0 });
    expect(budget.achieved.alertsPerDay).toBeLessThanOrEqual(5);
    const cost = s.thresholdFor({ kind: 'cost', fp: 1, fn: 20 });
    expect(Number.isFinite(cost.threshold)).toBe(true);
    const f1 = s.thresholdFor({ kind: 'f1' });
    expect(f1.achieved.f1).toBeGreaterThan(0);
    expect(f1.note.length).toBeGreaterThan(10);
  });
});

describe('WorkbenchSession.alertIncidents', () => {
  it("groups one instance's alerting test rows into incidents, each explained at its peak", async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } } });
    const tl = s.timeline(null, 1e9);
    const threshold = [...tl.score].sort((a, b) => b - a)[40];
    const view = s.alertIncidents(tl.entity, threshold, 1000);
    // Runs of rows at or above the threshold in the timeline of the same instance.
    let runs = 0;
    tl.score.forEach((v, k) => {
      if (v >= threshold && !(k > 0 && tl.score[k - 1] >= threshold)) runs++;
    });
    expect(view.total).toBe(runs);
    expect(view.incidents.length).toBe(runs);
    expect(view.incidents.reduce((a, i) => a + i.rows, 0)).toBe(
      tl.score.filter((v) => v >= threshold).length,
    );
    for (const [k, inc] of view.incidents.entries()) {
      expect(inc.peakScore).toBeGreaterThanOrEqual(threshold);
      expect(inc.end).toBeGreaterThanOrEqual(inc.start);
      if (k > 0) expect(inc.start).toBeGreaterThan(view.incidents[k - 1].end);
      expect(inc.why.length).toBeGreaterThan(0);
      expect(inc.why[0]).toMatch(/sigma (above|below) its usual \w+day \d\d:00 level/);
    }
    // A limit keeps the highest peaks, still in time order.
    const top = s.alertIncidents(tl.entity, threshold, 3);
    expect(top.total).toBe(runs);
    expect(top.incidents.length).toBe(Math.min(3, runs));
    const peaks = view.incidents.map((i) => i.peakScore).sort((a, b) => b - a);
    expect(Math.min(...top.incidents.map((i) => i.peakScore))).toBe(peaks[top.incidents.length - 1]);
  });
});

describe('WorkbenchSession.unlabelledView', () => {
  it('gives the alert rate over time and behaviour clusters of the test rows without using labels', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 30, seed: 1 } } });
    const ev = s.evaluate();
    const threshold = ev.suggestedThreshold;
    const view = await s.unlabelledView(threshold, 400);
    const alerting = ev.testScores.filter((v) => v >= threshold).length;
    expect(view.alertRate.bins.reduce((a, b) => a + b.alerts, 0)).toBe(alerting);
    expect(view.alertRate.bins.reduce((a, b) => a + b.rows, 0)).toBe(ev.testRows);
    const c = view.clusters;
    expect(c?.rows).toBe(400);
    expect(c?.clusters.reduce((a, k) => a + k.size, 0)).toBe(400);
    expect(c?.intensity.metrics.length).toBeGreaterThan(0);
    expect(c?.intensity.z.length).toBe(c?.k);
    expect(c?.points.x?.length).toBe(400);
  });
});

describe('detectedByType', () => {
  it('counts events and detections per anomaly type, per segment', () => {
    const labels = [0, 1, 1, 0, 1, 0, 1, 1];
    const alerts = [0, 0, 1, 0, 0, 0, 0, 1];
    const types = ['', 'cpu_spike', 'cpu_spike', '', 'memory_leak', '', 'cpu_spike', 'cpu_spike'];
    // Segments split the last event's rows from the rest: [0,7) and [7,8).
    expect(
      detectedByType(
        labels,
        alerts,
        [
          [0, 7],
          [7, 8],
        ],
        types,
      ),
    ).toEqual({ cpu_spike: { events: 3, detected: 2 }, memory_leak: { events: 1, detected: 0 } });
  });
});

describe('WorkbenchSession.timeline', () => {
  it("gives one instance's test rows in time order, capped, with the instances to choose from", async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 4, instances: 2, seed: 5 });
    const t = await s.train({ prep, detector: { type: 'iforest', params: { nEstimators: 20, seed: 1 } } });
    const first = s.timeline(null);
    expect(first.entities.length).toBe(2);
    expect(first.entity).toBe(first.entities[0]);
    expect(first.rows * 2).toBe(t.testRows);
    expect(first.x.every((x, i) => i === 0 || x > first.x[i - 1])).toBe(true);
    const second = s.timeline(first.entities[1], 10);
    expect(second.entity).toBe(first.entities[1]);
    expect(second.score.length).toBe(10);
    expect(second.truncated).toBe(true);
    expect(s.timeline('no-such-instance').entity).toBe(first.entities[0]);
    // Error analysis explains each case by the metrics furthest from their hour-of-week level.
    const errors = s.errors(t.fitted.threshold);
    const cases = [...errors.falsePositives, ...errors.missed];
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.why.length).toBeGreaterThan(0);
      expect(c.why[0]).toMatch(
        /^(cpu_pct|mem_pct|latency_ms) \d+\.\d sigma (above|below) its usual \w+day \d\d:00 level/,
      );
    }
  });
});

describe('WorkbenchSession.backtest', () => {
  it('refits at successive cut points and measures the block after each', async () => {
    const s = new WorkbenchSession();
    s.load({ kind: 'demo', days: 6, instances: 2, seed: 5 });
    const progress: number[] = [];
    const result = await s.backtest(prep, { type: 'iforest', params: { nEstimators: 20, seed: 1 } }, 3, (f) =>
      progress.push(f),
    );
    const folds = result.folds;
    expect(folds.map((f) => f.cut)).toEqual([0.25, 0.5, 0.75]);
    if (result.prAuc) expect(result.prAuc.n).toBe(folds.filter((f) => f.prAuc !== null).length);
    expect(folds[0].trainRows).toBeLessThan(folds[2].trainRows);
    for (const f of folds) {
      expect(f.testRows).toBe(6 * 288 * 2 * 0.25);
      // Small folds of raw features vary a lot: that spread is what the backtest is for.
      if (f.rocAuc !== null) {
        expect(f.rocAuc).toBeGreaterThanOrEqual(0);
        expect(f.rocAuc).toBeLessThanOrEqual(1);
      }
      expect(f.alertRate).toBeGreaterThanOrEqual(0);
    }
    expect(progress.at(-1)).toBe(1);
  });
});
