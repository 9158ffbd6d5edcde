import { contaminationSpec } from './params';
import type { Matrix } from '../util/matrix';
import { createRandom, type Random } from '../util/random';
import {
  assertFinite,
  assertWidth,
  throwIfAborted,
  yieldToEventLoop,
  type Detector,
  type DetectorFactory,
  type DetectorJSON,
  type FitOptions,
  type ParamSpec,
} from './detector';

/** Isolation Forest parameters (names follow scikit-learn's, in camelCase). */
export interface IForestParams {
  nEstimators: number;
  maxSamples: number;
  maxFeatures: number;
  /**
   * 0: classic axis-parallel cuts. k >= 1: the Extended Isolation Forest's random hyperplane cuts
   * (Hariri, Carrasco Kind and Brunner 2019) through k + 1 features; capped at the features per tree - 1
   * (fully extended).
   */
  extension: number;
  contamination: number;
  seed: number;
}

/**
 * Fitted state: every tree's nodes concatenated in flat arrays (pre-order within a tree).
 * `feature[k] < 0` marks a leaf. `left`/`right` are absolute node indices; `roots[t]` is tree t's root.
 * `size` is the number of subsample rows that reached the node, `depth` its depth (root = 0).
 */
export interface IForestState {
  nFeatures: number;
  /** The subsample size actually used (psi): min(maxSamples, rows). */
  psi: number;
  roots: number[];
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  size: number[];
  depth: number[];
  /**
   * Extended forests only (absent for classic ones, whose JSON is unchanged): node k's cut is
   * `sum_c planeWeights[k * K + c] * x[planeFeatures[k * K + c]] <= threshold[k]` (left), K =
   * planeFeatures.length / nodes. Leaves and unused entries hold feature 0, weight 0.
   */
  planeFeatures?: number[];
  planeWeights?: number[];
}

const TYPE = 'iforest';
const VERSION = 1;
const YIELD_EVERY_TREES = 10;
const YIELD_EVERY_MS = 40;

const DEFAULTS: IForestParams = {
  nEstimators: 100,
  maxSamples: 256,
  maxFeatures: 1.0,
  extension: 0,
  contamination: 0.05,
  seed: 0,
};

const EULER_GAMMA = 0.5772156649015329;

/**
 * Average path length of an unsuccessful search in a binary search tree of n points, c(n) in
 * Liu et al. (2008), with scikit-learn's conventions c(0) = c(1) = 0 and c(2) = 1.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

function resolveParams(raw: Record<string, unknown> = {}): IForestParams {
  const p: IForestParams = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULTS)) {
      throw new Error(`${TYPE}: unknown parameter '${key}' (known: ${Object.keys(DEFAULTS).join(', ')})`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${TYPE}: parameter '${key}' must be a finite number, got ${JSON.stringify(value)}`);
    }
    p[key as keyof IForestParams] = value;
  }
  const intAtLeast = (name: keyof IForestParams, min: number): void => {
    if (!Number.isInteger(p[name]) || p[name] < min) {
      throw new Error(`${TYPE}: '${name}' must be an integer >= ${min}, got ${p[name]}`);
    }
  };
  intAtLeast('nEstimators', 1);
  intAtLeast('maxSamples', 1);
  intAtLeast('extension', 0);
  if (!Number.isInteger(p.seed)) throw new Error(`${TYPE}: 'seed' must be an integer, got ${p.seed}`);
  if (!(p.maxFeatures > 0 && p.maxFeatures <= 1)) {
    throw new Error(`${TYPE}: 'maxFeatures' is a fraction in (0, 1], got ${p.maxFeatures}`);
  }
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

/** Growable node storage used while fitting. */
class NodeBuffer {
  feature = new Int32Array(1024);
  threshold = new Float64Array(1024);
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  size = new Int32Array(1024);
  depth = new Int32Array(1024);
  length = 0;

  push(depth: number, size: number): number {
    if (this.length === this.feature.length) this.grow();
    const k = this.length++;
    this.feature[k] = -1;
    this.threshold[k] = 0;
    this.left[k] = -1;
    this.right[k] = -1;
    this.size[k] = size;
    this.depth[k] = depth;
    return k;
  }

