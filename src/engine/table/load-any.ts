import { checkSize } from './input-size';
import { DataError, type Dataset, type Schema } from './dataset';
import { isArrowBytes, loadArrow } from './formats/arrow';
import { isCloudWatch, isObject, loadCloudWatch, parseJson } from './formats/cloudwatch';
import { isLongFormat, pivotLong } from './formats/long-format';
import { isPrometheus, loadPrometheus } from './formats/prometheus';
import { loadCsv } from './load';
import { parseCsv } from './parse-csv';

const CSV = new Set(['csv', 'tsv', 'txt']);
const JSON_EXT = new Set(['json']);
const ARROW = new Set(['arrow', 'feather', 'ipc', 'arrows']);
/** Lines of a CSV read to decide between the wide and the long layout. */
const SNIFF_LINES = 50;
/** Most characters read to decide between the wide and the long layout. */
const SNIFF_BYTES = 1 << 20;

const JSON_SHAPES =
  'supported JSON: an AWS CloudWatch GetMetricData answer ({"MetricDataResults": [{"Id", "Label", "Timestamps", "Values"}]}) or a Prometheus query_range answer ({"status": "success", "data": {"resultType": "matrix", "result": [...]}})';

/**
 * Loads a data file of any supported format as a dataset, choosing the reader by the file's extension,
 * then by content when the extension is unknown:
 *
 * - `.csv`, `.tsv`, `.txt`: CSV; a long table (time, entity, metric name, value; see
 *   {@link isLongFormat}, judged on the first lines) is pivoted by {@link pivotLong}, anything else is
 *   read by {@link loadCsv}.
 * - `.json`: an AWS CloudWatch `GetMetricData` answer ({@link loadCloudWatch}) or a Prometheus
 *   `query_range` answer ({@link loadPrometheus}), told apart by their shape.
 * - `.arrow`, `.feather`, `.ipc`, `.arrows`: Apache Arrow IPC ({@link loadArrow}); needs bytes.
 * - Other names: Arrow when the bytes start like Arrow IPC, JSON when the text starts with `{`,
 *   else CSV.
 *
 * Bytes given for a text format are decoded as UTF-8 (a BOM is dropped).
 *
 * @param input the file's content: text, or bytes (required for Arrow)
 * @param file the file's name: its extension chooses the format; it names the dataset and appears in errors
 * @param overrides schema roles that win over inference (see each reader for what they name)
 * @throws DataError for any input problem, naming the file and the line, column or field
 */
export function loadAny(
  input: string | Uint8Array,
  file: string,
  overrides?: Partial<Schema>,
  onProgress?: (fraction: number) => void,
): Dataset {
  checkSize(input.length, file);
  const ext = extension(file);
  if (ARROW.has(ext)) {
    if (typeof input === 'string') {
      throw new DataError('an Arrow file is binary: pass its bytes (a Uint8Array), not text', file);
    }
    return loadArrow(input, file, overrides);
  }
  if (CSV.has(ext)) return loadCsvAny(text(input), file, overrides, onProgress);
  if (JSON_EXT.has(ext)) return loadJson(text(input), file, overrides);
  if (typeof input !== 'string' && isArrowBytes(input)) return loadArrow(input, file, overrides);
  const content = text(input);
  return /^\s*[{[]/.test(content.slice(0, 256))
    ? loadJson(content, file, overrides)
    : loadCsvAny(content, file, overrides, onProgress);
}

function loadCsvAny(
  content: string,
  file: string,
  overrides?: Partial<Schema>,
  onProgress?: (fraction: number) => void,
): Dataset {
  if (looksLong(content, file)) return pivotLong(parseCsv(content, file, { onProgress }), file, overrides);
  return loadCsv(content, file, overrides, onProgress);
}

/**
 * Reads only the first lines (at most {@link SNIFF_BYTES} of them), so a wide file is parsed once (by
 * loadCsv) however large it is, even when its first line is 100 MB long.
 */
function looksLong(content: string, file: string): boolean {
  let end = -1;
  for (let i = 0; i <= SNIFF_LINES; i++) {
    const next = content.indexOf('\n', end + 1);
    if (next === -1 && content.length <= SNIFF_BYTES) {
      end = -1; // a small file: all of it
      break;
    }
    if (next === -1 || next > SNIFF_BYTES) {
      // A long table's lines are short: a first line over a megabyte long is not one.
      if (end === -1) return false;
      break;
    }
    end = next;
  }
  try {
    const head = parseCsv(end === -1 ? content : content.slice(0, end), file);
    return isLongFormat(head.header, head.kinds);
  } catch {
    return false; // loadCsv reports the problem with its line
  }
}

function loadJson(content: string, file: string, overrides?: Partial<Schema>): Dataset {
  const json = parseJson(content, file);
  if (isCloudWatch(json)) return loadCloudWatch(json, file, overrides);
  if (isPrometheus(json)) return loadPrometheus(json, file, overrides);
  if (isLabelWindows(json)) {
    throw new DataError(
      `this looks like anomaly label windows (NAB's {"file.csv": [[start, end], ...]}), not data: load the data first, then apply the windows as labels; ${JSON_SHAPES}`,
      file,
    );
  }
  const shape = isObject(json)
    ? `an object with keys ${Object.keys(json)
        .slice(0, 8)
        .map((k) => `'${k}'`)
        .join(', ')}`
    : Array.isArray(json)
      ? 'an array'
      : `a ${typeof json}`;
  throw new DataError(`unknown JSON shape (${shape}); ${JSON_SHAPES}`, file);
}

function isLabelWindows(json: unknown): boolean {
  if (!isObject(json)) return false;
  const values = Object.values(json);
  return (
    values.every((v) => Array.isArray(v) && v.every((w) => Array.isArray(w) && w.length === 2)) &&
    values.some((v) => Array.isArray(v) && v.length > 0)
  );
}

function text(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
}

function extension(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}
