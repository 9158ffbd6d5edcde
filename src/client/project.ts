import type { DataSource, PrepSettings, Schema } from '../engine/index';

/** A success criterion from Business Understanding, checked in Evaluation. */
export interface Criteria {
  precision: number;
  recall: number;
  fpr: number;
  latencyMin: number;
}

/** Everything the user chose: saved with the project, and the inputs every cell depends on. */
export interface ProjectSettings {
  name: string;
  business: { objectives: string; criteria: Criteria };
  data: { source: DataSource; overrides: Partial<Schema> };
  view: { entity: string | null; metrics: string[] };
  /** Null until the dataset is known: then all its metrics, standard scaler, 70% train. */
  prep: PrepSettings | null;
  model: { type: string; params: Record<string, unknown> };
  threshold: number | null;
}

export const DEFAULT_CRITERIA: Criteria = { precision: 0.85, recall: 0.8, fpr: 0.05, latencyMin: 5 };

export const DEMO_SOURCE: DataSource = { kind: 'demo', days: 14, instances: 8, seed: 42 };

export function defaultSettings(): ProjectSettings {
  return {
    name: 'Untitled project',
    business: {
      objectives:
        'Detect incidents on our cloud instances (CPU, memory, network, disk, latency, connections) early enough ' +
        'for the on-call engineer to act, without flooding them with false alarms.',
      criteria: { ...DEFAULT_CRITERIA },
    },
    data: { source: DEMO_SOURCE, overrides: {} },
    view: { entity: null, metrics: [] },
    prep: null,
    model: { type: 'iforest', params: { nEstimators: 100, maxSamples: 256, contamination: 0.05, seed: 0 } },
    threshold: null,
  };
}

/** The identity of a data source for fingerprints: CSV text is represented by its length and hash. */
export function sourceKey(source: DataSource): unknown {
  if (source.kind === 'demo') return source;
  return { kind: 'csv', name: source.name, hash: source.contentHash, windows: source.windows ?? null };
}