  private grow(): void {
    const n = this.feature.length * 2;
    const growI = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.feature = growI(this.feature);
    this.left = growI(this.left);
    this.right = growI(this.right);
    this.size = growI(this.size);
    this.depth = growI(this.depth);
    const t = new Float64Array(n);
    t.set(this.threshold);
    this.threshold = t;
  }
}

/**
 * Grows one isolation tree, as scikit-learn's ExtraTreeRegressor(max_features=1, splitter='random')
 * does inside IsolationForest: at each node a feature is drawn uniformly among those not constant
 * in the node, the threshold uniformly in [min, max) of that feature, rows with x <= threshold go
 * left. A node becomes a leaf at maxDepth, with fewer than 2 rows, or when every feature is constant.
 *
 * `cols` holds the subsample column-major (cols[f * psi + i]); `idx` the row indices, partitioned
 * in place.
 */
function growTree(
  nodes: NodeBuffer,
  cols: Float64Array,
  psi: number,
  features: Int32Array,
  maxDepth: number,
  rng: Random,
): number {
  const idx = new Int32Array(psi);
  for (let i = 0; i < psi; i++) idx[i] = i;
  const candidates = new Int32Array(features.length);

  const build = (start: number, end: number, depth: number): number => {
    const n = end - start;
    const node = nodes.push(depth, n);
    if (depth >= maxDepth || n < 2) return node;

    // Draw features without replacement until a non-constant one turns up.
    candidates.set(features);
    let remaining = candidates.length;
    let feat = -1;
    let lo = 0;
    let hi = 0;
    while (remaining > 0) {
      const pick = rng.int(remaining);
      const f = candidates[pick];
      candidates[pick] = candidates[remaining - 1];
      candidates[remaining - 1] = f;
      remaining--;
      const base = f * psi;
      lo = Infinity;
      hi = -Infinity;
      for (let k = start; k < end; k++) {
        const v = cols[base + idx[k]];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi > lo) {
        feat = f;
        break;
      }
    }
    if (feat < 0) return node;

    let thr = rng.uniform(lo, hi);
    if (thr >= hi) thr = lo; // rounding can land on hi; scikit-learn falls back to lo too
    const base = feat * psi;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (cols[base + idx[i]] <= thr) {
        i++;
      } else {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        j--;
      }
    }
    nodes.feature[node] = feat;
    nodes.threshold[node] = thr;
    const l = build(start, i, depth + 1);
    nodes.left[node] = l;
    const r = build(i, end, depth + 1);
    nodes.right[node] = r;
    return node;
  };

  return build(0, psi, 0);
}

/** The hyperplanes of an extended forest's nodes, K entries per node, in node order (see IForestState). */
interface PlaneBuffer {
  k: number;
  features: number[];
  weights: number[];
}

/**
 * Grows one extended isolation tree (Hariri et al. 2019): at each node, `planes.k` features are drawn
 * without replacement among those not constant in the node (fewer when fewer vary), a normal vector
 * with standard normal components on them, and an intercept point uniform in the node's range of each;
 * rows with (x - p) . n <= 0 go left. The cut is no longer parallel to an axis, so the score map loses the
 * classic forest's bands along the axes through dense regions. Either side may be empty (the hyperplane
 * can miss the node's rows); that side is a leaf of size 0. Leaves as in `growTree`.
 */
