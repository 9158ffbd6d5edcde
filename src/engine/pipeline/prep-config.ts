import { findDetectorFactory } from '../detectors/registry';
import { defaultFeatureConfig, parseFeatureConfig, type FeatureConfig } from '../features/config';
import { FeatureConfigError } from '../features/family';
import { defaultCleaning, parseCleaning, type CleaningSpec } from '../prep/cleaning-spec';
import { defaultSelection, parseSelection, type SelectionOptions } from '../prep/feature-selection';
import { parseSplit, type SplitOptions } from '../prep/split';
import type { Schema } from '../table/dataset';
import type { FeatureMode, PipelineSpec, ScalerKind } from './spec';

/**
 * The whole Data Preparation as plain JSON: what the page edits, what `cli features` and `cli train`
 * take with `--config`, and (all but the split) what a pipeline spec and its bundle carry.
 */
export interface PrepConfig {
  cleaning: CleaningSpec;
  features: FeatureMode | FeatureConfig;
  /** null keeps every feature. */
  selection: SelectionOptions | null;
  scaler: ScalerKind;
  split: SplitOptions;
}

/** A preparation problem, naming the field (`features.windows`, `cleaning.missing.limit`, ...). */
export class PrepConfigError extends Error {
  constructor(message: string) {
    super(`preparation config: ${message}`);
    this.name = 'PrepConfigError';
  }
}

const SCALERS: readonly ScalerKind[] = ['standard', 'robust', 'minmax', 'none'];
const MODES: readonly FeatureMode[] = ['raw', 'rolling', 'auto'];
const KEYS = ['cleaning', 'features', 'selection', 'scaler', 'split'];

/** Every feature family with its defaults, default cleaning and selection, standard scaling. */
export function defaultPrepConfig(): PrepConfig {
  return {
    cleaning: defaultCleaning(),
    features: defaultFeatureConfig(),
    selection: defaultSelection(),
    scaler: 'standard',
    split: parseSplit({}),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergeCleaning(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const d = defaultCleaning();
  const out: Record<string, unknown> = { ...d, ...raw };
  if (isRecord(raw.missing)) out.missing = { ...d.missing, ...raw.missing };
  if (isRecord(raw.outliers)) out.outliers = { ...d.outliers, ...raw.outliers };
  if (isRecord(raw.resample)) out.resample = { aggregate: 'mean', ...raw.resample };
  return out;
}

function mergeSelection(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const d = defaultSelection();
  const out: Record<string, unknown> = { ...d, ...raw };
  for (const k of ['nearConstant', 'correlation', 'ranking'] as const) {
    if (isRecord(raw[k])) out[k] = { ...d[k], ...raw[k] };
  }
  return out;
}

/**
 * Reads a preparation config (an object or JSON text); every part is optional and takes its default.
 * `features` is a feature configuration object or one of the presets 'raw', 'rolling', 'auto'.
 */
export function parsePrepConfig(raw: unknown): PrepConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new PrepConfigError(`not valid JSON (${(e as Error).message})`);
    }
  }
  if (value === undefined || value === null) value = {};
  if (!isRecord(value)) throw new PrepConfigError('must be a JSON object');
  for (const k of Object.keys(value)) {
    if (!KEYS.includes(k)) throw new PrepConfigError(`${k}: unknown field (known: ${KEYS.join(', ')})`);
  }
  const d = defaultPrepConfig();
  const wrap = <T>(read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (e instanceof FeatureConfigError)
        throw new PrepConfigError(
          `features.${e.field}${e.message.slice(e.message.indexOf(e.field) + e.field.length)}`,
        );
      throw new PrepConfigError((e as Error).message);
    }
  };
  let features: PrepConfig['features'] = d.features;
  if (typeof value.features === 'string') {
    if (!MODES.includes(value.features as FeatureMode)) {
      throw new PrepConfigError(
        `features: must be a feature configuration object or one of ${MODES.join(', ')}`,
      );
    }
    features = value.features as FeatureMode;
  } else if (value.features !== undefined) {
    features = wrap(() => parseFeatureConfig(value.features));
  }
  const scaler = value.scaler ?? d.scaler;
  if (!SCALERS.includes(scaler as ScalerKind)) {
    throw new PrepConfigError(`scaler: must be one of ${SCALERS.join(', ')}, got ${JSON.stringify(scaler)}`);
  }
  return {
    cleaning:
      value.cleaning === undefined ? d.cleaning : wrap(() => parseCleaning(mergeCleaning(value.cleaning))),
    features,
    selection:
      value.selection === undefined
        ? d.selection
        : value.selection === null || value.selection === false
          ? null
          : wrap(() => parseSelection(mergeSelection(value.selection))),
    scaler: scaler as ScalerKind,
    split: value.split === undefined ? d.split : wrap(() => parseSplit(value.split)),
  };
}

/** A pipeline spec that prepares the data as `config` says (the split is the trainer's business). */
export function specFromPrep(
  schema: Schema,
  metrics: readonly string[],
  config: PrepConfig,
  detector: PipelineSpec['detector'],
): PipelineSpec {
  // A detector that reads the metric values as they are (the online learners) gets them cleaned, not
  // turned into features or scaled (see DetectorFactory.input).
  const raw = findDetectorFactory(detector.type)?.input === 'raw';
  return {
    schema,
    metrics: [...metrics],
    cleaning: config.cleaning,
    features: raw ? 'raw' : config.features,
    ...(raw ? {} : { selection: config.selection }),
    scaler: raw ? 'none' : config.scaler,
    detector,
  };
}
