import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coDisp, expectedCoDisp } from '../../../../src/engine/detectors/rcf/codisp';
import { RcTree } from '../../../../src/engine/detectors/rcf/tree';
import { createRandom } from '../../../../src/engine/util/random';
import golden from '../golden/rrcf.json';
import { expectValidTree, leafMasses, snapshot, treeFrom } from './helpers';

/**
 * The hand-built tree of the CoDisp tests (2-D points A..E):
 *
 *            root: x0 <= 7              (mass 5)
 *           /                 \
 *     L: x0 <= 3 (4)          E (10,10)
 *      /          \
 *  LL: x0 <= 0.5 (2)   LR: x1 <= 2 (2)
 *   /     \             /      \
 * A (0,0) B (1,0)    C (5,0)  D (5,4)
 */
const PTS = [
  [0, 0],
  [1, 0],
  [5, 0],
  [5, 4],
  [10, 10],
];
const [A, B, C, D, E] = [0, 1, 2, 3, 4];
const handTree = (countA = 1): RcTree =>
  treeFrom(
    PTS,
    {
      cutDim: [0, 0, 0, -1, -1, 1, -1, -1, -1],
      cutValue: [7, 3, 0.5, 0, 0, 2, 0, 0, 0],
      leafPoint: [-1, -1, -1, A, B, -1, C, D, E],
      leafCount: [0, 0, 0, countA, 1, 0, 1, 1, 1],
    },
    6,
  ); // room for one more point
const leafOf = (t: RcTree, p: number): number => t.findLeaf(t.points, p * t.dim);
const at = (...x: number[]): [Float64Array, number] => [Float64Array.from(x), 0];

describe('rcf tree: CoDisp by hand', () => {
  it("matches rrcf's codisp (max over the path of |sibling| / |subtree|) on every leaf", () => {
    const t = handTree();
    expectValidTree(t);
    // A: B/A = 1/1; LL: LR/LL = 2/2; L: E/L = 1/4  -> 1
    expect(coDisp(t, leafOf(t, A))).toBe(1);
    expect(coDisp(t, leafOf(t, D))).toBe(1);
    // E: L/E = 4/1
    expect(coDisp(t, leafOf(t, E))).toBe(4);
    // With 3 copies of A: B/A = 1/3; LL (4): LR/LL = 2/4; L (6): E/L = 1/6  -> 0.5
    const t3 = handTree(3);
    expect(t3.massOf(t3.root)).toBe(7);
    expect(coDisp(t3, leafOf(t3, A))).toBe(0.5);
    expect(coDisp(t3, leafOf(t3, B))).toBe(3); // A/B = 3/1
  });

  it('gives the expected CoDisp of a new point over the insertion cut', () => {
    const t = handTree();
    // (10, 12): outside the root box [0,10]x[0,10] by 2 of a grown span of 22, so separated at the root
    // (CoDisp 5) with probability 2/22; otherwise it reaches leaf E and becomes its sibling:
    // max(|E| = 1, |L| / (|E| + 1) = 2) = 2.  2/22 * 5 + 20/22 * 2 = 50/22.
    expect(expectedCoDisp(t, ...at(10, 12))).toBeCloseTo(50 / 22, 14);
    // (4, 1): inside the root and L boxes; LR's box [5,5]x[0,4] (span 4) misses it by 1: separated there
    // with probability 1/5, CoDisp max(|LR| = 2, E/(L+1) = 0.2, LL/(LR+1) = 2/3) = 2; else it reaches C:
    // max(1, 0.2, 2/3, D/(C+1) = 0.5) = 1.  0.2 * 2 + 0.8 * 1 = 1.2.
    expect(expectedCoDisp(t, ...at(4, 1))).toBeCloseTo(1.2, 14);
    // A copy of B joins B's leaf: max(E/(L+1) = 1/5, LR/(LL+1) = 2/3, A/(B+1) = 1/2) = 2/3, as rrcf's
    // insert_point (count 2) then codisp gives.
    expect(expectedCoDisp(t, ...at(1, 0))).toBeCloseTo(2 / 3, 15);
  });

  it('agrees with a Monte Carlo of insert, codisp, delete on the hand-built tree', () => {
    const t = handTree();
    const before = snapshot(t);
    const rng = createRandom(5);
    const points = Float64Array.from([...PTS.flat(), 10, 12, 4, 1]);
    t.points = points;
    for (const [pi, expected] of [
      [5, 50 / 22],
      [6, 1.2],
    ]) {
      const trials = 20_000;
      let sum = 0;
      let sum2 = 0;
      for (let k = 0; k < trials; k++) {
        t.insert(pi, rng);
        const c = coDisp(t, leafOf(t, pi));
        sum += c;
        sum2 += c * c;
        t.delete(pi);
      }
      const mean = sum / trials;
      const se = Math.sqrt((sum2 / trials - mean * mean) / trials);
      expect(Math.abs(mean - expected), `point ${pi}`).toBeLessThan(4 * se + 1e-12);
    }
    expect(snapshot(t)).toEqual(before);
  });
});