function growExtendedTree(
  nodes: NodeBuffer,
  planes: PlaneBuffer,
  cols: Float64Array,
  psi: number,
  features: Int32Array,
  maxDepth: number,
  rng: Random,
): number {
  const K = planes.k;
  const idx = new Int32Array(psi);
  for (let i = 0; i < psi; i++) idx[i] = i;
  const varying = new Int32Array(features.length);
  const lows = new Float64Array(features.length);
  const highs = new Float64Array(features.length);
  const chosen = new Uint8Array(features.length);
  const pf = new Int32Array(K);
  const pw = new Float64Array(K);

  const build = (start: number, end: number, depth: number): number => {
    const n = end - start;
    const node = nodes.push(depth, n);
    for (let c = 0; c < K; c++) {
      planes.features.push(0);
      planes.weights.push(0);
    }
    if (depth >= maxDepth || n < 2) return node;

    let nVarying = 0;
    for (let q = 0; q < features.length; q++) {
      const base = features[q] * psi;
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = start; k < end; k++) {
        const v = cols[base + idx[k]];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      lows[q] = lo;
      highs[q] = hi;
      if (hi > lo) varying[nVarying++] = q;
    }
    if (nVarying === 0) return node;

    const k = Math.min(K, nVarying);
    for (let c = 0; c < k; c++) {
      // Partial Fisher-Yates over the varying features.
      const pick = c + rng.int(nVarying - c);
      const q = varying[pick];
      varying[pick] = varying[c];
      varying[c] = q;
      chosen[q] = 1;
    }
    // Normal and intercept in ascending feature order (`features` is ascending), so that every dot
    // product, here and when scoring (sparse or dense), adds its terms in the same order.
    let thr = 0;
    for (let q = 0, c = 0; c < k; q++) {
      if (!chosen[q]) continue;
      chosen[q] = 0;
      const w = rng.normal() + 0; // never -0, which JSON would turn into 0
      pf[c] = features[q];
      pw[c] = w;
      thr += w * rng.uniform(lows[q], highs[q]);
      c++;
    }
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const row = idx[i];
      let dot = 0;
      for (let c = 0; c < k; c++) dot += pw[c] * cols[pf[c] * psi + row];
      if (dot <= thr) {
        i++;
      } else {
        idx[i] = idx[j];
        idx[j] = row;
        j--;
      }
    }
    nodes.feature[node] = pf[0];
    nodes.threshold[node] = thr;
    for (let c = 0; c < k; c++) {
      planes.features[node * K + c] = pf[c];
      planes.weights[node * K + c] = pw[c];
    }
    const l = build(start, i, depth + 1);
    nodes.left[node] = l;
    const r = build(i, end, depth + 1);
    nodes.right[node] = r;
    return node;
  };

  return build(0, psi, 0);
}

/**
 * The fitted trees rearranged for fast scoring (derived from the state, never serialized).
 * 'perfect': every tree padded to a complete tree of depth D in heap order (children of p at 2p+1 and
 * 2p+2), where a leaf shallower than D becomes splits that always go left (threshold +Infinity; inputs
 * are finite). Every row then takes exactly D branch-free steps. 'generic': the flat node arrays, used
 * when complete trees would be too large (deep trees from big subsamples). Extended forests also carry
 * `plane`: K features and weights per (internal) node, laid out like `feature`; padding cuts have weights
 * 0 and threshold +Infinity, so they go left as well.
 */
type CompiledForest =
  | {
      kind: 'perfect';
      nTrees: number;
      depth: number;
      feature: Int32Array; // nTrees * (2^D - 1) internal nodes
      threshold: Float64Array;
      leaf: Float64Array; // nTrees * 2^D leaf values: depth + c(size)
      plane: CompiledPlanes | null;
    }
  | {
      kind: 'generic';
      roots: Int32Array;
      feature: Int32Array;
      threshold: Float64Array;
      left: Int32Array;
      right: Int32Array;
      leaf: Float64Array;
      plane: CompiledPlanes | null;
    };

interface CompiledPlanes {
  k: number;
  feature: Int32Array;
  weight: Float64Array;
  /**
   * When hyperplanes use at least half the features: every node's weights over all nFeatures (0 for
   * features not in its plane), so the dot product reads the row contiguously instead of gathering.
   * The sum is the same to the last bit: the terms come in the same ascending feature order, and adding
   * a zero term leaves a sum unchanged.
   */
  dense: Float64Array | null;
}

/** Dense weights (see CompiledPlanes.dense) for `nodes` nodes of K sparse entries each, when worth it. */
function densePlanes(
  K: number,
  feature: Int32Array,
  weight: Float64Array,
  nodes: number,
  d: number,
): Float64Array | null {
  if (2 * K < d) return null;
  const dense = new Float64Array(nodes * d);
  for (let node = 0; node < nodes; node++) {
    for (let c = 0; c < K; c++) {
      const w = weight[node * K + c];
      if (w !== 0) dense[node * d + feature[node * K + c]] = w;
    }
  }
  return dense;
}

const MAX_PERFECT_DEPTH = 12;
const MAX_PERFECT_NODES = 1 << 24;

