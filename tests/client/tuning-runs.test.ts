import { describe, expect, it } from 'vitest';
import type { TrainJob } from '../../src/client/trainer-pool';
import { defaultTuningForm, TuningRuns, type TuningHost } from '../../src/client/tuning-runs.svelte';
import { reviveRecord } from '../../src/client/tuning-space';
import type { DetectorChoice, ModelRun } from '../../src/client/model-runs.svelte';
import { createDetector, WorkbenchSession, type DetectorJSON, type RunResult } from '../../src/engine/index';
import { rawPrep } from '../engine/session/raw-prep';

const prep = rawPrep();

/** A trainer pool that fits in this thread; `gate` holds trials from `gateFrom` on until it resolves. */
function inProcessPool(options: { gateFrom?: number; gate?: Promise<void> } = {}) {
  let started = 0;
  const jobs: TrainJob[] = [];
  return {
    size: 1,
    jobs,
    run(job: TrainJob) {
      const k = started++;
      jobs.push(job);
      let reject!: (e: unknown) => void;
      const cancelled = new Promise<never>((_, r) => (reject = r));
      const fit = (async () => {
        if (options.gate && k >= (options.gateFrom ?? 0)) await options.gate;
        const d = await createDetector(job.type, job.params).fit(job.X, {
          context: job.context,
          ...(job.labels ? { labels: job.labels } : {}),
        });
        return { detector: d.toJSON(), seconds: 0.01 };
      })();
      return {
        result: Promise.race([fit, cancelled]),
        cancel: () => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })),
      };
    },
  };
}

function hostFor(session: WorkbenchSession, pool: ReturnType<typeof inProcessPool>) {
  const adopted: { detector: DetectorChoice; result: RunResult }[] = [];
  const host: TuningHost = {
    data: {},
    fpData: 'data-1',
    fpPrep: 'prep-1',
    settings: { candidates: {} },
    status: () => 'done',
    prepare: async () => {},
    prepSettings: () => prep,
    engine: {
      trainingSet: async (p) => session.trainingSet(p),
      completeRun: async (p, d: DetectorJSON, s) => session.completeRun(p, d, s),
      tuningCriteria: (p, d, o) => session.tuningCriteria(p, d, o),
    },
    runs: {
      trainerPool: () => pool,
      adopt: (detector, result) => {
        adopted.push({ detector, result });
        return { id: 'run-1', detector, result } as ModelRun;
      },
      train: async () => [],
    },
  };
  return { host, adopted };
}

function loaded(seed = 5): WorkbenchSession {
  const s = new WorkbenchSession();
  s.load({ kind: 'demo', days: 4, instances: 2, seed });
  return s;
}

