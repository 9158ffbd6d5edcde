/**
 * An estimate of the memory an object graph holds, for sizing per-entity stream state: typed arrays by
 * their buffers (each buffer once), arrays and objects by their slots, strings by their length. Rough
 * (engines lay objects out their own way) but right in order of magnitude, which is what a cap needs.
 */

const OBJECT_BYTES = 24;
const SLOT_BYTES = 8;
const STRING_BYTES = 16;

/** Calls `visit` on every object reachable from `root` (each once), without recursion. */
function walk(root: unknown, seen: Set<object>, skip: ReadonlySet<object>, visit: (o: object) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v) || skip.has(v)) continue;
    seen.add(v);
    visit(v);
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      for (const x of v) stack.push(x);
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
}

function ownBytes(o: object, buffers: Set<ArrayBufferLike>): number {
  if (ArrayBuffer.isView(o)) {
    if (buffers.has(o.buffer)) return OBJECT_BYTES;
    buffers.add(o.buffer);
    return OBJECT_BYTES + o.buffer.byteLength;
  }
  if (o instanceof ArrayBuffer) return buffers.has(o) ? 0 : (buffers.add(o), o.byteLength);
  let bytes = OBJECT_BYTES;
  const values: unknown[] =
    o instanceof Map
      ? [...o.keys(), ...o.values()]
      : o instanceof Set
        ? [...o]
        : Array.isArray(o)
          ? o
          : Object.values(o);
  bytes += values.length * SLOT_BYTES;
  for (const v of values) if (typeof v === 'string') bytes += STRING_BYTES + v.length;
  return bytes;
}

/**
 * Bytes held by `root` and by nothing reachable from `shared`: the part of one entity's state that a
 * second entity does not share (pass another entity's state, the detector, the fitted pipeline).
 */
export function retainedBytes(root: unknown, shared: readonly unknown[] = []): number {
  const sharedObjects = new Set<object>();
  for (const s of shared) walk(s, sharedObjects, new Set(), () => {});
  const buffers = new Set<ArrayBufferLike>();
  for (const o of sharedObjects) if (ArrayBuffer.isView(o)) buffers.add(o.buffer);
  let bytes = 0;
  walk(root, new Set(), sharedObjects, (o) => (bytes += ownBytes(o, buffers)));
  return bytes;
}
