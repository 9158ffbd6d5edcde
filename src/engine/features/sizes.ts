import { FeatureConfigError } from './family';

// Kept apart from config.ts, which imports the registry and so every family: a family importing
// config.ts would be read before it is defined.

/** Largest window, lag, horizon or baseline a configuration may ask for, in rows (bounds per-entity state). */
export const MAX_WINDOW = 10_000;

/** Validates sizes in rows: a non-empty list of distinct integers in min..MAX_WINDOW, returned sorted. */
export function parseSizes(raw: unknown, field: string, min = 1): number[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new FeatureConfigError(field, 'must be a non-empty list of integers');
  }
  for (const w of raw) {
    if (typeof w !== 'number' || !Number.isInteger(w) || w < min || w > MAX_WINDOW) {
      throw new FeatureConfigError(
        field,
        `${JSON.stringify(w)} is not an integer between ${min} and ${MAX_WINDOW}`,
      );
    }
  }
  const sorted = [...(raw as number[])].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new FeatureConfigError(field, `${sorted[i]} appears twice`);
  }
  return sorted;
}
