import { columnValues } from '../table/column-values';
import { lttb } from '../eda/downsample';
import { rangesFromLabels } from '../eda/label-ranges';
import { abortError } from '../detectors/detector';
import { averagePrecision, prCurve, rocAuc, rocCurve, sweep, quantileThreshold } from '../metrics/index';
import { labelledEvents } from '../metrics/latency';
import { entityGroups } from '../pipeline/features';
import {
  cleanForSpec,
  completePipeline,
  toMatrix,
  fitPipeline,
  fitPreprocessing,
  labelsOf,
  trainingInput,
  trainingThreshold,
  type PreprocessedData,
} from '../pipeline/fit';
import { createDetector, loadDetector, readsRawInput } from '../detectors/index';
import { emMvCriteria } from '../tuning/em-mv';
import type { Matrix } from '../util/matrix';
import type { DetectorJSON } from '../detectors/detector';
import { rowContext } from '../pipeline/row-context';
import { partMetrics } from './run-metrics';
import {
  alertsAt as alertsAtThreshold,
  applyAlertRules,
  defaultAlertRules,
  eventMetrics,
  parseAlertRules,
  chooseThreshold,
  periodDays,
  type ThresholdChoice,
  type ThresholdChoiceRule,
} from '../metrics/index';
import { riskView, type RiskView } from './risk-view';
import { atPart, partRows, type PartRows } from './part-rows';
import { compareModels, type CompareModel, type CompareResult } from './compare-view';
import { permutationImportance, type FeatureImportance } from '../evaluation/permutation-importance';
import { errorAnalysis, type ErrorCase } from '../evaluation/error-analysis';
import {
  explainRow,
  fitBaselines,
  metricSigmas,
  type MetricBaselines,
} from '../evaluation/alert-explanation';
import { alertRateOverTime, type AlertRate } from '../evaluation/alert-rate';
import { behaviourClusters, type BehaviourClusters } from '../evaluation/behaviour-clusters';
import { fittedFeatures } from '../pipeline/score';
import { applyScaler } from '../prep/scaler';
import { rollingOriginFolds } from '../evaluation/rolling-origin';
import { metricColumn } from '../pipeline/features';
import { selectRows } from '../util/matrix';
import { kDistanceCurve } from '../detectors/cluster/k-distance';
import { kneeIndex } from '../detectors/cluster/knee';
import { defaultMinPts } from '../detectors/dbscan';
import { kmeansSweep, type KSweep } from '../detectors/kmeans/choose-k';
import { specFromPrep } from '../pipeline/prep-config';
import { splitDataset } from '../pipeline/split-dataset';
import { checkTableSize, prepareView, type Prepared } from './prepare-view';
import type { FittedPipeline } from '../pipeline/fitted';
import { scorePipeline } from '../pipeline/score';
import type { PipelineSpec } from '../pipeline/spec';
import { generateClusterMetrics } from '../synth/index';
import { DataError, type Dataset, type Schema } from '../table/dataset';
import {
  applyLabelEdits,
  applyLabelWindows,
  datasetToCsv,
  exportLabelWindows,
  loadAny,
  loadCsv,
  summarize,
  type LabelEdit,
} from '../table/index';
import { writeBundle } from '../bundle/bundle';
import { replayRows, type ReplayRow } from '../monitor/index';
import type { AlertRules } from '../metrics/alert-rules';
import {
  autocorrelationView,
  boxView,
  correlationView,
  distributionView,
  patternView,
  qualityView,
  scatterView,
  statsView,
  type AutocorrelationView,
  type BoxView,
  type DistributionRequest,
  type DistributionView,
  type PatternView,
  type QualityView,
  type ScatterView,
  type StatsView,
} from './eda-views';
import type { CorrelationResult } from '../eda/profile';
import type {
  DatasetInfo,
  DataSource,
  EvaluationResult,
  PrepResult,
  PrepSettings,
  SeriesRequest,
  SeriesResult,
  KDistanceView,
  RunResult,
  TrainingSet,
  TrainRequest,
  TuningCriteria,
  TuningCriteriaOptions,
  TrainResult,
} from './types';

const MAX_CURVE_POINTS = 400;
const WINDOWS_NAME = 'label windows';

function parseWindows(source: Extract<DataSource, { kind: 'csv' }>): unknown {
  try {
    return JSON.parse(source.windows ?? '');
  } catch (e) {
    throw new DataError(`not valid JSON (${(e as Error).message})`, source.windowsName ?? WINDOWS_NAME);
  }
}

function thin<T extends Float64Array>(a: T, b: T, max: number): [Float64Array, Float64Array] {
  if (a.length <= max) return [a, b];
  const step = (a.length - 1) / (max - 1);
  const xa = new Float64Array(max);
  const xb = new Float64Array(max);
  for (let i = 0; i < max; i++) {
    const k = Math.round(i * step);
    xa[i] = a[k];
    xb[i] = b[k];
  }
  return [xa, xb];
}

/** One fold of a rolling-origin backtest and the refitted model's metrics on the block after its cut. */
export interface BacktestFold {
  cut: number;
  trainRows: number;
  testRows: number;
  positives: number;
  rocAuc: number | null;
  prAuc: number | null;
  alertRate: number;
}

/** A backtest's folds and the spread of PR-AUC over the folds that have labels of both classes. */
export interface BacktestResult {
  folds: BacktestFold[];
  prAuc: { mean: number; sd: number; n: number } | null;
}

/** One instance's test rows for the score timeline. */
export interface TimelineView {
  entities: string[];
  entity: string | null;
  timed: boolean;
  /** True when the instance has more test rows than were returned. */
  truncated: boolean;
  rows: number;
  x: number[];
  score: number[];
  label: number[];
}

