import type { Random } from '../../util/random';

/** Doubles per node in `RcTree.hot`. */
export const HOT = 4;
/**
 * Int32 offsets in a node's hot record (8 int32 per node, `HOT` doubles; int32 0-1 hold the cut value).
 * A branch holds its children's masses, so that the walk down reads no other record than the nodes on
 * its path (the CoDisp ratio of a child c with sibling s is |s| / (|c| + 1)); a leaf holds its own mass
 * (the copies of its point) at H_MASS_L and 0 at H_MASS_R, so a node's mass is always the sum of both.
 */
export const H_CUT_DIM = 2;
export const H_LEFT = 3;
export const H_RIGHT = 4;
export const H_MASS_L = 5;
export const H_MASS_R = 6;
export const H_PARENT = 7;

/** compact()'s work space, shared by every tree (grown to the largest). */
let compactBuf = {
  newId: new Int32Array(0),
  order: new Int32Array(0),
  hot: new Int32Array(0),
  box: new Float64Array(0),
  leafPoint: new Int32Array(0),
};

/**
 * A robust random cut tree (Guha, Mishra, Roy and Schrijvers, ICML 2016) over points held in a shared
 * store (`points`, `dim` values per point, referenced by index), kept in typed arrays so that a tree can
 * be cloned cheaply and updated in place when it streams.
 *
 * Every node carries its bounding box and the box's total span; a leaf holds one distinct point, its box
 * being that point, and its mass counts the copies of that point in the tree (rrcf merges duplicates the
 * same way). A branch's mass is the sum of its children's. A point goes left at a branch when
 * `x[cutDim] <= cutValue`.
 *
 * Nodes are records: in `hot` (read through a Float64Array and an Int32Array view), `HOT` doubles per
 * node, all that the walk down a tree and the mass updates up it read: cut value, cut dimension,
 * children, the children's masses (see H_MASS_L), parent; in `box`, 2 dim doubles per node, the bounding
 * box (lo_0, hi_0, lo_1, hi_1, ...). A box's span (sum over dimensions of hi - lo) is not stored but
 * summed where needed, in the same order, so it is the same number. A streaming forest walks all its
 * trees once per row, and 100 trees do not stay in cache: with one array per field, each node on a walk
 * cost a cache line per field; records made a streamed row about 1.5 times faster
 * (tests/bench/rcf-online.ts).
 */
export class RcTree {
  readonly dim: number;
  /** Most distinct points the tree can hold (its reservoir's capacity). */
  readonly maxLeaves: number;
  /** Node slots: 2 maxLeaves - 1. */
  readonly slots: number;
  points: Float64Array;
  /** Per node: the cut value, then int32 fields at the H_ offsets. */
  readonly hot: Float64Array;
  readonly hotI: Int32Array;
  /** Per node: lo_0, hi_0, lo_1, hi_1, ... */
  readonly box: Float64Array;
  /** A leaf's point index in the store; -1 on a branch. */
  readonly leafPoint: Int32Array;
  root: number;
  private readonly free: Int32Array;
  private freeTop: number;

  /** An empty tree, or with `from`, a deep copy of that tree (sharing its point store). */
  constructor(dim: number, maxLeaves: number, points: Float64Array, from?: RcTree) {
    const slots = 2 * maxLeaves - 1;
    this.dim = dim;
    this.maxLeaves = maxLeaves;
    this.slots = slots;
    this.points = points;
    this.hot = from ? from.hot.slice() : new Float64Array(slots * HOT);
    this.hotI = new Int32Array(this.hot.buffer);
    this.box = from ? from.box.slice() : new Float64Array(slots * 2 * dim);
    this.leafPoint = from ? from.leafPoint.slice() : new Int32Array(slots);
    this.root = from ? from.root : -1;
    if (from) {
      this.free = from.free.slice();
      this.freeTop = from.freeTop;
    } else {
      // Slot 0 on top, so a fresh tree fills its slots in order (pre-order for a batch-built tree).
      this.free = new Int32Array(slots);
      for (let k = 0; k < slots; k++) this.free[k] = slots - 1 - k;
      this.freeTop = slots;
    }
  }

  /** Number of points in the tree, duplicates included. */
  get size(): number {
    return this.root < 0 ? 0 : this.massOf(this.root);
  }