function compileForest(s: IForestState): CompiledForest {
  const leafValue = (k: number): number => s.depth[k] + averagePathLength(s.size[k]);
  let depth = 0;
  for (const dk of s.depth) if (dk > depth) depth = dk;
  const nTrees = s.roots.length;
  const K = s.planeFeatures ? s.planeFeatures.length / s.feature.length : 1;
  if (depth <= MAX_PERFECT_DEPTH && nTrees * (2 << depth) * K <= MAX_PERFECT_NODES) {
    const nInt = (1 << depth) - 1;
    const nLeaf = 1 << depth;
    const feature = new Int32Array(nTrees * nInt);
    const threshold = new Float64Array(nTrees * nInt);
    const leaf = new Float64Array(nTrees * nLeaf);
    const plane: CompiledPlanes | null = s.planeFeatures
      ? {
          k: K,
          feature: new Int32Array(nTrees * nInt * K),
          weight: new Float64Array(nTrees * nInt * K),
          dense: null,
        }
      : null;
    for (let t = 0; t < nTrees; t++) {
      const fo = t * nInt;
      const lo = t * nLeaf - nInt;
      const fill = (orig: number, p: number, level: number, value: number): void => {
        if (level === depth) {
          leaf[lo + p] = value >= 0 ? value : leafValue(orig);
          return;
        }
        if (value >= 0 || s.feature[orig] < 0) {
          // Below a leaf: pad with always-left splits; the leaf's value sits under its leftmost path.
          const v = value >= 0 ? value : leafValue(orig);
          feature[fo + p] = 0;
          threshold[fo + p] = Infinity;
          fill(orig, 2 * p + 1, level + 1, v);
          fill(orig, 2 * p + 2, level + 1, v);
          return;
        }
        feature[fo + p] = s.feature[orig];
        threshold[fo + p] = s.threshold[orig];
        if (plane) {
          for (let c = 0; c < K; c++) {
            plane.feature[(fo + p) * K + c] = s.planeFeatures![orig * K + c];
            plane.weight[(fo + p) * K + c] = s.planeWeights![orig * K + c];
          }
        }
        fill(s.left[orig], 2 * p + 1, level + 1, -1);
        fill(s.right[orig], 2 * p + 2, level + 1, -1);
      };
      fill(s.roots[t], 0, 0, -1);
    }
    if (plane) plane.dense = densePlanes(K, plane.feature, plane.weight, nTrees * nInt, s.nFeatures);
    return { kind: 'perfect', nTrees, depth, feature, threshold, leaf, plane };
  }
  const leaf = new Float64Array(s.feature.length);
  for (let k = 0; k < leaf.length; k++) if (s.feature[k] < 0) leaf[k] = leafValue(k);
  return {
    kind: 'generic',
    roots: Int32Array.from(s.roots),
    feature: Int32Array.from(s.feature),
    threshold: Float64Array.from(s.threshold),
    left: Int32Array.from(s.left),
    right: Int32Array.from(s.right),
    leaf,
    plane: s.planeFeatures
      ? {
          k: K,
          feature: Int32Array.from(s.planeFeatures),
          weight: Float64Array.from(s.planeWeights!),
          dense: null,
        }
      : null,
  };
}

const SCORE_BLOCK_ROWS = 512;

/**
 * Adds each row's path length in every tree to sums[row], trees in order (so the floating-point sum is
 * the same whichever rows are scored together). Rows go in blocks, tree by tree, so a tree stays in
 * cache, and four rows at a time, so the CPU overlaps four independent chains of dependent loads.
 */