/** One run of alerting rows of an instance, explained at its peak row. */
export interface AlertIncident {
  /** First and last row's time (epoch ms), or dataset row without times. */
  start: number;
  end: number;
  rows: number;
  peakScore: number;
  peakAt: number;
  /** Whether a labelled anomaly overlaps it (null without labels). */
  labelled: boolean | null;
  /** The metrics furthest from their usual level at the peak, as sentences. */
  why: string[];
}

/** An instance's alert incidents on the test rows at a threshold. */
export interface AlertIncidentsView {
  entity: string | null;
  timed: boolean;
  /** Incidents in all; `incidents` holds at most the requested number (the highest peaks), in time order. */
  total: number;
  incidents: AlertIncident[];
}

/** The Evaluation page's view of a model without labels (see `unlabelledView`). */
export interface UnlabelledView {
  threshold: number;
  alertRate: AlertRate;
  clusters: BehaviourClusters | null;
  /** Why there are no clusters, else null. */
  clustersAbsent: string | null;
}

/** Alert rules as the Evaluation page edits them: the threshold comes from the model. */
export type AlertRuleSettings = Omit<AlertRules, 'threshold'>;

/** Alerts, incidents and events on the test rows under one set of alert rules. */
export interface RuleOutcome {
  alertRows: number;
  incidents: number;
  incidentsPerDay: number;
  eventRecall: number | null;
  eventPrecision: number | null;
  latencyMedianMs: number | null;
}

/** Validates rules (clear, field-named errors) and returns them with the threshold. */
function checkedRules(rules: AlertRuleSettings, threshold: number): AlertRules {
  return parseAlertRules({ ...rules, threshold });
}

/** True when rules change nothing: every row at or above the threshold alerts. */
function plainRules(r: AlertRuleSettings): boolean {
  return r.minDuration <= 1 && r.cooldown === 0 && Object.keys(r.perEntity ?? {}).length === 0;
}

/**
 * The state one workbench tab works on (the dataset, the fitted pipeline, its test scores), kept where
 * the heavy work runs (a web worker in the browser). Every method returns plain, cloneable data.
 */
export class WorkbenchSession {
  /** The data as loaded, before hand-made label edits. */
  private base: Dataset | null = null;
  /** The data every step uses: `base` with the label edits applied. */
  private dataset: Dataset | null = null;
  private source: DataSource | null = null;
  private fitted: FittedPipeline | null = null;
  /** The cleaned data and split of the current settings. */
  private prepared: Prepared | null = null;
  /** The cleaned data the fitted model was scored on (Evaluation's rows). */
  private evaluated: Dataset | null = null;
  /** Every cleaned row's score from the model in use, and the split it was trained with. */
  private allScores: Float64Array | null = null;
  /** How long scoring every row took when the model in use was installed (for the scoring-latency criterion). */
  private scoring: { rows: number; ms: number } | null = null;
  private evaluatedSplit: Prepared['split'] | null = null;
  /** The test part per entity in time order, with the model in use's scores in that order. */
  private test: (PartRows & { scores: Float64Array }) | null = null;
  private baselines: { metrics: string[]; columns: Float64Array[]; baselines: MetricBaselines } | null = null;
  private controller: AbortController | null = null;
  /**
   * The preprocessings fitted for the last training sets handed out (see `trainingSet`), by key: the
   * preparation's, and the raw metrics' for detectors that read them as they are (at most both).
   */
  private preprocessed = new Map<string, { key: string; pre: PreprocessedData; prepared: Prepared }>();
  /** The training rows `tuningCriteria` refits on, kept across the trials of a search. */
  private tuningTrain: { pre: PreprocessedData; X: Matrix } | null = null;
  private cachedInfo: DatasetInfo | null = null;

  /** Loads a data source (demo or CSV text) with optional role overrides. */
  load(
    source: DataSource,
    overrides: Partial<Schema> = {},
    edits: readonly LabelEdit[] = [],
    onProgress?: (fraction: number) => void,
  ): DatasetInfo {
    let ds: Dataset;
    if (source.kind === 'file') {
      throw new Error(`${source.name}: the file must be read (as text or bytes) before it is loaded`);
    }
    if (source.kind === 'demo') {
      ds = generateClusterMetrics({ days: source.days, instances: source.instances, seed: source.seed });
      // Role overrides go through the CSV loader so they are validated exactly as for a file.
      if (Object.keys(overrides).length) ds = loadCsv(datasetToCsv(ds), ds.name, overrides);
    } else {
      ds = loadAny(source.kind === 'csv' ? source.text : source.bytes, source.name, overrides, onProgress);
      if (source.kind === 'csv' && source.windows) {
        ds = applyLabelWindows(ds, parseWindows(source), source.windowsName ?? WINDOWS_NAME);
      }
    }
    const edited = applyLabelEdits(ds, edits);
    // A fit still running belongs to the old data: stop it so it cannot install a stale model.
    this.controller?.abort();
    this.base = ds;
    this.dataset = edited;
    this.source = source;
    this.fitted = null;
    this.test = null;
    this.cachedInfo = null;
    this.prepared = null;
    this.preprocessed.clear();
    this.evaluated = null;
    return this.info();
  }

  private requireData(): Dataset {
    if (!this.dataset)
      throw new Error('no dataset loaded: load the demo data or a CSV in Data Understanding');
    return this.dataset;
  }

  info(): DatasetInfo {
    this.cachedInfo ??= this.describe(this.requireData());
    return this.cachedInfo;
  }

