import type { FitOptions } from '../detectors/detector';
import type { SplitResult } from '../prep/split';
import { splitDataset } from './split-dataset';
import type { CleaningReport } from '../prep/clean';
import type { Dataset } from '../table/dataset';
import { buildFeatures, type FeatureTable } from './features';
import { cleanForSpec, fitClips } from './fit';
import type { PrepConfig } from './prep-config';
import type { PipelineSpec } from './spec';

/** A prepared feature table: the cleaned dataset, its split, and every feature of the configuration. */
export interface PreparedTable extends FeatureTable {
  /** The dataset after cleaning; the feature columns are parallel to its rows. */
  dataset: Dataset;
  cleaning: CleaningReport | null;
  split: SplitResult;
}

/**
 * Cleans a dataset, splits it in time, fits outlier clipping on the training part and computes every
 * feature of the configuration (no selection, no scaling: those are fitted with the model).
 */
export function prepareTable(
  ds: Dataset,
  metrics: readonly string[],
  config: PrepConfig,
  options: Pick<FitOptions, 'onProgress' | 'signal'> = {},
): PreparedTable {
  const spec: PipelineSpec = {
    schema: ds.schema,
    metrics: [...metrics],
    cleaning: config.cleaning,
    features: config.features,
    scaler: config.scaler,
    detector: { type: 'none', params: {} },
  };
  const { dataset, report } = cleanForSpec(ds, spec);
  const split = splitDataset(dataset, config.split);
  const clip = fitClips(dataset, spec, split.train);
  const table = buildFeatures(dataset, spec, { clip, ...options });
  return { ...table, dataset, cleaning: report, split };
}
