export { DataError, type Dataset, type Schema } from './dataset';
export { parseCsv, MAX_COLUMNS, type ParsedCsv, type Column, type ColumnKind } from './parse-csv';
export {
  scanNumber,
  parseNumberCell,
  isMissingCell,
  lastStatus,
  NUM_OK,
  NUM_MISSING,
  NUM_NON_FINITE,
  NUM_INVALID,
  type NumberStatus,
} from './number';
export { parseTime, epochToMs, timeFromNumber, isDateText } from './time';
export { inferSchema, type InferContext } from './infer-schema';
export { loadCsv, baseName } from './load';
export { applyLabelWindows, LABEL_COLUMN } from './label-windows';
export { datasetToCsv } from './to-csv';
export { summarize, naturalCompare, type DatasetSummary, type MetricSummary } from './summary';
export { defaultMetrics, isInformative } from './default-metrics';
export { isLongFormat, pivotLong } from './formats/long-format';
export { isCloudWatch, loadCloudWatch } from './formats/cloudwatch';
export { isPrometheus, loadPrometheus, type PrometheusOptions } from './formats/prometheus';
export { isArrowBytes, loadArrow } from './formats/arrow';
export { loadAny } from './load-any';
export { checkSize, MAX_INPUT_BYTES } from './input-size';
export { applyLabelEdits, exportLabelWindows, type LabelEdit } from './label-edits';