describe('rcf tree: against rrcf (numpy port, golden/rrcf.json)', () => {
  const tree = treeFrom(golden.points, golden, golden.points.length);

  it('reads the exported tree and gives the same codisp on every leaf', () => {
    expectValidTree(tree);
    expect(tree.size).toBe(golden.leafCount.reduce((a, b) => a + b, 0));
    for (const { point, codisp } of golden.leafCodisp) {
      expect(coDisp(tree, leafOf(tree, point)), `leaf ${point}`).toBeCloseTo(codisp, 12);
    }
  });

  it("matches rrcf's mean codisp over 20,000 insertions of each query point (within 4 standard errors)", () => {
    for (const q of golden.queries) {
      const e = expectedCoDisp(tree, Float64Array.from(q.point), 0);
      expect(Math.abs(e - q.mean), JSON.stringify(q)).toBeLessThanOrEqual(4 * q.se + 1e-9);
    }
  });
});

/** n points in d dimensions on a coarse grid (so duplicates happen), from a seed. */
function gridPoints(seed: number, n: number, d: number): Float64Array {
  const rng = createRandom(seed);
  return Float64Array.from({ length: n * d }, () => rng.int(7) - 3 + (rng.next() < 0.3 ? 0.5 : 0));
}

function buildOn(points: Float64Array, d: number, n: number, seed: number, maxLeaves = n + 4): RcTree {
  const t = new RcTree(d, maxLeaves, points);
  t.build(
    Int32Array.from({ length: n }, (_, i) => i),
    createRandom(seed),
  );
  return t;
}

describe('rcf tree: construction', () => {
  it('draws the cut dimension with probability proportional to the span and the cut uniformly', () => {
    // Four corners of the box [0,1] x [0,2] x [0,5]: P(dimension j) = span_j / 8.
    const points = Float64Array.from([0, 0, 0, 1, 2, 5, 0, 2, 0, 1, 0, 5]);
    const runs = 4000;
    const counts = [0, 0, 0];
    const offsets = [0, 0, 0];
    for (let s = 0; s < runs; s++) {
      const t = buildOn(points, 3, 4, s);
      const q = t.cutDimOf(t.root);
      counts[q]++;
      offsets[q] += t.cutValueOf(t.root) / [1, 2, 5][q];
    }
    [1, 2, 5].forEach((span, j) => {
      const p = span / 8;
      expect(Math.abs(counts[j] / runs - p), `dimension ${j}`).toBeLessThan(
        4 * Math.sqrt((p * (1 - p)) / runs),
      );
      // the cut's position along the span is uniform: mean 1/2, standard error sqrt(1/12 / count)
      expect(Math.abs(offsets[j] / counts[j] - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / counts[j]));
    });
  });

  it('is determined by the seed', () => {
    const points = gridPoints(1, 60, 3);
    expect(snapshot(buildOn(points, 3, 60, 9))).toEqual(snapshot(buildOn(points, 3, 60, 9)));
    expect(snapshot(buildOn(points, 3, 60, 9))).not.toEqual(snapshot(buildOn(points, 3, 60, 10)));
  });

  it('holds every point once, duplicates merged into one leaf with their count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 50 }), (seed, n) => {
        const points = gridPoints(seed, n, 2);
        const t = buildOn(points, 2, n, seed);
        expectValidTree(t);
        expect(t.size).toBe(n);
        const distinct = new Set(
          Array.from({ length: n }, (_, i) => `${points[2 * i]},${points[2 * i + 1]}`),
        );
        expect(leafMasses(t).size).toBe(distinct.size);
      }),
      { numRuns: 60 },
    );
  });
});

