/**
 * Streaming equals batch on the shared real data: each series fed row by row through FeatureStream, as
 * the scoring server will, gives the batch feature table's values (to 1e-9; in fact bit for bit).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildFeatures,
  columnValues,
  defaultFeatureConfig,
  defaultSpec,
  entityGroups,
  FeatureStream,
  loadCsv,
  metricColumn,
  planFeatures,
  type Dataset,
} from '../../../src/engine/index';

function check(ds: Dataset, metrics: string[]): number {
  const spec = { ...defaultSpec(ds.schema), metrics, features: defaultFeatureConfig() };
  const batch = buildFeatures(ds, spec);
  const plan = planFeatures(defaultFeatureConfig(), metrics, batch.stepMs);
  expect(plan.names).toEqual(batch.names);
  const stream = new FeatureStream(plan);
  const cols = metrics.map((m) => metricColumn(ds, m));
  const times = ds.schema.time ? (columnValues(ds.table, ds.schema.time) as ArrayLike<number>) : null;
  let worst = 0;
  for (const group of entityGroups(ds)) {
    for (const i of group) {
      const out = stream.push(
        'series',
        cols.map((c) => c[i]),
        times ? times[i] : NaN,
      );
      for (let k = 0; k < out.length; k++) {
        const b = batch.columns[k][i];
        const diff = Math.abs(out[k] - b) / Math.max(1, Math.abs(b));
        if (!(diff <= 1e-9)) throw new Error(`row ${i} ${plan.names[k]}: stream ${out[k]} vs batch ${b}`);
        worst = Math.max(worst, diff);
      }
    }
  }
  return worst;
}

describe('streaming features on real data', () => {
  it('NAB AWS CloudWatch CPU (one metric, 5-minute times): every feature of the default configuration', () => {
    const file = 'data/nab-aws/ec2_cpu_utilization_24ae8d.csv';
    const ds = loadCsv(readFileSync(file, 'utf8'), file);
    expect(ds.table.numRows()).toBeGreaterThan(4000);
    expect(check(ds, ds.schema.metrics)).toBe(0);
  });

  it('ASD server metrics (4 metrics, no time column): pair features, no calendar', () => {
    const file = 'data/asd/omi-1_test.csv';
    const ds = loadCsv(readFileSync(file, 'utf8'), file);
    const metrics = ds.schema.metrics.slice(0, 4);
    expect(check(ds, metrics)).toBe(0);
    const names = planFeatures(defaultFeatureConfig(), metrics, null).names;
    expect(names.some((n) => n.startsWith('time__'))).toBe(false);
    expect(names.filter((n) => n.includes('__xcorr__')).length).toBe(6 * 6);
  });
});
