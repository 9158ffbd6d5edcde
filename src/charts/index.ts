export * from './theme';
export { timeSeriesChart, type TimeSeriesInput } from './time-series-chart';
export { rocChart, type RocInput } from './roc-chart';
export { prChart, type PrInput } from './pr-chart';
export { splitTimelineChart, type SplitTimelineInput } from './split-timeline-chart';
export { scoreHistogramChart, type ScoreHistogramInput } from './score-histogram-chart';
