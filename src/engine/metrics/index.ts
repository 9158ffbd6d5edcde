/**
 * Evaluation metrics for anomaly scores and alerts: pure functions over plain arrays.
 * Conventions everywhere: label 1 = anomaly, higher score = more anomalous, alert = score >= threshold.
 */
export { binaryCurve, type BinaryCurve } from './binary-curve';
export { alertsAt, confusion, rates, type Confusion, type Rates } from './confusion';
export { rocAuc, rocCurve, type RocCurve } from './roc';
export { averagePrecision, prCurve, type PrCurve } from './pr';
export {
  bestF1Threshold,
  quantileThreshold,
  sweep,
  sweepIndex,
  sweepPoint,
  type BestF1,
  type Sweep,
  type SweepPoint,
} from './threshold';
export { evaluateScores, type Evaluation } from './summary';
export * from './latency';
export { adjustedRand } from './adjusted-rand';
export { precisionAtK, recallAtK } from './at-k';
export { alertEvents, eventMetrics, type EventMetrics } from './events';
export {
  rangePrecisionRecall,
  type Cardinality,
  type PositionalBias,
  type RangePr,
  type RangePrOptions,
} from './range-pr';
export { pointAdjustedF1, type PointAdjusted } from './point-adjust';
export {
  nabCombine,
  nabProbationRows,
  nabProfiles,
  nabScaledSigmoid,
  nabScore,
  nabScoreAll,
  type NabCostMatrix,
  type NabOptions,
  type NabProfile,
  type NabResult,
  type NabTotal,
  type NabWindowResult,
} from './nab-score';
export { nabOptimizeAll, nabOptimizeThreshold, type NabSweepFile, type NabSweepResult } from './nab-sweep';
export { vusPr, type VusOptions } from './vus-pr';
export { evaluateSeries, type SeriesEvaluation } from './series-evaluation';
export {
  bootstrapBlocks,
  bootstrapCI,
  type BootstrapInterval,
  type BootstrapOptions,
  type RowBlock,
  type Statistic,
} from './bootstrap';
export { jaccardMatrix } from './agreement';
export {
  chooseThreshold,
  periodDays,
  type ThresholdChoice,
  type ThresholdChoiceOptions,
  type ThresholdRule as ThresholdChoiceRule,
} from './threshold-choice';
export {
  AlertRuleState,
  applyAlertRules,
  defaultAlertRules,
  entityThreshold,
  parseAlertRules,
  type AlertRules,
  type AlertSegment,
  type AlertStep,
  type Incident,
} from './alert-rules';
