import { entityGroups } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';

/**
 * A part of the split (test or validation rows) laid out the way series metrics need it: entity by
 * entity, each in time order, with the stretch of every entity and its labels and times in that order.
 */
export interface PartRows {
  /** Dataset row of each position. */
  order: Int32Array;
  /** [start, end) of each entity's stretch in `order` (non-empty, in entity order). */
  segments: [number, number][];
  /** The entity of each segment (null without an entity column). */
  entities: (string | null)[];
  /** 0/1 labels in `order` (null without a label column). */
  labels: Uint8Array | null;
  /** Row times (epoch ms) in `order` (null without a time column). */
  times: Float64Array | null;
}

/** The given dataset rows as a {@link PartRows}. */
export function partRows(ds: Dataset, rows: ArrayLike<number>): PartRows {
  const member = new Uint8Array(ds.table.numRows());
  for (let k = 0; k < rows.length; k++) member[rows[k]] = 1;
  const entityCol = ds.schema.entity
    ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>)
    : null;
  const order: number[] = [];
  const segments: [number, number][] = [];
  const entities: (string | null)[] = [];
  for (const g of entityGroups(ds)) {
    const start = order.length;
    for (const i of g) if (member[i]) order.push(i);
    if (order.length > start) {
      segments.push([start, order.length]);
      entities.push(entityCol ? String(entityCol[order[start]]) : null);
    }
  }
  const labelCol = ds.schema.label ? (columnValues(ds.table, ds.schema.label) as ArrayLike<number>) : null;
  const timeCol = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  return {
    order: Int32Array.from(order),
    segments,
    entities,
    labels: labelCol ? Uint8Array.from(order, (i) => (Number(labelCol[i]) === 1 ? 1 : 0)) : null,
    times: timeCol ? Float64Array.from(order, (i) => Number(timeCol[i])) : null,
  };
}

/** Values of a per-dataset-row array at a part's positions. */
export function atPart(values: ArrayLike<number>, part: PartRows): Float64Array {
  return Float64Array.from(part.order, (i) => values[i]);
}
