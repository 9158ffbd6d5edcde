export * from './theme';
export { timeSeriesChart, type TimeSeriesInput } from './time-series-chart';
export { rocChart, type RocInput } from './roc-chart';
export { prChart, type PrInput } from './pr-chart';
export {
  splitTimelineChart,
  PART_COLORS,
  type SplitPart,
  type SplitTimelineInput,
} from './split-timeline-chart';
export { cleaningChart, type CleaningChartInput } from './cleaning-chart';
export { scoreHistogramChart, type ScoreHistogramInput } from './score-histogram-chart';
export { distributionChart, panelScale, type DistributionInput, type PanelScale } from './distribution-chart';
export { boxChart, type BoxInput } from './box-chart';
export { hourlyChart, weekdayChart, type HourlyChartInput, type WeekdayChartInput } from './hourly-chart';
export {
  hourOfWeekChart,
  correlationChart,
  type HourOfWeekInput,
  type CorrelationInput,
} from './heatmap-chart';
export { scatterMatrixChart, type ScatterMatrixInput } from './scatter-matrix-chart';
export { acfChart, formatDuration, periodLabel, type AcfInput } from './acf-chart';
export { kSweepChart, type KSweepInput } from './k-sweep-chart';
export { lossCurveChart, type LossCurveInput } from './loss-curve-chart';
export { dendrogramChart, clusterColor, type DendrogramInput } from './dendrogram-chart';
export { kDistanceChart, curveSample, MAX_CURVE_POINTS, type KDistanceInput } from './k-distance-chart';
export { metricBarChart, type MetricBarInput } from './metric-bar-chart';
export { errorContextChart, type ErrorContextInput } from './error-context-chart';
export { thresholdSensitivityChart, type ThresholdSensitivityInput } from './threshold-sensitivity-chart';
export { alertRateChart, type AlertRateBin, type AlertRateInput } from './alert-rate-chart';
export { clusterIntensityChart, type ClusterIntensityInput } from './cluster-intensity-chart';
export { clusterScatterChart, type ClusterScatterInput } from './cluster-scatter-chart';
export {
  riskLabelChart,
  RISK_LABEL_COLORS,
  type RiskLabelInput,
  type StreamRiskLabel,
} from './risk-label-chart';