describe('TuningRuns', () => {
  it('runs a seeded random search through the pool, each trial scored by its validation PR-AUC', async () => {
    const session = loaded();
    const pool = inProcessPool();
    const { host, adopted } = hostFor(session, pool);
    const t = new TuningRuns(host);
    const form = defaultTuningForm('iforest');
    // Small forests keep the test quick; the defaults (trial 0) still have 100 trees.
    const params = form.params.map((p) => (p.name === 'nEstimators' ? { ...p, low: 10, high: 40 } : p));
    t.form = { ...form, params, method: 'random', trials: 4, seed: 3 };
    await t.search();
    expect(t.error).toBeNull();
    const r = t.record!;
    expect(r.objective).toBe('pr-auc');
    expect(r.stopped).toBe('trials');
    expect(r.trials.map((x) => [x.index, x.source, x.status])).toEqual([
      [0, 'given', 'complete'],
      [1, 'random', 'complete'],
      [2, 'random', 'complete'],
      [3, 'random', 'complete'],
    ]);
    expect(r.trials[0].params).toMatchObject({ nEstimators: 100, maxSamples: 256, seed: 0 });
    // The training labels reach the fits.
    expect(pool.jobs.every((j) => j.labels?.length === j.X.rows)).toBe(true);
    // Each score is the validation PR-AUC of the same (seeded) fit completed by the engine.
    for (const trial of r.trials) {
      const set = session.trainingSet(prep);
      const d = await createDetector('iforest', trial.params).fit(set.X, { context: set.context });
      expect(trial.score).toBe(session.completeRun(prep, d.toJSON(), 0).validation!.prAuc);
    }
    const best = r.trials.reduce((a, b) => (b.score! > a.score! ? b : a));
    expect(r.bestIndex).toBe(best.index);
    expect(t.status('prep-1')).toBe('done');
    expect(t.status('prep-2')).toBe('stale');

    // Use best: the best trial's own completed run joins the history; the zoo gets its parameters.
    const run = await t.useBest();
    expect(run?.id).toBe('run-1');
    expect(adopted).toHaveLength(1);
    expect(adopted[0].detector).toEqual({ type: 'iforest', params: best.params });
    expect(adopted[0].result.validation?.prAuc).toBe(best.score);
    expect(host.settings.candidates.iforest).toMatchObject({ enabled: true, params: best.params });
    expect(t.record?.adopted).toBe(best.index);
  });

  it('proposes the same trials for the same seed, others for another', async () => {
    const params = async (seed: number) => {
      const t = new TuningRuns(hostFor(loaded(), inProcessPool()).host);
      t.form = { ...defaultTuningForm('kmeans'), method: 'tpe', trials: 3, seed, withDefaults: false };
      await t.search();
      return t.record!.trials.map((x) => x.params);
    };
    const a = await params(1);
    expect(a).toHaveLength(3);
    expect(await params(1)).toEqual(a);
    expect(await params(2)).not.toEqual(a);
  });

  it('keeps the finished trials when cancelled', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const pool = inProcessPool({ gateFrom: 2, gate });
    const t = new TuningRuns(hostFor(loaded(), pool).host);
    t.form = { ...defaultTuningForm('kmeans'), method: 'random', trials: 6 };
    const done = t.search();
    while ((t.record?.trials.length ?? 0) < 2) await new Promise((r) => setTimeout(r, 5));
    expect(t.searching).toBe(true);
    expect(t.running.length).toBeGreaterThan(0);
    t.cancel();
    await done;
    open();
    expect(t.searching).toBe(false);
    expect(t.running).toEqual([]);
    expect(t.record?.stopped).toBe('aborted');
    expect(t.record?.trials.map((x) => x.index)).toEqual([0, 1]);
    expect(t.error).toBeNull();
  });

  it('scores by excess mass without labels, and refuses a sequential detector there', async () => {
    const session = loaded(7);
    const t = new TuningRuns(hostFor(session, inProcessPool()).host);
    t.form = { ...defaultTuningForm('kmeans'), method: 'random', trials: 2, objective: 'em' };
    await t.search();
    expect(t.error).toBeNull();
    const r = t.record!;
    expect(r.objective).toBe('em');
    expect(r.direction).toBe('maximize');
    const set = session.trainingSet(prep);
    const d = await createDetector('kmeans', r.trials[1].params).fit(set.X);
    const c = await session.tuningCriteria(prep, d.toJSON(), { draws: 10, uniformPoints: 20_000, seed: 0 });
    expect(r.trials[1].score).toBe(c.em);

    t.form = { ...defaultTuningForm('robust-z'), trials: 2, objective: 'mv' };
    await t.search();
    expect(t.error).toMatch(/rows before it/);
  });

  it('shows a search saved with the project (through JSON, as a project file carries it)', async () => {
    const first = new TuningRuns(hostFor(loaded(), inProcessPool()).host);
    first.form = { ...defaultTuningForm('kmeans'), method: 'grid', trials: 2 };
    await first.search();
    const again = new TuningRuns(hostFor(loaded(), inProcessPool()).host);
    again.adoptSaved(reviveRecord(JSON.parse(JSON.stringify(first.record))));
    expect(again.record?.id).toBe(first.record?.id);
    expect(again.record?.trials).toHaveLength(2);
    expect(again.form.method).toBe('grid');
    expect(again.status('prep-1')).toBe('done');
  });
});
