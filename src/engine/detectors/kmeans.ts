import type { Matrix } from '../util/matrix';
import { contaminationSpec, resolveParams as resolveDetectorParams } from './params';
import { createRandom } from '../util/random';
import { lloyd, scaledTolerance } from './kmeans/lloyd';
import { kmeansPlusPlus } from './kmeans/plus-plus';
import {
  assertFinite,
  assertWidth,
  throwIfAborted,
  yieldToEventLoop,
  type Detector,
  type DetectorFactory,
  type DetectorJSON,
  type FitOptions,
  type ParamSpec,
} from './detector';

/** KMeans-distance parameters. */
export interface KMeansParams {
  /** Number of clusters. */
  k: number;
  /** Restarts with different seeds; the run with the lowest inertia is kept (scikit-learn's n_init). */
  nInit: number;
  maxIterations: number;
  /** Convergence tolerance on the squared centre shift, relative to the mean feature variance (scikit-learn's tol). */
  tol: number;
  /** Rows the clustering is fitted on (an evenly spaced sample when there are more); every row is scored. */
  maxSamples: number;
  /**
   * Clusters holding less than this share of the fitted rows are not a usual mode (anomalies that
   * clustered together): rows are scored against the larger clusters only (as CBLOF does).
   */
  minClusterShare: number;
  contamination: number;
  seed: number;
}

/** Fitted state: the centroids, row-major (k x nFeatures), and the kept run's inertia. */
export interface KMeansState {
  nFeatures: number;
  /** The centroids rows are scored against (the clusters of at least minClusterShare of the rows). */
  centroids: number[][];
  /** Every cluster's fitted row count, in the order of the clustering (small ones included). */
  sizes: number[];
  inertia: number;
  /** Rows the clustering was fitted on (at most maxSamples). */
  fittedRows: number;
}

const TYPE = 'kmeans';
const VERSION = 1;

const DEFAULTS: KMeansParams = {
  k: 8,
  nInit: 4,
  maxIterations: 100,
  tol: 1e-4,
  maxSamples: 20_000,
  minClusterShare: 0.05,
  contamination: 0.05,
  seed: 0,
};

function resolveParams(raw: Record<string, unknown> = {}): KMeansParams {
  const p = resolveDetectorParams(TYPE, DEFAULTS, {}, raw);
  for (const [name, min] of [
    ['k', 1],
    ['nInit', 1],
    ['maxIterations', 1],
    ['maxSamples', 2],
  ] as const) {
    if (!Number.isInteger(p[name]) || p[name] < min) {
      throw new Error(`${TYPE}: '${name}' must be an integer >= ${min}, got ${p[name]}`);
    }
  }
  if (!Number.isInteger(p.seed)) throw new Error(`${TYPE}: 'seed' must be an integer, got ${p.seed}`);
  if (!(p.tol >= 0)) throw new Error(`${TYPE}: 'tol' must be >= 0, got ${p.tol}`);
  if (!(p.minClusterShare >= 0 && p.minClusterShare < 1)) {
    throw new Error(`${TYPE}: 'minClusterShare' must be in [0, 1), got ${p.minClusterShare}`);
  }
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

/** Squared distance from row i of X to its nearest centroid. */
function nearestSquared(X: Matrix, i: number, centroids: readonly (readonly number[])[]): number {
  const d = X.data;
  const o = i * X.cols;
  let best = Infinity;
  for (const c of centroids) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) {
      const t = d[o + j] - c[j];
      s += t * t;
    }
    if (s < best) best = s;
  }
  return best;
}

/**
 * KMeans distance: clusters the training rows with k-means (greedy k-means++ starts, Lloyd iterations, the best of
 * `nInit` seeded runs by inertia) and scores a row by its Euclidean distance to the nearest centroid of a
 * cluster holding at least `minClusterShare` of the rows, so rows far from every usual operating mode
 * score high, including anomalies similar enough to have formed a small cluster of their own.
 */