  private describe(ds: Dataset): DatasetInfo {
    const s = summarize(ds);
    const names = ds.table.columnNames();
    return {
      name: ds.name,
      rows: s.rows,
      columns: names.map((name) => {
        const v = columnValues(ds.table, name) as ArrayLike<unknown>;
        return { name, kind: typeof v[0] === 'number' || v instanceof Float64Array ? 'number' : 'string' };
      }),
      schema: ds.schema,
      entities: ds.schema.entity
        ? [...new Set((columnValues(ds.table, ds.schema.entity) as string[]).map(String))]
        : [],
      timeRange: s.time ? { start: s.time.start, end: s.time.end, stepMs: s.time.stepMs } : null,
      labelled: s.labelled ? { positives: s.labelled.positives, share: s.labelled.share } : null,
      metrics: s.metrics,
      warnings: ds.warnings ?? [],
    };
  }

  /** One entity's metrics over time, downsampled with LTTB for display, with labelled ranges. */
  series(req: SeriesRequest): SeriesResult {
    const ds = this.requireData();
    const { schema } = ds;
    const all = entityGroups(ds);
    const ents = schema.entity ? (columnValues(ds.table, schema.entity) as ArrayLike<unknown>) : null;
    const name = (g: number[]): string => (ents ? String(ents[g[0]]) : ds.name);
    let groups =
      ents && req.entities.length ? all.filter((g) => req.entities.includes(name(g))) : all.slice(0, 1);
    if (!groups.length) groups = all.slice(0, 1);
    const times = schema.time ? (columnValues(ds.table, schema.time) as ArrayLike<number>) : null;
    const lab = schema.label ? (columnValues(ds.table, schema.label) as ArrayLike<number>) : null;
    const budget = Math.max(3, Math.floor(req.maxPoints / groups.length));
    const series: SeriesResult['series'] = [];
    const anomalyRanges: SeriesResult['anomalyRanges'] = [];
    let totalPoints = 0;
    for (const g of groups) {
      let x = Float64Array.from(g, (i, k) => (times ? times[i] : k));
      let rows = g;
      if (req.range) {
        const [lo, hi] = req.range;
        const keep = rows.map((_, k) => k).filter((k) => x[k] >= lo && x[k] <= hi);
        rows = keep.map((k) => rows[k]);
        x = Float64Array.from(keep, (k) => x[k]);
      }
      totalPoints += rows.length;
      for (const metric of req.metrics) {
        const col = columnValues(ds.table, metric) as ArrayLike<number>;
        const d = lttb(
          x,
          Float64Array.from(rows, (i) => Number(col[i])),
          budget,
        );
        series.push({ metric, group: name(g), t: d.t, v: d.v });
      }
      if (lab)
        anomalyRanges.push(
          ...rangesFromLabels(
            x,
            Float64Array.from(rows, (i) => Number(lab[i])),
          ),
        );
    }
    return { series, anomalyRanges, rowIndexAxis: !times, totalPoints };
  }

  quality(): QualityView {
    return qualityView(this.requireData());
  }

  stats(byEntity: boolean): StatsView {
    return statsView(this.requireData(), byEntity);
  }

  distributions(req: DistributionRequest): DistributionView {
    return distributionView(this.requireData(), req);
  }

  boxes(metric: string): BoxView {
    return boxView(this.requireData(), metric);
  }

  patterns(metric: string): PatternView {
    return patternView(this.requireData(), metric);
  }

  correlation(method: 'pearson' | 'spearman'): CorrelationResult {
    return correlationView(this.requireData(), method);
  }

  scatter(metrics: string[]): ScatterView {
    return scatterView(this.requireData(), metrics);
  }

  autocorrelation(metric: string, entity: string | null): AutocorrelationView {
    return autocorrelationView(this.requireData(), metric, entity);
  }

  /** The current labels as NAB-style windows JSON (per entity when there are entities). */
  labelWindows(): string {
    return JSON.stringify(exportLabelWindows(this.requireData()), null, 1);
  }

  private specFor(prep: PrepSettings, detector: TrainRequest['detector']): PipelineSpec {
    const ds = this.requireData();
    if (!prep.metrics.length) throw new Error('choose at least one metric in Data Preparation');
    return specFromPrep(ds.schema, prep.metrics, prep.config, detector);
  }

  /** The cleaned data and its split for these settings, computed once until cleaning or split change. */
  private preparedFor(prep: PrepSettings, spec: PipelineSpec): Prepared {
    const key = JSON.stringify([prep.metrics, prep.config.cleaning, prep.config.split]);
    if (this.prepared?.key === key) return this.prepared;
    const { dataset, report } = cleanForSpec(this.requireData(), spec);
    this.prepared = { key, dataset, report, split: splitDataset(dataset, prep.config.split) };
    return this.prepared;
  }

  /** The Data Preparation view: cleaning, features, selection and split, for these settings. */
  prepare(prep: PrepSettings): PrepResult {
    const spec = this.specFor(prep, { type: 'none', params: {} });
    const ds = this.requireData();
    // Refused before cleaning a large dataset for nothing; resampling changes the rows, so then after.
    if (!spec.cleaning?.resample) checkTableSize(ds.table.numRows(), spec);
    const prepared = this.preparedFor(prep, spec);
    if (spec.cleaning?.resample) checkTableSize(prepared.dataset.table.numRows(), spec);
    return prepareView(ds, prepared, spec);
  }

