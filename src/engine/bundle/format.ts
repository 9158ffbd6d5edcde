import type { FittedPipeline } from '../pipeline/fitted';
import type { Schema } from '../table/dataset';
import type { TrainingSummary } from './training-summary';

export const BUNDLE_FORMAT = 'anomaly-workbench-bundle';
/**
 * The version `writeBundle` writes. Version 2 added the manifest's required `trainingSummary`; version 3
 * stores the pipeline's large numeric arrays as binary blocks (`packed-arrays.ts`).
 */
export const BUNDLE_FORMAT_VERSION = 3;
/** The versions `readBundle` reads: a version 1 bundle has no training summary, 1 and 2 no binary blocks. */
export const READABLE_BUNDLE_VERSIONS: readonly number[] = [1, 2, 3];

/** The first line of a bundle file. */
export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** SHA-256 (hex) of the exact bytes of the second line, the body. */
  sha256: string;
}

/** A small block of raw rows and the scores the training engine gave them, scored as one batch. */
export interface ReferenceRows {
  /** Column names of `rows`: time (epoch ms), entity, then the pipeline's metrics. */
  columns: string[];
  rows: (number | string | null)[][];
  scores: number[];
}

export interface BundleManifest {
  engineVersion: string;
  /**
   * The header's format version, repeated inside the hashed body so that an edited header is caught;
   * absent in bundles written before it was added (November 2026).
   */
  formatVersion?: number;
  createdAt: string;
  schema: Schema;
  /** Metrics measured at export (e.g. on the test split), keyed by name. */
  metrics: Record<string, number | null>;
  training: { dataset: string; rows: number };
  /**
   * The training rows' raw metric values, summarised for contributions and drift checks; required from
   * format version 2, absent in version 1 bundles.
   */
  trainingSummary?: TrainingSummary;
}

/** The second line of a bundle file: what the hash covers. */
export interface BundleBody {
  manifest: BundleManifest;
  pipeline: FittedPipeline;
  reference: ReferenceRows;
}
