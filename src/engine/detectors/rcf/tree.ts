import type { Random } from '../../util/random';

// The record layout. Used here through non-exported constants: V8 reads an exported (or imported) module
// binding through its module cell at every use, and the loops below index records at every step
// (a streamed row ran about 1.08 times faster with local constants than with imported ones).
const R_HOT = 4;
const R_CUT_DIM = 2;
const R_LEFT = 3;
const R_RIGHT = 4;
const R_MASS_L = 5;
const R_MASS_R = 6;
const R_PARENT = 7;

/** Doubles per branch in `RcTree.hot`. */
export const HOT = R_HOT;
/**
 * Int32 offsets in a branch's hot record (8 int32, `HOT` doubles; int32 0-1 hold the cut value). A
 * branch holds its children's masses, so that the walk down reads no other record than the branches on
 * its path (the CoDisp ratio of a child c with sibling s is |s| / (|c| + 1)).
 */
export const H_CUT_DIM = R_CUT_DIM;
export const H_LEFT = R_LEFT;
export const H_RIGHT = R_RIGHT;
export const H_MASS_L = R_MASS_L;
export const H_MASS_R = R_MASS_R;
export const H_PARENT = R_PARENT;

/**
 * A robust random cut tree (Guha, Mishra, Roy and Schrijvers, ICML 2016) over points held in a shared
 * store (`points`, `dim` values per point, referenced by index), kept in typed arrays so that a tree can
 * be cloned cheaply and updated in place when it streams.
 *
 * Every node carries its bounding box; a leaf holds one distinct point, its box being that point, and
 * its mass counts the copies of that point in the tree (rrcf merges duplicates the same way). A branch's
 * mass is the sum of its children's. A point goes left at a branch when `x[cutDim] <= cutValue`.
 *
 * Node numbers: branches are 0 .. maxLeaves - 2, leaves `firstLeaf` = maxLeaves - 1 and up, so a walk
 * down knows a leaf by its number alone. Branches are records: in `hot` (a Float64Array and an Int32Array
 * view of one buffer), `HOT` doubles each, all that the walk down and the mass updates up read (cut
 * value, cut dimension, children, the children's masses, parent); in `box`, 2 dim doubles each (lo_0,
 * hi_0, lo_1, hi_1, ...). A leaf has its point's values in `leafX` (dim doubles, kept even when the store
 * slot it came from is reused) and its mass and parent in `leafI`. A box's span (sum over dimensions of
 * hi - lo) is summed where needed, in the same order everywhere, so it is always the same number.
 *
 * Why records: a streaming forest walks its 100 trees once per row, and they do not stay in cache. With
 * one array per field, each node on a walk cost a cache line per field; with leaves out of the hot
 * records, the trees' hot part (8 KB a tree at 256 points) mostly stays in a core's cache. Together
 * about 1.5 times faster per streamed row (tests/bench/rcf-online.ts and an A/B of the two layouts).
 */
export class RcTree {
  readonly dim: number;
  /** Most distinct points the tree can hold (its reservoir's capacity). */
  readonly maxLeaves: number;
  /** The first leaf's number (= the number of branch slots, maxLeaves - 1). */
  readonly firstLeaf: number;
  /** Node numbers: 2 maxLeaves - 1 (branches, then leaves). */
  readonly slots: number;
  points: Float64Array;
  /** Per branch: the cut value, then int32 fields at the H_ offsets. */
  readonly hot: Float64Array;
  readonly hotI: Int32Array;
  /** Per branch: lo_0, hi_0, lo_1, hi_1, ... */
  readonly box: Float64Array;
  /** Per leaf (number - firstLeaf): its point's values. */
  readonly leafX: Float64Array;
  /** Per leaf: mass, parent. */
  readonly leafI: Int32Array;
  /** Per leaf: its point's index in the store. */
  readonly leafPoint: Int32Array;
  root: number;
  private readonly freeBranches: Int32Array;
  private freeBranchTop: number;
  private readonly freeLeaves: Int32Array;
  private freeLeafTop: number;

