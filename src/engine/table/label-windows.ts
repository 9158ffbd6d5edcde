import { columnValues } from './column-values';
import { table } from 'arquero';
import { DataError, type Dataset } from './dataset';
import { baseName } from './load';
import { parseTime, timeFromNumber } from './time';

/** The column that {@link applyLabelWindows} writes. */
export const LABEL_COLUMN = 'label';

/**
 * Labels rows from anomaly windows in NAB's form, `{ "name.csv": [[start, end], ...] }`, or per entity
 * with keys `name.csv#entity` (the form {@link exportLabelWindows} writes for data with entities).
 *
 * The key is matched to the dataset by base name without extension, so `ec2_cpu.csv` and
 * `realAWSCloudwatch/ec2_cpu.csv` both match a dataset named `ec2_cpu` (an exact bare key first).
 * Window ends are times as {@link parseTime} reads them (timezone-less = UTC) or epoch numbers, and
 * are included. Writes (or overwrites) a 0/1 `label` column and makes it the schema's label; a
 * previous label column under another name stays in the table as a plain column.
 *
 * @param ds the dataset; it needs a time column
 * @param windowsJson the parsed JSON
 * @param file the windows file's name, for messages
 * @throws DataError when the dataset has no time column, no key matches, or a window is malformed
 */
export function applyLabelWindows(ds: Dataset, windowsJson: unknown, file: string): Dataset {
  const timeName = ds.schema.time;
  if (!timeName) {
    throw new DataError(`dataset '${ds.name}' has no time column, so time windows cannot label it`, file);
  }
  if (windowsJson === null || typeof windowsJson !== 'object' || Array.isArray(windowsJson)) {
    throw new DataError(
      'label windows must be a JSON object mapping file names to lists of [start, end]',
      file,
    );
  }
  const entries = Object.entries(windowsJson as Record<string, unknown>);
  const fileOf = (key: string): string => key.replace(/#.*$/, '');
  const matches = entries.filter(([key]) => baseName(fileOf(key)) === ds.name);
  if (!matches.length) {
    const keys = entries.map(([key]) => key);
    const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? `, ... (${keys.length} keys)` : '');
    throw new DataError(`no key for '${ds.name}'; keys: ${shown || '(none)'}`, file);
  }
  const perEntity = matches.filter(([key]) => key.includes('#'));
  const times = columnValues(ds.table, timeName) as ArrayLike<number>;
  const label = new Float64Array(times.length);
  if (perEntity.length) {
    // Keys `name.csv#entity` label that entity's rows only (the form exportLabelWindows writes).
    if (!ds.schema.entity) {
      throw new DataError(
        `keys like '${perEntity[0][0]}' name entities, but '${ds.name}' has no entity column`,
        file,
      );
    }
    const ents = columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>;
    const byEntity = new Map(
      perEntity.map(([key, list]) => [key.slice(key.indexOf('#') + 1), readWindows(key, list, file)]),
    );
    for (let r = 0; r < times.length; r++) {
      const windows = byEntity.get(String(ents[r]));
      if (windows && inside(times[r], windows)) label[r] = 1;
    }
  } else {
    const match = matches.find(([key]) => !/[/\\]/.test(key)) ?? matches[0];
    const windows = readWindows(match[0], match[1], file);
    for (let r = 0; r < times.length; r++) if (inside(times[r], windows)) label[r] = 1;
  }
  return {
    ...ds,
    table: ds.table.assign(table({ [LABEL_COLUMN]: label })),
    schema: {
      ...ds.schema,
      metrics: ds.schema.metrics.filter((m) => m !== LABEL_COLUMN),
      label: LABEL_COLUMN,
    },
  };
}

function inside(t: number, windows: readonly (readonly [number, number])[]): boolean {
  for (const [start, end] of windows) if (t >= start && t <= end) return true;
  return false;
}

function readWindows(key: string, list: unknown, file: string): (readonly [number, number])[] {
  if (!Array.isArray(list)) throw new DataError(`'${key}' must be a list of [start, end] windows`, file);
  return list.map((w: unknown, i) => {
    const where = `'${key}' window ${i}`;
    if (!Array.isArray(w) || w.length !== 2) throw new DataError(`${where} must be [start, end]`, file);
    const [start, end] = w.map((t: unknown) => windowTime(t));
    if (Number.isNaN(start))
      throw new DataError(`${where}: start ${JSON.stringify(w[0])} is not a time`, file);
    if (Number.isNaN(end)) throw new DataError(`${where}: end ${JSON.stringify(w[1])} is not a time`, file);
    if (start > end) throw new DataError(`${where}: start ${w[0]} is after end ${w[1]}`, file);
    return [start, end] as const;
  });
}

function windowTime(t: unknown): number {
  if (typeof t === 'number') return timeFromNumber(t);
  if (typeof t === 'string') return parseTime(t);
  return NaN;
}
