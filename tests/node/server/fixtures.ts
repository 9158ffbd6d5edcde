import type { FastifyInstance } from 'fastify';
import {
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  writeBundle,
  type Dataset,
  type FittedPipeline,
  type PipelineSpec,
} from '../../../src/engine/index';
import { buildServer, type ServerOptions } from '../../../src/node/server/app';
import { loadModel } from '../../../src/node/server/model';

/** Small demo data: 3 instances, 2 days of 5-minute steps. */
export const demo = generateClusterMetrics({ days: 2, instances: 3, seed: 21 });
/** Other rows from the same generator, for scoring. */
export const demoTest = generateClusterMetrics({ days: 1, instances: 3, seed: 22 });

/** An Isolation Forest bundle on the demo data (raw features). */
export async function demoBundle(
  change: (f: FittedPipeline) => FittedPipeline = (f) => f,
  spec: PipelineSpec = defaultSpec(demo.schema, { type: 'iforest', params: { nEstimators: 40, seed: 1 } }),
  ds: Dataset = demo,
): Promise<string> {
  const { fitted } = await fitPipeline(ds, spec);
  return writeBundle(change(fitted), ds, { createdAt: '2026-01-01T00:00:00.000Z' });
}

/** A server (no socket, no logs) for bundle text. */
export async function serverFor(text: string, options: ServerOptions = {}): Promise<FastifyInstance> {
  return buildServer(await loadModel(text, 'test.awb'), { logger: false, defaultMetrics: false, ...options });
}

/** The demo rows as JSON row objects (time as ISO text), in table order. */
export function rowObjects(ds: Dataset, from = 0, to = ds.table.numRows()): Record<string, unknown>[] {
  const s = ds.schema;
  const cols = [s.time!, s.entity!, ...s.metrics];
  const arrays = cols.map((c) => ds.table.array(c) as ArrayLike<unknown>);
  const out: Record<string, unknown>[] = [];
  for (let i = from; i < to; i++) {
    const row: Record<string, unknown> = {};
    cols.forEach((c, j) => {
      const v = arrays[j][i];
      row[c] =
        c === s.time
          ? new Date(v as number).toISOString()
          : typeof v === 'number' && Number.isNaN(v)
            ? null
            : v;
    });
    out.push(row);
  }
  return out;
}

/** The same rows as CSV text with a header. */
export function csvOf(rows: readonly Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0]);
  return (
    [cols.join(','), ...rows.map((r) => cols.map((c) => (r[c] === null ? '' : String(r[c]))).join(','))].join(
      '\n',
    ) + '\n'
  );
}
