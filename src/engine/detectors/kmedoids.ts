import { contaminationSpec } from './params';
import { selectRows, type Matrix } from '../util/matrix';
import { createRandom } from '../util/random';
import { assignNearest, rowsOf } from './cluster/assign';
import { claraSteps } from './cluster/clara';
import { kMedoidsSteps, type MedoidMethod } from './cluster/k-medoids';
import { evenlySpacedIndices } from './cluster/sample';
import { driveSteps } from './cluster/steps';
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

const METHODS = ['auto', 'fasterpam', 'pam', 'clara'] as const;
/** How the medoids are found; 'auto' is FasterPAM up to maxSamples rows and CLARA beyond. */
export type KMedoidsMethod = (typeof METHODS)[number];

/** KMedoids-distance parameters. */
export interface KMedoidsParams {
  k: number;
  method: KMedoidsMethod;
  /**
   * Rows in one distance matrix: PAM and FasterPAM run on an evenly spaced sample of this many rows,
   * CLARA on random samples of this size.
   */
  maxSamples: number;
  /** Clusters with less than this share of the training rows are not scored against (as in kmeans). */
  minClusterShare: number;
  contamination: number;
  seed: number;
}

/** Fitted state: the medoids (training rows), every cluster's size over all training rows. */
export interface KMedoidsState {
  nFeatures: number;
  /** The medoids, row-major (k x nFeatures), in the order the clustering produced them. */
  medoids: number[][];
  /** Training rows nearest to each medoid. */
  sizes: number[];
  /** Sum over all training rows of the distance to the nearest medoid. */
  totalDeviation: number;
  /** The method that ran ('auto' resolved). */
  method: MedoidMethod | 'clara';
  swaps: number;
  /** Rows in the distance matrix (one sample's rows for CLARA) and rows given to fit. */
  fittedRows: number;
  trainingRows: number;
}

const TYPE = 'kmedoids';
const VERSION = 1;
/** CLARA samples, as scikit-learn-extra's n_sampling_iter default. */
const CLARA_DRAWS = 5;

const DEFAULTS: KMedoidsParams = {
  k: 8,
  method: 'auto',
  maxSamples: 2000,
  minClusterShare: 0.05,
  contamination: 0.05,
  seed: 0,
};

