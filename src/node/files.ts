import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { applyLabelWindows, checkSize, DataError, loadAny, type Dataset, type Schema } from '../engine/index';
import { UsageError } from './args';

/** Reads a text file, turning a missing file into a clear usage error. */
export function readText(path: string): string {
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory, expected a file`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`${path}: cannot write file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Reads a file's bytes, turning a missing file into a clear usage error. */
export function readBytes(path: string): Uint8Array {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`${path}: is a directory, expected a file`);
    checkSize(stat.size, basename(path));
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError || e instanceof DataError) throw e;
    throw new UsageError(`${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/**
 * Loads a dataset from disk (CSV wide or long, CloudWatch or Prometheus JSON, Arrow IPC), with optional
 * role overrides and NAB label windows.
 */
export function loadDatasetFile(
  path: string,
  overrides: Partial<Schema> = {},
  windowsPath?: string,
): Dataset {
  const ds = loadAny(readBytes(path), basename(path), overrides);
  return windowsPath ? withWindows(ds, windowsPath) : ds;
}

/** Labels a dataset from a NAB label-windows JSON file. */
export function withWindows(ds: Dataset, windowsPath: string): Dataset {
  let json: unknown;
  try {
    json = JSON.parse(readText(windowsPath));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${windowsPath}: not valid JSON (${(e as Error).message})`);
  }
  return applyLabelWindows(ds, json, basename(windowsPath));
}