  /** Number of live nodes. */
  get nodeCount(): number {
    return this.slots - this.freeTop;
  }

  /** A deep copy sharing the same point store. */
  clone(): RcTree {
    return new RcTree(this.dim, this.maxLeaves, this.points, this);
  }

  /** Cut dimension of a branch; -1 on a leaf. */
  cutDimOf(node: number): number {
    return this.hotI[8 * node + H_CUT_DIM];
  }

  /** Cut value of a branch (x <= cut goes left); 0 on a leaf. */
  cutValueOf(node: number): number {
    return this.hot[HOT * node];
  }

  /** A branch's left (side 0, x <= cut) or right (side 1) child; -1 on a leaf. */
  kid(node: number, side: 0 | 1): number {
    return this.hotI[8 * node + H_LEFT + side];
  }

  /** Points under the node, copies included. */
  massOf(node: number): number {
    return this.hotI[8 * node + H_MASS_L] + this.hotI[8 * node + H_MASS_R];
  }

  /** |sibling| / (|node| + 1), the CoDisp ratio of a point inserted under this node; 0 at the root. */
  ratioOf(node: number): number {
    const p = this.parentOf(node);
    if (p < 0) return 0;
    const side = this.kid(p, 0) === node ? 0 : 1;
    return this.hotI[8 * p + H_MASS_R - side] / (this.hotI[8 * p + H_MASS_L + side] + 1);
  }

  /** The parent; -1 at the root. */
  parentOf(node: number): number {
    return this.hotI[8 * node + H_PARENT];
  }

  /** A leaf's point index in the store; -1 on a branch. */
  pointOf(node: number): number {
    return this.leafPoint[node];
  }

  /** Low (0) or high (1) end of the node's box along dimension j. */
  boxEnd(node: number, j: number, end: 0 | 1): number {
    return this.box[2 * this.dim * node + 2 * j + end];
  }

  /** Sum over dimensions of the box's hi - lo. */
  spanOf(node: number): number {
    const b = 2 * this.dim * node;
    let s = 0;
    for (let j = 0; j < 2 * this.dim; j += 2) s += this.box[b + j + 1] - this.box[b + j];
    return s;
  }

  /**
   * Renumbers the live nodes in pre-order into the first slots, as a tree built at once lies, and returns
   * the new slot of each old one (-1 for free slots; a buffer reused by the next call). Node numbers are
   * invisible to scores, inserts and deletes; a streamed tree's nodes otherwise end up scattered over its
   * slots, and a walk from the root reads more cache lines.
   */
  compact(): Int32Array {
    const { slots, hotI, box: boxes, leafPoint } = this;
    const hw = 2 * HOT;
    const bw = 2 * this.dim;
    if (compactBuf.newId.length < slots || compactBuf.box.length < slots * bw) {
      compactBuf = {
        newId: new Int32Array(slots),
        order: new Int32Array(slots),
        hot: new Int32Array(slots * hw),
        box: new Float64Array(slots * bw),
        leafPoint: new Int32Array(slots),
      };
    }
    const { newId, order, hot, box } = compactBuf;
    newId.fill(-1, 0, slots);
    let n = 0;
    if (this.root >= 0) {
      // Pre-order; `order` doubles as the stack, from its end (visited + stacked nodes <= slots).
      let top = slots;
      order[--top] = this.root;
      while (top < slots) {
        const node = order[top++];
        newId[node] = n;
        order[n++] = node;
        if (hotI[hw * node + H_CUT_DIM] >= 0) {
          order[--top] = hotI[hw * node + H_RIGHT];
          order[--top] = hotI[hw * node + H_LEFT];
        }
      }
    }
    // Hot records copied as int32 pairs: a double read and written back need not keep a NaN's bits.
    for (let k = 0; k < n; k++) {
      const node = order[k];
      for (let j = 0; j < hw; j++) hot[hw * k + j] = hotI[hw * node + j];
      for (let j = 0; j < bw; j++) box[bw * k + j] = boxes[bw * node + j];
      compactBuf.leafPoint[k] = leafPoint[node];
    }
    hotI.set(hot.subarray(0, hw * n));
    boxes.set(box.subarray(0, bw * n));
    leafPoint.set(compactBuf.leafPoint.subarray(0, n));
    for (let k = 0; k < n; k++) {
      const h = hw * k;
      if (hotI[h + H_CUT_DIM] >= 0) {
        hotI[h + H_LEFT] = newId[hotI[h + H_LEFT]];
        hotI[h + H_RIGHT] = newId[hotI[h + H_RIGHT]];
      }
      if (hotI[h + H_PARENT] >= 0) hotI[h + H_PARENT] = newId[hotI[h + H_PARENT]];
    }
    if (this.root >= 0) this.root = 0;
    this.freeTop = 0;
    for (let k = slots - 1; k >= n; k--) this.free[this.freeTop++] = k;
    return newId;
  }

