/**
 * Large numeric arrays in a bundle's pipeline are stored as binary: the little-endian bytes of the values
 * in the narrowest type that holds every one of them exactly — `{"$i8": base64}`, `$i16`, `$i32` for
 * integers, `$f32` when every value is a float32, else `$f64` — whenever that is shorter than the JSON
 * text (a tree's node indices take a third of their text as int16, a network's float32 weights about
 * a third, full doubles about 90%). The bytes give back every value exactly, NaN and -0 included.
 */
export const MIN_PACKED = 32;

type Kind = '$i8' | '$i16' | '$i32' | '$f32' | '$f64';
const KINDS: Record<
  Kind,
  { bytes: number; set: (v: DataView, i: number, x: number) => void; get: (v: DataView, i: number) => number }
> = {
  $i8: { bytes: 1, set: (v, i, x) => v.setInt8(i, x), get: (v, i) => v.getInt8(i) },
  $i16: { bytes: 2, set: (v, i, x) => v.setInt16(i * 2, x, true), get: (v, i) => v.getInt16(i * 2, true) },
  $i32: { bytes: 4, set: (v, i, x) => v.setInt32(i * 4, x, true), get: (v, i) => v.getInt32(i * 4, true) },
  $f32: {
    bytes: 4,
    set: (v, i, x) => v.setFloat32(i * 4, x, true),
    get: (v, i) => v.getFloat32(i * 4, true),
  },
  $f64: {
    bytes: 8,
    set: (v, i, x) => v.setFloat64(i * 8, x, true),
    get: (v, i) => v.getFloat64(i * 8, true),
  },
};

function toBase64(bytes: Uint8Array): string {
  let text = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    text += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(text);
}

function fromBase64(b64: string, path: string): Uint8Array {
  let text: string;
  try {
    text = atob(b64);
  } catch {
    throw new Error(`'${path}' is not valid base64`);
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function isNumberArray(v: unknown[]): v is number[] {
  for (const x of v) if (typeof x !== 'number') return false;
  return true;
}

/** The narrowest kind that holds every value exactly. */
function kindOf(values: readonly number[]): Kind {
  let lo = 0;
  let hi = 0;
  let ints = true;
  let floats32 = true;
  for (const x of values) {
    if (ints && (!Number.isInteger(x) || Object.is(x, -0))) ints = false;
    else if (ints) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (floats32 && !Object.is(Math.fround(x), x)) floats32 = false;
    if (!ints && !floats32) return '$f64';
  }
  if (ints && lo >= -128 && hi <= 127) return '$i8';
  if (ints && lo >= -32768 && hi <= 32767) return '$i16';
  if (ints && lo >= -2147483648 && hi <= 2147483647) return '$i32';
  return floats32 ? '$f32' : '$f64';
}

/** The array as a binary block, or the array itself when its JSON text is no longer. */
function pack(values: number[]): unknown {
  const kind = kindOf(values);
  const { bytes, set } = KINDS[kind];
  // JSON text cannot hold NaN, infinities or -0: such arrays are always binary.
  const textSafe = values.every((x) => Number.isFinite(x) && !Object.is(x, -0));
  if (textSafe && 4 * Math.ceil((values.length * bytes) / 3) >= JSON.stringify(values).length) return values;
  const view = new DataView(new ArrayBuffer(values.length * bytes));
  values.forEach((x, i) => set(view, i, x));
  return { [kind]: toBase64(new Uint8Array(view.buffer)) };
}

/** A copy of `value` with every array of at least {@link MIN_PACKED} numbers stored as binary. */
export function packArrays(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length >= MIN_PACKED && isNumberArray(value)) return pack(value);
    return value.map(packArrays);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return packArrays(Array.from(value as unknown as ArrayLike<number>));
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = packArrays(v);
    return out;
  }
  return value;
}

/**
 * The inverse of {@link packArrays}: binary blocks back to arrays of numbers. A block that is not base64
 * or whose length is not a whole number of values is refused, naming its path in the bundle.
 */
export function unpackArrays(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unpackArrays(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] in KINDS) {
      const [kind, b64] = entries[0] as [Kind, unknown];
      const where = `${path}.${kind}`;
      if (typeof b64 !== 'string') throw new Error(`'${where}' must be a base64 string`);
      const bytes = fromBase64(b64, where);
      const { bytes: size, get } = KINDS[kind];
      if (bytes.length % size !== 0) {
        throw new Error(`'${where}' holds ${bytes.length} bytes, not a whole number of ${size}-byte values`);
      }
      const view = new DataView(bytes.buffer);
      return Array.from({ length: bytes.length / size }, (_, i) => get(view, i));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = unpackArrays(v, `${path}.${k}`);
    return out;
  }
  return value;
}
