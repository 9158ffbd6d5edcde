/**
 * How much of an entity's past a piece of streaming state depends on: replaying the entity's `rows`
 * rows before the current one into a fresh state gives the state an uninterrupted stream has (to
 * rounding), provided the replay starts on a row whose 0-based index within the entity is a multiple
 * of `period` (1 = any row). null = unbounded: no replay of bounded length rebuilds it exactly.
 */
export type Lookback = { rows: number; period: number } | null;

/** A bounded lookback of `rows` rows (any start row unless `period` says otherwise). */
export function lookback(rows: number, period = 1): Lookback {
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`lookback: rows must be an integer >= 0, got ${rows}`);
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(`lookback: period must be an integer >= 1, got ${period}`);
  }
  return { rows, period };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The lookback of several pieces of state together: the most rows any needs and a period that is a
 * multiple of every period (their least common multiple); null when any is unbounded.
 */
export function combineLookbacks(parts: readonly Lookback[]): Lookback {
  let rows = 0;
  let period = 1;
  for (const p of parts) {
    if (p === null) return null;
    rows = Math.max(rows, p.rows);
    period = (period / gcd(period, p.period)) * p.period;
  }
  return { rows, period };
}