  /** Fits the pipeline on the training split and scores the test split. */
  async train(req: TrainRequest, onProgress?: (fraction: number) => void): Promise<TrainResult> {
    const ds = this.requireData();
    const spec = this.specFor(req.prep, req.detector);
    const prepared = this.preparedFor(req.prep, spec);
    const split = prepared.split;
    if (split.train.length < 2)
      throw new Error('the training split has fewer than 2 rows: move the split later');
    if (split.test.length < 1) throw new Error('the test split is empty: move the split earlier');
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const started = performance.now();
    try {
      const { fitted } = await fitPipeline(ds, spec, {
        cleaned: prepared.dataset,
        rows: split.train,
        onProgress,
        signal: controller.signal,
      });
      if (controller.signal.aborted) throw abortError();
      this.adopt(fitted, prepared);
      return {
        fitted,
        seconds: (performance.now() - started) / 1000,
        trainRows: split.train.length,
        testRows: split.test.length,
      };
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /**
   * Fits the preparation (cleaning, features, selection, scaler) on the training split once, and hands
   * out the scaled training rows so detectors can be fitted in other workers, several at once.
   */
  trainingSet(
    prep: PrepSettings,
    onProgress?: (fraction: number) => void,
    detectorType?: string,
  ): TrainingSet {
    const { key, pre, prepared } = this.preprocess(prep, detectorType, onProgress);
    const { split } = prepared;
    const train = trainingInput(pre, split.train);
    onProgress?.(1);
    // A copy: the caller may transfer its buffer to a worker.
    const X = { ...train.X, data: Float64Array.from(train.X.data) };
    const all = labelsOf(pre.dataset);
    let validationPositives: number | null = null;
    if (all) {
      validationPositives = 0;
      for (let k = 0; k < split.validation.length; k++)
        if (all[split.validation[k]] === 1) validationPositives++;
    }
    return {
      key,
      X,
      context: train.context,
      testRows: split.test.length,
      ...(train.labels ? { labels: train.labels } : {}),
      validationRows: split.validation.length,
      validationPositives,
    };
  }

  /**
   * The label-free tuning criteria (excess mass and mass volume, Goix 2016) of a detector fitted on
   * `trainingSet(prep)` rows, on the validation rows. With few varying features the fitted model itself
   * is judged; with more, the criteria average over seeded groups of a few features, the detector (same
   * type and params) refitted on each group's training columns here. Sequential detectors are refused:
   * the uniform points the criteria need have no history.
   */
  async tuningCriteria(
    prep: PrepSettings,
    detectorJson: DetectorJSON,
    options: TuningCriteriaOptions = {},
  ): Promise<TuningCriteria> {
    const done = this.preprocessed.get(preprocessKey(prep, detectorJson.type));
    if (!done) throw new Error('the preparation changed while the model trained: search again');
    const { pre, prepared } = done;
    const { split } = prepared;
    if (split.validation.length < 2) {
      throw new Error(
        `the split has ${split.validation.length} validation rows: give it a validation part in Data Preparation`,
      );
    }
    const fitted = loadDetector(detectorJson);
    if (fitted.sequential) {
      throw new Error(
        `${detectorJson.type} scores each row from the rows before it, which the random points of excess ` +
          'mass lack: tune it on labels',
      );
    }
    const { draws = 10, uniformPoints = 20_000, maxFeatures = 5, seed = 0 } = options;
    const train = this.tuningTrain?.pre === pre ? this.tuningTrain.X : trainingInput(pre, split.train).X;
    this.tuningTrain = { pre, X: train };
    let refitted = false;
    const result = await emMvCriteria(
      train,
      selectRows(pre.all, split.validation),
      async (X, features) => {
        if (features.length === train.cols) return (Y) => fitted.score(Y);
        refitted = true;
        const det = await createDetector(detectorJson.type, detectorJson.params).fit(X);
        return (Y) => det.score(Y);
      },
      { draws, uniformPoints, maxFeatures, seed },
    );
    return {
      em: result.em,
      mv: result.mv,
      groups: result.draws.length,
      refitted,
      rows: split.validation.length,
    };
  }

  /** The preparation fitted on the training split, computed once per settings. */
  private preprocess(
    prep: PrepSettings,
    detectorType?: string,
    onProgress?: (fraction: number) => void,
  ): { key: string; pre: PreprocessedData; prepared: Prepared } {
    const key = preprocessKey(prep, detectorType);
    const done = this.preprocessed.get(key);
    if (done) return done;
    const ds = this.requireData();
    // A detector reading raw input gets the cleaned metrics as they are (specFromPrep), every other the
    // preparation's features.
    const raw = detectorType !== undefined && readsRawInput(detectorType);
    const spec = this.specFor(prep, { type: raw ? detectorType : 'none', params: {} });
    const prepared = this.preparedFor(prep, spec);
    const { split } = prepared;
    if (split.train.length < 2)
      throw new Error('the training split has fewer than 2 rows: move the split later');
    if (split.test.length < 1) throw new Error('the test split is empty: move the split earlier');
    const pre = fitPreprocessing(ds, spec, { cleaned: prepared.dataset, rows: split.train, onProgress });
    // Kept: this preparation's two preprocessings at most (the newest first in line to stay).
    for (const k of [...this.preprocessed.keys()]) {
      if (k.split(RAW_KEY)[0] !== key.split(RAW_KEY)[0]) this.preprocessed.delete(k);
    }
    const entry = { key, pre, prepared };
    this.preprocessed.set(key, entry);
    return entry;
  }

  /** Every given model (fitted on this preparation) scored and measured on the test part, side by side. */
  compare(prep: PrepSettings, models: CompareModel[]): CompareResult {
    const { pre, prepared } = this.preprocess(prep);
    // Each model scored on its own input: the preparation's features, or the raw metrics.
    const allOf = (m: CompareModel) => this.preprocess(prep, m.detector.type).pre.all;
    return compareModels(pre, prepared.split.test, models, this.info().timeRange?.stepMs ?? null, allOf);
  }

  /**
   * Permutation importance of each source metric for a model fitted on this preparation: the drop in
   * test PR-AUC when that metric's features are shuffled.
   */
  async importance(
    prep: PrepSettings,
    detector: DetectorJSON,
    onProgress?: (fraction: number) => void,
  ): Promise<{ baseline: number; importances: FeatureImportance[] }> {
    const { pre, prepared } = this.preprocess(prep, detector.type);
    const test = prepared.split.test;
    const labels = labelsOf(pre.dataset, test);
    const positives = labels ? labels.reduce((a, b) => a + (b === 1 ? 1 : 0), 0) : 0;
    if (!labels || positives === 0 || positives === labels.length)
      throw new Error('permutation importance needs labels of both classes in the test part');
    return permutationImportance(
      loadDetector(detector),
      selectRows(pre.all, test),
      labels,
      pre.preprocessing.featureNames,
      { seed: 0, repeats: 3, context: rowContext(pre.dataset, test), onProgress },
    );
  }

  /**
   * A rolling-origin backtest of a detector on this preparation: `folds` successive cut points, each fold
   * refitting the whole pipeline on the rows before its cut and measuring the block after it.
   */
  async backtest(
    prep: PrepSettings,
    detector: TrainRequest['detector'],
    folds = 4,
    onProgress?: (fraction: number) => void,
  ): Promise<BacktestResult> {
    const ds = this.requireData();
    const spec = this.specFor(prep, detector);
    const prepared = this.preparedFor(prep, spec);
    const cleaned = prepared.dataset;
    const labels = labelsOf(cleaned);
    const out: BacktestFold[] = [];
    const plan = rollingOriginFolds(cleaned, folds);
    for (const [k, fold] of plan.entries()) {
      const { fitted } = await fitPipeline(ds, spec, {
        cleaned,
        rows: fold.train,
        onProgress: onProgress ? (f) => onProgress((k + f) / plan.length) : undefined,
      });
      const { scores, alerts } = scorePipeline(fitted, cleaned, undefined, true);
      const y = labels ? Uint8Array.from(fold.test, (i) => (labels[i] === 1 ? 1 : 0)) : null;
      const s = Float64Array.from(fold.test, (i) => scores[i]);
      let positives = 0;
      let alerted = 0;
      for (let j = 0; j < fold.test.length; j++) {
        positives += y ? y[j] : 0;
        alerted += alerts[fold.test[j]];
      }
      const ranked = y !== null && positives > 0 && positives < y.length;
      out.push({
        cut: fold.cut,
        trainRows: fold.train.length,
        testRows: fold.test.length,
        positives,
        rocAuc: ranked && y ? rocAuc(y, s) : null,
        prAuc: ranked && y ? averagePrecision(y, s) : null,
        alertRate: fold.test.length ? alerted / fold.test.length : 0,
      });
    }
    onProgress?.(1);
    const v = out.map((f) => f.prAuc).filter((x): x is number => x !== null);
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length));
    return { folds: out, prAuc: v.length ? { mean, sd, n: v.length } : null };
  }

