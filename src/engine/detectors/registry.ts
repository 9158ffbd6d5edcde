import type { Detector, DetectorFactory, DetectorJSON } from './detector';

const factories = new Map<string, DetectorFactory>();

/** Registers a detector type once; every surface (pages, CLI, bundle, tests) finds it here. */
export function registerDetector(factory: DetectorFactory): void {
  factories.set(factory.type, factory);
}

export function detectorTypes(): string[] {
  return [...factories.keys()];
}

/** The factory of a registered type, or undefined. */
export function findDetectorFactory(type: string): DetectorFactory | undefined {
  return factories.get(type);
}

/**
 * True when detectors of this type read the cleaned metric values as they are (`DetectorFactory.input`):
 * they get no features and no scaling wherever a pipeline is prepared for them.
 */
export function readsRawInput(type: string): boolean {
  return factories.get(type)?.input === 'raw';
}

export function detectorFactory(type: string): DetectorFactory {
  const f = factories.get(type);
  if (!f) throw new Error(`unknown detector type '${type}' (known: ${detectorTypes().join(', ') || 'none'})`);
  return f;
}

export function createDetector(type: string, params: Record<string, unknown> = {}): Detector {
  return detectorFactory(type).create(params);
}

/** Restores a detector from its JSON; refuses an unknown type or version with a clear error. */
export function loadDetector(json: DetectorJSON): Detector {
  if (!json || typeof json !== 'object' || typeof json.type !== 'string') {
    throw new Error('detector JSON: missing "type"');
  }
  const f = detectorFactory(json.type);
  if (json.version !== f.version) {
    throw new Error(
      `detector '${json.type}': version ${String(json.version)} is not supported (this engine reads version ${f.version})`,
    );
  }
  return f.fromJSON(json);
}

/**
 * Loads whatever a detector needs before it can score synchronously (see `DetectorFactory.prepare`):
 * a no-op for most types. Accepts a type name or a fitted detector's JSON.
 */
export async function prepareDetector(typeOrJson: string | DetectorJSON): Promise<void> {
  const json = typeof typeOrJson === 'string' ? undefined : typeOrJson;
  const f = detectorFactory(typeof typeOrJson === 'string' ? typeOrJson : typeOrJson.type);
  await f.prepare?.(json);
}

/** The detector's relative score tolerance between hosts (0 for exactly reproducible detectors). */
export function relativeTolerance(json: DetectorJSON): number {
  return detectorFactory(json.type).relativeTolerance?.(json) ?? 0;
}
