import type { CellStatus } from '../cells/cell-state';
import { createDetector, detectorFactory, type DetectorJSON } from '../engine/detectors/index';
import type {
  PrepSettings,
  RunResult,
  TrainingSet,
  TuningCriteria,
  TuningCriteriaOptions,
} from '../engine/index';
import {
  defaultTrial,
  EM_MV_BUDGET,
  TPE_BATCH,
  runSearch,
  type Trial,
  type TrialInfo,
  type TrialParams,
} from '../engine/tuning/index';
import { errorMessage, isAbort } from './engine-client';
import type { DetectorChoice, ModelRun } from './model-runs.svelte';
import { nowIso } from './persist';
import type { TrainJob } from './trainer-pool';
import {
  defaultTuningParams,
  objectiveDirection,
  resolveObjective,
  tuningProblems,
  tuningSpace,
  type TuningForm,
  type TuningObjective,
  type TuningRecord,
} from './tuning-space';
import type { ProjectSettings } from './project';

/** What the search needs of the workbench (the Workbench has all of it; tests pass a stand-in). */
export interface TuningHost {
  readonly data: unknown;
  readonly fpData: string;
  readonly fpPrep: string;
  settings: Pick<ProjectSettings, 'candidates'>;
  status(id: 'prepare'): CellStatus;
  prepare(): Promise<void>;
  prepSettings(): PrepSettings;
  readonly engine: {
    trainingSet(
      prep: PrepSettings,
      onProgress?: (f: number) => void,
      detectorType?: string,
    ): Promise<TrainingSet>;
    completeRun(prep: PrepSettings, detector: DetectorJSON, seconds: number): Promise<RunResult>;
    tuningCriteria(
      prep: PrepSettings,
      detector: DetectorJSON,
      options?: TuningCriteriaOptions,
    ): Promise<TuningCriteria>;
  };
  readonly runs: {
    trainerPool(): {
      readonly size: number;
      run(job: TrainJob): {
        result: Promise<{ detector: DetectorJSON; seconds: number }>;
        cancel: () => void;
      };
    };
    adopt(
      detector: DetectorChoice,
      result: RunResult,
      trained: { prep: PrepSettings; dataFp: string; prepFp: string },
    ): ModelRun;
    train(detectors: DetectorChoice[]): Promise<ModelRun[]>;
  };
}

/** A trial handed to a trainer worker and not finished yet. */
export interface RunningTrial {
  index: number;
  params: TrialParams;
  stage: 'training' | 'measuring';
  progress: number;
}

/** A finished trial's fitted model, kept only for the best trial (forests weigh megabytes). */
interface Fit {
  detector: DetectorJSON;
  seconds: number;
  /** The completed run (PR-AUC searches complete every trial to measure it); null for EM/MV. */
  result: RunResult | null;
}

/** Trial cap of a search budgeted in seconds (random and TPE never run out of proposals). */
export const MAX_TIMED_TRIALS = 1000;