  /** Takes a node slot off the free list. */
  alloc(): number {
    if (this.freeTop === 0)
      throw new Error('rcf: tree node storage exhausted (more distinct points than capacity)');
    return this.free[--this.freeTop];
  }

  private release(node: number): void {
    this.free[this.freeTop++] = node;
  }

  /** Makes `node` a leaf holding point `pi` with the given multiplicity. */
  setLeaf(node: number, pi: number, count: number, parent: number): void {
    const d = this.dim;
    const c = 2 * d * node;
    const xo = pi * d;
    for (let j = 0; j < d; j++) {
      const v = this.points[xo + j];
      this.box[c + 2 * j] = v;
      this.box[c + 2 * j + 1] = v;
    }
    this.leafPoint[node] = pi;
    const h = 8 * node;
    this.hot[HOT * node] = 0;
    this.hotI[h + H_CUT_DIM] = -1;
    this.hotI[h + H_LEFT] = -1;
    this.hotI[h + H_RIGHT] = -1;
    this.hotI[h + H_MASS_L] = count;
    this.hotI[h + H_MASS_R] = 0;
    this.hotI[h + H_PARENT] = parent;
  }

  /** Makes `node` a branch cutting dimension q at `cut` (children, masses and box to be set). */
  setCut(node: number, q: number, cut: number, parent: number): void {
    this.hot[HOT * node] = cut;
    this.hotI[8 * node + H_CUT_DIM] = q;
    this.hotI[8 * node + H_PARENT] = parent;
    this.leafPoint[node] = -1;
  }

  /** Sets a branch's children. */
  setKids(node: number, left: number, right: number): void {
    this.hotI[8 * node + H_LEFT] = left;
    this.hotI[8 * node + H_RIGHT] = right;
  }

  /** Sets a branch's children's masses and its box from its two children. */
  setBranchFromChildren(node: number): void {
    const h = 8 * node;
    const l = this.hotI[h + H_LEFT];
    const r = this.hotI[h + H_RIGHT];
    this.hotI[h + H_MASS_L] = this.massOf(l);
    this.hotI[h + H_MASS_R] = this.massOf(r);
    this.unionBox(node, l, r);
  }

  /**
   * Adds `delta` to the mass of every ancestor of `node` (as their parents record it), and while `boxes`
   * is true, recomputes each ancestor's box from its children until one comes out unchanged.
   */
  private updateUp(node: number, delta: number, boxes: boolean): void {
    const hotI = this.hotI;
    let grow = boxes;
    for (let a = node, p = hotI[8 * node + H_PARENT]; p >= 0; a = p, p = hotI[8 * p + H_PARENT]) {
      hotI[8 * p + (hotI[8 * p + H_LEFT] === a ? H_MASS_L : H_MASS_R)] += delta;
      if (grow) grow = this.unionBox(p, hotI[8 * p + H_LEFT], hotI[8 * p + H_RIGHT]);
    }
  }

  /** box[node] = box[a] ∪ box[b]; returns true when box[node] changed. */
  private unionBox(node: number, a: number, c: number): boolean {
    const w = 2 * this.dim;
    const box = this.box;
    const nb = node * w;
    const ab = a * w;
    const cb = c * w;
    let changed = false;
    for (let j = 0; j < w; j += 2) {
      const lo = Math.min(box[ab + j], box[cb + j]);
      const hi = Math.max(box[ab + j + 1], box[cb + j + 1]);
      if (lo !== box[nb + j] || hi !== box[nb + j + 1]) changed = true;
      box[nb + j] = lo;
      box[nb + j + 1] = hi;
    }
    return changed;
  }

