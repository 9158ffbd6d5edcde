import { selectRows, type Matrix } from '../util/matrix';
import { contaminationSpec, resolveParams as resolveDetectorParams } from './params';
import { dbscanSteps } from './cluster/dbscan-labels';
import { kDistanceSquaredSteps } from './cluster/k-distance';
import { kneeIndex } from './cluster/knee';
import { NearestIndex } from './cluster/nearest-index';
import { evenlySpacedIndices } from './cluster/sample';
import { driveSteps, type Steps } from './cluster/steps';
import {
  assertFinite,
  assertWidth,
  throwIfAborted,
  type Detector,
  type DetectorFactory,
  type DetectorJSON,
  type FitOptions,
  type ParamSpec,
} from './detector';

/** DBSCAN parameters. */
export interface DbscanParams {
  /** Neighbourhood radius; 0 = the knee of the sorted k-distance curve (k = minPts). */
  eps: number;
  /** Rows (itself included) within eps that make a row a core row; 0 = 2 x features, at least 4. */
  minPts: number;
  /** Rows DBSCAN runs on (an evenly spaced sample when there are more); every row is scored. */
  maxSamples: number;
  contamination: number;
}

/** Fitted state: the core rows new rows are measured against, and what the clustering found. */
export interface DbscanState {
  nFeatures: number;
  eps: number;
  /** True when eps was read from the k-distance knee. */
  epsFromKnee: boolean;
  minPts: number;
  /** The core rows scored against (all of them, or an evenly spaced subset of at most 1,000). */
  corePoints: number[][];
  /** Core rows among the fitted rows. */
  coreRows: number;
  /** Every core row lies within this distance of a kept one (0 when all are kept). */
  coverRadius: number;
  clusters: number;
  noiseRows: number;
  /** Rows DBSCAN ran on (at most maxSamples) and rows it was given. */
  fittedRows: number;
  trainingRows: number;
}

const TYPE = 'dbscan';
const VERSION = 1;
/**
 * Scoring searches the kept core rows for each row's nearest; on structureless 20-dimensional data no
 * index prunes much, so the cost is rows x kept cores. 1,000 bounds scoring 100,000 rows to a few
 * seconds; an evenly spaced subset of core rows keeps their density (a farthest-first one would
 * over-represent the fringe), and on real metrics (few modes, many near-duplicate rows) it covers the
 * core rows within a small fraction of eps.
 */
const MAX_CORE_POINTS = 1000;

const DEFAULTS: DbscanParams = {
  eps: 0,
  minPts: 0,
  maxSamples: 5000,
  contamination: 0.05,
};