let counter = 0;
function newId(): string {
  counter = (counter + 1) % 1e6;
  return `tune-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** The form a fresh cell starts with: a short seeded TPE search of Isolation Forest. */
export function defaultTuningForm(type = 'iforest'): TuningForm {
  return {
    type,
    method: 'tpe',
    budget: 'trials',
    trials: 20,
    seconds: 60,
    seed: 0,
    withDefaults: true,
    objective: 'auto',
    params: defaultTuningParams(detectorFactory(type)),
  };
}

/**
 * The hyperparameter search of the Modeling page: trials fitted in the trainer workers (the pool the
 * detector zoo uses), each measured by the engine worker (validation PR-AUC from the completed run, or
 * the label-free criteria), listed as they finish; Cancel keeps the finished trials; the best trial can
 * join the run history as a normal run. The last search is kept in the browser.
 */
export class TuningRuns {
  form = $state<TuningForm>(defaultTuningForm());
  record = $state.raw<TuningRecord | null>(null);
  running = $state.raw<RunningTrial[]>([]);
  searching = $state(false);
  /** Searching, but the training rows are still being prepared (no new record yet). */
  preparing = $state(false);
  error = $state<string | null>(null);
  /** performance.now() when the current search started. */
  startedAt = $state(0);
  private controller: AbortController | null = null;
  private bestFit: (Fit & { recordId: string; index: number }) | null = null;

  constructor(private readonly host: TuningHost) {}

  /** The cell's status: running, failed, done on the current preparation, stale on another, or idle. */
  status(fpPrep: string): CellStatus {
    if (this.searching) return 'running';
    if (this.error) return 'error';
    if (!this.record) return 'idle';
    return this.record.prepFp === fpPrep ? 'done' : 'stale';
  }

  /** The best finished trial of the last search. */
  get best(): Trial | null {
    const r = this.record;
    return r?.trials.find((t) => t.index === r.bestIndex) ?? null;
  }

  /** Switches the detector: its parameters start from its suggested ranges. */
  setType(type: string): void {
    this.form = { ...this.form, type, params: defaultTuningParams(detectorFactory(type)) };
  }

  /** Shows a search saved with the project (an import or a reload), unless one is running. */
  adoptSaved(record: TuningRecord | null): void {
    if (this.searching) return;
    this.record = record;
    if (record) this.form = structuredClone(record.form);
  }

  private patch(id: string, patch: Partial<TuningRecord>): void {
    if (this.record?.id === id) this.record = { ...this.record, ...patch };
  }

  /** Cancels the search: running trials stop (their workers end), finished ones stay. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Runs a search with the form's settings on the current data and preparation. */
  async search(): Promise<void> {
    const host = this.host;
    if (this.searching || !host.data) return;
    const form = $state.snapshot(this.form) as TuningForm;
    const factory = detectorFactory(form.type);
    const problems = tuningProblems(factory, form.params);
    this.error = null;
    if (problems.length) {
      this.error = problems.join('; ');
      return;
    }
    const space = tuningSpace(form.params);
    if (!space.dimensions.length) {
      this.error = 'Nothing to search: set at least one parameter to "search".';
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.searching = true;
    this.preparing = true;
    this.running = [];
    this.startedAt = performance.now();
    let id: string | null = null;
    try {
      if (host.status('prepare') !== 'done') await host.prepare();
      const prep = $state.snapshot(host.prepSettings()) as PrepSettings;
      const dataFp = host.fpData;
      const prepFp = host.fpPrep;
      const set = await host.engine.trainingSet(prep, undefined, form.type);
      if (controller.signal.aborted) return;
      const objective = resolveObjective(
        form.objective,
        set.validationRows ?? 0,
        set.validationPositives ?? null,
      );
      if (objective !== 'pr-auc' && createDetector(form.type, { ...space.fixed }).sequential) {
        throw new Error(
          `${factory.label} scores each row from the rows before it, which the random points of the ` +
            'label-free criteria lack: tune it on labels (label a few anomalies) or search another detector',
        );
      }
      const direction = objectiveDirection(objective);
      const record: TuningRecord = {
        id: newId(),
        createdAt: nowIso(),
        dataFp,
        prepFp,
        form,
        space,
        objective,
        direction,
        trials: [],
        bestIndex: null,
        stopped: null,
        seconds: 0,
        trainRows: set.X.rows,
        validationRows: set.validationRows ?? 0,
      };
      id = record.id;
      this.record = record;
      this.preparing = false;
      this.bestFit = null;
      // Fits of trials measured but not yet reported (not state: nothing renders them).
      const fits: Record<number, Fit> = {};
      const pool = host.runs.trainerPool();
      const elapsed = () => (performance.now() - this.startedAt) / 1000;
      const result = await runSearch({
        space,
        method: form.method,
        seed: form.seed,
        direction,
        trials:
          form.budget === 'trials' ? form.trials : form.method === 'grid' ? undefined : MAX_TIMED_TRIALS,
        seconds: form.budget === 'seconds' ? form.seconds : undefined,
        // One more than the workers, so a worker never waits while the engine measures a trial.
        parallel: form.method === 'tpe' ? TPE_BATCH : pool.size + 1,
        given: form.withDefaults ? [defaultTrial(factory, space)] : [],
        signal: controller.signal,
        runTrial: (params, info) => this.runTrial({ prep, set, objective, fits, pool, form }, params, info),
        onTrial: (trial, best) => {
          const fit = fits[trial.index];
          delete fits[trial.index];
          if (fit && best?.index === trial.index)
            this.bestFit = { ...fit, recordId: record.id, index: trial.index };
          this.running = this.running.filter((r) => r.index !== trial.index);
          const trials = [...(this.record?.trials ?? []), trial].sort((a, b) => a.index - b.index);
          this.patch(record.id, { trials, bestIndex: best?.index ?? null, seconds: elapsed() });
        },
      });
      this.patch(record.id, {
        trials: result.trials,
        bestIndex: result.best?.index ?? null,
        stopped: result.stopped,
        seconds: elapsed(),
      });
      if (result.trials.length && result.trials.every((t) => t.status === 'failed'))
        this.error = `Every trial failed; the first: ${result.trials[0].error ?? 'unknown error'}`;
    } catch (e) {
      if (!isAbort(e)) this.error = errorMessage(e);
    } finally {
      if (id && this.record?.id === id && this.record.stopped === null)
        this.patch(id, { stopped: 'aborted', seconds: (performance.now() - this.startedAt) / 1000 });
      this.searching = false;
      this.preparing = false;
      this.running = [];
      this.controller = null;
    }
  }

  private stage(index: number, patch: Partial<RunningTrial>): void {
    this.running = this.running.map((r) => (r.index === index ? { ...r, ...patch } : r));
  }

  /** One trial: fitted in a trainer worker, then measured by the engine worker. */
  private async runTrial(
    ctx: {
      prep: PrepSettings;
      set: TrainingSet;
      objective: TuningObjective;
      fits: Record<number, Fit>;
      pool: ReturnType<TuningHost['runs']['trainerPool']>;
      form: TuningForm;
    },
    params: TrialParams,
    info: TrialInfo,
  ): Promise<number> {
    const { prep, set, objective, fits, pool, form } = ctx;
    this.running = [...this.running, { index: info.index, params, stage: 'training', progress: 0 }];
    const handle = pool.run({
      X: set.X,
      context: set.context,
      type: form.type,
      params,
      ...(set.labels ? { labels: set.labels } : {}),
      onProgress: (f) => this.stage(info.index, { progress: f }),
    });
    const cancel = () => handle.cancel();
    info.signal.addEventListener('abort', cancel, { once: true });
    try {
      const { detector, seconds } = await handle.result;
      this.stage(info.index, { stage: 'measuring', progress: 1 });
      if (objective === 'pr-auc') {
        const result = await this.host.engine.completeRun(prep, detector, seconds);
        const score = result.validation?.prAuc ?? null;
        if (score === null) throw new Error('the validation rows hold no labels of both classes');
        fits[info.index] = { detector, seconds, result };
        return score;
      }
      const c = await this.host.engine.tuningCriteria(prep, detector, { ...EM_MV_BUDGET, seed: form.seed });
      fits[info.index] = { detector, seconds, result: null };
      return objective === 'em' ? c.em : c.mv;
    } finally {
      info.signal.removeEventListener('abort', cancel);
    }
  }

  /**
   * The best trial's parameters become the detector zoo's for that detector (ticked), and the best
   * trial joins the run history and leaderboard as a normal run: its fitted model when this tab still
   * holds it, else trained again (seeded, so the same model) through the zoo.
   */
  async useBest(): Promise<ModelRun | null> {
    const host = this.host;
    const record = this.record;
    const best = this.best;
    if (!record || !best) return null;
    const type = record.form.type;
    const factory = detectorFactory(type);
    const defaults = Object.fromEntries(factory.params.map((p) => [p.name, p.default]));
    const params: Record<string, unknown> = { ...defaults, ...best.params };
    host.settings.candidates = { ...host.settings.candidates, [type]: { enabled: true, params } };
    this.error = null;
    if (record.dataFp !== host.fpData || record.prepFp !== host.fpPrep) {
      this.error =
        'The search ran on another preparation: its best parameters are now in the detector list above; train them there.';
      return null;
    }
    const choice: DetectorChoice = { type, params: { ...best.params } };
    const fit =
      this.bestFit?.recordId === record.id && this.bestFit.index === best.index ? this.bestFit : null;
    let run: ModelRun | null = null;
    try {
      if (fit) {
        const prep = $state.snapshot(host.prepSettings()) as PrepSettings;
        const result = fit.result ?? (await host.engine.completeRun(prep, fit.detector, fit.seconds));
        run = host.runs.adopt(choice, result, { prep, dataFp: record.dataFp, prepFp: record.prepFp });
      }
    } catch {
      run = null; // the engine moved to another preparation meanwhile: train it again below
    }
    try {
      run ??= (await host.runs.train([choice]))[0] ?? null;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    }
    if (run) {
      this.patch(record.id, { adopted: best.index });
    }
    return run;
  }
}

const instances = new WeakMap<object, TuningRuns>();

/**
 * The search of a workbench, kept across page switches (the Modeling page unmounts when another phase
 * shows, and a search keeps running meanwhile).
 */
export function tuningFor(host: TuningHost): TuningRuns {
  let t = instances.get(host);
  if (!t) {
    t = new TuningRuns(host);
    instances.set(host, t);
  }
  return t;
}