  /**
   * Builds the tree on the points `idx` (indices into the store; equal points become one leaf) by the
   * paper's batch construction: at each node the cut dimension is drawn with probability proportional to
   * the box's span along it and the cut value uniformly along that span (one uniform draw over the
   * concatenated spans, as AWS's RandomCutTree does). `idx` is partitioned in place.
   */
  build(idx: Int32Array, rng: Random): void {
    if (this.root >= 0) throw new Error('rcf: build() on a non-empty tree');
    if (idx.length === 0) return;
    this.root = this.buildRange(idx, 0, idx.length, -1, rng);
  }

  private buildRange(idx: Int32Array, start: number, end: number, parent: number, rng: Random): number {
    const d = this.dim;
    const P = this.points;
    const node = this.alloc();
    const b = node * 2 * d;
    const box = this.box;
    let s = 0;
    for (let j = 0; j < d; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = start; k < end; k++) {
        const v = P[idx[k] * d + j];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      box[b + 2 * j] = lo;
      box[b + 2 * j + 1] = hi;
      s += hi - lo;
    }
    if (end - start === 1 || s === 0) {
      this.setLeaf(node, idx[start], end - start, parent);
      return node;
    }
    let r = rng.next() * s;
    let q = -1;
    let cut = 0;
    for (let j = 0; j < d; j++) {
      const w = box[b + 2 * j + 1] - box[b + 2 * j];
      if (w <= 0) continue;
      q = j;
      if (r < w) {
        cut = box[b + 2 * j] + r;
        break;
      }
      r -= w;
      cut = box[b + 2 * j]; // rounding ran past the last span: cut at its low end
    }
    // lo <= cut < hi keeps both sides non-empty.
    if (cut >= box[b + 2 * q + 1]) cut = box[b + 2 * q];
    let i = start;
    let k = end - 1;
    while (i <= k) {
      if (P[idx[i] * d + q] <= cut) {
        i++;
      } else {
        const t = idx[i];
        idx[i] = idx[k];
        idx[k] = t;
        k--;
      }
    }
    this.setCut(node, q, cut, parent);
    const left = this.buildRange(idx, start, i, node, rng);
    const right = this.buildRange(idx, i, end, node, rng);
    this.setKids(node, left, right);
    this.hotI[8 * node + H_MASS_L] = this.massOf(left);
    this.hotI[8 * node + H_MASS_R] = this.massOf(right);
    return node;
  }

  /** The leaf whose region holds the point at offset `xo` of `x` (found by following the cuts). */
  findLeaf(x: Float64Array, xo: number): number {
    const { hot, hotI } = this;
    let node = this.root;
    if (node < 0) return -1;
    for (;;) {
      const q = hotI[8 * node + H_CUT_DIM];
      if (q < 0) return node;
      node = hotI[8 * node + (x[xo + q] > hot[HOT * node] ? H_RIGHT : H_LEFT)];
    }
  }

  /**
   * Inserts store point `pi` by the paper's InsertPoint: at each node on its way down, a cut drawn
   * uniformly over the spans of the box grown to include the point separates it from the node with
   * probability (growth of the span) / (grown span); the point then becomes the node's sibling under a new
   * branch at that cut. Otherwise it follows the node's cut. A copy of an existing point only raises the
   * leaf's mass. The resulting tree is distributed as a tree built on the enlarged set (Theorem 3).
   * Returns the leaf that holds the point.
   */
  insert(pi: number, rng: Random): number {
    const d = this.dim;
    const x = this.points;
    const xo = pi * d;
    if (this.root < 0) {
      this.root = this.alloc();
      this.setLeaf(this.root, pi, 1, -1);
      return this.root;
    }
    const { hot, hotI, box } = this;
    let node = this.root;
    for (;;) {
      const b = node * 2 * d;
      let out = 0;
      let span = 0;
      for (let j = 0; j < d; j++) {
        const v = x[xo + j];
        const lo = box[b + 2 * j];
        const hi = box[b + 2 * j + 1];
        const below = lo - v;
        const above = v - hi;
        if (below > 0) out += below;
        else if (above > 0) out += above;
        span += hi - lo;
      }
      const q = hotI[8 * node + H_CUT_DIM];
      if (out > 0) {
        let t = rng.next() * (span + out);
        if (t < out) {
          // The cut falls in the part of the grown box outside the node's box: locate it there.
          let cq = -1;
          let cut = 0;
          let leafLeft = false;
          for (let j = 0; j < d; j++) {
            const v = x[xo + j];
            const lo = box[b + 2 * j];
            const hi = box[b + 2 * j + 1];
            const gap = lo > v ? lo - v : v > hi ? v - hi : 0;
            if (gap <= 0) continue;
            cq = j;
            leafLeft = v < lo;
            // v <= cut < lo (point left) or hi <= cut < v (point right); rounding falls back to the edge.
            cut = leafLeft ? v + Math.min(t, gap) : hi + Math.min(t, gap);
            if (leafLeft ? cut >= lo : cut >= v) cut = leafLeft ? v : hi;
            if (t < gap) break;
            t -= gap;
          }
          return this.split(node, pi, cq, cut, leafLeft);
        }
      } else if (q < 0) {
        hotI[8 * node + H_MASS_L]++;
        this.updateUp(node, 1, false);
        return node;
      }
      node = hotI[8 * node + (x[xo + q] > hot[HOT * node] ? H_RIGHT : H_LEFT)];
    }
  }

