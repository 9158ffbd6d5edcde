import { splitRows, type SplitOptions, type SplitResult } from '../prep/split';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import { entityGroups } from './features';
import { labelsOf } from './fit';

/** Splits a dataset in time, per its entities (named in the cuts) and with its labels for the warnings. */
export function splitDataset(ds: Dataset, options: SplitOptions): SplitResult {
  const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  const groups = entityGroups(ds);
  const ents = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  return splitRows(
    {
      times,
      groups,
      labels: labelsOf(ds),
      entityNames: ents ? groups.map((g) => String(ents[g[0]])) : undefined,
    },
    options,
  );
}