function accumulatePerfect(
  forest: Extract<CompiledForest, { kind: 'perfect' }>,
  X: Matrix,
  sums: Float64Array,
): void {
  const { nTrees, depth, feature, threshold, leaf } = forest;
  const data = X.data;
  const d = X.cols;
  const n = X.rows;
  const nInt = (1 << depth) - 1;
  const nLeaf = 1 << depth;
  for (let i0 = 0; i0 < n; i0 += SCORE_BLOCK_ROWS) {
    const i1 = Math.min(n, i0 + SCORE_BLOCK_ROWS);
    for (let t = 0; t < nTrees; t++) {
      const fo = t * nInt;
      const lo = t * nLeaf - nInt;
      let i = i0;
      for (; i + 4 <= i1; i += 4) {
        const b0 = i * d;
        const b1 = b0 + d;
        const b2 = b1 + d;
        const b3 = b2 + d;
        let p0 = 0;
        let p1 = 0;
        let p2 = 0;
        let p3 = 0;
        for (let k = 0; k < depth; k++) {
          // `+(a > b)` keeps the step branch-free (a mispredicted branch per level costs more).
          p0 = 2 * p0 + 1 + +(data[b0 + feature[fo + p0]] > threshold[fo + p0]);
          p1 = 2 * p1 + 1 + +(data[b1 + feature[fo + p1]] > threshold[fo + p1]);
          p2 = 2 * p2 + 1 + +(data[b2 + feature[fo + p2]] > threshold[fo + p2]);
          p3 = 2 * p3 + 1 + +(data[b3 + feature[fo + p3]] > threshold[fo + p3]);
        }
        sums[i] += leaf[lo + p0];
        sums[i + 1] += leaf[lo + p1];
        sums[i + 2] += leaf[lo + p2];
        sums[i + 3] += leaf[lo + p3];
      }
      for (; i < i1; i++) {
        const b0 = i * d;
        let p0 = 0;
        for (let k = 0; k < depth; k++) p0 = 2 * p0 + 1 + +(data[b0 + feature[fo + p0]] > threshold[fo + p0]);
        sums[i] += leaf[lo + p0];
      }
    }
  }
}

function accumulateGeneric(
  forest: Extract<CompiledForest, { kind: 'generic' }>,
  X: Matrix,
  sums: Float64Array,
): void {
  const { roots, feature, threshold, left, right, leaf } = forest;
  const data = X.data;
  const d = X.cols;
  for (let i = 0, base = 0; i < X.rows; i++, base += d) {
    let sum = 0;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      let f = feature[node];
      while (f >= 0) {
        node = data[base + f] <= threshold[node] ? left[node] : right[node];
        f = feature[node];
      }
      sum += leaf[node];
    }
    sums[i] = sum;
  }
}

/** As `accumulatePerfect`, for an extended forest: each step compares a dot product with the threshold. */
function accumulatePlanePerfect(
  forest: Extract<CompiledForest, { kind: 'perfect' }>,
  plane: CompiledPlanes,
  X: Matrix,
  sums: Float64Array,
): void {
  const { nTrees, depth, threshold, leaf } = forest;
  const { k: K, feature, weight, dense } = plane;
  const data = X.data;
  const d = X.cols;
  const n = X.rows;
  const nInt = (1 << depth) - 1;
  const nLeaf = 1 << depth;
  if (dense) {
    for (let i0 = 0; i0 < n; i0 += SCORE_BLOCK_ROWS) {
      const i1 = Math.min(n, i0 + SCORE_BLOCK_ROWS);
      for (let t = 0; t < nTrees; t++) {
        const fo = t * nInt;
        const lo = t * nLeaf - nInt;
        let i = i0;
        // Two rows at a time: each dot product is a chain of dependent additions, and two chains overlap.
        for (; i + 2 <= i1; i += 2) {
          const b0 = i * d;
          const b1 = b0 + d;
          let p0 = 0;
          let p1 = 0;
          for (let level = 0; level < depth; level++) {
            const n0 = fo + p0;
            const n1 = fo + p1;
            const o0 = n0 * d;
            const o1 = n1 * d;
            let dot0 = 0;
            let dot1 = 0;
            for (let c = 0; c < d; c++) {
              dot0 += dense[o0 + c] * data[b0 + c];
              dot1 += dense[o1 + c] * data[b1 + c];
            }
            p0 = 2 * p0 + 1 + +(dot0 > threshold[n0]);
            p1 = 2 * p1 + 1 + +(dot1 > threshold[n1]);
          }
          sums[i] += leaf[lo + p0];
          sums[i + 1] += leaf[lo + p1];
        }
        for (; i < i1; i++) {
          const b = i * d;
          let p = 0;
          for (let level = 0; level < depth; level++) {
            const node = fo + p;
            const o = node * d;
            let dot = 0;
            for (let c = 0; c < d; c++) dot += dense[o + c] * data[b + c];
            p = 2 * p + 1 + +(dot > threshold[node]);
          }
          sums[i] += leaf[lo + p];
        }
      }
    }
    return;
  }
  for (let i0 = 0; i0 < n; i0 += SCORE_BLOCK_ROWS) {
    const i1 = Math.min(n, i0 + SCORE_BLOCK_ROWS);
    for (let t = 0; t < nTrees; t++) {
      const fo = t * nInt;
      const lo = t * nLeaf - nInt;
      for (let i = i0; i < i1; i++) {
        const b = i * d;
        let p = 0;
        for (let level = 0; level < depth; level++) {
          const node = fo + p;
          const o = node * K;
          let dot = 0;
          for (let c = 0; c < K; c++) dot += weight[o + c] * data[b + feature[o + c]];
          p = 2 * p + 1 + +(dot > threshold[node]);
        }
        sums[i] += leaf[lo + p];
      }
    }
  }
}

