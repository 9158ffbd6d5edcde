import type { Random } from '../../util/random';
import { expectedCoDisp } from './codisp';
import { RCF_TYPE } from './params';
import { REJECTED, TimeDecayReservoir } from './reservoir';
import { statePoints, type RcfState } from './state';
import type { RcTree } from './tree';
import { appendTree, readTree, type FlatTrees } from './tree-codec';

/** The runtime forest: trees over one point store and, when it streams, each tree's reservoir. */
export interface RcForest {
  dim: number;
  /** Points the trees and reservoirs refer to (`dim` wide). */
  points: Float64Array;
  trees: RcTree[];
  /** One per tree with update 'stream'; null otherwise. */
  reservoirs: TimeDecayReservoir[] | null;
  /** Sequence index the next streamed point gets. */
  clock: number;
}

/** Builds the runtime forest from a validated state. */
export function forestFromState(
  s: RcfState,
  nTrees: number,
  sampleSize: number,
  shingleSize: number,
  timeDecay: number | null,
): RcForest {
  const points = statePoints(s, shingleSize);
  const trees: RcTree[] = [];
  // A batch forest never grows, so its trees need room for their own leaves only.
  const room = timeDecay === null ? 1 : sampleSize;
  for (let t = 0; t < nTrees; t++) trees.push(readTree(s, t, s.dim, room, points));
  let reservoirs: TimeDecayReservoir[] | null = null;
  if (timeDecay !== null) {
    reservoirs = [];
    for (let t = 0; t < nTrees; t++) {
      const r = new TimeDecayReservoir(sampleSize, timeDecay);
      const tree = trees[t];
      const count = s.sampleStart[t + 1] - s.sampleStart[t];
      if (count > sampleSize || count !== tree.size) {
        throw new Error(
          `${RCF_TYPE}: invalid fitted state: tree ${t} holds ${tree.size} points, its reservoir ${count}`,
        );
      }
      // Each leaf must hold exactly the reservoir entries equal to its point.
      const held = new Int32Array(tree.slots);
      for (let k = s.sampleStart[t]; k < s.sampleStart[t + 1]; k++) {
        const pi = s.samplePoint[k];
        const leaf = tree.findLeaf(points, pi * s.dim);
        for (let j = 0; j < s.dim; j++) {
          if (tree.boxEnd(leaf, j, 0) !== points[pi * s.dim + j]) {
            throw new Error(`${RCF_TYPE}: invalid fitted state: reservoir point ${pi} is not in tree ${t}`);
          }
        }
        if (++held[leaf] > tree.massOf(leaf)) {
          throw new Error(`${RCF_TYPE}: invalid fitted state: tree ${t}'s reservoir and leaves disagree`);
        }
        r.push(pi, s.sampleWeight[k], leaf);
      }
      reservoirs.push(r);
    }
  }
  return { dim: s.dim, points, trees, reservoirs, clock: s.clock };
}

/** Where the fitted points come from: the training rows and, for shingles, each point's rows. */
export interface PointSource {
  /** The training matrix's values, row-major, `cols` per row. */
  data: Float64Array;
  cols: number;
  shingleSize: number;
  /** With shingleSize > 1: point i is rows srcRows[i * shingleSize ...] concatenated. */
  srcRows: Int32Array | null;
}

/**
 * The tree and reservoir part of a state, keeping only the points still referred to (renumbered in
 * order of first reference) and storing them as training rows, each row once.
 */
