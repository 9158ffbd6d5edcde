const MS_PER_DAY = 86_400_000;
/** The range of a JavaScript Date: times beyond it are refused, so every parsed time can be printed. */
const MAX_MS = 8.64e15;

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// year-month-day [T or space time [fraction]] [zone]; '/' accepted between date parts (2024/03/04).
const ISO =
  /^([+-]\d{6}|\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:[Tt]| +)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)? *(?:([Zz]|UTC|GMT)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Converts an epoch number to milliseconds, choosing the unit by magnitude: below 1e11 it is seconds
 * (1e11 s is the year 5138), below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds.
 * So small numbers (a step counter 0, 1, 2 ...) read as seconds after 1970-01-01.
 */
export function epochToMs(v: number): number {
  const a = Math.abs(v);
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  if (a < 1e17) return v / 1000;
  return v / 1e6;
}

/** An epoch number (unit by magnitude, see {@link epochToMs}) as epoch ms; NaN when not finite or beyond the Date range. */
export function timeFromNumber(v: number): number {
  return inRange(Number.isFinite(v) ? epochToMs(v) : NaN);
}

/**
 * Parses a time to epoch milliseconds (UTC), or NaN when the text is not a time.
 *
 * Accepts ISO 8601 and its common relatives: `2024-03-04`, `2024-03-04T10:00`, `2024-03-04 10:00:00`,
 * fractions of a second of any length (`2014-02-26 13:45:00.000000`, as in NAB), and a zone `Z`,
 * `UTC`, `+02:00`, `+0200` or `+02`. **A time without a zone is UTC**, whatever the machine's time
 * zone, so the same file gives the same times everywhere. A plain number is an epoch in seconds,
 * milliseconds, micro- or nanoseconds, chosen by magnitude ({@link epochToMs}); so is `2024` alone.
 * Times outside the range of a JavaScript Date (±8.64e15 ms) are NaN.
 * Calendar checks are strict: `2023-02-29` and `10:61` are NaN.
 */
export function parseTime(s: string): number {
  const fast = fastIso(s);
  if (fast === fast) return fast; // not NaN
  const t = s.trim();
  if (t === '') return NaN;
  if (NUMERIC.test(t)) {
    const v = Number(t);
    return timeFromNumber(v);
  }
  const m = ISO.exec(t);
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (m[5] !== undefined) {
    const hour = Number(m[5]);
    const minute = Number(m[6]);
    const second = m[7] === undefined ? 0 : Number(m[7]);
    if (minute > 59 || second > 60) return NaN;
    if (hour > 24 || (hour === 24 && (minute > 0 || second > 0 || m[8] !== undefined))) return NaN;
    ms += hour * 3_600_000 + minute * 60_000 + second * 1000;
    const frac = m[8];
    if (frac !== undefined) {
      // Whole milliseconds exactly; anything finer as a fraction of a millisecond.
      ms += Number((frac + '00').slice(0, 3));
      if (frac.length > 3 && /[1-9]/.test(frac.slice(3))) ms += Number('0.' + frac.slice(3));
    }
  }
  if (m[10] !== undefined) {
    const offHours = Number(m[11]);
    const offMinutes = m[12] === undefined ? 0 : Number(m[12]);
    if (offHours > 23 || offMinutes > 59) return NaN;
    const offset = (offHours * 60 + offMinutes) * 60_000;
    ms += m[10] === '+' ? -offset : offset;
  }
  return inRange(ms);
}

/** True when the text looks like a calendar date or date-time (not a bare number) and parses. */
export function isDateText(s: string): boolean {
  const t = s.trim();
  return !NUMERIC.test(t) && !Number.isNaN(parseTime(t));
}

/**
 * The common layouts `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z]` read by character codes (no
 * regex, no allocation); NaN for anything else, which then takes the general path.
 */
function fastIso(s: string): number {
  return isoMs(s, 0, s.length);
}

/**
 * The time in `s[a, b)` when it has one of the common layouts `YYYY-MM-DD`,
 * `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z]`, read by character codes without allocating; NaN for anything
 * else (which {@link parseTime} may still read by its general path). When not NaN, the result is what
 * {@link parseTime} returns for the same text, so a CSV reader can take times straight from the file.
 */
export function isoMs(s: string, a: number, b: number): number {
  if (b - a < 10) return NaN;
  const days = isoDays(s, a);
  if (days !== days) return NaN;
  const clock = isoTimeOfDay(s, a, b);
  return clock < 0 ? NaN : days * MS_PER_DAY + clock;
}

/** The digit at i, or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * The date `YYYY-MM-DD` at `s[a, a + 10)` (the caller makes sure those characters are in its range) as
 * the integer YYYYMMDD, or -1 when those characters are not four digits, a dash, two digits, a dash
 * and two digits. Not checked against the calendar: equal keys mean equal characters, so a reader of
 * many times can compare a cell's date with the last one without a string.
 */
export function isoDateKey(s: string, a: number): number {
  if (s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return -1;
  const y0 = digitAt(s, a);
  const y1 = digitAt(s, a + 1);
  const y2 = digitAt(s, a + 2);
  const y3 = digitAt(s, a + 3);
  const m0 = digitAt(s, a + 5);
  const m1 = digitAt(s, a + 6);
  const d0 = digitAt(s, a + 8);
  const d1 = digitAt(s, a + 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return -1;
  return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 10000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
}

/**
 * Days since 1970-01-01 of the date `YYYY-MM-DD` at `s[a, a + 10)` (the caller makes sure those
 * characters are in its range), NaN when it is not one or not a calendar date. Only the date, so a
 * reader of many times can reuse it for the next cell with the same first 10 characters.
 */
export function isoDays(s: string, a: number): number {
  const key = isoDateKey(s, a);
  return key < 0 ? NaN : daysOfKey(key);
}

/** Days since 1970-01-01 of the date with key YYYYMMDD ({@link isoDateKey}); NaN when not a calendar date. */
export function daysOfKey(key: number): number {
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return daysFromCivil(year, month, day);
}

/**
 * The time of day, in ms since midnight, of the time whose date is at `s[a, a + 10)` (see
 * {@link isoDays}) and whose time of day follows: nothing (0), or `[T ]HH:MM[:SS[.fff]]`, then an
 * optional `Z`, ending exactly at `b`; -1 for anything else. The time is then
 * `days * 86,400,000 + timeOfDay` (see {@link isoMs}). An integer below 2^31, so a reader of many
 * times gets it unboxed.
 */
export function isoTimeOfDay(s: string, a: number, b: number): number {
  const n = b - a;
  if (n === 10) return 0;
  const sep = s.charCodeAt(a + 10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(a + 13) !== 58) return -1;
  const h0 = digitAt(s, a + 11);
  const h1 = digitAt(s, a + 12);
  const n0 = digitAt(s, a + 14);
  const n1 = digitAt(s, a + 15);
  if ((h0 | h1 | n0 | n1) < 0) return -1;
  const hour = h0 * 10 + h1;
  const minute = n0 * 10 + n1;
  if (!(hour <= 23 && minute <= 59)) return -1;
  let ms = hour * 3_600_000 + minute * 60_000;
  let i = a + 16;
  if (i < b && s.charCodeAt(i) === 58) {
    // The seconds' digits must lie inside the range, not just inside the string.
    if (i + 2 >= b) return -1;
    const s0 = digitAt(s, i + 1);
    const s1 = digitAt(s, i + 2);
    if ((s0 | s1) < 0) return -1;
    const second = s0 * 10 + s1;
    if (!(second <= 59)) return -1;
    ms += second * 1000;
    i += 3;
    if (i < b && s.charCodeAt(i) === 46) {
      i++;
      let frac = 0;
      let scale = 100;
      const from = i;
      for (let d = i < b ? digitAt(s, i) : -1; d >= 0; d = ++i < b ? digitAt(s, i) : -1) {
        if (scale >= 1) frac += d * scale;
        else if (d !== 0) return -1; // sub-millisecond digits: the general path keeps them
        scale = scale === 1 ? 0 : scale / 10;
      }
      if (i === from) return -1;
      ms += frac;
    }
  }
  if (i < b && s.charCodeAt(i) === 90) i++;
  return i === b ? ms : -1;
}

function inRange(ms: number): number {
  return Math.abs(ms) <= MAX_MS ? ms : NaN;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no Date, no zone. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