function accumulatePlaneGeneric(
  forest: Extract<CompiledForest, { kind: 'generic' }>,
  plane: CompiledPlanes,
  X: Matrix,
  sums: Float64Array,
): void {
  const { roots, feature: isSplit, threshold, left, right, leaf } = forest;
  const { k: K, feature, weight } = plane;
  const data = X.data;
  const d = X.cols;
  for (let i = 0, base = 0; i < X.rows; i++, base += d) {
    let sum = 0;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t];
      while (isSplit[node] >= 0) {
        const o = node * K;
        let dot = 0;
        for (let c = 0; c < K; c++) dot += weight[o + c] * data[base + feature[o + c]];
        node = dot <= threshold[node] ? left[node] : right[node];
      }
      sum += leaf[node];
    }
    sums[i] = sum;
  }
}

/** Isolation Forest (Liu, Ting and Zhou 2008), following scikit-learn's IsolationForest. */
export class IsolationForest implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly sequential = false;
  readonly params: Readonly<IForestParams>;
  private state: IForestState | null = null;
  private compiled: CompiledForest | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveParams(params));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    if (X.rows < 1 || X.cols < 1) {
      throw new Error(`${TYPE}: cannot fit on an empty matrix (${X.rows} x ${X.cols})`);
    }
    assertFinite(TYPE, X, 'training data');
    const { nEstimators, maxSamples, maxFeatures, seed } = this.params;
    const n = X.rows;
    const d = X.cols;
    const psi = Math.min(maxSamples, n);
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const nFeat = Math.max(1, Math.floor(maxFeatures * d));
    // K features per hyperplane; K = 1 keeps the classic trees (and their random draws) exactly.
    const K = Math.min(this.params.extension, nFeat - 1) + 1;
    const planes: PlaneBuffer | null = K > 1 ? { k: K, features: [], weights: [] } : null;
    const rng = createRandom(seed);
    const nodes = new NodeBuffer();
    const roots = new Int32Array(nEstimators);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    const featPool = new Int32Array(d);
    for (let j = 0; j < d; j++) featPool[j] = j;
    const cols = new Float64Array(psi * d);
    const data = X.data;

    onProgress?.(0);
    let lastYield = performance.now();
    for (let t = 0; t < nEstimators; t++) {
      const treeRng = rng.fork();
      // Subsample without replacement: a partial Fisher-Yates shuffle of the row pool.
      for (let i = 0; i < psi; i++) {
        const k = i + treeRng.int(n - i);
        const tmp = pool[i];
        pool[i] = pool[k];
        pool[k] = tmp;
      }
      let features = featPool;
      if (nFeat < d) {
        for (let j = 0; j < nFeat; j++) {
          const k = j + treeRng.int(d - j);
          const tmp = featPool[j];
          featPool[j] = featPool[k];
          featPool[k] = tmp;
        }
        features = featPool.slice(0, nFeat).sort();
      }
      for (let i = 0; i < psi; i++) {
        const rowBase = pool[i] * d;
        for (let j = 0; j < d; j++) cols[j * psi + i] = data[rowBase + j];
      }
      roots[t] = planes
        ? growExtendedTree(nodes, planes, cols, psi, features, maxDepth, treeRng)
        : growTree(nodes, cols, psi, features, maxDepth, treeRng);

      const now = performance.now();
      if ((t + 1) % YIELD_EVERY_TREES === 0 || now - lastYield > YIELD_EVERY_MS || t === nEstimators - 1) {
        onProgress?.((t + 1) / nEstimators);
        await yieldToEventLoop();
        throwIfAborted(signal);
        lastYield = performance.now();
      }
    }

    const m = nodes.length;
    this.setState({
      nFeatures: d,
      psi,
      roots: Array.from(roots),
      feature: Array.from(nodes.feature.subarray(0, m)),
      threshold: Array.from(nodes.threshold.subarray(0, m)),
      left: Array.from(nodes.left.subarray(0, m)),
      right: Array.from(nodes.right.subarray(0, m)),
      size: Array.from(nodes.size.subarray(0, m)),
      depth: Array.from(nodes.depth.subarray(0, m)),
      ...(planes ? { planeFeatures: planes.features, planeWeights: planes.weights } : {}),
    });
    return this;
  }

  /**
   * 2^(-E[h(x)] / c(psi)) in (0, 1): near 1 = isolated quickly (anomalous), well below 0.5 = normal.
   * The same ordering as scikit-learn's -score_samples.
   */
  score(X: Matrix): Float64Array {
    const { state, compiled: forest } = this;
    if (!state || !forest) {
      throw new Error(`${TYPE}: score() called before fit(); fit the detector or load a fitted one`);
    }
    assertWidth(TYPE, X, state.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const sums = new Float64Array(X.rows);
    if (forest.kind === 'perfect') {
      if (forest.plane) accumulatePlanePerfect(forest, forest.plane, X, sums);
      else accumulatePerfect(forest, X, sums);
    } else if (forest.plane) {
      accumulatePlaneGeneric(forest, forest.plane, X, sums);
    } else {
      accumulateGeneric(forest, X, sums);
    }
    // With psi = 1 every tree is a single leaf and c(psi) = 0: no row can be told apart.
    const norm = averagePathLength(state.psi) * state.roots.length;
    for (let i = 0; i < sums.length; i++) sums[i] = norm > 0 ? Math.pow(2, -sums[i] / norm) : 0.5;
    return sums;
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const notes = [
      `${s.roots.length} trees, each grown on ${s.psi.toLocaleString('en-US')} rows drawn at random; ` +
        `${s.feature.length.toLocaleString('en-US')} nodes in all.`,
    ];
    const { extension } = this.params;
    if (s.planeFeatures) {
      const K = s.planeFeatures.length / s.feature.length;
      notes.push(
        `Extended Isolation Forest: each cut is a random hyperplane through ${K} features` +
          (extension > K - 1
            ? ` (extension ${extension} capped at ${K - 1}, the features per tree - 1).`
            : '.'),
      );
    } else if (extension > 0) {
      notes.push(`Extension ${extension} ignored: with one feature per tree every cut is axis-parallel.`);
    }
    return notes;
  }

  toJSON(): DetectorJSON {
    const s = this.state;
    // Copies, so that editing the JSON cannot change this detector.
    const state: IForestState | null = s && {
      nFeatures: s.nFeatures,
      psi: s.psi,
      roots: [...s.roots],
      feature: [...s.feature],
      threshold: [...s.threshold],
      left: [...s.left],
      right: [...s.right],
      size: [...s.size],
      depth: [...s.depth],
      ...(s.planeFeatures ? { planeFeatures: [...s.planeFeatures], planeWeights: [...s.planeWeights!] } : {}),
    };
    // A classic forest's JSON stays as it was before extended forests existed (no 'extension' key):
    // bundles written then and now are the same, and loading either gives extension 0.
    const { extension, ...classic } = this.params;
    const params = extension === 0 ? classic : { ...this.params };
    return { type: TYPE, version: VERSION, params, state };
  }

  /** @internal Installs fitted state (from fit or from JSON) and builds the typed arrays score() uses. */
  setState(state: IForestState): void {
    validateState(state);
    this.state = state;
    this.compiled = compileForest(state);
  }
}

