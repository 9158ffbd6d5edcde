import { parseAlertRules } from '../metrics/alert-rules';
import { loadDetector } from '../detectors/index';
import type { FittedPipeline } from '../pipeline/fitted';
import type { Dataset } from '../table/dataset';
import { ENGINE_VERSION } from '../version';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleBody,
  type BundleHeader,
  type BundleManifest,
} from './format';
import { checkReference, makeReference } from './reference';
import { sha256Hex } from './sha256';

/** Reference scores must reproduce to this tolerance (classic detectors are deterministic). */
export const REFERENCE_TOLERANCE = 1e-9;

export class BundleError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'BundleError';
  }
}

/**
 * Writes a bundle file: line 1 a header with the format, its version and the SHA-256 of line 2;
 * line 2 the body (manifest, fitted pipeline, reference rows with their expected scores).
 */
export async function writeBundle(
  fitted: FittedPipeline,
  ds: Dataset,
  extra: { metrics?: BundleManifest['metrics']; createdAt?: string } = {},
): Promise<string> {
  const body: BundleBody = {
    manifest: {
      engineVersion: ENGINE_VERSION,
      createdAt: extra.createdAt ?? new Date().toISOString(),
      schema: fitted.spec.schema,
      metrics: extra.metrics ?? {},
      training: { dataset: ds.name, rows: fitted.trainRows },
    },
    pipeline: fitted,
    reference: makeReference(fitted, ds),
  };
  const bodyText = JSON.stringify(body);
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
  if (header.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw new BundleError(
      file,
      `bundle format version ${String(header.formatVersion)} is not supported (this engine reads version ${BUNDLE_FORMAT_VERSION})`,
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
  for (const path of [
    'manifest.engineVersion',
    'manifest.schema',
    'pipeline.spec.metrics',
    'pipeline.scaler',
    'pipeline.detector.type',
    'pipeline.threshold',
    'reference.rows',
    'reference.scores',
  ]) {
    requireField(file, body, path);
  }
  const { pipeline, reference } = body;
  if (typeof pipeline.threshold !== 'number' || !Number.isFinite(pipeline.threshold)) {
    throw new BundleError(file, `malformed bundle: 'pipeline.threshold' must be a finite number`);
  }
  if (!Array.isArray(pipeline.spec.metrics) || pipeline.spec.metrics.some((m) => typeof m !== 'string')) {
    throw new BundleError(file, `malformed bundle: 'pipeline.spec.metrics' must be a list of column names`);
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
  try {
    loadDetector(pipeline.detector);
  } catch (e) {
    throw new BundleError(file, `the model cannot be loaded: ${(e as Error).message}`);
  }
  return body;
}

/** Rescores a bundle's reference rows; ok when they reproduce within REFERENCE_TOLERANCE. */
export function verifyReference(body: BundleBody): { ok: boolean; maxAbsDiff: number } {
  const maxAbsDiff = checkReference(body.pipeline, body.reference);
  return { ok: maxAbsDiff <= REFERENCE_TOLERANCE, maxAbsDiff };
}
