import { parseAlertRules } from '../metrics/alert-rules';
import { loadDetector, prepareDetector, relativeTolerance } from '../detectors/index';
import type { FittedPipeline } from '../pipeline/fitted';
import type { Dataset } from '../table/dataset';
import { ENGINE_VERSION } from '../version';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  READABLE_BUNDLE_VERSIONS,
  type BundleBody,
  type BundleHeader,
  type BundleManifest,
} from './format';
import { checkReference, makeReference } from './reference';
import { sha256Hex } from './sha256';
import { packArrays, unpackArrays } from './packed-arrays';
import { checkBundleShape } from './check-manifest';
import { checkTrainingSummary } from './check-summary';
import { summarizeTraining } from './training-summary';

/** Reference scores must reproduce to this tolerance (classic detectors are deterministic). */
export const REFERENCE_TOLERANCE = 1e-9;

export class BundleError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'BundleError';
  }
}

/** Optional parts of a bundle that the fitted pipeline does not carry. */
export interface BundleExtra {
  /** Metrics measured at export (e.g. on the test split), keyed by name. */
  metrics?: BundleManifest['metrics'];
  /** ISO 8601 creation time; now when absent (give one for a byte-identical file). */
  createdAt?: string;
  /**
   * Rows of `ds` the model was trained on, for the training summary (baselines and drift reference);
   * every row of `ds` when absent.
   */
  trainRows?: ArrayLike<number>;
  /**
   * The data the summary is taken from when it is not `ds`: the session's cleaned data, whose training
   * rows are known by index (`trainRows` then indexes this dataset).
   */
  trainingData?: Dataset;
}

/**
 * Writes a bundle file: line 1 a header with the format, its version and the SHA-256 of line 2;
 * line 2 the body (manifest with the training summary, fitted pipeline, reference rows with their
 * expected scores). `ds` is the raw (uncleaned) dataset the pipeline was fitted on.
 */
export async function writeBundle(
  fitted: FittedPipeline,
  ds: Dataset,
  extra: BundleExtra = {},
): Promise<string> {
  const body: BundleBody = {
    manifest: {
      engineVersion: ENGINE_VERSION,
      formatVersion: BUNDLE_FORMAT_VERSION,
      createdAt: extra.createdAt ?? new Date().toISOString(),
      schema: fitted.spec.schema,
      metrics: extra.metrics ?? {},
      training: { dataset: ds.name, rows: fitted.trainRows },
      trainingSummary: summarizeTraining(fitted, extra.trainingData ?? ds, extra.trainRows),
    },
    pipeline: fitted,
    reference: makeReference(fitted, ds),
  };
  const bodyText = JSON.stringify({ ...body, pipeline: packArrays(body.pipeline) });
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    sha256: await sha256Hex(bodyText),
  };
  return `${JSON.stringify(header)}\n${bodyText}\n`;
}

