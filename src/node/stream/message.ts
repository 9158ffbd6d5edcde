import type { RowObject } from '../../engine/serving/index';

/**
 * One metric row as it travels in a partition's stream: the fields `entity`, `seq` (the entity's row
 * number, 1, 2, 3, ... as its producer counts them) and `row` (the row as JSON, the object
 * `POST /predict` takes: time, entity and metric fields, null for a missing value).
 */
export interface MetricMessage {
  partition: number;
  /** The source's id of the message (a Redis stream entry id). */
  id: string;
  entity: string;
  seq: number;
  row: RowObject;
  /** 1 when delivered for the first time, 2 when delivered again (claimed from another consumer). */
  deliveries?: number;
}

/** A message that cannot be read as a metric row; scored as an error result, then acknowledged. */
export interface BadMessage {
  partition: number;
  id: string;
  entity?: string;
  seq?: number;
  error: string;
}

/** The stream fields of a metric row, in order. */
export function metricFields(entity: string, seq: number, row: RowObject): string[] {
  return ['entity', entity, 'seq', String(seq), 'row', JSON.stringify(row)];
}

/**
 * Reads a stream entry's fields (`[name, value, name, value, ...]`). A problem gives a BadMessage
 * naming the stream, the entry id and the field.
 */
export function readMetricMessage(
  partition: number,
  id: string,
  fields: readonly string[] | null,
  stream: string,
): MetricMessage | BadMessage {
  const where = `${stream} ${id}`;
  const f: Record<string, string> = {};
  for (let i = 0; fields && i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  const entity = f.entity;
  if (entity === undefined) return { partition, id, error: `${where}: field 'entity' is missing` };
  const seq = Number(f.seq);
  if (f.seq === undefined || !Number.isSafeInteger(seq) || seq < 1) {
    return {
      partition,
      id,
      entity,
      error: `${where}: field 'seq' must be the entity's row number (an integer >= 1), got ${JSON.stringify(f.seq ?? null)}`,
    };
  }
  let row: unknown;
  try {
    row = JSON.parse(f.row ?? '');
  } catch (e) {
    return {
      partition,
      id,
      entity,
      seq,
      error: `${where}: field 'row' is not JSON (${(e as Error).message})`,
    };
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return {
      partition,
      id,
      entity,
      seq,
      error: `${where}: field 'row' must be a JSON object of the row's fields`,
    };
  }
  return { partition, id, entity, seq, row: row as RowObject };
}

/** True for a message that could not be read. */
export function isBad(m: MetricMessage | BadMessage): m is BadMessage {
  return 'error' in m;
}

/** The time (ms) a Redis stream entry id was created: its first part. */
export function idTime(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}