describe('rcf tree: insert and delete', () => {
  it('leaves the tree identical after inserting then deleting a point (new or a copy)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (seed, n, copy) => {
          const points = gridPoints(seed, n + 1, 3);
          if (copy) points.copyWithin(3 * n, 3 * (seed % n), 3 * (seed % n) + 3);
          const t = buildOn(points, 3, n, seed);
          const before = snapshot(t);
          t.insert(n, createRandom(seed + 1));
          expectValidTree(t);
          expect(t.size).toBe(n + 1);
          expect(leafOf(t, n)).toBeGreaterThanOrEqual(0);
          t.delete(n);
          expect(snapshot(t)).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps its invariants through a long random stream of inserts and deletes', () => {
    const d = 2;
    const n = 400;
    const points = gridPoints(3, n, d);
    const rng = createRandom(4);
    const t = new RcTree(d, 32, points);
    const held: number[] = [];
    for (let i = 0; i < n; i++) {
      if (held.length === 32 || (held.length > 0 && rng.next() < 0.3)) {
        const k = rng.int(held.length);
        t.delete(held[k]);
        held.splice(k, 1);
      }
      t.insert(i, rng);
      held.push(i);
      if (i % 20 === 0) expectValidTree(t);
    }
    expectValidTree(t);
    expect(t.size).toBe(held.length);
    for (const pi of held) {
      const leaf = leafOf(t, pi);
      for (let j = 0; j < d; j++) expect(t.boxEnd(leaf, j, 0)).toBe(points[pi * d + j]);
    }
    while (held.length) t.delete(held.pop() as number);
    expect(t.root).toBe(-1);
    expect(t.nodeCount).toBe(0);
  });

  it('refuses to delete a point that is not in the tree', () => {
    const t = handTree();
    t.points = Float64Array.from([...PTS.flat(), 2, 2]);
    expect(() => t.delete(5)).toThrow(/not in the tree/);
  });

  it('separates an outside point at a node with probability (span growth) / (grown span)', () => {
    // Leaf-free check at the root of the hand tree: (10, 12) is separated there with probability 2/22.
    const base = handTree();
    const rng = createRandom(8);
    base.points = Float64Array.from([...PTS.flat(), 10, 12]);
    const runs = 20_000;
    let atRoot = 0;
    for (let k = 0; k < runs; k++) {
      const t = base.clone();
      t.insert(5, rng);
      const root = t.root;
      if (t.kid(root, 0) === leafOf(t, 5) || t.kid(root, 1) === leafOf(t, 5)) atRoot++;
    }
    const p = 2 / 22;
    expect(Math.abs(atRoot / runs - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / runs));
  });

  it('grows by insertion into trees distributed as trees built at once (the root cut dimension)', () => {
    // Paper, Theorem 3: inserting a point into RRCF(S) gives RRCF(S + x). Compare the root cut's
    // dimension frequencies of 3,000 trees grown point by point with the span proportions.
    const points = Float64Array.from([0, 0, 0, 1, 3, 4, 0.5, 1, 2, 0.2, 3, 0]);
    const runs = 3000;
    const counts = [0, 0, 0];
    const rng = createRandom(12);
    for (let s = 0; s < runs; s++) {
      const t = new RcTree(3, 4, points);
      for (let i = 0; i < 4; i++) t.insert(i, rng);
      counts[t.cutDimOf(t.root)]++;
    }
    [1, 3, 4].forEach((span, j) => {
      const p = span / 8;
      expect(Math.abs(counts[j] / runs - p), `dimension ${j}`).toBeLessThan(
        4 * Math.sqrt((p * (1 - p)) / runs),
      );
    });
  });

  it('gives expected CoDisps that match insert/codisp/delete Monte Carlo on random trees', () => {
    const d = 3;
    const n = 30;
    const points = gridPoints(21, n + 3, d);
    points.set([9, -9, 0], 3 * (n + 1)); // far out
    points.set(points.subarray(6, 9), 3 * (n + 2)); // a copy of point 2
    const t = buildOn(points, d, n, 22);
    const rng = createRandom(23);
    for (const pi of [n, n + 1, n + 2]) {
      const expected = expectedCoDisp(t, points, pi * d);
      const trials = 8000;
      let sum = 0;
      let sum2 = 0;
      for (let k = 0; k < trials; k++) {
        t.insert(pi, rng);
        const c = coDisp(t, leafOf(t, pi));
        sum += c;
        sum2 += c * c;
        t.delete(pi);
      }
      const mean = sum / trials;
      const se = Math.sqrt(Math.max(0, sum2 / trials - mean * mean) / trials);
      expect(Math.abs(mean - expected), `point ${pi}`).toBeLessThanOrEqual(4 * se + 1e-9);
    }
  });
});

