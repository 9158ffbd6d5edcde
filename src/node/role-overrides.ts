import type { Schema } from '../engine/index';
import { str, type ParsedArgs } from './args';

/** Column roles named on the command line (--time-col, --entity-col, --label-col, --metrics a,b). */
export function roleOverrides(args: ParsedArgs): Partial<Schema> {
  const o: Partial<Schema> = {};
  const time = str(args, 'time-col');
  const entity = str(args, 'entity-col');
  const label = str(args, 'label-col');
  const metrics = str(args, 'metrics');
  if (time) o.time = time;
  if (entity) o.entity = entity;
  if (label) o.label = label;
  if (metrics)
    o.metrics = metrics
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
  return o;
}
