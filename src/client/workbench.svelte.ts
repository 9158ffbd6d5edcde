import type { Remote } from 'comlink';
import type {
  CompareModel,
  CompareResult,
  LabelEdit,
  DatasetInfo,
  DataSource,
  EvaluationResult,
  PrepResult,
  PrepSettings,
  Schema,
  SeriesResult,
  TrainResult,
} from '../engine/index';
import { defaultMetrics } from '../engine/index';
import {
  initialCell,
  transitionCell,
  type CellEvent,
  type CellState,
  type CellStatus,
} from '../cells/cell-state';
import type { EngineApi } from '../worker/engine.worker';
import { errorMessage, isAbort, progressProxy, startEngine } from './engine-client';
import { fingerprint } from './fingerprint';
import { ModelRuns, type ModelRun } from './model-runs.svelte';
import { nowIso, parseProjectFile, type SavedProject } from './persist';
import { ProjectStore } from './project-store.svelte';
import { defaultPrep, defaultSettings, sourceKey, upgradeSettings, type ProjectSettings } from './project';
import { tuningFor } from './tuning-runs.svelte';
import { reviveRecord } from './tuning-space';

export type CellId = 'data' | 'series' | 'prepare' | 'train' | 'evaluate' | 'compare' | 'export';
export type PhaseId = 'business' | 'data' | 'prep' | 'modeling' | 'evaluation' | 'deployment';
export type PhaseStatus = 'not started' | 'done' | 'stale' | 'error';

interface Stamped<T> {
  fp: string;
  result: T;
}

export const PHASES: { id: PhaseId; title: string; cells: CellId[] }[] = [
  { id: 'business', title: 'Business Understanding', cells: [] },
  { id: 'data', title: 'Data Understanding', cells: ['data', 'series'] },
  { id: 'prep', title: 'Data Preparation', cells: ['prepare'] },
  { id: 'modeling', title: 'Modeling', cells: ['train'] },
  { id: 'evaluation', title: 'Evaluation', cells: ['evaluate'] },
  { id: 'deployment', title: 'Deployment', cells: ['export'] },
];

const CELL_TITLES: Record<CellId, string> = {
  data: 'Data Understanding › Dataset',
  series: 'Data Understanding › Time series',
  prepare: 'Data Preparation › Prepared features',
  train: 'Modeling › Isolation Forest',
  evaluate: 'Evaluation › Curves and threshold',
  compare: 'Evaluation › Compare models',
  export: 'Deployment › Model bundle',
};

/**
 * The notebook's coordinator on the main thread: holds the user's settings, the stamped results of
 * each cell, and each cell's run state; knows which cells are stale (their inputs' fingerprint changed)
 * and re-runs them in order. All computing happens in the engine worker.
 */
export class Workbench {
  settings = $state<ProjectSettings>(defaultSettings());
  data = $state.raw<Stamped<DatasetInfo> | null>(null);
  series = $state.raw<Stamped<SeriesResult> | null>(null);
  prep = $state.raw<Stamped<PrepResult> | null>(null);
  trained = $state.raw<Stamped<TrainResult> | null>(null);
  evaluation = $state.raw<Stamped<EvaluationResult> | null>(null);
  /** The leaderboard's models side by side on the test part (Evaluation's comparison cell). */
  comparison = $state.raw<Stamped<CompareResult> | null>(null);
  exported = $state.raw<Stamped<{ name: string; bytes: number; sha256: string; url: string }> | null>(null);
  runtime = $state<Record<CellId, CellState>>({
    data: initialCell,
    series: initialCell,
    prepare: initialCell,
    train: initialCell,
    evaluate: initialCell,
    compare: initialCell,
    export: initialCell,
  });
  restored = $state(false);
  /** True when start() put a saved project back (false when it started from the demo data). */
  restoredFromSave = false;
  /** A message for the whole page (e.g. a project import that failed). */
  notice = $state<string | null>(null);
  /** A confirmation for the whole page (e.g. a project imported). */
  info = $state<string | null>(null);
  /** Where the project is saved in this browser, and what went wrong with saving. */
  readonly store = new ProjectStore();
  /** A saved project that could not be restored at start, kept so the user can download it. */
  unrestored = $state.raw<SavedProject | null>(null);
  /** The report sections picked as slides in this tab (null: the key ones). */
  slidePicks = $state<string[] | null>(null);