describe('rcf tree: deleting from a known leaf', () => {
  it('gives the leaf insert() returned, and deleteFrom() it as delete() by value does', () => {
    const d = 2;
    const points = gridPoints(11, 240, d);
    const rng = createRandom(2);
    const byLeaf = new RcTree(d, 24, points);
    const held: number[] = [];
    const leafOfPoint = new Map<number, number>();
    for (let i = 0; i < 240; i++) {
      if (held.length === 24) {
        const out = held.splice(rng.int(held.length), 1)[0];
        const byValue = byLeaf.clone();
        byValue.delete(out);
        byLeaf.deleteFrom(leafOfPoint.get(out) as number, out);
        expect(snapshot(byLeaf)).toEqual(snapshot(byValue));
      }
      const leaf = byLeaf.insert(i, rng);
      expect(leaf).toBe(leafOf(byLeaf, i));
      leafOfPoint.set(i, leaf);
      held.push(i);
    }
    expectValidTree(byLeaf);
  });

  it('refuses a node that is not a leaf holding the point', () => {
    const t = handTree();
    expect(() => t.deleteFrom(t.root, A)).toThrow(/not in the tree/);
    expect(() => t.deleteFrom(leafOf(t, B), A)).toThrow(/not in the tree/);
    expect(() => t.deleteFrom(-1, A)).toThrow(/not in the tree/);
    t.deleteFrom(leafOf(t, A), A);
    expect(t.size).toBe(4);
  });
});

