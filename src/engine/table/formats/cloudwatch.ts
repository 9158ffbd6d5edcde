import { DataError, type Dataset, type Schema } from '../dataset';
import { NUM_INVALID, scanNumber, scanState } from '../number';
import { parseTime, timeFromNumber } from '../time';
import { pivotRows, wideDataset } from './long-format';

/** The time column of a CloudWatch dataset. */
const TIME = 'timestamp';
/** The entity column when Labels carry entities. */
const ENTITY = 'entity';
/** First words of a Label that are CloudWatch statistics, not entities ("p99 Latency"). */
const STATISTIC =
  /^(average|avg|sum|minimum|min|maximum|max|samplecount|count|iqm|p\d+(\.\d+)?|tm\d+|wm\d+|tc\d+|ts\d+|pr)$/i;
/** Status codes that mean a result holds no usable data. */
const FAILED = new Set(['InternalError', 'Forbidden']);

/** True when the parsed JSON has the shape of a CloudWatch `GetMetricData` answer. */
export function isCloudWatch(json: unknown): boolean {
  return isObject(json) && Array.isArray(json.MetricDataResults);
}

/**
 * Loads the JSON that AWS CloudWatch `GetMetricData` returns (`aws cloudwatch get-metric-data`, the
 * SDKs): `{"MetricDataResults": [{"Id", "Label", "Timestamps", "Values", "StatusCode"}], "Messages"}`.
 *
 * - One metric per result, named by its `Label` (or its `Id` when the Label is empty or shared).
 * - Timestamps (ISO 8601 strings, e.g. `2024-03-04T00:05:00+00:00`, or epoch numbers) of all results
 *   are outer-joined and sorted ascending (CloudWatch returns newest first); a time missing from a
 *   result is NaN in its column. Columns: `timestamp` (epoch ms), [`entity`], the metrics.
 * - **Entities are not guessed from Ids.** The results are split into `<entity> <metric>` only when
 *   the Labels say so consistently: every Label is exactly two words, there are at least two distinct
 *   first words, none of them is a statistic (Average, Sum, p99, ...), and every entity has the same
 *   set of metric words (e.g. `i-0abc CPUUtilization`, `i-0abc NetworkIn`, `i-0def CPUUtilization`,
 *   `i-0def NetworkIn`). Otherwise the data is one series with one column per Label.
 *   `overrides.entity = ''` never splits; `overrides.entity = 'name'` always splits (every Label must
 *   then be `<entity> <metric>`) and names the entity column.
 * - `StatusCode` `PartialData`, a top-level `NextToken` and `Messages` become warnings;
 *   `InternalError` and `Forbidden` are refused.
 *
 * @param json the parsed JSON (or its text)
 * @param file the file's name, for messages and the dataset's name
 * @param overrides `entity` as above; `metrics` to choose among the metric names
 * @throws DataError naming the field (e.g. `MetricDataResults[2].Values`) and the problem
 */
