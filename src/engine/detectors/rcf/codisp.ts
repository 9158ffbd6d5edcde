import * as layout from './tree';
import type { RcTree } from './tree';

// expectedCoDisp spells the record layout as constants of its own (see there); they must be the tree's.
if (
  layout.HOT !== 4 ||
  layout.H_CUT_DIM !== 2 ||
  layout.H_LEFT !== 3 ||
  layout.H_RIGHT !== 4 ||
  layout.H_MASS_L !== 5 ||
  layout.H_MASS_R !== 6
) {
  throw new Error('rcf: codisp.ts and tree.ts disagree on the node record layout');
}

/**
 * Collusive displacement of a leaf, as rrcf's `RCTree.codisp`: walking from the leaf up to the root's
 * child, the largest ratio |sibling subtree| / |subtree holding the leaf|. 0 when the leaf is the root.
 */
export function coDisp(tree: RcTree, leaf: number): number {
  let best = 0;
  for (let node = leaf, p = tree.parentOf(leaf); p >= 0; node = p, p = tree.parentOf(p)) {
    const sib = tree.kid(p, tree.kid(p, 0) === node ? 1 : 0);
    const ratio = tree.massOf(sib) / tree.massOf(node);
    if (ratio > best) best = ratio;
  }
  return best;
}

let pathBuf = new Int32Array(64);
let ratioBuf = new Float64Array(64);
let massBuf = new Int32Array(64);
let outBuf = new Float64Array(64);
let spanBuf = new Float64Array(64);

/**
 * CoDisp of the point at offset `xo` of `x` as if it were inserted into the tree, in expectation over
 * the random cut of the insertion (without changing the tree). Walking down the insertion path
 * a_0 (root), a_1, ..., the point is separated at a_k with probability
 * p_k = (span growth of a_k's box) / (grown span) given that it reached a_k; it then becomes a_k's
 * sibling, and its CoDisp is max(|a_k|, max_{j=1..k} |sib(a_j)| / (|a_j| + 1)). A point equal to a
 * leaf's point is never separated: it joins that leaf, with CoDisp max_j |sib(a_j)| / (|a_j| + 1) over
 * the whole path. AWS scores the same way (its visitors weigh each node by the probability of
 * separation), which removes the insertion's sampling noise from the score.
 */
