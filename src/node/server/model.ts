import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  BundleError,
  loadDetector,
  readBundleFile,
  verifyReference,
  type BundleBody,
  type Detector,
} from '../../engine/index';

/** A verified bundle, ready to serve. */
export interface LoadedModel {
  /** The bundle file's name, for messages. */
  file: string;
  /** The model id: the SHA-256 of the bundle's body, from its header. */
  id: string;
  formatVersion: number;
  body: BundleBody;
  /** The pipeline's detector, loaded once. */
  detector: Detector;
}

/**
 * Reads and verifies bundle text: format, version, hash, parts, and the reference rows must rescore to
 * their stored scores (else a BundleError that says so).
 */
export async function loadModel(text: string, file: string): Promise<LoadedModel> {
  const { header, body } = await readBundleFile(text, file);
  const check = verifyReference(body);
  if (!check.ok) {
    throw new BundleError(
      file,
      `reference rows do not reproduce (max difference ${check.maxAbsDiff}); refusing to serve`,
    );
  }
  return {
    file,
    id: header.sha256,
    formatVersion: header.formatVersion,
    body,
    detector: loadDetector(body.pipeline.detector),
  };
}

/** Reads a bundle file from disk and verifies it (see {@link loadModel}); a missing file is a BundleError too. */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  const file = basename(path);
  let text: string;
  try {
    if (statSync(path).isDirectory()) throw new BundleError(file, 'is a directory, expected a bundle file');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(file, `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return loadModel(text, file);
}
