import { RCF_TYPE } from './params';

/**
 * Fitted state, plain JSON. Trees are stored node by node in pre-order, all trees concatenated (tree t
 * holds nodes nodeStart[t] .. nodeStart[t+1]-1); a branch is followed by its left then its right subtree.
 * Masses, bounding boxes and spans are recomputed on load.
 */
export interface RcfState {
  /** Input columns. */
  nFeatures: number;
  /** Point width: nFeatures * shingleSize. */
  dim: number;
  /** Training rows (one point each). */
  trainRows: number;
  /** The training rows the trees' points are made of (those still referred to), nFeatures values each. */
  rows: number[];
  /**
   * With shingleSize > 1: each point's shingleSize indices into `rows`, oldest first (a point is those
   * rows concatenated). Empty when shingleSize is 1: point i is row i.
   */
  pointRows: number[];
  nodeStart: number[];
  /** Cut dimension of a branch; -1 on a leaf. */
  cutDim: number[];
  /** Cut value of a branch (x <= cut goes left); 0 on a leaf. */
  cutValue: number[];
  /** A leaf's point index; -1 on a branch. */
  leafPoint: number[];
  /** Copies of the leaf's point in the tree; 0 on a branch. */
  leafCount: number[];
  /** With update 'stream' only (else empty): each tree's reservoir as a heap, tree t at sampleStart[t]... */
  sampleStart: number[];
  samplePoint: number[];
  sampleWeight: number[];
  /** With update 'stream': the sequence index scoring starts from (the longest training entity). */
  clock: number;
}

function bad(why: string): never {
  throw new Error(`${RCF_TYPE}: invalid fitted state: ${why}`);
}

/** Checks the shape and ranges of a state (not the tree structure, which `readTree` checks). */
export function validateState(s: RcfState, nTrees: number, shingleSize: number, stream: boolean): void {
  if (!s || typeof s !== 'object') bad('not an object');
  if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1) bad('nFeatures');
  if (s.dim !== s.nFeatures * shingleSize) bad(`dim ${s.dim} is not nFeatures x shingleSize`);
  if (!Number.isInteger(s.trainRows) || s.trainRows < 1) bad('trainRows');
  if (!Number.isInteger(s.clock) || s.clock < 0) bad('clock');
  const arrays = [
    'rows',
    'pointRows',
    'nodeStart',
    'cutDim',
    'cutValue',
    'leafPoint',
    'leafCount',
    'sampleStart',
    'samplePoint',
    'sampleWeight',
  ] as const;
  for (const k of arrays) {
    if (!Array.isArray(s[k])) bad(`'${k}' is not an array`);
    for (const v of s[k]) if (typeof v !== 'number' || !Number.isFinite(v)) bad(`'${k}' holds ${v}`);
  }
  if (s.rows.length % s.nFeatures !== 0) bad('rows length is not a multiple of nFeatures');
  const nRows = s.rows.length / s.nFeatures;
  if (shingleSize === 1 ? s.pointRows.length > 0 : s.pointRows.length % shingleSize !== 0)
    bad('pointRows length');
  for (const r of s.pointRows) if (!Number.isInteger(r) || r < 0 || r >= nRows) bad(`pointRows entry ${r}`);
  const m = s.cutDim.length;
  for (const k of ['cutValue', 'leafPoint', 'leafCount'] as const) {
    if (s[k].length !== m) bad(`'${k}' has ${s[k].length} entries, expected ${m}`);
  }
  const starts = (name: 'nodeStart' | 'sampleStart', total: number): void => {
    const a = s[name];
    if (a.length !== nTrees + 1 || a[0] !== 0 || a[nTrees] !== total) bad(`'${name}'`);
    for (let t = 0; t < nTrees; t++) if (!Number.isInteger(a[t]) || a[t + 1] < a[t]) bad(`'${name}'`);
  };
  starts('nodeStart', m);
  const nPoints = shingleSize === 1 ? nRows : s.pointRows.length / shingleSize;
  if (stream) {
    starts('sampleStart', s.samplePoint.length);
    if (s.sampleWeight.length !== s.samplePoint.length) bad('sampleWeight length');
    for (const p of s.samplePoint) if (!Number.isInteger(p) || p < 0 || p >= nPoints) bad('samplePoint');
  } else if (s.sampleStart.length || s.samplePoint.length || s.sampleWeight.length) {
    bad("reservoirs are only stored with update 'stream'");
  }
}

/** The points of a validated state, `dim` values each, rebuilt from its rows. */
export function statePoints(s: RcfState, shingleSize: number): Float64Array {
  if (shingleSize === 1) return Float64Array.from(s.rows);
  const c = s.nFeatures;
  const n = s.pointRows.length / shingleSize;
  const out = new Float64Array(n * s.dim);
  for (let p = 0; p < n; p++) {
    for (let m = 0; m < shingleSize; m++) {
      const r = s.pointRows[p * shingleSize + m] * c;
      const o = p * s.dim + m * c;
      for (let j = 0; j < c; j++) out[o + j] = s.rows[r + j];
    }
  }
  return out;
}