export function forestToState(
  f: RcForest,
  src: PointSource,
): Pick<RcfState, 'rows' | 'pointRows' | keyof FlatTrees | 'sampleStart' | 'samplePoint' | 'sampleWeight'> {
  const rowIds = new Map<number, number>();
  const rows: number[] = [];
  const rowId = (r: number): number => {
    let id = rowIds.get(r);
    if (id === undefined) {
      id = rowIds.size;
      rowIds.set(r, id);
      for (let j = 0; j < src.cols; j++) rows.push(src.data[r * src.cols + j]);
    }
    return id;
  };
  const s = src.shingleSize;
  const pointIds = new Map<number, number>();
  const pointRows: number[] = [];
  const pointId = (pi: number): number => {
    if (s === 1) return rowId(pi);
    let id = pointIds.get(pi);
    if (id === undefined) {
      id = pointIds.size;
      pointIds.set(pi, id);
      for (let m = 0; m < s; m++) pointRows.push(rowId((src.srcRows as Int32Array)[pi * s + m]));
    }
    return id;
  };
  const flat: FlatTrees = { nodeStart: [0], cutDim: [], cutValue: [], leafPoint: [], leafCount: [] };
  for (const tree of f.trees) appendTree(tree, flat, pointId);
  const sampleStart: number[] = [];
  const samplePoint: number[] = [];
  const sampleWeight: number[] = [];
  if (f.reservoirs) {
    sampleStart.push(0);
    for (const r of f.reservoirs) {
      for (let k = 0; k < r.size; k++) {
        samplePoint.push(pointId(r.point[k]));
        sampleWeight.push(r.weight[k]);
      }
      sampleStart.push(samplePoint.length);
    }
  }
  return { rows, pointRows, ...flat, sampleStart, samplePoint, sampleWeight };
}

const BLOCK_ROWS = 256;

/**
 * Mean expected CoDisp over the trees of each of the `n` points of `P` (`dim` wide, row-aligned) into
 * `out`. Rows go in blocks, tree by tree, so a tree stays in cache; each row's sum runs over the trees in
 * order, so a row's score does not depend on which rows are scored with it.
 */
export function scoreBatch(f: RcForest, P: Float64Array, n: number, out: Float64Array): void {
  const { trees, dim } = f;
  out.fill(0, 0, n);
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const i1 = Math.min(n, i0 + BLOCK_ROWS);
    for (const tree of trees) {
      for (let i = i0; i < i1; i++) out[i] += expectedCoDisp(tree, P, i * dim);
    }
  }
  const T = trees.length;
  for (let i = 0; i < n; i++) out[i] /= T;
}

/**
 * Scores one entity's points in time order on private copies of the trees: each point gets the mean
 * expected CoDisp over the trees as they stand, then is offered to every tree's reservoir and, when
 * admitted, inserted into the tree (the evicted point deleted first). `entityPoints` holds the entity's
 * shingled points in order; `rngs` one generator per tree. Returns the scores in the entity's order.
 *
 * Trees never interact, so the walk goes tree by tree over all the points (one tree in cache at a time,
 * one copy alive at a time); each point's sum still runs over the trees in order.
 */
export function scoreStream(
  fitted: RcForest,
  entityPoints: Float64Array,
  count: number,
  rngs: Random[],
): Float64Array {
  const { dim } = fitted;
  const base = fitted.points.length / dim;
  const store = new Float64Array(fitted.points.length + count * dim);
  store.set(fitted.points);
  store.set(entityPoints.subarray(0, count * dim), fitted.points.length);
  const reservoirs = fitted.reservoirs as TimeDecayReservoir[];
  const T = fitted.trees.length;
  const scores = new Float64Array(count);
  for (let t = 0; t < T; t++) {
    const tree = fitted.trees[t].clone();
    tree.points = store;
    const reservoir = reservoirs[t].clone();
    const rng = rngs[t];
    for (let k = 0; k < count; k++) {
      const pi = base + k;
      scores[k] += expectedCoDisp(tree, store, pi * dim);
      const evicted = reservoir.offer(pi, fitted.clock + k, rng);
      if (evicted === REJECTED) continue;
      if (evicted >= 0) tree.deleteFrom(reservoir.evictedTag, evicted);
      reservoir.tagLast(tree.insert(pi, rng));
    }
  }
  for (let k = 0; k < count; k++) scores[k] /= T;
  return scores;
}