describe('rcf tree: expectedCoDisp computed as stated', () => {
  /**
   * The statement of expectedCoDisp, through the accessors, with the walk's ratios as doubles and the
   * sums in the same order: the optimised walk (running max as a fraction, leaves by number, a dimension
   * 4 special case) must give the same double.
   */
  function reference(t: RcTree, x: Float64Array, xo: number): number {
    if (t.root < 0) return 0;
    const path: number[] = [];
    const before: number[] = [];
    let max = 0;
    for (let v = t.root; ; v = t.kid(v, x[xo + t.cutDimOf(v)] > t.cutValueOf(v) ? 1 : 0)) {
      if (v !== t.root && t.ratioOf(v) > max) max = t.ratioOf(v);
      path.push(v);
      before.push(max);
      if (t.isLeaf(v)) break;
    }
    const leaf = path[path.length - 1];
    let copy = true;
    for (let j = 0; j < t.dim; j++) if (x[xo + j] !== t.boxEnd(leaf, j, 0)) copy = false;
    if (copy) return max;
    let reach = 1;
    let expected = 0;
    let top = path.length - 2;
    const outs: number[] = [];
    for (; top >= 0; top--) {
      let out = 0;
      for (let j = 0; j < t.dim; j++) {
        const below = t.boxEnd(path[top], j, 0) - x[xo + j];
        const above = x[xo + j] - t.boxEnd(path[top], j, 1);
        out += Math.abs(below) + below + Math.abs(above) + above;
      }
      if (out === 0) break;
      outs[top] = 0.5 * out;
    }
    for (let k = top + 1; k < path.length; k++) {
      const m = t.massOf(path[k]);
      const sep = k === path.length - 1 ? 1 : outs[k] / (t.spanOf(path[k]) + outs[k]);
      expected += reach * sep * (m > before[k] ? m : before[k]);
      reach -= reach * sep;
      if (reach === 0) break;
    }
    return expected;
  }

  it.each([1, 2, 4, 5])('gives the same double for every point, grown and queried in dimension %i', (d) => {
    const n = 300;
    // Values of any magnitude and fraction (so that sums in another order round differently), a third
    // of the points copies of earlier ones.
    const rng = createRandom(d);
    const points = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const from = i > 0 && rng.next() < 0.3 ? rng.int(i) : -1;
      for (let j = 0; j < d; j++) {
        points[i * d + j] = from >= 0 ? points[from * d + j] : rng.normal() * 10 ** rng.int(4) + 0.1;
      }
    }
    const t = new RcTree(d, 64, points);
    const held: number[] = [];
    let checked = 0;
    for (let i = 0; i < n; i++) {
      if (held.length === 64) t.delete(held.splice(rng.int(held.length), 1)[0]);
      if (i % 5 === 0) {
        for (let q = 0; q < n; q += 7) {
          expect(expectedCoDisp(t, points, q * d)).toBe(reference(t, points, q * d));
          checked++;
        }
      }
      t.insert(i, rng);
      held.push(i);
    }
    expect(checked).toBeGreaterThan(2000);
  });
});

describe('rcf tree: dimension 4 (unrolled) against the general code', () => {
  it('grows and scores as a tree in dimension 5 whose fifth coordinate is constant', () => {
    // A constant coordinate adds exactly 0 to every sum and never takes a cut, so the dimension-5 tree
    // (general code) must make the same draws, cuts and scores as the dimension-4 one (unrolled code).
    const n = 400;
    const rng = createRandom(44);
    const p4 = new Float64Array(n * 4);
    const p5 = new Float64Array(n * 5);
    for (let i = 0; i < n; i++) {
      const from = i > 0 && rng.next() < 0.2 ? rng.int(i) : -1;
      for (let j = 0; j < 4; j++) {
        p4[i * 4 + j] = from >= 0 ? p4[from * 4 + j] : rng.normal() * 10 ** rng.int(3) + 0.3;
        p5[i * 5 + j] = p4[i * 4 + j];
      }
      p5[i * 5 + 4] = 1.5;
    }
    const t4 = new RcTree(4, 48, p4);
    const t5 = new RcTree(5, 48, p5);
    const r4 = createRandom(9);
    const r5 = createRandom(9);
    const pick = createRandom(10);
    const held: number[] = [];
    const cuts = (t: RcTree): number[] => {
      const out: number[] = [];
      const stack = [t.root];
      while (stack.length) {
        const v = stack.pop() as number;
        out.push(t.cutDimOf(v), t.cutValueOf(v), t.massOf(v));
        if (!t.isLeaf(v)) stack.push(t.kid(v, 1), t.kid(v, 0));
      }
      return out;
    };
    for (let i = 0; i < n; i++) {
      if (held.length === 48) {
        const out = held.splice(pick.int(held.length), 1)[0];
        t4.delete(out);
        t5.delete(out);
      }
      t4.insert(i, r4);
      t5.insert(i, r5);
      held.push(i);
      if (i % 25 === 0) {
        expect(cuts(t4)).toEqual(cuts(t5));
        for (let q = 0; q < n; q += 3) {
          expect(expectedCoDisp(t4, p4, q * 4)).toBe(expectedCoDisp(t5, p5, q * 5));
        }
      }
    }
    expectValidTree(t4);
  });
});
