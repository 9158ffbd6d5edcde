import type { Random } from '../../util/random';

/**
 * A robust random cut tree (Guha, Mishra, Roy and Schrijvers, ICML 2016) over points held in a shared
 * store (`points`, `dim` values per point, referenced by index), kept as typed arrays so that a tree can
 * be cloned cheaply and updated in place when it streams.
 *
 * Every node carries its bounding box (interleaved lo/hi per dimension) and the box's total span; a leaf
 * holds one distinct point, its box being that point, and its mass counts the copies of that point in the
 * tree (rrcf merges duplicates the same way). A branch's mass is the sum of its children's. A point goes
 * left at a branch when `x[cutDim] <= cutValue`.
 */
export class RcTree {
  readonly dim: number;
  /** Most distinct points the tree can hold (its reservoir's capacity). */
  readonly maxLeaves: number;
  points: Float64Array;
  /** Cut dimension; -1 marks a leaf. */
  cutDim: Int32Array;
  cutValue: Float64Array;
  /** Children: kids[2 n] (x <= cut) and kids[2 n + 1]; -1 on a leaf. */
  kids: Int32Array;
  parent: Int32Array;
  mass: Int32Array;
  /** A leaf's point index in the store (-1 on branches). */
  point: Int32Array;
  /** Per node 2 * dim values: lo_0, hi_0, lo_1, hi_1, ... */
  box: Float64Array;
  /** Per node: sum over dimensions of hi - lo. */
  span: Float64Array;
  /**
   * Per node below the root: |sibling| / (|node| + 1), the CoDisp ratio of a point inserted under this
   * node (kept up to date so that scoring does no division); 0 at the root.
   */
  ratio: Float64Array;
  root: number;
  private free: Int32Array;
  private freeTop: number;

  /** An empty tree, or with `from`, a deep copy of that tree (sharing its point store). */
  constructor(dim: number, maxLeaves: number, points: Float64Array, from?: RcTree) {
    const cap = 2 * maxLeaves - 1;
    this.dim = dim;
    this.maxLeaves = maxLeaves;
    this.points = points;
    this.cutDim = from ? from.cutDim.slice() : new Int32Array(cap);
    this.cutValue = from ? from.cutValue.slice() : new Float64Array(cap);
    this.kids = from ? from.kids.slice() : new Int32Array(2 * cap);
    this.parent = from ? from.parent.slice() : new Int32Array(cap);
    this.mass = from ? from.mass.slice() : new Int32Array(cap);
    this.point = from ? from.point.slice() : new Int32Array(cap);
    this.box = from ? from.box.slice() : new Float64Array(cap * 2 * dim);
    this.span = from ? from.span.slice() : new Float64Array(cap);
    this.ratio = from ? from.ratio.slice() : new Float64Array(cap);
    this.root = from ? from.root : -1;
    if (from) {
      this.free = from.free.slice();
      this.freeTop = from.freeTop;
    } else {
      // Slot 0 on top, so a fresh tree fills its slots in order (pre-order for a batch-built tree).
      this.free = new Int32Array(cap);
      for (let k = 0; k < cap; k++) this.free[k] = cap - 1 - k;
      this.freeTop = cap;
    }
  }

  /** Number of points in the tree, duplicates included. */
  get size(): number {
    return this.root < 0 ? 0 : this.mass[this.root];
  }

  /** Number of live nodes. */
  get nodeCount(): number {
    return this.cutDim.length - this.freeTop;
  }

  /** A deep copy sharing the same point store. */
  clone(): RcTree {
    return new RcTree(this.dim, this.maxLeaves, this.points, this);
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
    const b = node * 2 * d;
    const xo = pi * d;
    for (let j = 0; j < d; j++) {
      const v = this.points[xo + j];
      this.box[b + 2 * j] = v;
      this.box[b + 2 * j + 1] = v;
    }
    this.cutDim[node] = -1;
    this.cutValue[node] = 0;
    this.kids[2 * node] = -1;
    this.kids[2 * node + 1] = -1;
    this.parent[node] = parent;
    this.mass[node] = count;
    this.point[node] = pi;
    this.span[node] = 0;
    this.ratio[node] = 0;
  }

  /** Sets a branch's mass, box and span, and its children's ratios, from its two children. */
  setBranchFromChildren(node: number): void {
    const l = this.kids[2 * node];
    const r = this.kids[2 * node + 1];
    this.mass[node] = this.mass[l] + this.mass[r];
    this.setRatios(node);
    this.unionBox(node, l, r);
  }

  private setRatios(node: number): void {
    const l = this.kids[2 * node];
    const r = this.kids[2 * node + 1];
    this.ratio[l] = this.mass[r] / (this.mass[l] + 1);
    this.ratio[r] = this.mass[l] / (this.mass[r] + 1);
  }

