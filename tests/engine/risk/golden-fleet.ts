import { table } from 'arquero';
import { readFileSync } from 'node:fs';
import type { Dataset } from '../../../src/engine/table/dataset';

/** tests/reference/risk_clusters.py: nine hosts x 40 rows, numpy summaries, scikit-learn PCA and KMeans. */
export interface RiskGolden {
  metrics: string[];
  hosts: string[];
  columns: Record<string, (number | null)[]>;
  /** 9 x 9 behaviour summaries (null = no value). */
  raw: (number | null)[];
  fleetHot: number[];
  z: number[];
  weights: number[];
  load: number[];
  pcaAbs: [number, number][];
  explained: [number, number];
  kmeansLabels: number[];
}

export const golden = JSON.parse(
  readFileSync('tests/engine/risk/golden/risk-clusters.json', 'utf8'),
) as RiskGolden;

/** The golden fleet as a dataset with an entity column and no time column. */
export function goldenDataset(): Dataset {
  const cols: Record<string, Float64Array | string[]> = { host: golden.hosts };
  for (const m of golden.metrics) cols[m] = Float64Array.from(golden.columns[m], (v) => v ?? NaN);
  return { name: 'golden-fleet', table: table(cols), schema: { entity: 'host', metrics: golden.metrics } };
}