function validateState(s: IForestState): void {
  const bad = (why: string): never => {
    throw new Error(`${TYPE}: invalid fitted state: ${why}`);
  };
  if (!s || typeof s !== 'object') bad('not an object');
  if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1) bad('nFeatures');
  if (!Number.isInteger(s.psi) || s.psi < 1) bad('psi');
  const keys = ['roots', 'feature', 'threshold', 'left', 'right', 'size', 'depth'] as const;
  for (const k of keys) if (!Array.isArray(s[k])) bad(`'${k}' is not an array`);
  const m = s.feature.length;
  for (const k of keys)
    if (k !== 'roots' && s[k].length !== m) bad(`'${k}' has ${s[k].length} entries, expected ${m}`);
  const inRange = (v: number): boolean => Number.isInteger(v) && v >= 0 && v < m;
  if ((s.planeFeatures === undefined) !== (s.planeWeights === undefined)) {
    bad("'planeFeatures' and 'planeWeights' go together");
  }
  if (s.planeFeatures !== undefined) {
    const pf = s.planeFeatures;
    const pw = s.planeWeights!;
    if (!Array.isArray(pf) || !Array.isArray(pw) || pf.length !== pw.length) bad('plane arrays');
    if (m === 0 || pf.length % m !== 0 || pf.length < m)
      bad(`'planeFeatures' is not a multiple of ${m} nodes`);
    for (const f of pf) if (!Number.isInteger(f) || f < 0 || f >= s.nFeatures) bad(`plane feature ${f}`);
    for (const w of pw) if (typeof w !== 'number' || !Number.isFinite(w)) bad(`plane weight ${w}`);
  }
  for (const r of s.roots)
    if (!inRange(r) || s.depth[r] !== 0) bad(`root ${r} out of range or not at depth 0`);
  for (let k = 0; k < m; k++) {
    const f = s.feature[k];
    if (!Number.isInteger(s.size[k]) || s.size[k] < 0) bad(`size of node ${k}`);
    if (!Number.isInteger(f) || typeof s.threshold[k] !== 'number') bad(`feature or threshold of node ${k}`);
    if (f >= 0) {
      if (
        f >= s.nFeatures ||
        !inRange(s.left[k]) ||
        !inRange(s.right[k]) ||
        s.left[k] <= k ||
        s.right[k] <= k ||
        s.depth[s.left[k]] !== s.depth[k] + 1 ||
        s.depth[s.right[k]] !== s.depth[k] + 1
      ) {
        bad(`links or depths of node ${k}`);
      }
    }
  }
}

