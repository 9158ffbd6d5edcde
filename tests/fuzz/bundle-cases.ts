/**
 * Bundle tampering cases: the sample bundles, every single-byte change of a bundle, and bundles whose
 * hash is right but whose manifest or pipeline is malformed (each field of `check-manifest.ts`'s shapes
 * deleted or given values of the wrong type), with what each read ended in.
 */
import {
  BundleError,
  defaultSpec,
  fitPipeline,
  generateClusterMetrics,
  MANIFEST_SHAPE,
  PIPELINE_SHAPE,
  readBundleFile,
  sha256Hex,
  verifyReference,
  writeBundle,
  type Shape,
} from '../../src/engine/index';

/**
 * A sample bundle: `small` a robust z-score model (about 18 KB: every byte can be changed in turn),
 * `large` an Isolation Forest of 40 trees (about 140 KB: random positions).
 */
export async function sampleBundle(size: 'small' | 'large'): Promise<string> {
  const ds = generateClusterMetrics({ days: 1, instances: 2, seed: 5 });
  const detector =
    size === 'small'
      ? { type: 'robust-z', params: {} }
      : { type: 'iforest', params: { nEstimators: 40, seed: 1 } };
  const { fitted } = await fitPipeline(ds, defaultSpec(ds.schema, detector));
  return writeBundle(fitted, ds, { createdAt: '2026-01-01T00:00:00.000Z' });
}

/** Which check refused a bundle. */
export type RefusedBy = 'hash' | 'header' | 'shape' | 'model' | 'reference';

/** How reading a (changed) bundle ended. */
export type TamperOutcome =
  | { kind: 'accepted' }
  | { kind: 'refused'; by: RefusedBy; message: string }
  | { kind: 'bug'; message: string };

function refusedBy(message: string): RefusedBy {
  if (message.includes('content hash mismatch')) return 'hash';
  if (message.includes('malformed bundle')) return 'shape';
  if (message.includes('cannot be loaded')) return 'model';
  return 'header';
}

/**
 * Reads bundle bytes as the browser and the server do (UTF-8 text, then `readBundleFile`), then
 * rescores its reference rows: accepted only when both pass. A BundleError is a refusal; any other
 * exception is a bug.
 */
export async function readOutcome(input: string | Uint8Array, file = 'fuzz.awb'): Promise<TamperOutcome> {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  try {
    const { body } = await readBundleFile(text, file);
    if (!verifyReference(body).ok) {
      return { kind: 'refused', by: 'reference', message: 'reference rows do not reproduce' };
    }
    return { kind: 'accepted' };
  } catch (e) {
    if (!(e instanceof BundleError))
      return { kind: 'bug', message: `${(e as Error).name}: ${(e as Error).message}` };
    if (!e.message.startsWith(`${file}: `)) return { kind: 'bug', message: `no file name in: ${e.message}` };
    return { kind: 'refused', by: refusedBy(e.message), message: e.message };
  }
}

/** Different bytes for byte `b`: its lowest bit flipped (3 -> 2), its case bit flipped, and its top bit flipped. */
export function byteVariants(b: number): number[] {
  return [b ^ 0x01, b ^ 0x20, b ^ 0x80];
}

/** The bundle's bytes with byte `at` set to `value`. */
export function changeByte(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[at] = value;
  return out;
}

/** A bundle whose body was edited as JSON and re-hashed: only the checks of the content can refuse it. */
export interface MalformedCase {
  /** The field changed, as the message must name it (`manifest.training.rows`). */
  path: string;
  /** What was done: `deleted`, or the JSON of the value put there. */
  change: string;
  text: string;
}

/** Values of every JSON type, and some that are the right type but out of range. */
const BAD_VALUES: unknown[] = [
  null,
  true,
  'text',
  '',
  0,
  -1,
  1.5,
  1e308,
  [],
  ['a', 1],
  [1, 2, 3],
  {},
  { deep: { deeper: { deepest: [[[[]]]] } } },
];

function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = root;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

async function rehash(header: string, body: Record<string, unknown>): Promise<string> {
  const b = JSON.stringify(body);
  const h = JSON.parse(header) as Record<string, unknown>;
  h.sha256 = await sha256Hex(b);
  return `${JSON.stringify(h)}\n${b}\n`;
}

/** Every field of a shape with its rule, depth first. */
function* fields(shape: Shape, path: string): Generator<[string, Shape[string]]> {
  for (const [key, rule] of Object.entries(shape)) {
    yield [`${path}.${key}`, rule];
    if ('shape' in rule) yield* fields(rule.shape, `${path}.${key}`);
  }
}

/**
 * Every field of the manifest and pipeline shapes deleted (unless optional) and set to each value its
 * rule refuses; plus the training summary's parts broken. Each must be refused naming `path`.
 */
export async function malformedCases(text: string): Promise<MalformedCase[]> {
  const [header, bodyText] = text.trim().split('\n');
  const original = JSON.parse(bodyText) as Record<string, unknown>;
  const featureCount = (original.pipeline as { featureNames: unknown[] }).featureNames.length;
  const out: MalformedCase[] = [];
  const add = async (path: string, value: unknown): Promise<void> => {
    const body = structuredClone(original);
    setAt(body, path, value);
    out.push({
      path,
      change: value === undefined ? 'deleted' : JSON.stringify(value),
      text: await rehash(header, body),
    });
  };
  for (const [root, shape] of [
    ['manifest', MANIFEST_SHAPE],
    ['pipeline', PIPELINE_SHAPE],
  ] as const) {
    for (const [path, rule] of fields(shape, root)) {
      if (!rule.optional) await add(path, undefined);
      for (const v of BAD_VALUES) {
        const wrong =
          'shape' in rule
            ? typeof v !== 'object' || v === null || Array.isArray(v)
            : !rule.test(v, { n: featureCount });
        if (wrong) await add(path, v);
      }
    }
  }
  await add('manifest.trainingSummary', undefined);
  for (const part of ['rows', 'baselines', 'drift']) {
    await add(`manifest.trainingSummary.${part}`, undefined);
    await add(`manifest.trainingSummary.${part}`, 'text');
  }
  return out;
}
