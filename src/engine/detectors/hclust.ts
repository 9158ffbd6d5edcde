import { contaminationSpec } from './params';
import { selectRows, type Matrix } from '../util/matrix';
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
import { cutTree, mergesForClusters, mergesUpToHeight } from './hclust/cut-tree';
import { compactDendrogram, type CompactDendrogram } from './hclust/dendrogram';
import { linkage, LINKAGE_METHODS, type LinkageMethod } from './hclust/linkage';

/** Hierarchical clustering parameters. */
export interface HClustParams {
  /** How cluster distances are measured: 'single', 'complete', 'average' or 'ward'. */
  linkage: LinkageMethod;
  /** Number of clusters the tree is cut into (when cutHeight is 0). */
  k: number;
  /** When > 0, cut the tree at this height instead of into k clusters. */
  cutHeight: number;
  /** Clusters holding less than this share of the fitted rows are taken for groups of anomalies. */
  minClusterShare: number;
  /** Rows the tree is built on (an evenly spaced sample when there are more); every row is scored. */
  maxSamples: number;
  contamination: number;
}

/** Fitted state: the flat clusters, largest first, and the top of the tree for the chart. */
export interface HClustState {
  nFeatures: number;
  /** Rows given to fit. */
  trainingRows: number;
  /** Rows the tree was built on (at most maxSamples). */
  fittedRows: number;
  /** Every flat cluster's centroid (mean of its rows), largest cluster first. */
  centroids: number[][];
  sizes: number[];
  /** Each cluster's median member-to-centroid distance, floored (see `HClustDetector`). */
  spreads: number[];
  /** The clusters rows are scored against: those of at least minClusterShare of the rows. */
  usual: number[];
  dendrogram: CompactDendrogram;
}

const TYPE = 'hclust';
const VERSION = 1;

const DEFAULTS: HClustParams = {
  linkage: 'ward',
  k: 8,
  cutHeight: 0,
  minClusterShare: 0.05,
  // 4,000 rows: a 64 MB distance matrix and about 1.3 s of CPU per complete/average/Ward fit on 20
  // columns (scipy's pdist + linkage: 0.7 s on the same sample); 5,000 would take 100 MB and ~2 s.
  maxSamples: 4000,
  contamination: 0.05,
};

/** Spreads are at least this share of the mean member distance, so a cluster of identical rows still
 * gives finite scores of a sensible size to rows near it. */
const SPREAD_FLOOR = 0.1;

/** Merges kept for the dendrogram chart: this many, or one fewer than the clusters (up to 199). */
const CHART_MERGES = 49;

/** 10,000 rows: a 400 MB distance matrix, about what a browser tab can allocate. */
const MAX_SAMPLES = 10_000;

const METHOD_LABEL: Record<LinkageMethod, string> = {
  single: 'Single',
  complete: 'Complete',
  average: 'Average',
  ward: 'Ward',
};

function resolveParams(raw: Record<string, unknown> = {}): HClustParams {
  const p: HClustParams = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in DEFAULTS)) {
      throw new Error(`${TYPE}: unknown parameter '${key}' (known: ${Object.keys(DEFAULTS).join(', ')})`);
    }
    if (value === undefined) continue;
    if (key === 'linkage') {
      if (!LINKAGE_METHODS.includes(value as LinkageMethod)) {
        throw new Error(
          `${TYPE}: parameter 'linkage' must be one of ${LINKAGE_METHODS.join(', ')}, got ${JSON.stringify(value)}`,
        );
      }
      p.linkage = value as LinkageMethod;
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
  if (p.maxSamples > MAX_SAMPLES) {
    throw new Error(
      `${TYPE}: 'maxSamples' must be at most ${MAX_SAMPLES} (the distance matrix takes 4 n^2 bytes), got ${p.maxSamples}`,
    );
  }
  if (!(p.cutHeight >= 0)) throw new Error(`${TYPE}: 'cutHeight' must be >= 0, got ${p.cutHeight}`);
  if (!(p.minClusterShare >= 0 && p.minClusterShare < 1)) {
    throw new Error(`${TYPE}: 'minClusterShare' must be in [0, 1), got ${p.minClusterShare}`);
  }
  if (!(p.contamination > 0 && p.contamination <= 0.5)) {
    throw new Error(`${TYPE}: 'contamination' must be in (0, 0.5], got ${p.contamination}`);
  }
  return p;
}