  /** The instances clustered by behaviour and named Idle .. Critical (for data without labels). */
  risk(metrics: string[]): RiskView {
    if (!metrics.length) throw new Error('choose at least one metric in Data Preparation');
    return riskView(this.requireData(), metrics);
  }

  /**
   * The sorted k-distance curve of the training rows DBSCAN would be fitted on (its evenly spaced
   * sample), with its knee: the eps DBSCAN suggests. `minPts` 0 means DBSCAN's default for the width.
   */
  kDistance(prep: PrepSettings, minPts: number, maxSamples: number): KDistanceView {
    const set = this.trainingSet(prep);
    const k = minPts > 0 ? minPts : defaultMinPts(set.X.cols);
    const curve = kDistanceCurve(set.X, k, maxSamples);
    const knee = kneeIndex(curve);
    return { curve, knee, eps: curve[knee], minPts: k, rows: curve.length, trainRows: set.X.rows };
  }

  /** Inertia and silhouette of KMeans for a range of k on the training rows (for the elbow charts). */
  async kSweep(prep: PrepSettings, onProgress?: (fraction: number) => void): Promise<KSweep> {
    const set = this.trainingSet(prep);
    // Capped so the sweep takes seconds on hundreds of features: 5,000 rows clustered, 1,000 for silhouettes.
    return kmeansSweep(set.X, {
      seed: 0,
      ks: [2, 3, 4, 5, 6, 7, 8, 9, 10, 12],
      maxSamples: 5_000,
      silhouetteSamples: 1_000,
      onProgress,
    });
  }

  /**
   * Completes a detector fitted on `trainingSet(prep)` rows into a pipeline (threshold from the
   * training scores) and measures it on the validation and test parts.
   */
  completeRun(prep: PrepSettings, detectorJson: DetectorJSON, seconds: number): RunResult {
    const done = this.preprocessed.get(preprocessKey(prep, detectorJson.type));
    if (!done) throw new Error('the preparation changed while the model trained: train it again');
    const { pre, prepared } = done;
    const { split } = prepared;
    const detector = loadDetector(detectorJson);
    const spec = {
      ...pre.preprocessing.spec,
      detector: { type: detectorJson.type, params: detectorJson.params },
    };
    const { fitted } = completePipeline(
      { ...pre, preprocessing: { ...pre.preprocessing, spec } },
      detector,
      split.train,
      trainingInput(pre, split.train),
      { trainScores: false },
    );
    const context = rowContext(pre.dataset);
    const scores = detector.score(pre.all, context);
    const labels = labelsOf(pre.dataset);
    const measure = (all: Float64Array, threshold: number) => ({
      validation: split.validation.length
        ? partMetrics('validation', split.validation, all, labels, threshold)
        : null,
      test: partMetrics('test', split.test, all, labels, threshold),
    });
    const members = detector.parts?.().map(({ label, detector: member }) => {
      const all = member.score(pre.all, context);
      const train = Float64Array.from(split.train, (i) => all[i]);
      const trainLabels = labelsOf(pre.dataset, split.train);
      const { threshold } = trainingThreshold(
        train,
        trainLabels,
        member.params,
        member.calibratedThreshold?.(),
      );
      return { label, type: member.type, ...measure(all, threshold) };
    });
    return {
      fitted,
      seconds,
      trainRows: split.train.length,
      testRows: split.test.length,
      notes: detector.notes(),
      ...measure(scores, fitted.threshold),
      ...(members ? { members } : {}),
    };
  }

