import type { Random } from '../../util/random';
import type { DetectorStream } from '../detector';
import { expectedCoDisp } from './codisp';
import type { RcForest } from './forest';
import { RCF_TYPE, RCF_VALUE_LIMIT } from './params';
import { REJECTED, type TimeDecayReservoir } from './reservoir';
import type { RcTree } from './tree';

/** Rows `pushMany` scores tree by tree at a time (the store holds as many points more). */
const MAX_CHUNK = 256;

/** offer()'s rejection, as a local constant (V8 reads an imported binding through its module cell). */
const NOT_ADMITTED = REJECTED;

/**
 * A streaming Random Cut Forest for one entity's rows, one at a time: a private copy of the fitted trees
 * and reservoirs and the entity's last `shingleSize` rows. Each row's shingle is scored (mean expected
 * CoDisp over the trees as they stand), then offered to every tree's reservoir and inserted when
 * admitted, the evicted point deleted first: the steps `scoreStream` takes for the same rows, with the
 * same generators, so the scores are the same.
 *
 * Memory stays bounded however many rows stream by: a point's slot in the store is reused once no
 * reservoir holds it, so the store never exceeds numTrees x sampleSize points (+ the rows being scored:
 * one, or up to 256 for `pushMany`).
 * A leaf keeps the box of its point, so a leaf whose point label went stale (a copy of its point left
 * the reservoir while another copy stayed) still scores and deletes by value.
 */
export class ForestStream implements DetectorStream {
  private readonly dim: number;
  private readonly trees: RcTree[];
  private readonly reservoirs: TimeDecayReservoir[];
  private readonly maxSlots: number;
  private store: Float64Array;
  /** Per slot: reservoir entries (over all trees) holding it. */
  private refs: Int32Array;
  /** Free slots (a stack), as long as the store. */
  private free: Int32Array;
  private freeTop = 0;
  private readonly recent: Float64Array;
  private seen = 0;
  private slotBuf = new Int32Array(0);
  /** `push`'s row and score, as a chunk of one. */
  private readonly row: Float64Array;
  private readonly one = new Float64Array(1);
  private seq: number;

  constructor(
    fitted: RcForest,
    private readonly cols: number,
    private readonly shingleSize: number,
    private readonly rngs: readonly Random[],
    sampleSize: number,
  ) {
    const { dim } = fitted;
    const reservoirs = fitted.reservoirs;
    if (!reservoirs) throw new Error('rcf: a streaming scorer needs a forest fitted with update stream');
    this.dim = dim;
    const base = fitted.points.length / dim;
    this.maxSlots = Math.max(base, fitted.trees.length * sampleSize + 1);
    this.store = fitted.points.slice();
    this.trees = fitted.trees.map((t) => {
      const copy = t.clone();
      copy.points = this.store;
      return copy;
    });
    this.reservoirs = reservoirs.map((r) => r.clone());
    this.refs = new Int32Array(base);
    for (const r of this.reservoirs) for (let k = 0; k < r.size; k++) this.refs[r.point[k]]++;
    this.free = new Int32Array(base);
    for (let p = base - 1; p >= 0; p--) if (this.refs[p] === 0) this.free[this.freeTop++] = p;
    this.recent = new Float64Array(shingleSize * cols);
    this.row = new Float64Array(cols);
    this.seq = fitted.clock;
  }

  /** Points the store has room for now (at most numTrees x sampleSize + the rows of a chunk). */
  get capacity(): number {
    return this.store.length / this.dim;
  }

  push(x: ArrayLike<number>): number {
    const row = this.row;
    for (let j = 0; j < this.cols; j++) row[j] = x[j];
    this.pushChunk(row, 1, this.one);
    return this.one[0];
  }