  /** An empty tree, or with `from`, a deep copy of that tree (sharing its point store). */
  constructor(dim: number, maxLeaves: number, points: Float64Array, from?: RcTree) {
    const branches = maxLeaves - 1;
    this.dim = dim;
    this.maxLeaves = maxLeaves;
    this.firstLeaf = branches;
    this.slots = branches + maxLeaves;
    this.points = points;
    this.hot = from ? from.hot.slice() : new Float64Array(branches * R_HOT);
    this.hotI = new Int32Array(this.hot.buffer);
    this.box = from ? from.box.slice() : new Float64Array(branches * 2 * dim);
    this.leafX = from ? from.leafX.slice() : new Float64Array(maxLeaves * dim);
    this.leafI = from ? from.leafI.slice() : new Int32Array(2 * maxLeaves);
    this.leafPoint = from ? from.leafPoint.slice() : new Int32Array(maxLeaves);
    this.root = from ? from.root : -1;
    if (from) {
      this.freeBranches = from.freeBranches.slice();
      this.freeBranchTop = from.freeBranchTop;
      this.freeLeaves = from.freeLeaves.slice();
      this.freeLeafTop = from.freeLeafTop;
    } else {
      // Lowest numbers on top, so a fresh tree fills them in order (pre-order for a batch-built tree).
      this.freeBranches = new Int32Array(branches);
      for (let k = 0; k < branches; k++) this.freeBranches[k] = branches - 1 - k;
      this.freeBranchTop = branches;
      this.freeLeaves = new Int32Array(maxLeaves);
      for (let k = 0; k < maxLeaves; k++) this.freeLeaves[k] = branches + maxLeaves - 1 - k;
      this.freeLeafTop = maxLeaves;
    }
  }

  /** Number of points in the tree, duplicates included. */
  get size(): number {
    return this.root < 0 ? 0 : this.massOf(this.root);
  }

  /** Number of live nodes. */
  get nodeCount(): number {
    return this.slots - this.freeBranchTop - this.freeLeafTop;
  }

  /** A deep copy sharing the same point store. */
  clone(): RcTree {
    return new RcTree(this.dim, this.maxLeaves, this.points, this);
  }

  /** True when the node number is a leaf's. */
  isLeaf(node: number): boolean {
    return node >= this.firstLeaf;
  }

  /** Cut dimension of a branch; -1 on a leaf. */
  cutDimOf(node: number): number {
    return node >= this.firstLeaf ? -1 : this.hotI[8 * node + R_CUT_DIM];
  }

  /** Cut value of a branch (x <= cut goes left); 0 on a leaf. */
  cutValueOf(node: number): number {
    return node >= this.firstLeaf ? 0 : this.hot[R_HOT * node];
  }

  /** A branch's left (side 0, x <= cut) or right (side 1) child; -1 on a leaf. */
  kid(node: number, side: 0 | 1): number {
    return node >= this.firstLeaf ? -1 : this.hotI[8 * node + R_LEFT + side];
  }

  /** Points under the node, copies included. */
  massOf(node: number): number {
    if (node >= this.firstLeaf) return this.leafI[2 * (node - this.firstLeaf)];
    return this.hotI[8 * node + R_MASS_L] + this.hotI[8 * node + R_MASS_R];
  }

  /** |sibling| / (|node| + 1), the CoDisp ratio of a point inserted under this node; 0 at the root. */
  ratioOf(node: number): number {
    const p = this.parentOf(node);
    if (p < 0) return 0;
    const side = this.kid(p, 0) === node ? 0 : 1;
    return this.hotI[8 * p + R_MASS_R - side] / (this.hotI[8 * p + R_MASS_L + side] + 1);
  }

  /** The parent; -1 at the root. */
  parentOf(node: number): number {
    if (node >= this.firstLeaf) return this.leafI[2 * (node - this.firstLeaf) + 1];
    return this.hotI[8 * node + R_PARENT];
  }

  /** A leaf's point index in the store; -1 on a branch. */
  pointOf(node: number): number {
    return node >= this.firstLeaf ? this.leafPoint[node - this.firstLeaf] : -1;
  }

  /** Low (0) or high (1) end of the node's box along dimension j. */
  boxEnd(node: number, j: number, end: 0 | 1): number {
    if (node >= this.firstLeaf) return this.leafX[(node - this.firstLeaf) * this.dim + j];
    return this.box[2 * this.dim * node + 2 * j + end];
  }

  /** Sum over dimensions of the box's hi - lo. */
  spanOf(node: number): number {
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += this.boxEnd(node, j, 1) - this.boxEnd(node, j, 0);
    return s;
  }

  private setParent(node: number, parent: number): void {
    if (node >= this.firstLeaf) this.leafI[2 * (node - this.firstLeaf) + 1] = parent;
    else this.hotI[8 * node + R_PARENT] = parent;
  }

  /** Takes a branch number off the free list. */
  allocBranch(): number {
    if (this.freeBranchTop === 0) {
      throw new Error('rcf: tree node storage exhausted (more distinct points than capacity)');
    }
    return this.freeBranches[--this.freeBranchTop];
  }