  /** Replaces the hand-made label edits (brushed in the time-series cell) on the loaded data. */
  setLabelEdits(edits: readonly LabelEdit[]): DatasetInfo {
    if (!this.base) throw new Error('no dataset loaded');
    const edited = applyLabelEdits(this.base, edits);
    this.controller?.abort();
    this.dataset = edited;
    this.fitted = null;
    this.test = null;
    this.cachedInfo = null;
    this.prepared = null;
    this.preprocessed.clear();
    this.evaluated = null;
    return this.info();
  }

  /** Stops the running fit, if any. */
  cancel(): void {
    this.controller?.abort();
  }

  /** Restores a fitted pipeline saved with the project (after a reload), with its split. */
  restore(fitted: FittedPipeline, prep: PrepSettings): void {
    this.adopt(fitted, this.preparedFor(prep, this.specFor(prep, fitted.spec.detector)));
  }

  private adopt(fitted: FittedPipeline, prepared: Prepared): void {
    const ds = prepared.dataset;
    this.fitted = fitted;
    this.evaluated = ds;
    const started = performance.now();
    const all = scorePipeline(fitted, ds, undefined, true).scores;
    this.scoring = { rows: all.length, ms: performance.now() - started };
    this.allScores = all;
    this.evaluatedSplit = prepared.split;
    const part = partRows(ds, prepared.split.test);
    this.test = { ...part, scores: atPart(all, part) };
    this.baselines = null;
  }

  private requireTest(): { ds: Dataset; test: PartRows & { scores: Float64Array } } {
    if (!this.evaluated || !this.test) throw new Error('no trained model: train one in Modeling');
    return { ds: this.evaluated, test: this.test };
  }

  /** Each metric's usual level on the training rows of the model in use (for explaining alerts). */
  private metricBaselines(): { metrics: string[]; columns: Float64Array[]; baselines: MetricBaselines } {
    const { ds } = this.requireTest();
    if (!this.baselines) {
      const metrics = this.fitted?.spec.metrics ?? [];
      const columns = metrics.map((m) => metricColumn(ds, m));
      const timeCol = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
      const baselines = fitBaselines(metrics, columns, this.evaluatedSplit?.train ?? [], timeCol);
      this.baselines = { metrics, columns, baselines };
    }
    return this.baselines;
  }

  /** Sentences naming the metrics furthest from their usual level at one dataset row. */
  private explainDatasetRow(row: number): string[] {
    const { ds } = this.requireTest();
    const { columns, baselines } = this.metricBaselines();
    const timeCol = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
    return explainRow(
      baselines,
      columns.map((col) => col[row]),
      timeCol ? Number(timeCol[row]) : null,
    ).sentences;
  }

  private stepMs(): number {
    return this.info().timeRange?.stepMs ?? 300_000;
  }

  /**
   * A threshold for the model in use chosen by a rule (target FPR, alert budget per day, costs, best F1)
   * on the validation part (the test part when the split has none), so the test part stays unseen.
   */
  thresholdFor(rule: ThresholdChoiceRule): ThresholdChoice & { part: 'validation' | 'test'; rows: number } {
    const { ds } = this.requireTest();
    const split = this.evaluatedSplit;
    const all = this.allScores;
    if (!split || !all) throw new Error('no trained model: train one in Modeling');
    const part = split.validation.length ? 'validation' : 'test';
    const rows = partRows(ds, split.validation.length ? split.validation : split.test);
    const resolved: ThresholdChoiceRule =
      rule.kind === 'budget'
        ? {
            ...rule,
            days: periodDays(
              rows.times,
              Math.max(1, Math.round(rows.order.length / Math.max(1, rows.segments.length))),
              this.stepMs(),
            ),
          }
        : rule;
    const choice = chooseThreshold(rows.labels, atPart(all, rows), resolved, { segments: rows.segments });
    return { ...choice, part, rows: rows.order.length };
  }

  /**
   * The worst false alarms and the missed events of the model in use at a threshold on the test rows,
   * each with its instance and the rows around it, and why it stands out.
   */
  errors(threshold: number): {
    falsePositives: (ErrorCase & { why: string[] })[];
    missed: (ErrorCase & { why: string[] })[];
    entities: (string | null)[];
    timed: boolean;
  } {
    const { test } = this.requireTest();
    if (!test.labels) throw new Error('error analysis needs labels');
    const x = test.times ?? Float64Array.from(test.order);
    const found = errorAnalysis(test.labels, test.scores, threshold, test.segments, x);
    // Each case explained at its highest-scoring row by the metrics furthest from their usual level.
    const why = (c: ErrorCase): string[] => {
      let row = c.firstRow;
      for (let k = c.firstRow; k <= c.lastRow; k++) if (test.scores[k] > test.scores[row]) row = k;
      return this.explainDatasetRow(test.order[row]);
    };
    return {
      falsePositives: found.falsePositives.map((c) => ({ ...c, why: why(c) })),
      missed: found.missed.map((c) => ({ ...c, why: why(c) })),
      entities: test.entities,
      timed: test.times !== null,
    };
  }

