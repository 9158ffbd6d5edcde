export { DataError, type Dataset, type Schema } from './dataset';
export { parseCsv, type ParsedCsv, type Column, type ColumnKind } from './parse-csv';
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
