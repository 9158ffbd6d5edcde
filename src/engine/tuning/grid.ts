import type { ParamValue, SearchDimension, SearchSpace } from './space';

/**
 * The values a grid search tries along one dimension: every choice, or `levels` evenly spaced points
 * from low to high (geometrically spaced on a log scale); integers are rounded and repeats dropped.
 */
export function gridValues(d: SearchDimension, levels: number): ParamValue[] {
  if (d.kind === 'choice') return [...d.choices];
  if (!Number.isInteger(levels) || levels < 1)
    throw new Error(`grid: levels must be an integer >= 1, got ${levels}`);
  if (levels === 1 || d.low === d.high) {
    const mid = d.log ? Math.sqrt(d.low * d.high) : (d.low + d.high) / 2;
    return [d.kind === 'int' ? Math.round(mid) : mid];
  }
  const out: number[] = [];
  for (let k = 0; k < levels; k++) {
    const f = k / (levels - 1);
    let v = d.log
      ? Math.exp(Math.log(d.low) + f * (Math.log(d.high) - Math.log(d.low)))
      : d.low + f * (d.high - d.low);
    if (k === 0) v = d.low;
    if (k === levels - 1) v = d.high;
    if (d.kind === 'int') v = Math.round(v);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** The number of points of the full grid: the product of each dimension's value count. */
export function gridSize(space: SearchSpace, levels: number): number {
  return space.dimensions.reduce((n, d) => n * gridValues(d, levels).length, 1);
}

/**
 * The `index`-th point of the full grid (0 <= index < gridSize), one value per dimension. The last
 * dimension varies fastest, as scikit-learn's ParameterGrid.
 */
export function gridPoint(space: SearchSpace, levels: number, index: number): ParamValue[] {
  const axes = space.dimensions.map((d) => gridValues(d, levels));
  const values = new Array<ParamValue>(axes.length);
  let rest = index;
  for (let j = axes.length - 1; j >= 0; j--) {
    values[j] = axes[j][rest % axes[j].length];
    rest = Math.floor(rest / axes[j].length);
  }
  return values;
}
