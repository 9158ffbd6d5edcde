/**
 * Search spaces: the dimensions a tuner varies (numeric ranges, optionally on a log scale, or lists of
 * choices) and the parameters it holds fixed. A trial's parameters are the fixed ones plus one value per
 * dimension; every sampler (grid, random, TPE) works on this one description.
 */

/** A parameter value a detector accepts from a search. */
export type ParamValue = number | string | boolean;

/** A trial's parameters, by name. */
export type TrialParams = Record<string, ParamValue>;

/** A numeric dimension: real values (`float`) or integers (`int`) in [low, high]. */
export interface NumericDimension {
  name: string;
  kind: 'float' | 'int';
  low: number;
  high: number;
  /** Sample and spread grid points evenly in log(value) (low must be > 0). */
  log?: boolean;
}

/** A dimension over a list of values (numbers, strings or booleans), with no order assumed. */
export interface ChoiceDimension {
  name: string;
  kind: 'choice';
  choices: readonly ParamValue[];
}

export type SearchDimension = NumericDimension | ChoiceDimension;

/** What a search varies and what it holds fixed. */
export interface SearchSpace {
  dimensions: readonly SearchDimension[];
  /** Parameters passed unchanged to every trial. */
  fixed: Readonly<TrialParams>;
}

/** Throws a clear error naming the dimension when a search space cannot be searched. */
export function validateSpace(space: SearchSpace): void {
  const seen = new Set<string>();
  for (const d of space.dimensions) {
    if (!d.name) throw new Error('search space: a dimension has no name');
    if (seen.has(d.name)) throw new Error(`search space: dimension '${d.name}' appears twice`);
    if (d.name in space.fixed) throw new Error(`search space: '${d.name}' is both searched and fixed`);
    seen.add(d.name);
    if (d.kind === 'choice') {
      if (!Array.isArray(d.choices) || d.choices.length === 0) {
        throw new Error(`search space: '${d.name}' has no choices`);
      }
      continue;
    }
    if (!Number.isFinite(d.low) || !Number.isFinite(d.high) || d.low > d.high) {
      throw new Error(`search space: '${d.name}' needs finite low <= high, got [${d.low}, ${d.high}]`);
    }
    if (d.kind === 'int' && (!Number.isInteger(d.low) || !Number.isInteger(d.high))) {
      throw new Error(`search space: integer '${d.name}' needs integer bounds, got [${d.low}, ${d.high}]`);
    }
    if (d.log && !(d.low > 0)) {
      throw new Error(`search space: '${d.name}' is on a log scale, so low must be > 0, got ${d.low}`);
    }
  }
}

/** Whether `value` lies in the dimension (a listed choice, or a number in range of the right kind). */
export function inDimension(d: SearchDimension, value: unknown): boolean {
  if (d.kind === 'choice') return d.choices.includes(value as ParamValue);
  if (typeof value !== 'number' || !(value >= d.low && value <= d.high)) return false;
  return d.kind === 'float' || Number.isInteger(value);
}

/** The trial parameters for one value per dimension: the fixed ones, then the dimensions in order. */
export function trialParams(space: SearchSpace, values: readonly ParamValue[]): TrialParams {
  const params: TrialParams = { ...space.fixed };
  space.dimensions.forEach((d, j) => (params[d.name] = values[j]));
  return params;
}