  /** Puts a new leaf holding `pi` beside `node`, under a new branch cutting q at `cut`; returns the leaf. */
  private split(node: number, pi: number, q: number, cut: number, leafLeft: boolean): number {
    const hotI = this.hotI;
    const p = hotI[8 * node + H_PARENT];
    const br = this.alloc();
    const leaf = this.alloc();
    this.setLeaf(leaf, pi, 1, br);
    this.setCut(br, q, cut, p);
    if (leafLeft) this.setKids(br, leaf, node);
    else this.setKids(br, node, leaf);
    hotI[8 * node + H_PARENT] = br;
    this.setBranchFromChildren(br);
    if (p < 0) {
      this.root = br;
      return leaf;
    }
    hotI[8 * p + (hotI[8 * p + H_LEFT] === node ? H_LEFT : H_RIGHT)] = br;
    this.updateUp(br, 1, true);
    return leaf;
  }

  /**
   * Removes one copy of store point `pi` (or of a point equal to it): the leaf loses one unit of mass, or
   * when it was the last copy, the leaf and its parent go and the sibling takes the parent's place (the
   * paper's DeletePoint). Boxes above are recomputed from their children.
   */
  delete(pi: number): void {
    const leaf = this.findLeaf(this.points, pi * this.dim);
    if (leaf < 0) throw new Error('rcf: delete() on an empty tree');
    this.deleteFrom(leaf, pi);
  }

  /**
   * `delete(pi)` when the caller knows the leaf holding the point (as `insert` returned it): no walk
   * down the tree. Throws unless `leaf` is a live leaf whose point equals point `pi`.
   */
  deleteFrom(leaf: number, pi: number): void {
    const d = this.dim;
    const x = this.points;
    const xo = pi * d;
    const hotI = this.hotI;
    const b = leaf * 2 * d;
    let holds = leaf >= 0 && leaf < this.slots && hotI[8 * leaf + H_CUT_DIM] < 0 && this.massOf(leaf) > 0;
    for (let j = 0; holds && j < d; j++) holds = this.box[b + 2 * j] === x[xo + j];
    if (!holds) throw new Error(`rcf: point ${pi} is not in the tree`);
    if (hotI[8 * leaf + H_MASS_L] > 1) {
      hotI[8 * leaf + H_MASS_L]--;
      this.updateUp(leaf, -1, false);
      return;
    }
    const p = hotI[8 * leaf + H_PARENT];
    if (p < 0) {
      this.root = -1;
      this.release(leaf);
      return;
    }
    const sib = hotI[8 * p + (hotI[8 * p + H_LEFT] === leaf ? H_RIGHT : H_LEFT)];
    const g = hotI[8 * p + H_PARENT];
    hotI[8 * sib + H_PARENT] = g;
    if (g < 0) {
      this.root = sib;
    } else {
      hotI[8 * g + (hotI[8 * g + H_LEFT] === p ? H_LEFT : H_RIGHT)] = sib;
    }
    // Released in the reverse order of split()'s allocations, so insert-then-delete restores the free list.
    this.release(leaf);
    this.release(p);
    if (g >= 0) this.updateUp(sib, -1, true);
  }
}