  /** The engine worker, watched: one that dies is replaced with the data and model put back. */
  private readonly engineWorker = startEngine(
    (api) => this.restoreEngine(api),
    (error) => {
      if (error)
        this.notice = `The engine worker was restarted but the data could not be put back (${errorMessage(error)}); load it again in Data Understanding.`;
    },
  );
  /** The engine worker's API; cells call it through the run helpers below. */
  readonly engine: Remote<EngineApi> = this.engineWorker.api;
  /** Detectors trained side by side on the Modeling page, and their history. */
  readonly runs = new ModelRuns(this);

  fpData = $derived(
    fingerprint(
      sourceKey(this.settings.data.source),
      this.settings.data.overrides,
      this.settings.data.labelEdits,
    ),
  );
  /**
   * Changes whenever anything worth saving changes. The data source enters by its key (name and
   * content hash), never its text: stringifying a 75 MB upload on every keystroke would freeze the page.
   */
  saveKey = $derived(
    fingerprint({
      ...this.settings,
      data: { ...this.settings.data, source: sourceKey(this.settings.data.source) },
    }),
  );
  fpSeries = $derived(fingerprint(this.fpData, this.settings.view));
  fpPrep = $derived(fingerprint(this.fpData, this.settings.prep));
  fpTrain = $derived(fingerprint(this.fpPrep, this.settings.model));
  fpExport = $derived(fingerprint(this.fpTrain, this.settings.threshold, this.settings.alertRules));

  private stamped(id: CellId): { fp: string } | null {
    switch (id) {
      case 'data':
        return this.data;
      case 'series':
        return this.series;
      case 'prepare':
        return this.prep;
      case 'train':
        return this.trained;
      case 'evaluate':
        return this.evaluation;
      case 'compare':
        return this.comparison;
      case 'export':
        return this.exported;
    }
  }

  private currentFp(id: CellId): string {
    switch (id) {
      case 'data':
        return this.fpData;
      case 'series':
        return this.fpSeries;
      case 'prepare':
        return this.fpPrep;
      case 'train':
      case 'evaluate':
        return this.fpTrain;
      case 'compare':
        return this.fpCompare;
      case 'export':
        return this.fpExport;
    }
  }

  /** What a cell shows: its run state while queued/running/failed, else done/stale/idle from its stamp. */
  status(id: CellId): CellStatus {
    const run = this.runtime[id].status;
    if (run === 'queued' || run === 'running' || run === 'error') return run;
    // Nothing to compare on this preparation (no runs yet): not stale, just empty.
    if (id === 'compare' && this.compareSet.length === 0) return 'idle';
    const s = this.stamped(id);
    if (!s) return 'idle';
    return s.fp === this.currentFp(id) ? 'done' : 'stale';
  }

  staleCells = $derived(
    (['prepare', 'train', 'evaluate', 'compare'] as CellId[]).filter((id) => this.status(id) === 'stale'),
  );

  staleTitles = $derived(this.staleCells.map((id) => CELL_TITLES[id]));

  phaseStatus(phase: PhaseId): PhaseStatus {
    if (phase === 'business') return 'done';
    const cells = PHASES.find((p) => p.id === phase)?.cells ?? [];
    const statuses = cells.map((c) => this.status(c));
    if (statuses.some((s) => s === 'error')) return 'error';
    if (statuses.some((s) => s === 'stale')) return 'stale';
    if (statuses.length && statuses.every((s) => s === 'done')) return 'done';
    return 'not started';
  }

  private dispatch(id: CellId, event: CellEvent): void {
    this.runtime[id] = transitionCell(this.runtime[id], event);
  }

  /** Shows an error that happened outside the engine (a failed fetch, say) in the cell it belongs to. */
  reportError(id: CellId, message: string): void {
    this.dispatch(id, { type: 'fail', message });
  }

  private async run<T>(id: CellId, work: () => Promise<T>): Promise<T | null> {
    this.dispatch(id, { type: 'start' });
    try {
      const out = await work();
      this.dispatch(id, { type: 'succeed' });
      return out;
    } catch (e) {
      if (isAbort(e)) this.dispatch(id, { type: 'cancel', hadResult: !!this.stamped(id) });
      else this.dispatch(id, { type: 'fail', message: errorMessage(e) });
      return null;
    }
  }

  prepSettings(): PrepSettings {
    const info = this.data?.result;
    return this.settings.prep ?? defaultPrep(info ? info.metrics : []);
  }