  /** Takes a leaf number off the free list. */
  allocLeaf(): number {
    if (this.freeLeafTop === 0) {
      throw new Error('rcf: tree node storage exhausted (more distinct points than capacity)');
    }
    return this.freeLeaves[--this.freeLeafTop];
  }

  private release(node: number): void {
    if (node >= this.firstLeaf) this.freeLeaves[this.freeLeafTop++] = node;
    else this.freeBranches[this.freeBranchTop++] = node;
  }

  /** Makes leaf number `node` hold point `pi` with the given multiplicity. */
  setLeaf(node: number, pi: number, count: number, parent: number): void {
    const d = this.dim;
    const l = node - this.firstLeaf;
    for (let j = 0; j < d; j++) this.leafX[l * d + j] = this.points[pi * d + j];
    this.leafI[2 * l] = count;
    this.leafI[2 * l + 1] = parent;
    this.leafPoint[l] = pi;
  }

  /** Makes branch `node` cut dimension q at `cut` (children, masses and box to be set). */
  setCut(node: number, q: number, cut: number, parent: number): void {
    this.hot[R_HOT * node] = cut;
    this.hotI[8 * node + R_CUT_DIM] = q;
    this.hotI[8 * node + R_PARENT] = parent;
  }

  /** Sets a branch's children, their masses as it records them, and its box from theirs. */
  setKids(node: number, left: number, right: number): void {
    const h = 8 * node;
    this.hotI[h + R_LEFT] = left;
    this.hotI[h + R_RIGHT] = right;
    this.hotI[h + R_MASS_L] = this.massOf(left);
    this.hotI[h + R_MASS_R] = this.massOf(right);
    this.unionBox(node);
  }

  /**
   * Adds `delta` to the mass of every ancestor of `node` (as their parents record it). With `xo` >= 0,
   * the point at offset `xo` of the store was inserted (delta 1) or deleted (delta -1) below `node`, and
   * the ancestors' boxes are brought up to date, up to the first that does not change (those above it
   * cannot either).
   */
  private updateUp(node: number, delta: number, xo = -1): void {
    const hotI = this.hotI;
    let boxes = xo >= 0;
    for (let a = node, p = this.parentOf(node); p >= 0; a = p, p = hotI[8 * p + R_PARENT]) {
      hotI[8 * p + (hotI[8 * p + R_LEFT] === a ? R_MASS_L : R_MASS_R)] += delta;
      if (boxes) boxes = delta > 0 ? this.growBox(p, xo) : this.shrinkBox(p, xo);
    }
  }

  /**
   * After an insertion below branch `node` of the point at offset `xo`: the union of the children's boxes
   * is the old box and the point, so the box takes the point in (min and max are exact: the same numbers
   * as the union, without reading the children). Returns true when it changed.
   */
  private growBox(node: number, xo: number): boolean {
    const { dim: d, box, points: x } = this;
    const b = node * 2 * d;
    let changed = false;
    for (let j = 0; j < d; j++) {
      const v = x[xo + j];
      if (v < box[b + 2 * j]) {
        box[b + 2 * j] = v;
        changed = true;
      } else if (v > box[b + 2 * j + 1]) {
        box[b + 2 * j + 1] = v;
        changed = true;
      }
    }
    return changed;
  }

  /**
   * After a deletion below branch `node` of (a copy of) the point at offset `xo`: a point strictly inside
   * the box along every dimension was no extreme of it, so the box stands as it is; otherwise it is
   * recomputed from the children. Returns true when it changed.
   */
  private shrinkBox(node: number, xo: number): boolean {
    const { dim: d, box, points: x } = this;
    const b = node * 2 * d;
    for (let j = 0; j < d; j++) {
      const v = x[xo + j];
      if (!(v > box[b + 2 * j] && v < box[b + 2 * j + 1])) return this.unionBox(node);
    }
    return false;
  }