  /**
   * `count` rows at once (x: count x cols, row-major), their scores into out[0 .. count): the scores
   * `count` calls of `push` give, tree by tree instead of row by row. A tree (its records, boxes and
   * reservoir, about 40 KB at 256 points in dimension 4) then stays in cache for the whole chunk instead
   * of being fetched again for every row: about 1.4 times the rows per second of `push` on the NAB
   * values (tests/bench/rcf-online.ts). Trees never interact, and each tree sees the rows in order with
   * its own generator, so nothing else changes.
   */
  pushMany(x: Float64Array, count: number, _t: Float64Array, out: Float64Array): void {
    for (let r = 0; r < count; r += MAX_CHUNK) {
      const n = Math.min(MAX_CHUNK, count - r);
      this.pushChunk(x.subarray(r * this.cols, (r + n) * this.cols), n, out.subarray(r, r + n));
    }
  }

  private pushChunk(x: Float64Array, count: number, out: Float64Array): void {
    this.check(x, count);
    const { cols, shingleSize: size, dim, recent, trees, reservoirs, rngs } = this;
    // The chunk's points first, each in a slot of its own, held (one extra reference) until the chunk
    // is done: a point evicted again within the chunk must keep its slot for the trees after.
    const slots = this.chunkSlots(count);
    for (let r = 0; r < count; r++) {
      const k = this.seen++;
      const at = (k % size) * cols;
      for (let j = 0; j < cols; j++) recent[at + j] = x[r * cols + j];
      const slot = this.alloc(this.maxSlots + count - 1);
      slots[r] = slot;
      this.refs[slot]++;
      const store = this.store;
      const o = slot * dim;
      for (let m = 0; m < size; m++) {
        const src = (Math.max(0, k - size + 1 + m) % size) * cols;
        for (let j = 0; j < cols; j++) store[o + m * cols + j] = recent[src + j];
      }
    }
    const store = this.store;
    const refs = this.refs;
    out.fill(0, 0, count);
    for (let t = 0; t < trees.length; t++) {
      const tree = trees[t];
      const reservoir = reservoirs[t];
      const rng = rngs[t];
      for (let r = 0; r < count; r++) {
        const slot = slots[r];
        out[r] += expectedCoDisp(tree, store, slot * dim);
        const evicted = reservoir.offer(slot, this.seq + r, rng);
        if (evicted === NOT_ADMITTED) continue;
        if (evicted >= 0) {
          tree.deleteFrom(reservoir.evictedTag, evicted);
          if (--refs[evicted] === 0) this.free[this.freeTop++] = evicted;
        }
        reservoir.tagLast(tree.insert(slot, rng));
        refs[slot]++;
      }
    }
    this.seq += count;
    for (let r = 0; r < count; r++) {
      const slot = slots[r];
      if (--refs[slot] === 0) this.free[this.freeTop++] = slot;
      out[r] /= trees.length;
    }
  }

  /** Refuses rows whose values the forest cannot take (see RCF_VALUE_LIMIT), before any state changes. */
  private check(x: Float64Array, count: number): void {
    const cols = this.cols;
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < cols; j++) {
        const v = x[r * cols + j];
        if (!(Math.abs(v) <= RCF_VALUE_LIMIT)) {
          throw new Error(
            `${RCF_TYPE}: the entity's row ${this.seen + r} has ${v} in column ${j}, beyond ±${RCF_VALUE_LIMIT}; ` +
              'rescale the metric (its sums would overflow)',
          );
        }
      }
    }
  }

  /** A scratch array for a chunk's slots. */
  private chunkSlots(count: number): Int32Array {
    if (this.slotBuf.length < count) this.slotBuf = new Int32Array(count);
    return this.slotBuf;
  }

  /** A free slot of the store, growing the store (up to `limit` slots) when none is free. */
  private alloc(limit: number): number {
    if (this.freeTop === 0) {
      const cap = this.store.length / this.dim;
      const grown = Math.min(limit, Math.max(2 * cap, 64));
      if (grown <= cap) throw new Error('rcf: streaming point store exhausted');
      const store = new Float64Array(grown * this.dim);
      store.set(this.store);
      const refs = new Int32Array(grown);
      refs.set(this.refs);
      this.store = store;
      this.refs = refs;
      this.free = new Int32Array(grown);
      for (const tree of this.trees) tree.points = store;
      for (let p = grown - 1; p >= cap; p--) this.free[this.freeTop++] = p;
    }
    return this.free[--this.freeTop];
  }
}
