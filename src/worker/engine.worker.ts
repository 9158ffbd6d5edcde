import * as Comlink from 'comlink';
import { prepareDetector, readFileSource, WorkbenchSession } from '../engine/index';
import type {
  AlertRuleSettings,
  CompareModel,
  ThresholdChoiceRule,
  DataSource,
  DetectorJSON,
  DistributionRequest,
  FittedPipeline,
  LabelEdit,
  PrepSettings,
  Schema,
  SeriesRequest,
  TrainRequest,
  TuningCriteriaOptions,
} from '../engine/index';
import { holdLifeLock } from './life-lock';
import { configureLstmBackends } from './lstm-backends';

holdLifeLock(self as unknown as Parameters<typeof holdLifeLock>[0]);
configureLstmBackends();
const session = new WorkbenchSession();

const api = {
  load: (
    source: DataSource,
    overrides: Partial<Schema>,
    edits: LabelEdit[],
    onProgress?: (fraction: number) => void,
  ) => readFileSource(source).then((read) => session.load(read, overrides, edits, onProgress)),
  setLabelEdits: (edits: LabelEdit[]) => session.setLabelEdits(edits),
  labelWindows: () => session.labelWindows(),
  series: (req: SeriesRequest) => session.series(req),
  quality: () => session.quality(),
  stats: (byEntity: boolean) => session.stats(byEntity),
  distributions: (req: DistributionRequest) => session.distributions(req),
  boxes: (metric: string) => session.boxes(metric),
  patterns: (metric: string) => session.patterns(metric),
  correlation: (method: 'pearson' | 'spearman') => session.correlation(method),
  scatter: (metrics: string[]) => session.scatter(metrics),
  autocorrelation: (metric: string, entity: string | null) => session.autocorrelation(metric, entity),
  prepare: (prep: PrepSettings) => session.prepare(prep),
  train: (req: TrainRequest, onProgress: (f: number) => void) => session.train(req, onProgress),
  cancel: () => session.cancel(),
  trainingSet: (prep: PrepSettings, onProgress?: (f: number) => void, detectorType?: string) => {
    const set = session.trainingSet(prep, onProgress, detectorType);
    return Comlink.transfer(set, set.labels ? [set.X.data.buffer, set.labels.buffer] : [set.X.data.buffer]);
  },
  compare: async (prep: PrepSettings, models: CompareModel[]) => {
    for (const m of models) await prepareDetector(m.detector);
    return session.compare(prep, models);
  },
  importance: async (prep: PrepSettings, detector: DetectorJSON, onProgress?: (f: number) => void) => {
    await prepareDetector(detector);
    return session.importance(prep, detector, onProgress);
  },
  backtest: (
    prep: PrepSettings,
    detector: TrainRequest['detector'],
    folds: number,
    onProgress?: (f: number) => void,
  ) => session.backtest(prep, detector, folds, onProgress),
  timeline: (entity: string | null) => session.timeline(entity),
  errors: (threshold: number) => session.errors(threshold),
  alertIncidents: (entity: string | null, threshold: number) => session.alertIncidents(entity, threshold),
  streamRows: (maxRows: number) => session.streamRows(maxRows),
  unlabelledView: (threshold: number, onProgress?: (f: number) => void) =>
    session.unlabelledView(threshold, 1000, onProgress),
  thresholdFor: (rule: ThresholdChoiceRule) => session.thresholdFor(rule),
  risk: (metrics: string[]) => session.risk(metrics),
  kDistance: (prep: PrepSettings, minPts: number, maxSamples: number) =>
    session.kDistance(prep, minPts, maxSamples),
  kSweep: (prep: PrepSettings, onProgress?: (f: number) => void) => session.kSweep(prep, onProgress),
  completeRun: async (prep: PrepSettings, detector: DetectorJSON, seconds: number) => {
    await prepareDetector(detector);
    return session.completeRun(prep, detector, seconds);
  },
  tuningCriteria: async (prep: PrepSettings, detector: DetectorJSON, options?: TuningCriteriaOptions) => {
    await prepareDetector(detector);
    return session.tuningCriteria(prep, detector, options);
  },
  restore: async (fitted: FittedPipeline, prep: PrepSettings) => {
    await prepareDetector(fitted.detector);
    return session.restore(fitted, prep);
  },
  evaluate: () => session.evaluate(),
  exportBundle: (
    threshold: number,
    metrics: Record<string, number | null>,
    alertRules: AlertRuleSettings | null,
  ) => session.exportBundle(threshold, metrics, alertRules),
  alertRulesView: (threshold: number, rules: AlertRuleSettings) => session.alertRulesView(threshold, rules),
};

export type EngineApi = typeof api;

// `self` is the worker scope; the cast only satisfies type-checkers that see DOM's `Window` typing of it.
Comlink.expose(api, self as unknown as Comlink.Endpoint);
