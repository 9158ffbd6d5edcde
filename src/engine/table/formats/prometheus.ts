import { DataError, type Dataset, type Schema } from '../dataset';
import { NUM_INVALID, NUM_NON_FINITE, scanNumber, scanState } from '../number';
import { isObject, parseJson } from './cloudwatch';
import { pivotRows, wideDataset } from './long-format';

/** The time column of a Prometheus dataset. */
const TIME = 'timestamp';
/** Labels that identify the entity, in order of preference. */
const ENTITY_LABELS = ['instance', 'pod', 'host', 'job'];

/** Options of {@link loadPrometheus}. */
export interface PrometheusOptions {
  /** The metric name of series without `__name__` (as after `rate(...)`); default `value`. */
  metricName?: string;
}

/** True when the parsed JSON has the shape of a Prometheus HTTP API answer (`status` and `data` or `error`). */
export function isPrometheus(json: unknown): boolean {
  return (
    isObject(json) &&
    (json.status === 'success' || json.status === 'error') &&
    (isObject(json.data) || typeof json.error === 'string')
  );
}

/**
 * Loads the JSON of a Prometheus `query_range` answer (`/api/v1/query_range`, resultType `matrix`;
 * an instant query's `vector` is read too, one sample per series).
 *
 * - Metric name: the series' `__name__`, else `options.metricName` (default `value`). When several
 *   series share a name, the labels whose values differ between them are appended in Prometheus'
 *   notation, e.g. `node_cpu_seconds_total{cpu="0",mode="idle"}`, so every column is one series per entity.
 * - Entity: the first of the labels `instance`, `pod`, `host`, `job` present in every series (the column
 *   is named after the label); `overrides.entity` names another label, or `''` for none (then the
 *   entity labels go into the metric names).
 * - Samples are `[seconds, "value"]`: times become epoch ms (rounded to the millisecond), values are
 *   read from their strings; `NaN` is missing, `+Inf`/`-Inf` are read as missing and counted in
 *   `warnings`. Series are outer-joined on time; rows are ordered by entity, then time ascending.
 * - The answer's `warnings` (and `infos`) become `warnings`.
 *
 * @param json the parsed JSON (or its text)
 * @param file the file's name, for messages and the dataset's name
 * @throws DataError with Prometheus' own `error` text when `status` is `error`; otherwise naming the
 *   field (e.g. `data.result[1].values[3]`) and the problem
 */