  /** Adds `delta` to the masses from `node` up to the root, refreshing the ratios on the way. */
  private addMassUp(node: number, delta: number): void {
    for (let a = node; a >= 0; a = this.parent[a]) {
      this.mass[a] += delta;
      const p = this.parent[a];
      if (p >= 0) this.setRatios(p);
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
    let s = 0;
    for (let j = 0; j < w; j += 2) {
      const lo = Math.min(box[ab + j], box[cb + j]);
      const hi = Math.max(box[ab + j + 1], box[cb + j + 1]);
      if (lo !== box[nb + j] || hi !== box[nb + j + 1]) changed = true;
      box[nb + j] = lo;
      box[nb + j + 1] = hi;
      s += hi - lo;
    }
    this.span[node] = s;
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
    this.cutDim[node] = q;
    this.cutValue[node] = cut;
    this.parent[node] = parent;
    this.point[node] = -1;
    this.span[node] = s;
    this.mass[node] = end - start;
    this.kids[2 * node] = this.buildRange(idx, start, i, node, rng);
    this.kids[2 * node + 1] = this.buildRange(idx, i, end, node, rng);
    this.setRatios(node);
    return node;
  }

  /** The leaf whose region holds the point at offset `xo` of `x` (found by following the cuts). */
  findLeaf(x: Float64Array, xo: number): number {
    let node = this.root;
    if (node < 0) return -1;
    while (this.cutDim[node] >= 0) {
      node = this.kids[2 * node + +(x[xo + this.cutDim[node]] > this.cutValue[node])];
    }
    return node;
  }

  /**
   * Inserts store point `pi` by the paper's InsertPoint: at each node on its way down, a cut drawn
   * uniformly over the spans of the box grown to include the point separates it from the node with
   * probability (growth of the span) / (grown span); the point then becomes the node's sibling under a new
   * branch at that cut. Otherwise it follows the node's cut. A copy of an existing point only raises the
   * leaf's mass. The resulting tree is distributed as a tree built on the enlarged set (Theorem 3).
   */
  insert(pi: number, rng: Random): void {
    const d = this.dim;
    const x = this.points;
    const xo = pi * d;
    if (this.root < 0) {
      this.root = this.alloc();
      this.setLeaf(this.root, pi, 1, -1);
      return;
    }
    const box = this.box;
    let node = this.root;
    for (;;) {
      const b = node * 2 * d;
      let out = 0;
      for (let j = 0; j < d; j++) {
        const v = x[xo + j];
        const below = box[b + 2 * j] - v;
        const above = v - box[b + 2 * j + 1];
        if (below > 0) out += below;
        else if (above > 0) out += above;
      }
      if (out > 0) {
        let t = rng.next() * (this.span[node] + out);
        if (t < out) {
          // The cut falls in the part of the grown box outside the node's box: locate it there.
          let q = -1;
          let cut = 0;
          let leafLeft = false;
          for (let j = 0; j < d; j++) {
            const v = x[xo + j];
            const lo = box[b + 2 * j];
            const hi = box[b + 2 * j + 1];
            const gap = lo > v ? lo - v : v > hi ? v - hi : 0;
            if (gap <= 0) continue;
            q = j;
            leafLeft = v < lo;
            // v <= cut < lo (point left) or hi <= cut < v (point right); rounding falls back to the edge.
            cut = leafLeft ? v + Math.min(t, gap) : hi + Math.min(t, gap);
            if (leafLeft ? cut >= lo : cut >= v) cut = leafLeft ? v : hi;
            if (t < gap) break;
            t -= gap;
          }
          this.split(node, pi, q, cut, leafLeft);
          return;
        }
      } else if (this.cutDim[node] < 0) {
        this.addMassUp(node, 1);
        return;
      }
      node = this.kids[2 * node + +(x[xo + this.cutDim[node]] > this.cutValue[node])];
    }
  }

  private split(node: number, pi: number, q: number, cut: number, leafLeft: boolean): void {
    const p = this.parent[node];
    const br = this.alloc();
    const leaf = this.alloc();
    this.setLeaf(leaf, pi, 1, br);
    this.cutDim[br] = q;
    this.cutValue[br] = cut;
    this.point[br] = -1;
    this.kids[2 * br] = leafLeft ? leaf : node;
    this.kids[2 * br + 1] = leafLeft ? node : leaf;
    this.parent[br] = p;
    this.parent[node] = br;
    this.setBranchFromChildren(br);
    if (p < 0) {
      this.root = br;
      this.ratio[br] = 0;
      return;
    }
    this.kids[2 * p + +(this.kids[2 * p] !== node)] = br;
    this.setRatios(p);
    this.addMassUp(p, 1);
    for (let a = p; a >= 0; a = this.parent[a]) {
      if (!this.unionBox(a, this.kids[2 * a], this.kids[2 * a + 1])) break;
    }
  }

  /**
   * Removes one copy of store point `pi` (or of a point equal to it): the leaf loses one unit of mass, or
   * when it was the last copy, the leaf and its parent go and the sibling takes the parent's place (the
   * paper's DeletePoint). Boxes above are recomputed from their children.
   */
  delete(pi: number): void {
    const d = this.dim;
    const x = this.points;
    const xo = pi * d;
    const leaf = this.findLeaf(x, xo);
    if (leaf < 0) throw new Error('rcf: delete() on an empty tree');
    const b = leaf * 2 * d;
    for (let j = 0; j < d; j++) {
      if (this.box[b + 2 * j] !== x[xo + j]) throw new Error(`rcf: point ${pi} is not in the tree`);
    }
    if (this.mass[leaf] > 1) {
      this.addMassUp(leaf, -1);
      return;
    }
    const p = this.parent[leaf];
    if (p < 0) {
      this.root = -1;
      this.release(leaf);
      return;
    }
    const sib = this.kids[2 * p + +(this.kids[2 * p] === leaf)];
    const g = this.parent[p];
    this.parent[sib] = g;
    if (g < 0) {
      this.root = sib;
      this.ratio[sib] = 0;
    } else {
      this.kids[2 * g + +(this.kids[2 * g] !== p)] = sib;
    }
    // Released in the reverse order of split()'s allocations, so insert-then-delete restores the free list.
    this.release(leaf);
    this.release(p);
    if (g < 0) return;
    this.setRatios(g);
    this.addMassUp(g, -1);
    for (let a = g; a >= 0; a = this.parent[a]) {
      if (!this.unionBox(a, this.kids[2 * a], this.kids[2 * a + 1])) break;
    }
  }
}