/** The median of a sorted array (the mean of the middle two for an even length, as numpy's). */
function sortedMedian(a: Float64Array): number {
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

/** Centroids, sizes and floored spreads of the flat clusters of a sample. */
function describeClusters(
  X: Matrix,
  labels: Int32Array,
  sizes: readonly number[],
): { centroids: number[][]; spreads: number[] } {
  const K = sizes.length;
  const d = X.cols;
  const x = X.data;
  const sums = new Float64Array(K * d);
  for (let i = 0; i < X.rows; i++) {
    const o = labels[i] * d;
    for (let j = 0; j < d; j++) sums[o + j] += x[i * d + j];
  }
  const centroids = Array.from({ length: K }, (_, c) =>
    Array.from({ length: d }, (_, j) => sums[c * d + j] / sizes[c]),
  );
  // Member distances grouped by cluster (a counting sort), to take each cluster's median.
  const offset = new Int32Array(K + 1);
  for (let c = 0; c < K; c++) offset[c + 1] = offset[c] + sizes[c];
  const fill = offset.slice(0, K);
  const dist = new Float64Array(X.rows);
  let total = 0;
  for (let i = 0; i < X.rows; i++) {
    const c = centroids[labels[i]];
    let s = 0;
    for (let j = 0; j < d; j++) {
      const t = x[i * d + j] - c[j];
      s += t * t;
    }
    const r = Math.sqrt(s);
    dist[fill[labels[i]]++] = r;
    total += r;
  }
  const floor = total > 0 ? (SPREAD_FLOOR * total) / X.rows : 1;
  const spreads = Array.from({ length: K }, (_, c) => {
    const own = dist.subarray(offset[c], offset[c + 1]).sort();
    return Math.max(sortedMedian(own), floor);
  });
  return { centroids, spreads };
}

/**
 * Hierarchical clustering (agglomerative, Euclidean): builds the merge tree of the training rows with
 * single, complete, average or Ward linkage (the same tree as scipy.cluster.hierarchy.linkage), cuts
 * it into k flat clusters (or at a height), and scores any row by
 *
 *   score(x) = min over usual clusters c of |x - centroid_c| / spread_c
 *
 * where the usual clusters hold at least `minClusterShare` of the fitted rows (all clusters if none
 * does) and spread_c is the median distance of c's members to its centroid, floored at 0.1 x the mean
 * member distance over all fitted rows (1 when that is 0). So a typical member of a usual cluster scores
 * about 1, a row far from every usual cluster scores high, and so do members of tiny clusters, which are
 * not scored against their own cluster. The minimum over scaled distances keeps the score continuous.
 *
 * The tree needs every pairwise distance, so it is built on at most `maxSamples` evenly spaced rows
 * (deterministic, hence no seed); every row is scored against the resulting clusters.
 */
export class HClustDetector implements Detector {
  readonly type = TYPE;
  readonly version = VERSION;
  readonly sequential = false;
  readonly params: Readonly<HClustParams>;
  private state: HClustState | null = null;
  /** The usual clusters' centroids, row-major, and 1 / spread^2, for scoring. */
  private scoring: { centroids: Float64Array; inverseSpread2: Float64Array } | null = null;

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
    const take = Math.min(X.rows, p.maxSamples);
    const sample =
      take === X.rows
        ? X
        : selectRows(
            X,
            Int32Array.from({ length: take }, (_, s) => Math.floor((s * X.rows) / take)),
          );
    const onProgress = options.onProgress;
    const tree = await linkage(sample, p.linkage, {
      signal: options.signal,
      onProgress: onProgress && ((f) => onProgress(0.95 * f)),
    });
    throwIfAborted(options.signal);
    const cutByHeight = p.cutHeight > 0;
    const flat = cutTree(
      tree,
      cutByHeight ? mergesUpToHeight(tree, p.cutHeight) : mergesForClusters(tree, p.k),
    );
    const { centroids, spreads } = describeClusters(sample, flat.labels, flat.sizes);
    const K = flat.sizes.length;
    let usual = flat.sizes.flatMap((size, c) => (size >= p.minClusterShare * take ? [c] : []));
    if (usual.length === 0) usual = flat.sizes.map((_, c) => c);
    const chartMerges = Math.max(CHART_MERGES, Math.min(K - 1, 199));
    this.setState({
      nFeatures: X.cols,
      trainingRows: X.rows,
      fittedRows: take,
      centroids,
      sizes: flat.sizes,
      spreads,
      usual,
      dendrogram: compactDendrogram(tree, flat.labels, chartMerges, cutByHeight ? p.cutHeight : flat.height),
    });
    onProgress?.(1);
    return this;
  }

  score(X: Matrix): Float64Array {
    const state = this.state;
    const sc = this.scoring;
    if (!state || !sc) throw new Error(`${TYPE}: score() called before fit()`);
    assertWidth(TYPE, X, state.nFeatures);
    assertFinite(TYPE, X, 'scoring data');
    const d = X.cols;
    const x = X.data;
    const C = sc.centroids;
    const w = sc.inverseSpread2;
    const K = w.length;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      const o = i * d;
      let best = Infinity;
      for (let c = 0; c < K; c++) {
        const oc = c * d;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = x[o + j] - C[oc + j];
          s += t * t;
        }
        s *= w[c];
        if (s < best) best = s;
      }
      out[i] = Math.sqrt(best);
    }
    return out;
  }

  notes(): string[] {
    const s = this.state;
    if (!s) return [];
    const p = this.params;
    const K = s.sizes.length;
    const fmt = (v: number) => v.toLocaleString('en-US');
    const shown = s.sizes.slice(0, 12).map(fmt).join(', ') + (K > 12 ? ', ...' : '');
    const small = K - s.usual.length;
    const usual = new Set(s.usual);
    const smallRows = s.sizes.reduce((sum, size, c) => (usual.has(c) ? sum : sum + size), 0);
    return [
      `${METHOD_LABEL[p.linkage]} linkage on ${fmt(s.fittedRows)} rows, cut into ${K} cluster${K === 1 ? '' : 's'} ` +
        `at height ${s.dendrogram.cutHeight.toPrecision(4)}` +
        (p.cutHeight > 0 ? ' (the cut height set)' : ` (k = ${p.k})`) +
        `; cluster sizes ${shown}.`,
      ...(s.fittedRows < s.trainingRows
        ? [
            `Fitted on an evenly spaced ${fmt(s.fittedRows)}-row sample of ${fmt(s.trainingRows)} training rows: ` +
              'hierarchical clustering needs every pairwise distance, quadratic in rows.',
          ]
        : []),
      ...(small > 0
        ? [
            `${small} cluster${small === 1 ? '' : 's'} under ${p.minClusterShare * 100}% of the rows (${fmt(smallRows)} ` +
              `row${smallRows === 1 ? '' : 's'}) taken for anomalies: rows are scored against the other ${s.usual.length}.`,
          ]
        : []),
      "Score: distance to the nearest usual cluster's centroid in units of that cluster's median member " +
        'distance (about 1 for a typical member).',
    ];
  }

  toJSON(): DetectorJSON {
    return { type: TYPE, version: VERSION, params: { ...this.params }, state: this.state };
  }

  /** Restores fitted state (from `toJSON`), checking its shape. */
  setState(state: HClustState): void {
    const finite = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => Number.isFinite(v));
    const K = Array.isArray(state?.sizes) ? state.sizes.length : -1;
    const dg = state?.dendrogram;
    const ok =
      state &&
      Number.isInteger(state.nFeatures) &&
      state.nFeatures >= 1 &&
      Number.isInteger(state.trainingRows) &&
      Number.isInteger(state.fittedRows) &&
      K > 0 &&
      finite(state.sizes) &&
      Array.isArray(state.centroids) &&
      state.centroids.length === K &&
      state.centroids.every((c) => finite(c) && c.length === state.nFeatures) &&
      finite(state.spreads) &&
      state.spreads.length === K &&
      state.spreads.every((v) => v > 0) &&
      Array.isArray(state.usual) &&
      state.usual.length > 0 &&
      state.usual.every((c) => Number.isInteger(c) && c >= 0 && c < K) &&
      dg &&
      Array.isArray(dg.leaves) &&
      Array.isArray(dg.merges) &&
      Number.isFinite(dg.cutHeight);
    if (!ok) {
      throw new Error(
        `${TYPE}: malformed fitted state (centroids must be finite rows of nFeatures numbers, one per size, ` +
          'with a positive spread each, usual cluster indices and a dendrogram)',
      );
    }
    const d = state.nFeatures;
    const centroids = new Float64Array(state.usual.length * d);
    const inverseSpread2 = new Float64Array(state.usual.length);
    state.usual.forEach((c, u) => {
      centroids.set(state.centroids[c], u * d);
      inverseSpread2[u] = 1 / (state.spreads[c] * state.spreads[c]);
    });
    this.state = state;
    this.scoring = { centroids, inverseSpread2 };
  }
}