  /** The stretch of `order` holding one entity's test rows (the first entity when `entity` is unknown). */
  private entityStretch(entity: string | null): { entity: string | null; start: number; end: number } {
    const { test } = this.requireTest();
    const k = Math.max(0, entity === null ? 0 : test.entities.indexOf(entity));
    const [start, end] = test.segments[k] ?? [0, 0];
    return { entity: test.entities[k] ?? null, start, end };
  }

  /**
   * One instance's test rows for a score timeline: scores, labels and x (time or row), at most
   * `maxRows` of them (its first test rows; `truncated` says so), and the instances to choose from.
   */
  timeline(entity: string | null, maxRows = 4000): TimelineView {
    const { test } = this.requireTest();
    const { entity: chosen, start, end } = this.entityStretch(entity);
    const stop = Math.min(end, start + maxRows);
    const ks = Array.from({ length: stop - start }, (_, j) => start + j);
    return {
      entities: test.entities.filter((e): e is string => e !== null),
      entity: chosen,
      timed: test.times !== null,
      truncated: end - start > stop - start,
      rows: end - start,
      x: ks.map((k) => (test.times ? test.times[k] : test.order[k])),
      score: ks.map((k) => test.scores[k]),
      label: ks.map((k) => (test.labels ? test.labels[k] : 0)),
    };
  }

  /**
   * The alerts of one instance's test rows at a threshold, as incidents (runs of alerting rows), newest
   * last, each explained at its peak row by the metrics furthest from their usual level. At most
   * `limit` incidents are explained (the highest-peaked); `total` counts them all.
   */
  alertIncidents(entity: string | null, threshold: number, limit = 50): AlertIncidentsView {
    const { test } = this.requireTest();
    const { entity: chosen, start, end } = this.entityStretch(entity);
    const runs: { first: number; last: number; peak: number }[] = [];
    for (let k = start; k < end; k++) {
      if (!(test.scores[k] >= threshold)) continue;
      const run = { first: k, last: k, peak: k };
      while (run.last + 1 < end && test.scores[run.last + 1] >= threshold) {
        run.last++;
        if (test.scores[run.last] > test.scores[run.peak]) run.peak = run.last;
      }
      runs.push(run);
      k = run.last;
    }
    const kept = [...runs]
      .sort((a, b) => test.scores[b.peak] - test.scores[a.peak])
      .slice(0, limit)
      .sort((a, b) => a.first - b.first);
    const at = (k: number) => (test.times ? test.times[k] : test.order[k]);
    return {
      entity: chosen,
      timed: test.times !== null,
      total: runs.length,
      incidents: kept.map((r) => ({
        start: at(r.first),
        end: at(r.last),
        rows: r.last - r.first + 1,
        peakScore: test.scores[r.peak],
        peakAt: at(r.peak),
        labelled: test.labels ? test.labels.subarray(r.first, r.last + 1).some((v) => v === 1) : null,
        why: this.explainDatasetRow(test.order[r.peak]),
      })),
    };
  }

  /**
   * What can be said of the model in use without labels, at a threshold: the fleet's alerting rows over
   * time, and behaviour clusters of (a sample of at most `sampleRows`) test rows — elbow and silhouette,
   * where the alerts fall, each cluster's metric intensity, a PCA scatter and a Ward dendrogram.
   */
  async unlabelledView(
    threshold: number,
    sampleRows = 1000,
    onProgress?: (fraction: number) => void,
  ): Promise<UnlabelledView> {
    const { ds, test } = this.requireTest();
    const fitted = this.fitted;
    if (!fitted) throw new Error('no trained model: train one in Modeling');
    const alerts = alertsAtThreshold(test.scores, threshold);
    const alertRate = alertRateOverTime(test.times, alerts, test.segments);
    const n = test.order.length;
    if (n < 4)
      return { threshold, alertRate, clusters: null, clustersAbsent: `only ${n} test rows to cluster` };
    const m = Math.min(n, sampleRows);
    const picks = Int32Array.from({ length: m }, (_, j) => Math.floor(((j + 0.5) * n) / m));
    const rows = Int32Array.from(picks, (k) => test.order[k]);
    onProgress?.(0.05);
    // The model's own view of each row: its prepared (scaled) features, as the detector saw them.
    const X = selectRows(toMatrix(applyScaler(fitted.scaler, fittedFeatures(fitted, ds))), rows);
    onProgress?.(0.4);
    const { metrics, columns, baselines } = this.metricBaselines();
    const timeCol = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
    const z = metricSigmas(baselines, columns, rows, timeCol);
    const clusters = await behaviourClusters(
      X,
      metrics,
      z,
      Float64Array.from(picks, (k) => test.scores[k]),
      Uint8Array.from(picks, (k) => alerts[k]),
      { seed: 0 },
    );
    onProgress?.(1);
    return { threshold, alertRate, clusters, clustersAbsent: null };
  }

  /** The test rows as a stream would deliver them (fleet-wide time order), for the live dashboard. */
  streamRows(maxRows = 20_000): ReplayRow[] {
    const { ds, test } = this.requireTest();
    if (!this.fitted) throw new Error('no trained model: train one in Modeling');
    return replayRows(ds, this.fitted.spec.metrics, test.order, maxRows);
  }