export function loadCloudWatch(json: unknown, file: string, overrides: Partial<Schema> = {}): Dataset {
  const root = typeof json === 'string' ? parseJson(json, file) : json;
  if (!isObject(root) || !Array.isArray(root.MetricDataResults)) {
    throw new DataError(
      'not a CloudWatch GetMetricData answer: MetricDataResults (an array) is missing',
      file,
    );
  }
  const results: unknown[] = root.MetricDataResults;
  if (results.length === 0)
    throw new DataError('MetricDataResults is empty: there is no metric to load', file);
  const warnings: string[] = [];

  interface Series {
    id: string;
    label: string;
    times: number[];
    values: number[];
  }
  const series: Series[] = results.map((result, i): Series => {
    const at = `MetricDataResults[${i}]`;
    if (!isObject(result)) throw new DataError(`${at} is not an object`, file);
    const id = typeof result.Id === 'string' ? result.Id : '';
    const label = typeof result.Label === 'string' ? result.Label.trim() : '';
    if (id === '' && label === '')
      throw new DataError(`${at} has neither an Id nor a Label to name it`, file);
    const status = result.StatusCode;
    if (typeof status === 'string' && FAILED.has(status)) {
      throw new DataError(
        `${at}.StatusCode is ${status} (${label || id})${messagesText(result.Messages)}: CloudWatch returned no data for it`,
        file,
      );
    }
    if (status === 'PartialData') {
      warnings.push(
        `${at} (${label || id}) is PartialData: CloudWatch has more data points; fetch the next page with NextToken`,
      );
    }
    const ts = result.Timestamps;
    const vs = result.Values;
    for (const [field, v] of [
      ['Timestamps', ts],
      ['Values', vs],
    ] as const) {
      if (v === undefined) {
        throw new DataError(
          `${at}.${field} is missing (each result needs Timestamps and Values arrays of the same length)`,
          file,
        );
      }
      if (!Array.isArray(v)) throw new DataError(`${at}.${field} is not an array`, file);
    }
    const tArr = ts as unknown[];
    const vArr = vs as unknown[];
    if (vArr.length !== tArr.length) {
      throw new DataError(
        `${at}.Values has ${vArr.length} value${vArr.length === 1 ? '' : 's'} but ${at}.Timestamps has ${tArr.length}`,
        file,
      );
    }
    const times = tArr.map((t, j) => readTime(t, `${at}.Timestamps[${j}]`, file));
    const seen = new Map<number, number>();
    times.forEach((t, j) => {
      const before = seen.get(t);
      if (before !== undefined) {
        throw new DataError(
          `${at}.Timestamps[${j}] repeats ${at}.Timestamps[${before}] (${new Date(t).toISOString()})`,
          file,
        );
      }
      seen.set(t, j);
    });
    const values = vArr.map((v, j) => readValue(v, `${at}.Values[${j}]`, file));
    return { id, label, times, values };
  });
  if (series.every((s) => s.times.length === 0)) {
    throw new DataError('every result of MetricDataResults is empty: there are no data points', file);
  }
  if (typeof root.NextToken === 'string' && root.NextToken !== '') {
    warnings.push('the answer has a NextToken: CloudWatch has more data; only this page was loaded');
  }
  if (Array.isArray(root.Messages)) {
    for (const m of root.Messages) warnings.push(`CloudWatch message: ${messageText(m)}`);
  }

  const split = splitEntities(
    series.map((s) => s.label),
    overrides.entity,
    file,
  );
  const entityNames: string[] = [];
  const metricNames: string[] = [];
  const metricOf: number[] = [];
  const entityOf: number[] = [];
  if (split) {
    const e = new Map<string, number>();
    const m = new Map<string, number>();
    split.forEach(([entity, metric], i) => {
      if (!e.has(entity)) e.set(entity, entityNames.push(entity) - 1);
      if (!m.has(metric)) m.set(metric, metricNames.push(metric) - 1);
      entityOf.push(e.get(entity) ?? 0);
      metricOf.push(m.get(metric) ?? 0);
      if (series.findIndex((_, k) => split[k][0] === entity && split[k][1] === metric) !== i) {
        throw new DataError(
          `MetricDataResults[${i}].Label '${series[i].label}' repeats an earlier Label`,
          file,
        );
      }
    });
  } else {
    const count = new Map<string, number>();
    for (const s of series) count.set(s.label, (count.get(s.label) ?? 0) + 1);
    series.forEach((s, i) => {
      const name = s.label !== '' && count.get(s.label) === 1 ? s.label : s.id;
      const before = metricNames.indexOf(name);
      if (name === '' || before >= 0) {
        throw new DataError(
          `MetricDataResults[${i}] has the same name '${name}' as MetricDataResults[${before}] (Label '${s.label}', Id '${s.id}'); give each result its own Label or Id`,
          file,
        );
      }
      metricNames.push(name);
      metricOf.push(i);
      entityOf.push(0);
    });
  }
  const entityName = split ? overrides.entity || ENTITY : undefined;
  for (const name of metricNames) {
    if (name === TIME || name === entityName) {
      throw new DataError(
        `the metric name '${name}' clashes with the ${name === TIME ? 'time' : 'entity'} column`,
        file,
      );
    }
  }

  const n = series.reduce((a, s) => a + s.times.length, 0);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  const metric = new Int32Array(n);
  const entity = split ? new Int32Array(n) : null;
  let r = 0;
  series.forEach((s, i) => {
    for (let j = 0; j < s.times.length; j++, r++) {
      time[r] = s.times[j];
      value[r] = s.values[j];
      metric[r] = metricOf[i];
      if (entity) entity[r] = entityOf[i];
    }
  });
  const wide = pivotRows(
    { time, entity, metric, value },
    Math.max(1, entityNames.length),
    metricNames.length,
  );
  const ds = wideDataset(
    file,
    TIME,
    entityName,
    entityNames,
    metricNames,
    undefined,
    wide,
    overrides.metrics,
  );
  if (warnings.length > 0) ds.warnings = warnings;
  return ds;
}

