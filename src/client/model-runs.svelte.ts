import type { EpochLog, PrepSettings, RunResult, TrainingSet } from '../engine/index';
import { detectorFactory, readsRawInput } from '../engine/detectors/index';
import { ENGINE_VERSION } from '../engine/version';
import { errorMessage, isAbort } from './engine-client';
import { nowIso } from './persist';
import { TrainerPool } from './trainer-pool';
import type { Workbench } from './workbench.svelte';

/** Detector settings as the user gave them. */
export interface DetectorChoice {
  type: string;
  params: Record<string, unknown>;
}

/** One training run, kept in the project's run history. */
export interface ModelRun {
  id: string;
  createdAt: string;
  /** Fingerprints of the data and of data + preparation the run was trained on. */
  dataFp: string;
  prepFp: string;
  prep: PrepSettings;
  detector: DetectorChoice;
  seed: number | null;
  engineVersion: string;
  result: RunResult;
}

/** A run in progress (or failed) on the Modeling page. */
export interface TrainingJob {
  id: string;
  detector: DetectorChoice;
  status: 'queued' | 'preparing' | 'running' | 'error';
  progress: number;
  startedAt: number;
  error: string | null;
  /** Epochs so far, for detectors trained in epochs (the LSTM autoencoder's live loss curve). */
  epochs?: EpochLog[];
}

/** Runs kept in the history (oldest dropped first): fitted forests weigh a few MB each. */
export const MAX_RUNS = 24;

/** A parameter value for a summary: reals (e.g. from a search) to 4 significant digits. */
function short(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(4))) : String(v);
}

let counter = 0;
function newId(): string {
  counter = (counter + 1) % 1e6;
  return `${Date.now().toString(36)}-${counter.toString(36)}`;
}

/**
 * Training several detectors at once: one training set from the engine worker, each detector fitted in a
 * trainer worker (in parallel, as many as the pool has), then completed and measured by the engine.
 */
export class ModelRuns {
  history = $state.raw<ModelRun[]>([]);
  jobs = $state<TrainingJob[]>([]);
  /** The run whose model Evaluation and Deployment use, when it came from the history. */
  chosen = $state<string | null>(null);
  private pool: TrainerPool | null = null;
  /** Cancel functions of the jobs handed to the pool (not state: nothing renders them). */
  private cancels: Record<string, () => void> = {};

  constructor(private readonly wb: Workbench) {}

  get poolSize(): number {
    return this.trainerPool().size;
  }

  /** The trainer workers, shared with the hyperparameter search so the two never oversubscribe the cores. */
  trainerPool(): TrainerPool {
    return (this.pool ??= new TrainerPool());
  }

  /**
   * Adds a detector fitted and completed elsewhere (e.g. the best trial of a search) to the history as
   * a normal run, on the preparation it was trained on.
   */
  adopt(
    detector: DetectorChoice,
    result: RunResult,
    trained: { prep: PrepSettings; dataFp: string; prepFp: string },
  ): ModelRun {
    const params = result.fitted.detector.params;
    const run: ModelRun = {
      id: newId(),
      createdAt: nowIso(),
      dataFp: trained.dataFp,
      prepFp: trained.prepFp,
      prep: trained.prep,
      detector,
      seed: typeof params.seed === 'number' ? params.seed : null,
      engineVersion: ENGINE_VERSION,
      result,
    };
    this.history = [run, ...this.history].slice(0, MAX_RUNS);
    return run;
  }

  /** The runs trained on the current data and preparation, best validation PR-AUC first. */
  leaderboard(prepFp: string): ModelRun[] {
    const key = (r: ModelRun) => r.result.validation?.prAuc ?? r.result.test.prAuc ?? -1;
    return this.history.filter((r) => r.prepFp === prepFp).sort((a, b) => key(b) - key(a));
  }

  private update(id: string, patch: Partial<TrainingJob>): void {
    const job = this.jobs.find((j) => j.id === id);
    if (job) Object.assign(job, patch);
  }

  private drop(id: string): void {
    this.jobs = this.jobs.filter((j) => j.id !== id);
    delete this.cancels[id];
  }