  /**
   * Loads a data source with role overrides and label edits (a new source starts without edits);
   * on failure the previous dataset and settings stay as they were.
   */
  async loadData(
    source: DataSource = this.settings.data.source,
    overrides: Partial<Schema> = this.settings.data.overrides,
    labelEdits?: LabelEdit[],
  ): Promise<boolean> {
    this.lastLoad = [source, overrides, labelEdits];
    const changed = fingerprint(sourceKey(source)) !== fingerprint(sourceKey(this.settings.data.source));
    const edits = labelEdits ?? (changed ? [] : this.settings.data.labelEdits);
    const onProgress = progressProxy((f) => this.dispatch('data', { type: 'progress', fraction: f }));
    const info = await this.run('data', () =>
      this.engine.load(
        $state.snapshot(source) as DataSource,
        $state.snapshot(overrides),
        $state.snapshot(edits) as LabelEdit[],
        onProgress,
      ),
    );
    if (!info) return false;
    this.settings.data = { source, overrides, labelEdits: edits };
    if (
      changed ||
      !this.settings.prep ||
      this.settings.prep.metrics.some((m) => !info.schema.metrics.includes(m))
    ) {
      this.settings.prep = { ...this.prepSettings(), metrics: defaultPrep(info.metrics).metrics };
    }
    const view = this.settings.view;
    const entities = view.entities.filter((e) => info.entities.includes(e));
    const metrics = view.metrics.filter((m) => info.schema.metrics.includes(m));
    this.settings.view = {
      entities: entities.length ? entities : info.entities.slice(0, 1),
      metrics: metrics.length ? metrics : defaultMetrics(info.metrics, 3),
      range: changed ? null : view.range,
    };
    await this.afterDataChange(info);
    return true;
  }

  private lastLoad: Parameters<Workbench['loadData']> | null = null;

  /** Tries the last load again (the Dataset cell's Retry after an error). */
  async retryLoad(): Promise<boolean> {
    return this.lastLoad ? this.loadData(...this.lastLoad) : this.loadData();
  }

  private async afterDataChange(info: DatasetInfo): Promise<void> {
    this.data = { fp: this.fpData, result: info };
    await this.resyncModel();
    await this.refreshSeries();
    await this.prepare();
  }

  /** Sizes of the label-edit batches made in this tab, so Undo removes a whole mark. */
  private editBatches: number[] = [];

  /** Marks (value 1) or clears (value 0) labels in [start, end] for the entities shown. */
  async markRange(start: number, end: number, value: 0 | 1): Promise<void> {
    const ents = this.data?.result.entities.length ? this.settings.view.entities : [null];
    const added: LabelEdit[] = ents.map((entity) => ({ entity, start, end, value }));
    if (await this.setLabelEdits([...this.settings.data.labelEdits, ...added]))
      this.editBatches.push(added.length);
  }

  async undoLabelEdit(): Promise<void> {
    const edits = this.settings.data.labelEdits;
    const n = this.editBatches.pop() ?? 1;
    await this.setLabelEdits(edits.slice(0, Math.max(0, edits.length - n)));
  }

  /** Applies label edits to the loaded data; everything downstream of the data turns stale. */
  async setLabelEdits(edits: LabelEdit[]): Promise<boolean> {
    const info = await this.run('data', () =>
      this.engine.setLabelEdits($state.snapshot(edits) as LabelEdit[]),
    );
    if (!info) return false;
    this.settings.data.labelEdits = edits;
    await this.afterDataChange(info);
    return true;
  }

  /** The current labels as NAB-style windows JSON text. */
  async labelWindows(): Promise<string | null> {
    try {
      return await this.engine.labelWindows();
    } catch (e) {
      this.reportError('series', errorMessage(e));
      return null;
    }
  }

  async refreshSeries(): Promise<void> {
    if (!this.data) return;
    const fp = this.fpSeries;
    const view = $state.snapshot(this.settings.view);
    const result = await this.run('series', () =>
      this.engine.series({
        entities: view.entities,
        metrics: view.metrics,
        maxPoints: 1600,
        range: view.range,
      }),
    );
    if (result) this.series = { fp, result };
  }

  async prepare(): Promise<void> {
    if (!this.data) return;
    const fp = this.fpPrep;
    const prep = $state.snapshot(this.prepSettings());
    const result = await this.run('prepare', () => this.engine.prepare(prep));
    if (result) this.prep = { fp, result };
  }