function resolveParams(raw: Record<string, unknown> = {}): DbscanParams {
  const p = resolveDetectorParams(TYPE, DEFAULTS, {}, raw);
  if (!(p.eps >= 0))
    throw new Error(`${TYPE}: 'eps' must be >= 0 (0 = from the k-distance knee), got ${p.eps}`);
  if (!Number.isInteger(p.minPts) || p.minPts < 0) {
    throw new Error(`${TYPE}: 'minPts' must be an integer >= 0 (0 = twice the features), got ${p.minPts}`);
  }
  if (!Number.isInteger(p.maxSamples) || p.maxSamples < 2) {
    throw new Error(`${TYPE}: 'maxSamples' must be an integer >= 2, got ${p.maxSamples}`);
  }
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

/**
 * The default minPts: twice the number of features (Sander et al. 1998; Schubert et al. 2017), at
 * least 4 (Ester et al.'s value for 2-d data). A larger minPts also keeps a short anomalous episode
 * (fewer rows than minPts) from forming a cluster of its own.
 */
export function defaultMinPts(features: number): number {
  return Math.max(4, 2 * features);
}

/** eps from the knee of the sorted k-distance curve, given each row's squared k-distance. */
function epsFromKnee(coreSquared: Float64Array): number {
  const curve = Float64Array.from(coreSquared, Math.sqrt).sort();
  const eps = curve[kneeIndex(curve)];
  if (eps > 0) return eps;
  // Many identical rows put the knee at 0; the smallest positive distance keeps eps a radius.
  for (const v of curve) if (v > 0) return v;
  return 1; // every row is the same point: any radius makes them all core
}

/** The largest distance from a row of `points` to the nearest of the rows `kept`; yields the fraction done. */
function* coverRadiusSteps(points: Float64Array, kept: Int32Array, d: number): Steps<number> {
  const subset = new Float64Array(kept.length * d);
  kept.forEach((c, k) => subset.set(points.subarray(c * d, (c + 1) * d), k * d));
  const index = new NearestIndex(subset, kept.length, d);
  const count = points.length / d;
  let worst = 0;
  for (let i = 0; i < count; i++) {
    worst = Math.max(worst, index.nearestSquared(points, i * d));
    if (i % 64 === 63) yield i / count;
  }
  return Math.sqrt(worst);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * DBSCAN density clustering as an anomaly detector: training rows in no dense region (DBSCAN's noise)
 * are the anomalies. A row is scored by its distance to the nearest core row divided by eps, so a score
 * up to 1 means inside a cluster and above 1 means noise, and the score keeps growing with distance
 * (ROC curves need a continuous score). eps defaults to the knee of the k-distance curve.
 */
export class Dbscan implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly sequential = false;
  readonly params: Readonly<DbscanParams>;
  private state: DbscanState | null = null;
  private index: NearestIndex | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveParams(params));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    throwIfAborted(options.signal);
    if (X.rows < 1) throw new Error(`${TYPE}: cannot fit on 0 rows`);
    assertFinite(TYPE, X, 'training data');
    const p = this.params;
    const S = X.rows > p.maxSamples ? selectRows(X, evenlySpacedIndices(X.rows, p.maxSamples)) : X;
    const n = S.rows;
    const d = S.cols;
    const minPts = Math.min(p.minPts || defaultMinPts(d), n);
    let eps = p.eps;
    let coreSquared: Float64Array | undefined;
    let at = 0;
    if (eps === 0) {
      coreSquared = await driveSteps(kDistanceSquaredSteps(S, minPts), options, 0, 0.55);
      eps = epsFromKnee(coreSquared);
      at = 0.55;
    }
    const result = await driveSteps(dbscanSteps(S, eps, minPts, coreSquared), options, at, 0.9);
    let coreRows = 0;
    let noiseRows = 0;
    for (let i = 0; i < n; i++) {
      coreRows += result.core[i];
      if (result.labels[i] < 0) noiseRows++;
    }
    if (coreRows === 0) {
      throw new Error(
        `${TYPE}: no core rows (no row has minPts = ${minPts} rows within eps = ${eps.toPrecision(4)}); ` +
          "raise 'eps' or lower 'minPts' (eps 0 reads it from the k-distance knee)",
      );
    }
    const cores = new Float64Array(coreRows * d);
    for (let i = 0, c = 0; i < n; i++) {
      if (result.core[i]) cores.set(S.data.subarray(i * d, (i + 1) * d), d * c++);
    }
    let kept: Int32Array = Int32Array.from({ length: coreRows }, (_, i) => i);
    let coverRadius = 0;
    if (coreRows > MAX_CORE_POINTS) {
      kept = evenlySpacedIndices(coreRows, MAX_CORE_POINTS);
      coverRadius = await driveSteps(coverRadiusSteps(cores, kept, d), options, 0.9, 1);
    }
    throwIfAborted(options.signal);
    this.state = {
      nFeatures: d,
      eps,
      epsFromKnee: p.eps === 0,
      minPts,
      corePoints: Array.from(kept, (c) => Array.from(cores.subarray(c * d, (c + 1) * d))),
      coreRows,
      coverRadius,
      clusters: result.clusters,
      noiseRows,
      fittedRows: n,
      trainingRows: X.rows,
    };
    this.index = null;
    options.onProgress?.(1);
    return this;
  }

  score(X: Matrix): Float64Array {
    const state = this.state;
    if (!state) throw new Error(`${TYPE}: score() called before fit()`);
    assertWidth(TYPE, X, state.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const index = (this.index ??= new NearestIndex(
      Float64Array.from(state.corePoints.flat()),
      state.corePoints.length,
      state.nFeatures,
    ));
    const out = new Float64Array(X.rows);
    const inv = 1 / state.eps;
    for (let i = 0; i < X.rows; i++) out[i] = Math.sqrt(index.nearestSquared(X.data, i * X.cols)) * inv;
    return out;
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const notes: string[] = [];
    if (s.fittedRows < s.trainingRows) {
      notes.push(
        `Fitted on a ${fmt(s.fittedRows)}-row evenly spaced sample of ${fmt(s.trainingRows)} training rows: ` +
          'DBSCAN is quadratic in rows.',
      );
    }
    notes.push(
      `Radius eps = ${s.eps.toPrecision(4)} (${s.epsFromKnee ? `knee of the k-distance curve, k = minPts = ${s.minPts}` : `set; minPts = ${s.minPts}`}): ` +
        `${s.clusters} cluster${s.clusters === 1 ? '' : 's'}, ${fmt(s.coreRows)} core rows and ` +
        `${fmt(s.noiseRows)} noise rows (${((100 * s.noiseRows) / s.fittedRows).toFixed(1)}%) among the ${fmt(s.fittedRows)} fitted.`,
      'Scores are the distance to the nearest core row divided by eps: up to 1 inside a cluster, above 1 for noise.',
    );
    if (s.corePoints.length < s.coreRows) {
      notes.push(
        `Rows are scored against ${fmt(s.corePoints.length)} of the ${fmt(s.coreRows)} core rows (an evenly spaced ` +
          `subset: every core row is within ${(s.coverRadius / s.eps).toFixed(2)} eps of a kept one, so scores are at most that much above exact).`,
      );
    }
    return notes;
  }

  toJSON(): DetectorJSON {
    return { type: TYPE, version: VERSION, params: { ...this.params }, state: this.state };
  }

  /** Restores fitted state (from `toJSON`), checking its shape. */
  setState(state: DbscanState): void {
    const ok =
      state &&
      Number.isInteger(state.nFeatures) &&
      state.eps > 0 &&
      Number.isFinite(state.eps) &&
      Number.isInteger(state.minPts) &&
      Array.isArray(state.corePoints) &&
      state.corePoints.length > 0 &&
      state.corePoints.every(
        (c) => Array.isArray(c) && c.length === state.nFeatures && c.every((v) => Number.isFinite(v)),
      );
    if (!ok) {
      throw new Error(
        `${TYPE}: malformed fitted state (eps must be positive, corePoints finite rows of nFeatures numbers)`,
      );
    }
    this.state = state;
    this.index = null;
  }
}

const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'eps',
    label: 'Radius (eps)',
    kind: 'number',
    default: DEFAULTS.eps,
    min: 0,
    max: 1e9,
    help:
      'Neighbourhood radius in feature units (scale features first). 0 = automatic: the knee of the sorted ' +
      'k-distance curve (k = minPts). Too small makes everything noise, too large swallows anomalies.',
  },
  {
    name: 'minPts',
    label: 'Min points (minPts)',
    kind: 'int',
    default: DEFAULTS.minPts,
    min: 0,
    max: 1000,
    help:
      'Rows (itself included) within eps that make a row a core row. 0 = automatic: twice the number of ' +
      'features, at least 4; an anomalous episode shorter than minPts rows cannot form its own cluster.',
  },
  {
    name: 'maxSamples',
    label: 'Fit sample (rows)',
    kind: 'int',
    default: DEFAULTS.maxSamples,
    min: 2,
    max: 100_000,
    help:
      'DBSCAN runs on at most this many evenly spaced training rows; every row is scored. Its cost is ' +
      'quadratic: about 1.5 s at 5,000 x 20, four times that at 10,000.',
  },
  contaminationSpec(DEFAULTS.contamination),
];

export const dbscanFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'DBSCAN',
  description:
    'Density clustering: rows in no dense region of the training data are noise, the anomalies. Scores a row ' +
    'by its distance to the nearest core row over eps. Needs scaled features; eps defaults to the k-distance knee.',
  params: PARAM_SPECS,
  create: (params) => new Dbscan(params),
  fromJSON: (json) => {
    const det = new Dbscan(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as DbscanState);
    return det;
  },
};