  /** Trains every detector given, in parallel; each finished run joins the history. */
  async train(detectors: DetectorChoice[]): Promise<ModelRun[]> {
    const wb = this.wb;
    if (!wb.data || !detectors.length) return [];
    const jobs: TrainingJob[] = detectors.map((d) => ({
      id: newId(),
      detector: d,
      status: 'preparing',
      progress: 0,
      startedAt: performance.now(),
      error: null,
    }));
    this.jobs = [...this.jobs, ...jobs];
    if (wb.status('prepare') !== 'done') await wb.prepare();
    const prep = $state.snapshot(wb.prepSettings()) as PrepSettings;
    const dataFp = wb.fpData;
    const prepFp = wb.fpPrep;
    // One training set per input: the preparation's features, and the raw metrics for detectors that
    // read them as they are (the online learners).
    const setOf: { raw: boolean; set: TrainingSet }[] = [];
    try {
      for (const d of detectors) {
        const raw = readsRawInput(d.type);
        if (!setOf.some((s) => s.raw === raw))
          setOf.push({ raw, set: await wb.engine.trainingSet(prep, undefined, d.type) });
      }
    } catch (e) {
      for (const j of jobs) this.update(j.id, { status: 'error', error: errorMessage(e) });
      return [];
    }
    const setFor = (type: string) => setOf.find((s) => s.raw === readsRawInput(type))?.set as TrainingSet;
    const done = await Promise.all(
      jobs.map((j) => this.runOne(j, setFor(j.detector.type), prep, dataFp, prepFp)),
    );
    return done.filter((r): r is ModelRun => r !== null);
  }

  private async runOne(
    job: TrainingJob,
    set: TrainingSet,
    prep: PrepSettings,
    dataFp: string,
    prepFp: string,
  ): Promise<ModelRun | null> {
    if (!this.jobs.some((j) => j.id === job.id)) return null; // cancelled while preparing
    const handle = this.trainerPool().run({
      X: set.X,
      context: set.context,
      type: job.detector.type,
      params: job.detector.params,
      ...(set.labels ? { labels: set.labels } : {}),
      onProgress: (f) => this.update(job.id, { status: 'running', progress: f }),
      onEpoch: (log) => {
        const j = this.jobs.find((x) => x.id === job.id);
        if (j) j.epochs = [...(j.epochs ?? []), log];
      },
    });
    // A Cancel after the worker finished (while the engine completes the run) must still keep the run
    // off the leaderboard: the worker has nothing left to stop then.
    let cancelled = false;
    this.cancels[job.id] = () => {
      cancelled = true;
      handle.cancel();
    };
    this.update(job.id, { status: 'queued' });
    try {
      const { detector, seconds } = await handle.result;
      const result = await this.wb.engine.completeRun(prep, detector, seconds);
      if (cancelled) {
        this.drop(job.id);
        return null;
      }
      const run: ModelRun = {
        id: job.id,
        createdAt: nowIso(),
        dataFp,
        prepFp,
        prep,
        detector: job.detector,
        seed: typeof detector.params.seed === 'number' ? detector.params.seed : null,
        engineVersion: ENGINE_VERSION,
        result,
      };
      this.history = [run, ...this.history].slice(0, MAX_RUNS);
      this.drop(job.id);
      return run;
    } catch (e) {
      if (isAbort(e)) this.drop(job.id);
      else this.update(job.id, { status: 'error', error: errorMessage(e) });
      return null;
    }
  }

  cancel(id: string): void {
    const cancel = this.cancels[id];
    if (cancel) cancel();
    else this.drop(id);
  }

  dismiss(id: string): void {
    this.drop(id);
  }

  /** Trains a failed job's detector again (its row's Retry), as the Train button would. */
  async retry(id: string): Promise<void> {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) return;
    this.drop(id);
    await this.wb.trainCandidates([$state.snapshot(job.detector) as DetectorChoice]);
  }

  remove(id: string): void {
    this.history = this.history.filter((r) => r.id !== id);
    if (this.chosen === id) this.chosen = null;
  }

  /** Short text of the parameters that differ from the detector's defaults. */
  static paramSummary(d: DetectorChoice): string {
    let specs;
    try {
      specs = detectorFactory(d.type).params;
    } catch {
      return JSON.stringify(d.params);
    }
    const changed = specs.filter((p) => d.params[p.name] !== undefined && d.params[p.name] !== p.default);
    return changed.length
      ? changed.map((p) => `${p.name} ${short(d.params[p.name])}`).join(', ')
      : 'defaults';
  }
}