  async train(): Promise<void> {
    if (!this.data) return;
    if (this.status('prepare') !== 'done') await this.prepare();
    const fp = this.fpTrain;
    const prep = $state.snapshot(this.prepSettings());
    const detector = $state.snapshot(this.settings.model);
    const onProgress = progressProxy((f) => this.dispatch('train', { type: 'progress', fraction: f }));
    const result = await this.run('train', () => this.engine.train({ prep, detector }, onProgress));
    if (!result) return;
    this.trained = { fp, result };
    this.runs.chosen = null;
    this.settings.threshold = result.fitted.threshold;
    await this.evaluate();
  }

  /** Trains the ticked detectors in parallel; with labels, the best on validation PR-AUC is put in use. */
  async trainCandidates(detectors: ModelRun['detector'][]): Promise<void> {
    const done = await this.runs.train(detectors);
    if (!done.length) return;
    const board = this.runs.leaderboard(this.fpPrep);
    const inUse = this.runs.chosen !== null && board.some((r) => r.id === this.runs.chosen);
    if (!inUse || this.status('train') !== 'done') await this.useRun(board[0]);
  }

  /**
   * Puts a run's model in use for Evaluation and Deployment: its preparation and detector become the
   * settings, and its fitted pipeline the trained model (no refit).
   */
  async useRun(run: ModelRun): Promise<boolean> {
    if (run.dataFp !== this.fpData) {
      this.notice =
        'That run was trained on other data (or other label edits); load its data first, or train it again here.';
      return false;
    }
    const samePrep = run.prepFp === this.fpPrep;
    this.settings.prep = structuredClone(run.prep);
    this.settings.model = structuredClone(run.detector);
    if (!samePrep) await this.prepare();
    this.trained = { fp: this.fpTrain, result: run.result };
    this.runs.chosen = run.id;
    if (!(await this.resyncModel())) return false;
    this.settings.threshold = run.result.fitted.threshold;
    await this.evaluate();
    return true;
  }

  /** The models the comparison covers: every run on the current preparation, best validation PR-AUC first. */
  compareSet = $derived.by((): CompareModel[] => {
    const board = this.runs.leaderboard(this.fpPrep);
    return board.map((r, i) => {
      const type = r.result.fitted.detector.type;
      const n = board.slice(0, i + 1).filter((b) => b.result.fitted.detector.type === type).length;
      return {
        id: r.id,
        label: n === 1 ? type : `${type} #${n}`,
        detector: r.result.fitted.detector,
        threshold:
          r.id === this.runs.chosen
            ? (this.settings.threshold ?? r.result.fitted.threshold)
            : r.result.fitted.threshold,
      };
    });
  });
  fpCompare = $derived(
    fingerprint(
      this.fpPrep,
      this.compareSet.map((m) => [m.id, m.threshold]),
    ),
  );

  /** Scores every model of the leaderboard on the test part, side by side. */
  async compareModels(): Promise<void> {
    const models = this.compareSet;
    if (!this.data || !models.length) return;
    const fp = this.fpCompare;
    const prep = $state.snapshot(this.prepSettings());
    const result = await this.run('compare', () => this.engine.compare(prep, models));
    if (result) this.comparison = { fp, result };
  }

  cancelTrain(): void {
    void this.engine.cancel();
  }

  async evaluate(): Promise<void> {
    if (!this.trained) return;
    const fp = this.trained.fp;
    const result = await this.run('evaluate', () => this.engine.evaluate());
    if (result) this.evaluation = { fp, result };
  }

  /** Export needs an up-to-date model: a stale one no longer matches the settings on screen. */
  canExport = $derived(this.status('train') === 'done' && this.status('evaluate') === 'done');

  async exportBundle(): Promise<{ text: string; name: string } | null> {
    if (!this.trained || !this.evaluation || !this.canExport) return null;
    const fp = this.fpExport;
    const threshold = this.settings.threshold ?? this.trained.result.fitted.threshold;
    const metrics: Record<string, number | null> = {
      test_roc_auc: this.evaluation.result.roc?.auc ?? null,
      test_pr_auc: this.evaluation.result.pr?.ap ?? null,
    };
    const rules = $state.snapshot(this.settings.alertRules);
    const text = await this.run('export', () => this.engine.exportBundle(threshold, metrics, rules));
    if (text === null) return null;
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { sha256: string };
    const name = `${this.settings.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'model'}.awb`;
    if (this.exported) URL.revokeObjectURL(this.exported.result.url);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
    this.exported = { fp, result: { name, bytes: text.length, sha256: header.sha256, url } };
    return { text, name };
  }