function resolveParams(raw: Record<string, unknown> = {}): KMedoidsParams {
  const p: KMedoidsParams = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULTS)) {
      throw new Error(`${TYPE}: unknown parameter '${key}' (known: ${Object.keys(DEFAULTS).join(', ')})`);
    }
    if (value === undefined) continue;
    if (key === 'method') {
      if (!METHODS.includes(value as KMedoidsMethod)) {
        throw new Error(
          `${TYPE}: 'method' must be one of ${METHODS.join(', ')}, got ${JSON.stringify(value)}`,
        );
      }
      p.method = value as KMedoidsMethod;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${TYPE}: parameter '${key}' must be a finite number, got ${JSON.stringify(value)}`);
    }
    (p as unknown as Record<string, number>)[key] = value;
  }
  for (const [name, min] of [
    ['k', 1],
    ['maxSamples', 2],
  ] as const) {
    if (!Number.isInteger(p[name]) || p[name] < min) {
      throw new Error(`${TYPE}: '${name}' must be an integer >= ${min}, got ${p[name]}`);
    }
  }
  if (p.maxSamples < p.k) {
    throw new Error(`${TYPE}: 'maxSamples' (${p.maxSamples}) must be at least 'k' (${p.k})`);
  }
  if (!Number.isInteger(p.seed)) throw new Error(`${TYPE}: 'seed' must be an integer, got ${p.seed}`);
  if (!(p.minClusterShare >= 0 && p.minClusterShare < 1)) {
    throw new Error(`${TYPE}: 'minClusterShare' must be in [0, 1), got ${p.minClusterShare}`);
  }
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * KMedoids distance: clusters the training rows around k medoids (actual training rows, so a centre
 * is a state the machine was really in, and less pulled by outliers than a k-means centroid) found by
 * FasterPAM, PAM or CLARA, and scores a row by its Euclidean distance to the nearest medoid of a
 * cluster holding at least `minClusterShare` of the training rows.
 */
export class KMedoidsDistance implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly sequential = false;
  readonly params: Readonly<KMedoidsParams>;
  private state: KMedoidsState | null = null;
  private scored: { centres: Float64Array; count: number } | null = null;

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
    const n = X.rows;
    const method = p.method === 'auto' ? (n <= p.maxSamples ? 'fasterpam' : 'clara') : p.method;
    let medoidRows: Int32Array;
    let swaps: number;
    let fittedRows: number;
    if (method === 'clara') {
      const r = await driveSteps(
        claraSteps(X, p.k, CLARA_DRAWS, p.maxSamples, createRandom(p.seed)),
        options,
        0,
        0.97,
      );
      medoidRows = r.medoids;
      swaps = r.swaps;
      fittedRows = Math.min(n, p.maxSamples);
    } else {
      const idx = evenlySpacedIndices(n, p.maxSamples);
      const S = idx.length < n ? selectRows(X, idx) : X;
      const r = await driveSteps(kMedoidsSteps(S, p.k, method), options, 0, 0.97);
      medoidRows = Int32Array.from(r.medoids, (m) => idx[m]);
      swaps = r.swaps;
      fittedRows = S.rows;
    }
    throwIfAborted(options.signal);
    const centres = rowsOf(X, medoidRows);
    const a = assignNearest(X, centres, medoidRows.length);
    const sizes = new Array<number>(medoidRows.length).fill(0);
    for (const c of a.labels) sizes[c]++;
    this.setState({
      nFeatures: X.cols,
      medoids: Array.from(medoidRows, (_, c) => Array.from(centres.subarray(c * X.cols, (c + 1) * X.cols))),
      sizes,
      totalDeviation: a.total,
      method,
      swaps,
      fittedRows,
      trainingRows: n,
    });
    options.onProgress?.(1);
    return this;
  }

  /** The medoids scored against: those of clusters with at least minClusterShare of the rows (all if none). */
  private scoredMedoids(state: KMedoidsState): { centres: Float64Array; count: number } {
    if (this.scored) return this.scored;
    const min = this.params.minClusterShare * state.trainingRows;
    let kept = state.medoids.filter((_, c) => state.sizes[c] >= min);
    if (!kept.length) kept = state.medoids;
    this.scored = { centres: Float64Array.from(kept.flat()), count: kept.length };
    return this.scored;
  }

  score(X: Matrix): Float64Array {
    const state = this.state;
    if (!state) throw new Error(`${TYPE}: score() called before fit()`);
    assertWidth(TYPE, X, state.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const { centres, count } = this.scoredMedoids(state);
    return assignNearest(X, centres, count).distances;
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const k = s.medoids.length;
    const how =
      s.method === 'clara'
        ? `CLARA: FasterPAM on ${CLARA_DRAWS} random samples of ${fmt(s.fittedRows)} of the ${fmt(s.trainingRows)} ` +
          `training rows (seed ${this.params.seed}), keeping the medoids with the lowest total deviation over all rows`
        : `${s.method === 'pam' ? 'PAM' : 'FasterPAM'} (BUILD, then ${s.swaps} swap${s.swaps === 1 ? '' : 's'}) on ` +
          (s.fittedRows < s.trainingRows
            ? `a ${fmt(s.fittedRows)}-row evenly spaced sample of ${fmt(s.trainingRows)} training rows, as the distance matrix is quadratic in rows`
            : `all ${fmt(s.trainingRows)} training rows`);
    const notes = [
      `${k} medoid${k === 1 ? '' : 's'} by ${how}; total deviation ${s.totalDeviation.toPrecision(4)} ` +
        `(${(s.totalDeviation / s.trainingRows).toPrecision(3)} per row).`,
    ];
    const scored = this.scoredMedoids(s).count;
    if (scored < k) {
      notes.push(
        `${k - scored} cluster${k - scored === 1 ? '' : 's'} under ${this.params.minClusterShare * 100}% of the rows taken for anomalies: rows are scored against the other ${scored}.`,
      );
    }
    return notes;
  }

  toJSON(): DetectorJSON {
    return { type: TYPE, version: VERSION, params: { ...this.params }, state: this.state };
  }

  /** Restores fitted state (from `toJSON`), checking its shape. */
  setState(state: KMedoidsState): void {
    const ok =
      state &&
      Number.isInteger(state.nFeatures) &&
      Number.isInteger(state.trainingRows) &&
      Array.isArray(state.medoids) &&
      Array.isArray(state.sizes) &&
      state.medoids.length > 0 &&
      state.sizes.length === state.medoids.length &&
      state.medoids.every(
        (c) => Array.isArray(c) && c.length === state.nFeatures && c.every((v) => Number.isFinite(v)),
      );
    if (!ok) {
      throw new Error(
        `${TYPE}: malformed fitted state (medoids must be finite rows of nFeatures numbers, one size per medoid)`,
      );
    }
    this.state = state;
    this.scored = null;
  }
}

const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'k',
    label: 'Clusters (k)',
    kind: 'int',
    default: DEFAULTS.k,
    min: 1,
    max: 200,
    help:
      'Number of medoids, one per usual operating mode (idle, business hours, batch jobs...). Too few merge ' +
      'modes and make normal rows look far; too many give anomalies a cluster of their own.',
  },
  {
    name: 'method',
    label: 'Algorithm',
    kind: 'choice',
    default: DEFAULTS.method,
    choices: METHODS,
    help:
      'fasterpam: eager swaps, PAM quality in a few passes; pam: the classic best-swap search (slower, same ' +
      'kind of optimum); clara: FasterPAM on 5 random samples, best kept; auto: fasterpam up to the fit sample, clara beyond.',
  },
  {
    name: 'maxSamples',
    label: 'Fit sample (rows)',
    kind: 'int',
    default: DEFAULTS.maxSamples,
    min: 2,
    max: 8000,
    help:
      'Rows in one distance matrix (4 bytes x rows squared: 16 MB at 2,000, 256 MB at 8,000). Above it, auto switches to CLARA; ' +
      'pam and fasterpam take an evenly spaced sample. Every row is scored.',
  },
  {
    name: 'minClusterShare',
    label: 'Smallest usual cluster',
    kind: 'number',
    default: DEFAULTS.minClusterShare,
    min: 0,
    max: 0.5,
    help:
      'Clusters with less than this share of the rows are taken for groups of anomalies: rows are scored ' +
      'by their distance to the larger clusters only. 0 scores against every medoid.',
  },
  contaminationSpec(DEFAULTS.contamination),
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: DEFAULTS.seed,
    min: 0,
    max: 2 ** 31 - 1,
    help: "Seeds CLARA's samples: same seed and data give the same medoids and scores everywhere.",
  },
];

export const kmedoidsFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'KMedoids distance',
  description:
    'Clusters the training rows around k medoids (real rows, robust to outliers) and scores each row by its ' +
    'distance to the nearest medoid of a usual cluster. Needs scaled features; misses anomalies inside a mode.',
  params: PARAM_SPECS,
  create: (params) => new KMedoidsDistance(params),
  fromJSON: (json) => {
    const det = new KMedoidsDistance(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as KMedoidsState);
    return det;
  },
};