/** `[entity, metric]` per label when the labels carry entities (see {@link loadCloudWatch}), else null. */
function splitEntities(
  labels: string[],
  entityOverride: string | undefined,
  file: string,
): [string, string][] | null {
  if (entityOverride === '') return null;
  const pairs = labels.map((l) => /^(\S+)\s+(\S+)$/.exec(l));
  if (entityOverride !== undefined) {
    const bad = pairs.findIndex((p) => p === null);
    if (bad >= 0) {
      throw new DataError(
        `MetricDataResults[${bad}].Label '${labels[bad]}' is not '<entity> <metric>', which an entity override requires`,
        file,
      );
    }
    return pairs.map((p) => [p?.[1] ?? '', p?.[2] ?? '']);
  }
  if (labels.length < 2 || pairs.some((p) => p === null)) return null;
  const split = pairs.map((p): [string, string] => [p?.[1] ?? '', p?.[2] ?? '']);
  const byEntity = new Map<string, Set<string>>();
  for (const [e, m] of split) {
    if (STATISTIC.test(e)) return null;
    const set = byEntity.get(e) ?? new Set<string>();
    if (set.has(m)) return null;
    set.add(m);
    byEntity.set(e, set);
  }
  if (byEntity.size < 2) return null;
  const sets = [...byEntity.values()];
  const first = [...sets[0]].sort().join('\n');
  return sets.every((s) => [...s].sort().join('\n') === first) ? split : null;
}

function readTime(t: unknown, at: string, file: string): number {
  const ms = typeof t === 'number' ? timeFromNumber(t) : typeof t === 'string' ? parseTime(t) : NaN;
  if (Number.isNaN(ms)) {
    throw new DataError(
      `${at}: ${JSON.stringify(t)} is not a time (expected ISO 8601 such as 2024-03-04T10:00:00Z, or epoch seconds)`,
      file,
    );
  }
  return ms;
}

function readValue(v: unknown, at: string, file: string): number {
  if (typeof v === 'number') return v;
  if (v === null) return NaN;
  if (typeof v === 'string') {
    const x = scanNumber(v, 0, v.length);
    if (scanState.status !== NUM_INVALID) return x;
  }
  throw new DataError(`${at}: ${JSON.stringify(v)} is not a number`, file);
}

function messageText(m: unknown): string {
  if (isObject(m)) return [m.Code, m.Value].filter((x) => typeof x === 'string').join(': ');
  return String(m);
}

function messagesText(messages: unknown): string {
  return Array.isArray(messages) && messages.length > 0 ? `, ${messages.map(messageText).join('; ')}` : '';
}

/** Parses JSON text, refusing invalid JSON with a DataError. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new DataError(`not valid JSON: ${(e as Error).message}`, file);
  }
}

/** True for a plain object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> & { [k: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