  /** Re-runs every stale cell in dependency order. */
  async rerunStale(): Promise<void> {
    const ids = [...this.staleCells];
    for (const id of ids) this.dispatch(id, { type: 'queue' });
    try {
      if (this.status('prepare') === 'queued') await this.prepare();
      if (this.status('train') === 'queued') await this.train();
      else if (this.status('evaluate') === 'queued') await this.evaluate();
      if (this.status('compare') === 'queued') await this.compareModels();
    } finally {
      for (const id of ids) {
        if (this.runtime[id].status === 'queued')
          this.dispatch(id, { type: 'cancel', hadResult: !!this.stamped(id) });
      }
    }
  }

  snapshot(): SavedProject {
    return {
      format: 'anomaly-workbench-project',
      version: 1,
      savedAt: nowIso(),
      settings: $state.snapshot(this.settings) as ProjectSettings,
      train: this.trained,
      runs: this.runs.history,
      chosenRun: this.runs.chosen,
      tuning: tuningFor(this).record,
    };
  }

  /** Saves the project in this browser; a refusal shows in `store.problem` and is never thrown. */
  async save(): Promise<void> {
    await this.store.save(this.snapshot());
  }

  /** Applies a saved project: settings, data, and the fitted model when its inputs still match. */
  async apply(saved: SavedProject): Promise<boolean> {
    const previous = $state.snapshot(this.settings) as ProjectSettings;
    this.settings = upgradeSettings(saved.settings);
    const { source, overrides, labelEdits } = this.settings.data;
    if (!(await this.loadData(source, overrides, labelEdits))) {
      this.settings = previous;
      return false;
    }
    this.trained = null;
    this.evaluation = null;
    this.exported = null;
    this.runs.history = saved.runs ?? [];
    this.runs.chosen = saved.chosenRun ?? null;
    tuningFor(this).adoptSaved(reviveRecord(saved.tuning));
    if (saved.train && saved.train.fp === this.fpTrain) {
      const threshold = saved.settings.threshold;
      this.trained = saved.train;
      if (await this.resyncModel()) {
        this.settings.threshold = threshold;
        await this.evaluate();
      }
    }
    return true;
  }

  /** Puts the loaded data and the model in use back into a fresh engine worker, after a crash. */
  private async restoreEngine(api: Remote<EngineApi>): Promise<void> {
    if (!this.data) return;
    const { source, overrides, labelEdits } = $state.snapshot(this.settings.data) as ProjectSettings['data'];
    await api.load(source, overrides, labelEdits);
    const trained = this.trained;
    if (trained && trained.fp === this.fpTrain)
      await api.restore(trained.result.fitted, $state.snapshot(this.prepSettings()));
  }

  /**
   * The worker drops its model whenever data is (re)loaded: put the stamped model back when its inputs
   * still hold, so a cell that says done is done. A model that cannot be restored (say, saved by an
   * older engine) is dropped with a notice. Returns whether a model is installed.
   */
  private async resyncModel(): Promise<boolean> {
    const trained = this.trained;
    if (!trained || trained.fp !== this.fpTrain) return false;
    try {
      await this.engine.restore(trained.result.fitted, $state.snapshot(this.prepSettings()));
      return true;
    } catch (e) {
      this.trained = null;
      this.evaluation = null;
      this.notice = `The saved model could not be restored (${errorMessage(e)}); train it again in Modeling.`;
      return false;
    }
  }

  /**
   * Starts the workbench: restores the saved project, or loads the demo data. A saved project that
   * cannot be restored is set aside first, so the autosave of the demo does not overwrite it.
   */
  async start(): Promise<void> {
    const saved = await this.store.load();
    let applied = false;
    let why = '';
    if (saved) {
      try {
        applied = await this.apply(saved);
        if (!applied) why = this.runtime.data.error ?? 'its data could not be loaded';
      } catch (e) {
        why = errorMessage(e);
      }
    }
    if (saved && !applied) {
      await this.store.keepUnrestored(saved);
      this.unrestored = saved;
      this.notice = `The saved project could not be restored (${why}); starting from the demo data. The saved copy is kept: download it to import it later.`;
    }
    if (!applied) await this.loadData();
    this.restoredFromSave = applied;
    this.restored = true;
  }

  async importProject(text: string, file: string): Promise<void> {
    this.info = null;
    try {
      const saved = parseProjectFile(text, file);
      if (!(await this.apply(saved))) {
        this.notice = `${file}: the project's data could not be loaded; your current work is unchanged.`;
        return;
      }
      this.notice = null;
      this.info = `Imported ${file}` + (this.trained ? ' with its trained model.' : '.');
    } catch (e) {
      this.notice = errorMessage(e);
    }
  }
}