const PARAM_SPECS: readonly ParamSpec[] = [
  {
    name: 'linkage',
    label: 'Linkage',
    kind: 'choice',
    default: DEFAULTS.linkage,
    choices: LINKAGE_METHODS,
    help:
      'How the distance between two clusters is measured. Ward (least added variance) gives compact, ' +
      'even clusters; complete and average are between; single chains neighbours and leaves outliers as ' +
      'singleton clusters.',
  },
  {
    name: 'k',
    label: 'Clusters (k)',
    kind: 'int',
    default: DEFAULTS.k,
    min: 1,
    max: 200,
    help:
      'Number of clusters the tree is cut into, one per usual operating mode. Ignored when a cut height ' +
      'is set.',
  },
  {
    name: 'cutHeight',
    label: 'Cut height',
    kind: 'number',
    default: DEFAULTS.cutHeight,
    min: 0,
    help:
      'When above 0, cut the tree at this merge height (read it off the dendrogram) instead of into k ' +
      'clusters; merges at or below it are kept.',
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
      'against the larger clusters only. 0 scores against every cluster.',
  },
  {
    name: 'maxSamples',
    label: 'Fit sample (rows)',
    kind: 'int',
    default: DEFAULTS.maxSamples,
    min: 2,
    max: MAX_SAMPLES,
    help:
      'The tree is built on at most this many evenly spaced training rows (time and memory grow with its ' +
      'square: 4,000 rows take about 64 MB); every row is scored.',
  },
  contaminationSpec(DEFAULTS.contamination),
];

export const hclustFactory: DetectorFactory = {
  type: TYPE,
  version: VERSION,
  label: 'Hierarchical clustering',
  description:
    'Builds a tree of nested clusters (single, complete, average or Ward linkage), cuts it into k operating ' +
    "modes and scores each row by its distance to the nearest usual cluster in units of that cluster's " +
    'spread, so members of tiny clusters and rows far from their cluster score high. Needs scaled features.',
  params: PARAM_SPECS,
  create: (params) => new HClustDetector(params),
  fromJSON: (json) => {
    const det = new HClustDetector(json.params);
    if (json.state !== null && json.state !== undefined) det.setState(json.state as HClustState);
    return det;
  },
};