function requireField(file: string, obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !(key in cur)) {
      throw new BundleError(file, `malformed bundle: missing '${path}'`);
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * Reads and verifies a bundle: the format and version must be known, the body's SHA-256 must match
 * the header, the parts must be present, and the reference rows must rescore to their stored scores.
 * Never evaluates anything from the file.
 */
export async function readBundle(text: string, file = 'bundle'): Promise<BundleBody> {
  return (await readBundleFile(text, file)).body;
}

/** {@link readBundle}, also returning the header (its `sha256` identifies the model). */
export async function readBundleFile(
  text: string,
  file = 'bundle',
): Promise<{ header: BundleHeader; body: BundleBody }> {
  const nl = text.indexOf('\n');
  if (nl < 0) throw new BundleError(file, 'not a model bundle (expected a header line and a body line)');
  // Line endings are not content: a bundle whose newlines were turned into CRLF (git autocrlf) still reads.
  const headerText = text.slice(0, nl).replace(/\r$/, '');
  let header: BundleHeader;
  try {
    header = JSON.parse(headerText) as BundleHeader;
  } catch {
    throw new BundleError(file, 'not a model bundle (the header line is not JSON)');
  }
  if (!header || header.format !== BUNDLE_FORMAT) {
    throw new BundleError(file, `not a model bundle (format is not '${BUNDLE_FORMAT}')`);
  }
  if (!READABLE_BUNDLE_VERSIONS.includes(header.formatVersion)) {
    throw new BundleError(
      file,
      `bundle format version ${String(header.formatVersion)} is not supported (this engine reads versions ${`${READABLE_BUNDLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_BUNDLE_VERSIONS[READABLE_BUNDLE_VERSIONS.length - 1]}`}); export the model again with this engine`,
    );
  }
  const bodyText = text.slice(nl + 1).replace(/\r?\n$/, '');
  const actual = await sha256Hex(bodyText);
  if (actual !== header.sha256) {
    throw new BundleError(
      file,
      `content hash mismatch: the file was changed or damaged after export (expected ${String(header.sha256).slice(0, 12)}..., got ${actual.slice(0, 12)}...)`,
    );
  }
  let body: BundleBody;
  try {
    body = JSON.parse(bodyText) as BundleBody;
  } catch {
    throw new BundleError(file, 'malformed bundle: the body is not JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BundleError(file, 'malformed bundle: the body is not a JSON object');
  }
  if (header.formatVersion >= 3) {
    try {
      body = { ...body, pipeline: unpackArrays(body.pipeline, 'pipeline') as BundleBody['pipeline'] };
    } catch (e) {
      throw new BundleError(file, `malformed bundle: ${(e as Error).message}`);
    }
  }
  for (const path of [
    'manifest',
    'pipeline',
    ...(header.formatVersion >= 2 ? ['manifest.trainingSummary'] : []),
    'reference.rows',
    'reference.scores',
  ]) {
    requireField(file, body, path);
  }
  const shapeProblem = checkBundleShape(body as unknown as Record<string, unknown>);
  if (shapeProblem) throw new BundleError(file, `malformed bundle: ${shapeProblem}`);
  const { pipeline, reference } = body;
  // The header is outside the hash: the body's copy of the version (bundles from 2026-11 on) is not,
  // so a header edited to an older version (which would skip checks) is caught.
  const bodyVersion = body.manifest.formatVersion;
  if (bodyVersion !== undefined && bodyVersion !== header.formatVersion) {
    throw new BundleError(
      file,
      `the header says format version ${header.formatVersion} but the body was written as version ${bodyVersion}: the header was changed after export`,
    );
  }
  if (
    !Array.isArray(reference.rows) ||
    !Array.isArray(reference.scores) ||
    reference.rows.length === 0 ||
    reference.rows.length !== reference.scores.length
  ) {
    throw new BundleError(
      file,
      'malformed bundle: the reference rows and their scores must be non-empty and of equal length',
    );
  }
  if (pipeline.alertRules !== undefined) {
    try {
      parseAlertRules({ ...pipeline.alertRules, threshold: pipeline.threshold });
    } catch (e) {
      throw new BundleError(file, `malformed bundle: 'pipeline.alertRules': ${(e as Error).message}`);
    }
  }
  if (header.formatVersion >= 2) {
    const problem = checkTrainingSummary(body.manifest.trainingSummary, pipeline.spec.metrics);
    if (problem) throw new BundleError(file, `malformed bundle: ${problem}`);
  }
  try {
    loadDetector(pipeline.detector);
    // Scoring is synchronous: a detector that loads a library on demand (the LSTM's TensorFlow.js) is
    // made ready here, so every host that reads a bundle can score it at once.
    await prepareDetector(pipeline.detector);
  } catch (e) {
    throw new BundleError(file, `the model cannot be loaded: ${(e as Error).message}`);
  }
  return { header, body };
}

/**
 * The largest difference from a bundle's stored reference scores that still counts as the same model:
 * REFERENCE_TOLERANCE, plus the detector's relative tolerance times the largest stored score for
 * detectors computed in float32 on interchangeable backends (the LSTM autoencoder: 1e-4).
 */
export function referenceTolerance(body: BundleBody): number {
  const rel = relativeTolerance(body.pipeline.detector);
  const scale = body.reference.scores.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
  return REFERENCE_TOLERANCE + rel * scale;
}

/** Rescores a bundle's reference rows; ok when they reproduce within `referenceTolerance`. */
export function verifyReference(body: BundleBody): { ok: boolean; maxAbsDiff: number; tolerance: number } {
  const maxAbsDiff = checkReference(body.pipeline, body.reference);
  const tolerance = referenceTolerance(body);
  return { ok: maxAbsDiff <= tolerance, maxAbsDiff, tolerance };
}
