/**
 * NAB's probationary period for a series of n rows: the first `fraction` of it, at most `fraction` x
 * 5,000 rows (NAB's `probationaryPercent` 0.15: min(floor(0.15 n), 750)). Given a whole row count
 * (`fraction` >= 1), that count, capped at n.
 *
 * @throws when `fraction` is not a finite number >= 0, or is above 1 without being a whole number.
 */
export function probationRowsOf(n: number, fraction: number): number {
  if (!Number.isFinite(fraction) || fraction < 0) {
    throw new Error(`probation: ${fraction} is not a fraction in [0, 1) or a whole row count`);
  }
  if (fraction >= 1) {
    if (!Number.isInteger(fraction)) {
      throw new Error(`probation: ${fraction} is above 1; give a fraction below 1 or a whole row count`);
    }
    return Math.min(n, fraction);
  }
  return Math.min(Math.floor(fraction * n), Math.floor(fraction * 5000));
}