export function expectedCoDisp(tree: RcTree, x: Float64Array, xo: number): number {
  // The record layout (RcTree's HOT and H_ offsets) as the function's own constants: TurboFan folds
  // these, but loads a module-level or imported constant from the module context, with a tag check, at
  // each use (the compiled walk had 32 such loads; imported ones cost a streamed row about 8%).
  const HOT = 4;
  const H_CUT_DIM = 2;
  const H_LEFT = 3;
  const H_MASS_L = 5;
  const H_MASS_R = 6;
  const { hot, hotI, box, dim, firstLeaf } = tree;
  let node = tree.root;
  if (node < 0) return 0;
  // The module's buffers read once into locals (V8 keeps them in registers: twice as fast as reading the
  // module variables in the loops), sized for the deepest path a tree of this capacity can have.
  if (pathBuf.length < tree.slots) growBuffers(tree.slots);
  const path = pathBuf;
  const ratios = ratioBuf;
  const masses = massBuf;
  const outs = outBuf;
  const spans = spanBuf;
  // Follow the cuts down to a leaf, recording the path, the masses and the running max of the CoDisp
  // ratios (each from the masses its parent holds: no other record than the path's is read). The max is
  // kept as the fraction sib / (m + 1) it comes from and compared exactly by cross-multiplying (integers
  // far below 2^53): the division per level was an eighth of the time, and the quotient of the largest
  // fraction is the largest quotient, the same double, divided out only when the max changes.
  let depth = 0;
  let maxNum = 0;
  let maxDen = 1;
  let maxQ = 0;
  let m = tree.massOf(node);
  for (;;) {
    path[depth] = node;
    ratios[depth] = maxQ;
    masses[depth] = m;
    depth++;
    if (node >= firstLeaf) break;
    const h = 8 * node;
    // The side as 0 or 1 without a branch (V8 compiles `(a > b) | 0` to a flag, a ternary to a jump
    // that the random cuts mispredict half the time): a streamed row ran about 1.03 times faster.
    const r = ((x[xo + hotI[h + H_CUT_DIM]] > hot[HOT * node]) as unknown as number) | 0;
    node = hotI[h + H_LEFT + r];
    m = hotI[h + H_MASS_L + r];
    const sib = hotI[h + H_MASS_R - r];
    if (sib * maxDen > maxNum * (m + 1)) {
      maxNum = sib;
      maxDen = m + 1;
      maxQ = maxNum / maxDen;
    }
  }
  // Boxes shrink down the path, so once the point lies inside a box it lies inside every box above:
  // separation can only happen below the deepest box holding the point. Measure from the bottom up.
  const w = 2 * dim;
  let top = depth - 2;
  // The leaf separates any point but a copy of its own (which joins the leaf): no span needed there. A
  // point outside the leaf's parent's box is no copy, so the leaf's box is only read when inside it.
  let copyCheck = top < 0;
  if (dim === 4) {
    // Shingles of 4 rows of one metric (the online default): the same sums, unrolled with the point in
    // registers; expectedCoDisp ran about 1.1 times faster.
    const x0 = x[xo];
    const x1 = x[xo + 1];
    const x2 = x[xo + 2];
    const x3 = x[xo + 3];
    for (; top >= 0; top--) {
      const b = path[top] * 8;
      const l0 = box[b];
      const h0 = box[b + 1];
      const l1 = box[b + 2];
      const h1 = box[b + 3];
      const l2 = box[b + 4];
      const h2 = box[b + 5];
      const l3 = box[b + 6];
      const h3 = box[b + 7];
      let out = 0;
      let below = l0 - x0;
      let above = x0 - h0;
      out += Math.abs(below) + below + Math.abs(above) + above;
      below = l1 - x1;
      above = x1 - h1;
      out += Math.abs(below) + below + Math.abs(above) + above;
      below = l2 - x2;
      above = x2 - h2;
      out += Math.abs(below) + below + Math.abs(above) + above;
      below = l3 - x3;
      above = x3 - h3;
      out += Math.abs(below) + below + Math.abs(above) + above;
      if (out === 0) {
        copyCheck = top === depth - 2;
        break;
      }
      outs[top] = 0.5 * out;
      spans[top] = 0 + (h0 - l0) + (h1 - l1) + (h2 - l2) + (h3 - l3);
    }
  } else {
    for (; top >= 0; top--) {
      const b = path[top] * w;
      // |d| + d is 2 max(d, 0) exactly; branch-free, it runs about 2.5 times faster than comparisons.
      let out = 0;
      let span = 0;
      for (let j = 0; j < w; j += 2) {
        const v = x[xo + (j >> 1)];
        const lo = box[b + j];
        const hi = box[b + j + 1];
        const below = lo - v;
        const above = v - hi;
        out += Math.abs(below) + below + Math.abs(above) + above;
        span += hi - lo;
      }
      if (out === 0) {
        copyCheck = top === depth - 2;
        break;
      }
      outs[top] = 0.5 * out;
      spans[top] = span;
    }
  }
  if (copyCheck) {
    const leafX = tree.leafX;
    const lb = (path[depth - 1] - firstLeaf) * dim;
    let copy = true;
    for (let j = 0; j < dim; j++) {
      if (x[xo + j] !== leafX[lb + j]) {
        copy = false;
        break;
      }
    }
    if (copy) return maxNum / maxDen; // (0 when the leaf is the root)
  }
  let reach = 1;
  let expected = 0;
  for (let k = top + 1; k < depth; k++) {
    const mk = masses[k];
    const before = ratios[k];
    const out = outs[k];
    const sep = k === depth - 1 ? 1 : out / (spans[k] + out);
    expected += reach * sep * (mk > before ? mk : before);
    reach -= reach * sep;
    if (reach === 0) break;
  }
  return expected;
}

/** Room for a path through every node of a tree of `nodes` node slots. */
function growBuffers(nodes: number): void {
  pathBuf = new Int32Array(nodes);
  ratioBuf = new Float64Array(nodes);
  massBuf = new Int32Array(nodes);
  outBuf = new Float64Array(nodes);
  spanBuf = new Float64Array(nodes);
}