export class KMeansDistance implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly sequential = false;
  readonly params: Readonly<KMeansParams>;
  private state: KMeansState | null = null;

  constructor(params: Record<string, unknown> = {}) {
    this.params = Object.freeze(resolveParams(params));
  }

  get fitted(): boolean {
    return this.state !== null;
  }

  async fit(X: Matrix, options: FitOptions = {}): Promise<this> {
    if (X.rows < 1) throw new Error(`${TYPE}: cannot fit on 0 rows`);
    assertFinite(TYPE, X, 'training data');
    const p = this.params;
    const take = Math.min(X.rows, p.maxSamples);
    const d = X.cols;
    const data = new Float64Array(take * d);
    for (let s = 0; s < take; s++) {
      const i = Math.floor((s * X.rows) / take);
      data.set(X.data.subarray(i * d, (i + 1) * d), s * d);
    }
    const k = Math.min(p.k, take);
    const rng = createRandom(p.seed);
    const tolerance = scaledTolerance(data, take, d, p.tol);
    let best: { centroids: number[][]; sizes: number[]; inertia: number } | null = null;
    for (let run = 0; run < p.nInit; run++) {
      throwIfAborted(options.signal);
      const start = kmeansPlusPlus(data, take, d, k, rng);
      const result = lloyd(data, take, d, start, k, p.maxIterations, tolerance);
      if (!best || result.inertia < best.inertia) {
        best = {
          centroids: Array.from({ length: k }, (_, c) =>
            Array.from(result.centres.subarray(c * d, (c + 1) * d)),
          ),
          sizes: Array.from(result.sizes),
          inertia: result.inertia,
        };
      }
      options.onProgress?.((run + 1) / p.nInit);
      await yieldToEventLoop();
    }
    throwIfAborted(options.signal);
    const kept = best as { centroids: number[][]; sizes: number[]; inertia: number };
    const large = kept.centroids.filter((_, c) => kept.sizes[c] >= p.minClusterShare * take);
    this.state = {
      nFeatures: X.cols,
      centroids: large.length ? large : kept.centroids,
      sizes: kept.sizes,
      inertia: kept.inertia,
      fittedRows: take,
    };
    return this;
  }

  score(X: Matrix): Float64Array {
    const state = this.state;
    if (!state) throw new Error(`${TYPE}: score() called before fit()`);
    assertWidth(TYPE, X, state.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = Math.sqrt(nearestSquared(X, i, state.centroids));
    return out;
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const small = s.sizes.length - s.centroids.length;
    return [
      `${s.sizes.length} clusters fitted on ${s.fittedRows.toLocaleString('en-US')} rows` +
        (s.fittedRows >= this.params.maxSamples
          ? ` (an evenly spaced sample, cap ${this.params.maxSamples.toLocaleString('en-US')})`
          : '') +
        `; inertia ${s.inertia.toPrecision(4)}.`,
      ...(small > 0
        ? [
            `${small} cluster${small === 1 ? '' : 's'} under ${this.params.minClusterShare * 100}% of the rows taken for anomalies: rows are scored against the other ${s.centroids.length}.`,
          ]
        : []),
    ];
  }

  toJSON(): DetectorJSON {
    return { type: TYPE, version: VERSION, params: { ...this.params }, state: this.state };
  }

  /** Restores fitted state (from `toJSON`), checking its shape. */
  setState(state: KMeansState): void {
    const ok =
      state &&
      Number.isInteger(state.nFeatures) &&
      Array.isArray(state.centroids) &&
      Array.isArray(state.sizes) &&
      state.centroids.length > 0 &&
      state.centroids.every(
        (c) => Array.isArray(c) && c.length === state.nFeatures && c.every((v) => Number.isFinite(v)),
      );
    if (!ok)
      throw new Error(`${TYPE}: malformed fitted state (centroids must be finite rows of nFeatures numbers)`);
    this.state = state;
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
      'Number of clusters, one per usual operating mode (idle, business hours, batch jobs...). Too few merge ' +
      'modes and make normal rows look far; too many give anomalies a cluster of their own.',
  },
  {
    name: 'nInit',
    label: 'Restarts',
    kind: 'int',
    default: DEFAULTS.nInit,
    min: 1,
    max: 50,
    help: 'Seeded k-means++ restarts; the clustering with the lowest inertia is kept.',
  },
  {
    name: 'maxIterations',
    label: 'Max iterations',
    kind: 'int',
    default: DEFAULTS.maxIterations,
    min: 1,
    max: 1000,
    help: 'Lloyd iterations per restart before giving up on convergence.',
  },
  {
    name: 'tol',
    label: 'Tolerance',
    kind: 'number',
    default: DEFAULTS.tol,
    min: 0,
    max: 1,
    help:
      'A restart stops when the squared centre movement falls below this share of the mean feature ' +
      "variance (scikit-learn's tol), or when no row changes cluster.",
  },
  {
    name: 'maxSamples',
    label: 'Fit sample (rows)',
    kind: 'int',
    default: DEFAULTS.maxSamples,
    min: 2,
    max: 1_000_000,
    help: 'The clustering is fitted on at most this many evenly spaced training rows; every row is scored.',
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
      'by their distance to the larger clusters only. 0 scores against every cluster.',
  },
  contaminationSpec(DEFAULTS.contamination),
  {
    name: 'seed',
    label: 'Random seed',
    kind: 'int',
    default: DEFAULTS.seed,
    min: 0,
    max: 2 ** 31 - 1,
    help: 'Same seed and data give the same clusters and scores everywhere.',
  },
];

export const kmeansFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'KMeans distance',
  description:
    'Clusters the training rows into k operating modes and scores each row by its distance to the nearest ' +
    'cluster centre. Needs scaled features; finds rows unlike every usual mode, misses anomalies inside a mode.',
  params: PARAM_SPECS,
  create: (params) => new KMeansDistance(params),
  fromJSON: (json) => {
    const det = new KMeansDistance(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as KMeansState);
    return det;
  },
};