  /** Curves, a threshold sweep and labelled events on the test split. */
  evaluate(): EvaluationResult {
    const { test } = this.requireTest();
    if (!this.fitted) throw new Error('no trained model: train one in Modeling');
    const { scores, labels, times: testTimes, segments } = test;
    const positives = labels ? labels.reduce((a, b) => a + b, 0) : 0;
    const both = labels !== null && positives > 0 && positives < labels.length;
    let roc: EvaluationResult['roc'] = null;
    let pr: EvaluationResult['pr'] = null;
    if (both && labels) {
      const rc = rocCurve(labels, scores);
      const [fpr, tpr] = thin(rc.fpr, rc.tpr, MAX_CURVE_POINTS);
      roc = { fpr, tpr, auc: rocAuc(labels, scores) };
      const pc = prCurve(labels, scores);
      const [recall, precision] = thin(pc.recall, pc.precision, MAX_CURVE_POINTS);
      pr = { recall, precision, ap: averagePrecision(labels, scores) };
    }
    const sw = sweep(labels ?? new Uint8Array(scores.length), scores, 200);
    const events = labels
      ? labelledEvents(labels, segments).map((e) => ({
          ...e,
          start: testTimes ? testTimes[e.firstRow] : e.firstRow,
          end: testTimes ? testTimes[e.lastRow] : e.lastRow,
        }))
      : [];
    // Fleet-wide alerts per day: the test part's time span (or rows x step per instance).
    const days = scores.length
      ? periodDays(
          testTimes,
          Math.max(1, Math.round(scores.length / Math.max(1, segments.length))),
          this.stepMs(),
        )
      : 0;
    const sampleStep = Math.max(1, Math.floor(scores.length / 5000));
    const idx: number[] = [];
    for (let k = 0; k < scores.length; k += sampleStep) idx.push(k);
    return {
      testRows: scores.length,
      positives,
      roc,
      pr,
      sweep: {
        threshold: sw.threshold,
        precision: sw.precision,
        recall: sw.recall,
        f1: sw.f1,
        fpr: sw.fpr,
        alerts: sw.alerts,
        alertsPerDay: days > 0 ? Float64Array.from(sw.alerts, (a) => a / days) : null,
      },
      scoreSample: {
        score: Float64Array.from(idx, (k) => scores[k]),
        label: Uint8Array.from(idx, (k) => (labels ? labels[k] : 0)),
      },
      events,
      testTimes,
      testScores: scores,
      testLabels: labels,
      stepMs: this.info().timeRange?.stepMs ?? null,
      suggestedThreshold: Number.isFinite(this.fitted.threshold)
        ? this.fitted.threshold
        : quantileThreshold(scores, 0.05),
      days,
      segments: segments.map(([start, end], s) => ({ entity: test.entities[s] ?? null, start, end })),
      scoring: this.scoring,
    };
  }

  /** The fitted pipeline as a bundle file's text, at the chosen threshold. */
  async exportBundle(
    threshold: number,
    metrics: Record<string, number | null>,
    alertRules?: AlertRuleSettings | null,
  ): Promise<string> {
    const ds = this.requireData();
    if (!this.fitted) throw new Error('no trained model: train one in Modeling');
    let fitted: FittedPipeline =
      threshold === this.fitted.threshold
        ? this.fitted
        : { ...this.fitted, threshold, thresholdRule: { kind: 'manual' } };
    const checked = alertRules ? checkedRules(alertRules, threshold) : null;
    if (checked && !plainRules(checked)) {
      fitted = {
        ...fitted,
        alertRules: {
          minDuration: checked.minDuration,
          cooldown: checked.cooldown,
          groupGap: checked.groupGap,
          perEntity: checked.perEntity,
        },
      };
    }
    // Baselines and drift bins from the rows the model was trained on, not the test part it is judged on.
    const trainingData = this.evaluated ?? undefined;
    const trainRows = this.evaluated ? this.evaluatedSplit?.train : undefined;
    return writeBundle(fitted, ds, { metrics, trainingData, trainRows });
  }

  /**
   * What alert rules do on the test rows of the model in use at a threshold: alerts per day, incidents
   * and detected events with the rules, and the same without them.
   */
  alertRulesView(threshold: number, rules: AlertRuleSettings): { plain: RuleOutcome; ruled: RuleOutcome } {
    const { test } = this.requireTest();
    const { scores, labels, times, segments } = test;
    const alertSegments = segments.map(([start, end], s) => ({
      entity: test.entities[s] ?? '',
      rows: Int32Array.from({ length: end - start }, (_, i) => start + i),
    }));
    const stepMs = this.stepMs();
    const days = periodDays(
      times,
      Math.max(1, Math.round(test.order.length / Math.max(1, segments.length))),
      stepMs,
    );
    const outcome = (alerts: Uint8Array, incidents: number): RuleOutcome => {
      let n = 0;
      for (const a of alerts) n += a;
      const ev = labels ? eventMetrics(labels, alerts, segments, { times, stepMs }) : null;
      return {
        alertRows: n,
        incidents,
        incidentsPerDay: incidents / days,
        eventRecall: ev && ev.events ? ev.eventRecall : null,
        eventPrecision: ev && ev.alertEvents ? ev.eventPrecision : null,
        latencyMedianMs: ev ? ev.latency.medianMs : null,
      };
    };
    const plainAlerts = alertsAtThreshold(scores, threshold);
    const plain = applyAlertRules(scores, alertSegments, {
      ...defaultAlertRules(threshold),
      groupGap: rules.groupGap,
    });
    const ruled = applyAlertRules(scores, alertSegments, checkedRules(rules, threshold));
    return {
      plain: outcome(plainAlerts, plain.incidents.length),
      ruled: outcome(ruled.alerts, ruled.incidents.length),
    };
  }

  /** The data source in use (for saving the project). */
  currentSource(): DataSource | null {
    return this.source;
  }
}

/** Marks a preprocessing key as the raw metrics' (see `preprocessKey`). */
const RAW_KEY = '\u0000raw';

/** The session's key of the preprocessing a detector of this type is fitted on, for these settings. */
function preprocessKey(prep: PrepSettings, detectorType?: string): string {
  const raw = detectorType !== undefined && readsRawInput(detectorType);
  return JSON.stringify(prep) + (raw ? RAW_KEY : '');
}