const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'nEstimators',
    label: 'Trees',
    kind: 'int',
    default: DEFAULTS.nEstimators,
    min: 1,
    max: 2000,
    help:
      'Number of isolation trees. Scores are an average over trees, so more trees give steadier scores ' +
      '(less seed-to-seed variation) at a linear cost in time; 100 is usually enough, 200-500 for stable rankings.',
  },
  {
    name: 'maxSamples',
    label: 'Samples per tree',
    kind: 'int',
    default: DEFAULTS.maxSamples,
    min: 2,
    max: 100000,
    help:
      'Rows drawn (without replacement) to grow each tree; capped at the number of rows. Small subsamples ' +
      "are the method's strength: they limit swamping and masking by dense anomaly clusters. 256 is the " +
      "paper's and scikit-learn's default; raise it when anomalies form sizeable groups.",
  },
  {
    name: 'maxFeatures',
    label: 'Feature fraction',
    kind: 'number',
    default: DEFAULTS.maxFeatures,
    min: 0.05,
    max: 1,
    help:
      'Fraction of the feature columns each tree may split on (at least one). Below 1 the trees decorrelate, ' +
      'which can help when many features are irrelevant noise; 1 uses every feature.',
  },
  {
    name: 'extension',
    label: 'Extension level',
    kind: 'int',
    default: DEFAULTS.extension,
    min: 0,
    max: 1000,
    help:
      '0 cuts along one feature at a time (the classic forest). k >= 1 cuts by random hyperplanes through ' +
      'k + 1 features (Extended Isolation Forest); any value >= features - 1 is fully extended. Hyperplanes ' +
      'remove the bands of low scores along the axes through dense regions; scoring costs about k + 1 times more.',
  },
  contaminationSpec(DEFAULTS.contamination),
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: DEFAULTS.seed,
    help: 'Seed for subsampling and splits. The same data and seed always give the same scores.',
  },
];

export const iforestFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'Isolation Forest',
  description:
    'Random trees that isolate rows with axis-parallel cuts (or random hyperplanes, extended); anomalies ' +
    'are isolated in fewer cuts. ' +
    'Fast, needs no scaling, works on many features; weak on anomalies that are only unusual in ' +
    'combination with the local context unless features encode that context.',
  params: PARAM_SPECS,
  create: (params) => new IsolationForest(params),
  fromJSON: (json) => {
    const det = new IsolationForest(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as IForestState);
    return det;
  },
};
