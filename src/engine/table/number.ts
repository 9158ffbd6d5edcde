/** What {@link scanNumber} found in the last cell it read. */
export type NumberStatus = 0 | 1 | 2 | 3;
/** A finite number. */
export const NUM_OK = 0;
/** An empty cell or a missing-value token (NaN, nan, null, NA, N/A, none): read as NaN. */
export const NUM_MISSING = 1;
/** Infinity, -inf, or a literal out of range such as 1e309: read as NaN and counted. */
export const NUM_NON_FINITE = 2;
/** Not a number at all ('abc', '12:30', '0x1f'). */
export const NUM_INVALID = 3;

/**
 * Status of the last {@link scanNumber} call. A shared slot rather than a returned object, so the hot
 * loop allocates nothing; callers in hot loops keep a local reference to this object.
 */
export const scanState: { status: NumberStatus; end: number } = { status: NUM_OK, end: 0 };

/** Status of the last {@link scanNumber} call. */
export function lastStatus(): NumberStatus {
  return scanState.status;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', 'none', '#n/a']);
const INFINITE = new Set(['inf', 'infinity', '+inf', '+infinity', '-inf', '-infinity']);
// Digits, then an optional fraction: written so that no run of digits can be split two ways, which
// made a failed match on a cell of 35,000 digits take half a minute (catastrophic backtracking).
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Reads the decimal number in `s[a, b)` without allocating in the common case.
 * Sets {@link lastStatus}; the result is NaN unless the status is `NUM_OK`.
 *
 * Fast path (Clinger): at most 15 significant digits and a decimal exponent within ±22, so one exact
 * integer times or divided by one exact power of ten, which IEEE 754 rounds correctly. Anything else
 * goes through `Number()`, so every accepted literal reads exactly as JavaScript would read it.
 */
export function scanNumber(s: string, a: number, b: number): number {
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  if (a === b) {
    scanState.status = NUM_MISSING;
    return NaN;
  }
  let i = a;
  let c = s.charCodeAt(i);
  let negative = false;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    c = s.charCodeAt(++i);
  }
  let mantissa = 0;
  let digits = 0; // significant digits kept in mantissa
  let seen = 0; // all digits seen
  let exp10 = 0;
  while (c >= 48 && c <= 57) {
    if (digits > 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    }
    seen++;
    c = s.charCodeAt(++i);
  }
  if (c === 46 /* . */) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
      exp10--;
      seen++;
      c = s.charCodeAt(++i);
    }
  }
  if (seen > 0 && (c === 101 || c === 69) /* e E */) {
    c = s.charCodeAt(++i);
    let expNegative = false;
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      c = s.charCodeAt(++i);
    }
    let e = 0;
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      if (e < 100000) e = e * 10 + (c - 48);
      expDigits++;
      c = s.charCodeAt(++i);
    }
    if (expDigits === 0) return slowNumber(s.slice(a, b));
    exp10 += expNegative ? -e : e;
  }
  if (i !== b || seen === 0) return slowNumber(s.slice(a, b));
  if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
    scanState.status = NUM_OK;
    const v = exp10 >= 0 ? mantissa * POW10[exp10] : mantissa / POW10[-exp10];
    return negative ? -v : v;
  }
  return slowNumber(s.slice(a, b));
}

/** Below this a mantissa of decimal digits is exact: at most 15 significant digits (10^15 < 2^53). */
const EXACT_MANTISSA = 1e15;

/**
 * Reads the unquoted CSV field starting at `a` as a number in one pass, digits consumed until the
 * delimiter, a line end or the end of the text, and stores the number in `out[row]` (NaN unless the
 * status is `NUM_OK`). Returns the field's end for a finite number (`NUM_OK`, `scanState` untouched),
 * else `~end` (negative) with `scanState.status` set as {@link scanNumber} sets it. Cells that are not
 * plain decimals (spaces, tokens like NaN, exponents, long mantissas) are found, then handed to
 * {@link scanNumber}.
 *
 * The number goes straight into the column instead of being returned: a returned double that is not
 * a small integer is boxed on the heap when the call is not inlined, one allocation per cell.
 */
export function scanNumberInto(
  s: string,
  a: number,
  n: number,
  delim: number,
  out: Float64Array,
  row: number,
): number {
  let i = a;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (negative) c = s.charCodeAt(++i);
  // Leading zeros add nothing to the mantissa, so it stays below 10^15 exactly when at most 15
  // significant digits were read (beyond 2^53 the rounded mantissa still exceeds 10^15).
  let mantissa = 0;
  const from = i;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    c = s.charCodeAt(++i);
  }
  let digits = i - from;
  let fraction = 0;
  if (c === 46) {
    const dot = ++i;
    c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    fraction = i - dot;
    digits += fraction;
  }
  if (
    digits > 0 &&
    mantissa < EXACT_MANTISSA &&
    fraction <= 22 &&
    (i >= n || c === delim || c === 10 || c === 13)
  ) {
    const v = fraction === 0 ? mantissa : mantissa / POW10[fraction];
    out[row] = negative ? -v : v;
    return i;
  }
  while (i < n && c !== delim && c !== 10 && c !== 13) c = s.charCodeAt(++i);
  out[row] = scanNumber(s, a, i);
  return scanState.status === NUM_OK ? i : ~i;
}

function slowNumber(cell: string): number {
  if (cannotBeNumber(cell.charCodeAt(0))) {
    scanState.status = NUM_INVALID;
    return NaN;
  }
  if (DECIMAL.test(cell)) {
    const v = Number(cell);
    if (Number.isFinite(v)) {
      scanState.status = NUM_OK;
      return v;
    }
    scanState.status = NUM_NON_FINITE;
    return NaN;
  }
  const token = cell.trim().toLowerCase();
  scanState.status = MISSING.has(token) ? NUM_MISSING : INFINITE.has(token) ? NUM_NON_FINITE : NUM_INVALID;
  return NaN;
}

/**
 * Whether a cell starting with character `c` is surely neither a decimal, nor a missing-value token,
 * nor an infinity: a printable ASCII character (so not white space that `trim` or `\s` would skip)
 * that starts none of them. Lets text columns ('web-01', 'spike') be refused without a regex, a trim
 * and a lower-case copy per cell.
 */
function cannotBeNumber(c: number): boolean {
  if (!(c > 32 && c < 127)) return false;
  if (c >= 48 && c <= 57) return false; // 0-9
  // + - . # N I n i
  return c !== 43 && c !== 45 && c !== 46 && c !== 35 && c !== 78 && c !== 73 && c !== 110 && c !== 105;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Reads one cell as a number: the number, NaN for a missing or non-finite cell, or `null` when the
 * cell is not a number at all.
 */
export function parseNumberCell(cell: string): number | null {
  const v = scanNumber(cell, 0, cell.length);
  return scanState.status === NUM_INVALID ? null : v;
}

/** True when the cell is empty or a missing-value token (NaN, null, NA, ...). */
export function isMissingCell(cell: string): boolean {
  scanNumber(cell, 0, cell.length);
  return scanState.status === NUM_MISSING;
}