export function loadPrometheus(
  json: unknown,
  file: string,
  overrides: Partial<Schema> = {},
  options: PrometheusOptions = {},
): Dataset {
  const root = typeof json === 'string' ? parseJson(json, file) : json;
  if (!isObject(root) || typeof root.status !== 'string') {
    throw new DataError('not a Prometheus API answer: status is missing', file);
  }
  if (root.status === 'error') {
    const type = typeof root.errorType === 'string' ? ` (${root.errorType})` : '';
    const text = typeof root.error === 'string' ? root.error : 'no error text given';
    throw new DataError(`Prometheus answered with an error${type}: ${text}`, file);
  }
  if (root.status !== 'success') {
    throw new DataError(`status is '${root.status}'; expected 'success' or 'error'`, file);
  }
  const data = root.data;
  if (!isObject(data)) throw new DataError('data is missing or not an object', file);
  const type = data.resultType;
  if (type !== 'matrix' && type !== 'vector') {
    throw new DataError(
      `data.resultType is ${JSON.stringify(type)}; only 'matrix' (a query_range answer) and 'vector' are time series`,
      file,
    );
  }
  if (!Array.isArray(data.result)) throw new DataError('data.result is missing or not an array', file);
  const result: unknown[] = data.result;
  if (result.length === 0) throw new DataError('data.result is empty: the query matched no series', file);
  const warnings: string[] = [];
  for (const key of ['warnings', 'infos'] as const) {
    const list = root[key];
    if (Array.isArray(list))
      for (const w of list) warnings.push(`Prometheus ${key.slice(0, -1)}: ${String(w)}`);
  }

  interface Series {
    labels: Record<string, string>;
    times: Float64Array;
    values: Float64Array;
  }
  const series: Series[] = result.map((s, i): Series => {
    const at = `data.result[${i}]`;
    if (!isObject(s)) throw new DataError(`${at} is not an object`, file);
    const metric = s.metric ?? {};
    if (!isObject(metric)) throw new DataError(`${at}.metric is not an object of labels`, file);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(metric)) {
      if (typeof v !== 'string') throw new DataError(`${at}.metric.${k} is not a string`, file);
      labels[k] = v;
    }
    const field = type === 'matrix' ? 'values' : 'value';
    const raw = type === 'matrix' ? s.values : s.value === undefined ? undefined : [s.value];
    if (raw === undefined) {
      const hint = s.histograms !== undefined ? ' (native histograms are not supported)' : '';
      throw new DataError(`${at}.${field} is missing${hint}`, file);
    }
    if (!Array.isArray(raw)) throw new DataError(`${at}.${field} is not an array`, file);
    const times = new Float64Array(raw.length);
    const values = new Float64Array(raw.length);
    let infinite = 0;
    let prev = -Infinity;
    raw.forEach((point: unknown, j) => {
      const p = type === 'matrix' ? `${at}.values[${j}]` : `${at}.value`;
      if (!Array.isArray(point) || point.length !== 2) {
        throw new DataError(`${p} is not a [time, "value"] pair`, file);
      }
      const [t, v] = point as [unknown, unknown];
      const seconds = typeof t === 'number' ? t : typeof t === 'string' && t.trim() !== '' ? Number(t) : NaN;
      if (!Number.isFinite(seconds)) {
        throw new DataError(`${p}[0]: ${JSON.stringify(t)} is not a time in epoch seconds`, file);
      }
      const ms = Math.round(seconds * 1000);
      if (ms <= prev) throw new DataError(`${p}[0]: the time ${t} is not after the previous sample's`, file);
      prev = ms;
      times[j] = ms;
      const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
      const x = text === null ? NaN : scanNumber(text, 0, text.length);
      if (text === null || scanState.status === NUM_INVALID) {
        throw new DataError(`${p}[1]: ${JSON.stringify(v)} is not a number`, file);
      }
      if (scanState.status === NUM_NON_FINITE) infinite++;
      values[j] = x;
    });
    if (infinite > 0) {
      warnings.push(
        `${at} (${seriesText(labels)}): ${infinite} infinite value${infinite === 1 ? '' : 's'} read as missing`,
      );
    }
    return { labels, times, values };
  });

  const entityKey = chooseEntity(
    series.map((s) => s.labels),
    overrides.entity,
    file,
  );
  const base = series.map((s) => s.labels.__name__ ?? options.metricName ?? 'value');
  // Labels that differ between series of one name (and are not the entity) go into the name.
  const varying = new Map<string, string[]>();
  for (const name of new Set(base)) {
    const group = series.filter((_, i) => base[i] === name).map((s) => s.labels);
    const keys = new Set(group.flatMap((l) => Object.keys(l)));
    keys.delete('__name__');
    if (entityKey !== undefined) keys.delete(entityKey);
    varying.set(name, [...keys].filter((k) => group.some((l) => l[k] !== group[0][k])).sort());
  }
  const entityNames: string[] = [];
  const metricNames: string[] = [];
  const entityIndex = new Map<string, number>();
  const metricIndex = new Map<string, number>();
  const seen = new Map<string, number>();
  const entityOf: number[] = [];
  const metricOf: number[] = [];
  series.forEach((s, i) => {
    const keys = varying.get(base[i]) ?? [];
    const name =
      keys.length === 0 ? base[i] : `${base[i]}{${keys.map((k) => `${k}="${s.labels[k] ?? ''}"`).join(',')}}`;
    const ent = entityKey !== undefined ? s.labels[entityKey] : '';
    const key = `${ent}\u0000${name}`;
    const before = seen.get(key);
    if (before !== undefined) {
      throw new DataError(`data.result[${i}] has the same labels as data.result[${before}] (${name})`, file);
    }
    seen.set(key, i);
    if (!entityIndex.has(ent)) entityIndex.set(ent, entityNames.push(ent) - 1);
    if (!metricIndex.has(name)) metricIndex.set(name, metricNames.push(name) - 1);
    entityOf.push(entityIndex.get(ent) ?? 0);
    metricOf.push(metricIndex.get(name) ?? 0);
  });
  for (const name of metricNames) {
    if (name === TIME || name === entityKey) {
      throw new DataError(
        `the metric name '${name}' clashes with the ${name === TIME ? 'time' : 'entity'} column`,
        file,
      );
    }
  }

  const n = series.reduce((a, s) => a + s.times.length, 0);
  if (n === 0) throw new DataError('every series in data.result is empty: there are no samples', file);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const metric = new Int32Array(n);
  const entity = entityKey !== undefined ? new Int32Array(n) : null;
  let r = 0;
  series.forEach((s, i) => {
    time.set(s.times, r);
    value.set(s.values, r);
    metric.fill(metricOf[i], r, r + s.times.length);
    entity?.fill(entityOf[i], r, r + s.times.length);
    r += s.times.length;
  });
  const wide = pivotRows(
    { time, entity, metric, value },
    Math.max(1, entityNames.length),
    metricNames.length,
  );
  const ds = wideDataset(file, TIME, entityKey, entityNames, metricNames, undefined, wide, overrides.metrics);
  if (warnings.length > 0) ds.warnings = warnings;
  return ds;
}

function chooseEntity(
  labels: Record<string, string>[],
  override: string | undefined,
  file: string,
): string | undefined {
  if (override === '') return undefined;
  if (override !== undefined) {
    const missing = labels.findIndex((l) => l[override] === undefined);
    if (missing >= 0) {
      throw new DataError(
        `data.result[${missing}].metric has no label '${override}' to use as the entity; its labels: ${Object.keys(labels[missing]).join(', ') || 'none'}`,
        file,
      );
    }
    return override;
  }
  return ENTITY_LABELS.find((k) => labels.every((l) => l[k] !== undefined));
}

function seriesText(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  return `${name}{${Object.entries(rest)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
}