  /** A branch's box = the union of its children's; returns true when it changed. */
  private unionBox(node: number): boolean {
    const { dim: d, box, leafX, firstLeaf: fl } = this;
    const a = this.hotI[8 * node + R_LEFT];
    const c = this.hotI[8 * node + R_RIGHT];
    // A child's lo and hi along dimension j are at arr[o + s j] and arr[o + s j + h]: a branch's box
    // (s = 2, h = 1) or a leaf's point (s = 1, h = 0).
    const aLeaf = a >= fl;
    const A = aLeaf ? leafX : box;
    const ao = aLeaf ? (a - fl) * d : a * 2 * d;
    const as = aLeaf ? 1 : 2;
    const ah = aLeaf ? 0 : 1;
    const cLeaf = c >= fl;
    const C = cLeaf ? leafX : box;
    const co = cLeaf ? (c - fl) * d : c * 2 * d;
    const cs = cLeaf ? 1 : 2;
    const ch = cLeaf ? 0 : 1;
    const nb = node * 2 * d;
    let changed = false;
    for (let j = 0; j < d; j++) {
      const lo = Math.min(A[ao + as * j], C[co + cs * j]);
      const hi = Math.max(A[ao + as * j + ah], C[co + cs * j + ch]);
      if (lo !== box[nb + 2 * j] || hi !== box[nb + 2 * j + 1]) changed = true;
      box[nb + 2 * j] = lo;
      box[nb + 2 * j + 1] = hi;
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
    const lo = this.rangeLo;
    const hi = this.rangeHi;
    let s = 0;
    for (let j = 0; j < d; j++) {
      let l = Infinity;
      let h = -Infinity;
      for (let k = start; k < end; k++) {
        const v = P[idx[k] * d + j];
        if (v < l) l = v;
        if (v > h) h = v;
      }
      lo[j] = l;
      hi[j] = h;
      s += h - l;
    }
    if (end - start === 1 || s === 0) {
      const leaf = this.allocLeaf();
      this.setLeaf(leaf, idx[start], end - start, parent);
      return leaf;
    }
    const node = this.allocBranch();
    let r = rng.next() * s;
    let q = -1;
    let cut = 0;
    for (let j = 0; j < d; j++) {
      const w = hi[j] - lo[j];
      if (w <= 0) continue;
      q = j;
      if (r < w) {
        cut = lo[j] + r;
        break;
      }
      r -= w;
      cut = lo[j]; // rounding ran past the last span: cut at its low end
    }
    // lo <= cut < hi keeps both sides non-empty.
    if (cut >= hi[q]) cut = lo[q];
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
    return node;
  }

  private get rangeLo(): Float64Array {
    if (rangeBuf.length < 2 * this.dim) rangeBuf = new Float64Array(2 * this.dim);
    return rangeBuf.subarray(0, this.dim);
  }

  private get rangeHi(): Float64Array {
    return rangeBuf.subarray(this.dim, 2 * this.dim);
  }

  /** The leaf whose region holds the point at offset `xo` of `x` (found by following the cuts). */
  findLeaf(x: Float64Array, xo: number): number {
    const { hot, hotI, firstLeaf: fl } = this;
    let node = this.root;
    if (node < 0) return -1;
    while (node < fl) {
      node = hotI[8 * node + (x[xo + hotI[8 * node + R_CUT_DIM]] > hot[R_HOT * node] ? R_RIGHT : R_LEFT)];
    }
    return node;
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
      this.root = this.allocLeaf();
      this.setLeaf(this.root, pi, 1, -1);
      return this.root;
    }
    const { hot, hotI, box, leafX, firstLeaf: fl } = this;
    let node = this.startOfInsert(x, xo);
    for (;;) {
      const isLeaf = node >= fl;
      // The node's lo and hi along j at B[o + s j] and B[o + s j + h] (see unionBox).
      const B = isLeaf ? leafX : box;
      const o = isLeaf ? (node - fl) * d : node * 2 * d;
      const s = isLeaf ? 1 : 2;
      const h = isLeaf ? 0 : 1;
      let out = 0;
      let span = 0;
      if (d === 4 && !isLeaf) {
        // A branch in dimension 4 (the online default): the same sums unrolled; a streamed row ran
        // about 1.03 times faster.
        const l0 = box[o];
        const h0 = box[o + 1];
        const l1 = box[o + 2];
        const h1 = box[o + 3];
        const l2 = box[o + 4];
        const h2 = box[o + 5];
        const l3 = box[o + 6];
        const h3 = box[o + 7];
        const v0 = x[xo];
        const v1 = x[xo + 1];
        const v2 = x[xo + 2];
        const v3 = x[xo + 3];
        if (l0 - v0 > 0) out += l0 - v0;
        else if (v0 - h0 > 0) out += v0 - h0;
        if (l1 - v1 > 0) out += l1 - v1;
        else if (v1 - h1 > 0) out += v1 - h1;
        if (l2 - v2 > 0) out += l2 - v2;
        else if (v2 - h2 > 0) out += v2 - h2;
        if (l3 - v3 > 0) out += l3 - v3;
        else if (v3 - h3 > 0) out += v3 - h3;
        span = 0 + (h0 - l0) + (h1 - l1) + (h2 - l2) + (h3 - l3);
      } else {
        for (let j = 0; j < d; j++) {
          const v = x[xo + j];
          const lo = B[o + s * j];
          const hi = B[o + s * j + h];
          const below = lo - v;
          const above = v - hi;
          if (below > 0) out += below;
          else if (above > 0) out += above;
          span += hi - lo;
        }
      }
      if (out > 0) {
        let t = rng.next() * (span + out);
        if (t < out) {
          // The cut falls in the part of the grown box outside the node's box: locate it there.
          let cq = -1;
          let cut = 0;
          let leafLeft = false;
          for (let j = 0; j < d; j++) {
            const v = x[xo + j];
            const lo = B[o + s * j];
            const hi = B[o + s * j + h];
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
      } else if (isLeaf) {
        this.leafI[2 * (node - fl)]++;
        this.updateUp(node, 1);
        return node;
      }
      node = hotI[8 * node + (x[xo + hotI[8 * node + R_CUT_DIM]] > hot[R_HOT * node] ? R_RIGHT : R_LEFT)];
    }
  }

  /**
   * Where insert's walk can start for the point at offset `xo` of `x`: the highest node on the point's
   * path down whose parent's box holds the point. Above it the grown boxes are the boxes themselves, so
   * the walk would draw nothing and only follow the cuts; boxes shrink down the path, so those nodes are
   * found from the bottom up: about 3 boxes read instead of one per level (a streamed row of the online
   * forest ran about 1.05 times faster, every score the same).
   */
  private startOfInsert(x: Float64Array, xo: number): number {
    const { hot, hotI, box, dim: d, firstLeaf: fl } = this;
    const path = insertPath.length < this.slots ? (insertPath = new Int32Array(this.slots)) : insertPath;
    let node = this.root;
    let depth = 0;
    while (node < fl) {
      path[depth++] = node;
      node = hotI[8 * node + 3 + (((x[xo + hotI[8 * node + 2]] > hot[4 * node]) as unknown as number) | 0)];
    }
    let k = depth - 1;
    for (; k >= 0; k--) {
      const b = path[k] * 2 * d;
      let inside = true;
      for (let j = 0; j < d; j++) {
        const v = x[xo + j];
        if (v < box[b + 2 * j] || v > box[b + 2 * j + 1]) {
          inside = false;
          break;
        }
      }
      if (inside) break;
    }
    // path[k] holds the point (or k = -1: the root does not): start below it.
    return k < 0 ? this.root : k + 1 < depth ? path[k + 1] : node;
  }

  /** Puts a new leaf holding `pi` beside `node`, under a new branch cutting q at `cut`; returns the leaf. */
  private split(node: number, pi: number, q: number, cut: number, leafLeft: boolean): number {
    const hotI = this.hotI;
    const p = this.parentOf(node);
    const br = this.allocBranch();
    const leaf = this.allocLeaf();
    this.setLeaf(leaf, pi, 1, br);
    this.setCut(br, q, cut, p);
    this.setParent(node, br);
    if (leafLeft) this.setKids(br, leaf, node);
    else this.setKids(br, node, leaf);
    if (p < 0) {
      this.root = br;
      return leaf;
    }
    hotI[8 * p + (hotI[8 * p + R_LEFT] === node ? R_LEFT : R_RIGHT)] = br;
    this.updateUp(br, 1, pi * this.dim);
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
    const { hotI, leafI, firstLeaf: fl } = this;
    const l = leaf - fl;
    let holds = l >= 0 && l < this.maxLeaves && leafI[2 * l] > 0;
    for (let j = 0; holds && j < d; j++) holds = this.leafX[l * d + j] === x[xo + j];
    if (!holds) throw new Error(`rcf: point ${pi} is not in the tree`);
    if (leafI[2 * l] > 1) {
      leafI[2 * l]--;
      this.updateUp(leaf, -1);
      return;
    }
    leafI[2 * l] = 0;
    const p = leafI[2 * l + 1];
    if (p < 0) {
      this.root = -1;
      this.release(leaf);
      return;
    }
    const sib = hotI[8 * p + (hotI[8 * p + R_LEFT] === leaf ? R_RIGHT : R_LEFT)];
    const g = hotI[8 * p + R_PARENT];
    this.setParent(sib, g);
    if (g < 0) {
      this.root = sib;
    } else {
      hotI[8 * g + (hotI[8 * g + R_LEFT] === p ? R_LEFT : R_RIGHT)] = sib;
    }
    // Released in the reverse order of split()'s allocations, so insert-then-delete restores the free lists.
    this.release(leaf);
    this.release(p);
    if (g >= 0) this.updateUp(sib, -1, xo);
  }
}

/** startOfInsert's path down, shared by every tree. */
let insertPath = new Int32Array(0);

/** buildRange's box of the current range (lo then hi), shared by every tree. */
let rangeBuf = new Float64Array(0);
