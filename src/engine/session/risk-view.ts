import { metricColumn } from '../pipeline/features';
import { behaviourPca } from '../risk/behaviour-pca';
import {
  BEHAVIOUR_STATS,
  DEFAULT_BLOCK_ROWS,
  behaviourMatrix,
  behaviourUnits,
  hotQuantile,
  peakQuantile,
  robustStandardise,
  Z_CAP,
  type UnitKind,
} from '../risk/behaviour';
import { loadDirection, loadScores, loadWeights } from '../risk/load-score';
import { riskClusters, type RiskName } from '../risk/risk-clusters';
import type { Dataset } from '../table/dataset';

export interface RiskViewOptions {
  /** Seed of the k-means++ starts (default 42). */
  seed?: number;
  /** Rows per window when there is no entity column and no time column spanning two days (default 288). */
  blockRows?: number;
  /** The metrics whose summaries make up the load (default: every chosen metric). */
  loadMetrics?: string[];
  /** Seeded k-means starts (default 10). */
  nInit?: number;
}

/** One instance (or window) of the fleet: its cluster, risk name, load and place in the PCA scatter. */
export interface RiskInstanceView {
  name: string;
  rows: number;
  /** Cluster index, 0 = least loaded. */
  cluster: number;
  risk: RiskName;
  /** Mean signed robust z of the load metrics' summaries (0 = the fleet's median instance). */
  load: number;
  /** PCA coordinates, null when there is no scatter. */
  x: number | null;
  y: number | null;
  /** Chosen metrics without a single finite value on this instance (set to the fleet's median). */
  missing: string[];
}

/** A cluster's centroid for one metric, in the metric's units (hot share in [0, 1]). */
export interface RiskCentroidMetric {
  metric: string;
  median: number;
  /** The 95th percentile, or the 5th for spare capacity (see `peakQuantile`). */
  peak: number;
  peakQuantile: number;
  /** Share of time beyond the fleet's hot threshold (`RiskView.fleetHot`). */
  hotShare: number;
  /** +1 when more means more load, -1 for spare capacity (idle, free, available), 0 when not counted. */
  direction: 1 | -1 | 0;
}

export interface RiskClusterView {
  /** 0 = least loaded. */
  index: number;
  name: RiskName;
  size: number;
  /** The centroid's load (same scale as the instances' loads). */
  load: number;
  members: string[];
  /** Mean of the members' summaries, per metric. */
  centroid: RiskCentroidMetric[];
}

/** Everything the risk-cluster cell draws: plain data, cloneable to and from a worker. */
export interface RiskView {
  metrics: string[];
  unitKind: UnitKind;
  /** What one unit is called: `instance`, `day`, `block`. */
  unitName: string;
  /** The plural: `instances`, `days`, `blocks`. */
  unitsName: string;
  /** Why the units are windows rather than instances (no entity column), else null. */
  unitNote: string | null;
  seed: number;
  k: number;
  instances: RiskInstanceView[];
  clusters: RiskClusterView[];
  /**
   * Each metric's hot threshold: the fleet's 90th percentile, above which time counts as hot, or for
   * spare capacity the 10th, below which it does (`below` true).
   */
  fleetHot: { metric: string; value: number; quantile: number; below: boolean }[];
  /** Explained variance shares of the scatter's axes, or null (see `pcaAbsent`). */
  pca: { explained: [number, number] } | null;
  pcaAbsent: string | null;
  /** How instances were summarised, clustered and named, as sentences. */
  rule: string;
  /** Data problems worked around (missing metrics, instances left out), one sentence each. */
  notes: string[];
  /** Why nothing could be clustered, else null. */
  absent: string | null;
  /** One-sentence summary for the cell's reading. */
  reading: string;
}

const UNIT_NAMES: Record<UnitKind, [string, string]> = {
  entity: ['instance', 'instances'],
  day: ['day', 'days'],
  block: ['block', 'blocks'],
};

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What {@link riskRule} describes. */
export interface RiskRuleInput {
  metrics: readonly string[];
  loadMetrics: readonly string[];
  /** Singular and plural name of a unit: `instance`, `instances`. */
  unitName: string;
  unitsName: string;
  n: number;
  k: number;
  names: readonly RiskName[];
  seed: number;
  nInit: number;
}

/** How instances were summarised, clustered and named, as the sentences the cell shows. */
export function riskRule(r: RiskRuleInput): string {
  const spare = r.metrics.filter((m) => loadDirection(m) < 0);
  const spareCounted = spare.filter((m) => r.loadMetrics.includes(m));
  const counted =
    r.loadMetrics.length === r.metrics.length
      ? r.metrics.length === 1
        ? `its one metric, ${r.metrics[0]}`
        : `all ${r.metrics.length} metrics`
      : list(r.loadMetrics);
  const units = plural(r.n, r.unitName, r.unitsName);
  const fewer =
    r.k < 4
      ? ` With ${units}${r.k < r.n ? ` (${r.k} distinct)` : ''} there ${r.k === 1 ? 'is' : 'are'} only ${r.k} cluster${r.k === 1 ? '' : 's'}, named ${list(r.names)}: the extremes a small fleet cannot establish are left out (Critical first, then Idle).`
      : '';
  return (
    `Each of the ${units} is summarised per metric by its median, 95th percentile and share of time above the fleet's 90th percentile` +
    (spare.length
      ? ` (for ${list(spare)}, which measure${spare.length === 1 ? 's' : ''} spare capacity: 5th percentile and time below the fleet's 10th)`
      : '') +
    ', ' +
    `each robust-z standardised across the ${r.unitsName} (median and 1.4826 × MAD, capped at ±${Z_CAP}; a missing summary counts as the median). ` +
    `k-means (k = ${r.k}, best of ${r.nInit} k-means++ starts, seed ${r.seed}) groups them. ` +
    `A cluster's load is the mean standardised summary of its centroid over ${counted}` +
    (spareCounted.length
      ? ` (the median and 5th percentile of ${list(spareCounted)} count negatively: more spare capacity, less load)`
      : '') +
    `; the clusters are named by ascending load: ${list(r.names)}.` +
    fewer
  );
}

function emptyView(base: Omit<RiskView, 'absent' | 'reading'>, reason: string): RiskView {
  return { ...base, absent: reason, reading: reason };
}

/**
 * Risk clusters of a fleet without labels: summarises each instance's behaviour over the chosen
 * metrics, clusters the instances with seeded k-means into up to four groups and names them Idle,
 * Normal, High Load and Critical by their centroids' load (see {@link riskRule}), and projects the
 * behaviour on two principal components for a scatter. Without an entity column, UTC days (or blocks
 * of 288 rows without a time column) play the instances, and the view says so.
 *
 * @throws DataError when a metric is not a column of the dataset
 * @throws Error on invalid options (seed, blockRows, nInit, load metrics outside `metrics`)
 */
export function riskView(ds: Dataset, metrics: string[], options: RiskViewOptions = {}): RiskView {
  const seed = options.seed ?? 42;
  const nInit = options.nInit ?? 10;
  const blockRows = options.blockRows ?? DEFAULT_BLOCK_ROWS;
  if (!Number.isFinite(seed)) throw new Error(`risk clusters: 'seed' must be a finite number, got ${seed}`);
  const loadMetrics = options.loadMetrics ?? metrics;
  for (const m of loadMetrics) {
    if (!metrics.includes(m))
      throw new Error(`risk clusters: load metric '${m}' is not among the chosen metrics`);
  }
  if (new Set(metrics).size !== metrics.length) throw new Error('risk clusters: a metric is chosen twice');
  const columns = metrics.map((m) => metricColumn(ds, m));
  const units = behaviourUnits(ds, blockRows);
  const [uName, usName] = UNIT_NAMES[units.kind];
  const unitNote =
    units.kind === 'entity'
      ? null
      : units.kind === 'day'
        ? `The data has no entity column: each UTC day (${plural(units.names.length, 'day', 'days')}) is treated as an instance.`
        : `The data has no entity column${ds.schema.time ? ' and its time column spans less than two days' : ' and no time column'}: each block of ${plural(units.blockRows, 'row', 'rows')} in ${ds.schema.time ? 'time' : 'file'} order (${plural(units.names.length, 'block', 'blocks')}) is treated as an instance.`;
  const base: Omit<RiskView, 'absent' | 'reading'> = {
    metrics: [...metrics],
    unitKind: units.kind,
    unitName: uName,
    unitsName: usName,
    unitNote,
    seed,
    k: 0,
    instances: [],
    clusters: [],
    fleetHot: [],
    pca: null,
    pcaAbsent: null,
    rule: '',
    notes: [],
  };
  if (metrics.length === 0) return emptyView(base, 'Choose at least one metric to cluster the instances by.');

  const full = behaviourMatrix(columns, metrics, units.rows);
  const notes: string[] = [];
  // A metric with no finite value anywhere has no summaries to compare: drop it.
  const kept = metrics.map((_, j) => j).filter((j) => Number.isFinite(full.fleetHot[j]));
  const dropped = metrics.filter((_, j) => !kept.includes(j));
  if (dropped.length)
    notes.push(`${list(dropped)} ${dropped.length === 1 ? 'has' : 'have'} no value at all: left out.`);
  const used = kept.map((j) => metrics[j]);
  const usedLoad = loadMetrics.filter((m) => used.includes(m));
  if (used.length === 0)
    return emptyView({ ...base, notes }, 'None of the chosen metrics has a value to cluster by.');
  if (usedLoad.length === 0) {
    return emptyView(
      { ...base, notes },
      'None of the load metrics has a value: there is no load to name clusters by.',
    );
  }

  const m = metrics.length;
  const present = units.names.map((_, u) => kept.some((j) => full.counts[u * m + j] > 0));
  const excluded = units.names.filter((_, u) => !present[u]);
  if (excluded.length) {
    notes.push(
      `${list(excluded)} ${excluded.length === 1 ? 'has' : 'have'} no value of any chosen metric: left out of the clusters.`,
    );
  }
  const keptUnits = units.names.map((_, u) => u).filter((u) => present[u]);
  if (keptUnits.length === 0)
    return emptyView({ ...base, notes }, `No ${uName} has a value of the chosen metrics.`);

  // Dropping metrics and instances without values changes no other summary (they add no value to a
  // fleet quantile), so the kept part of the full matrix is the matrix of the kept data.
  const s = BEHAVIOUR_STATS.length;
  const n = keptUnits.length;
  const d = used.length * s;
  const raw = new Float64Array(n * d);
  const counts = new Int32Array(n * used.length);
  keptUnits.forEach((u, i) =>
    kept.forEach((j, jj) => {
      counts[i * used.length + jj] = full.counts[u * m + j];
      for (let t = 0; t < s; t++) raw[i * d + jj * s + t] = full.raw[u * full.d + j * s + t];
    }),
  );
  const features = full.features.filter((f) => used.includes(f.metric));
  const names = keptUnits.map((u) => units.names[u]);
  const missing = names.map((_, i) => used.filter((_, j) => counts[i * used.length + j] === 0));
  names.forEach((name, i) => {
    if (missing[i].length) {
      notes.push(
        `${name} has no value of ${list(missing[i])}: its summaries there count as the fleet's median.`,
      );
    }
  });
  const { z } = robustStandardise(raw, n, d);
  const weights = loadWeights(features, usedLoad);
  const clustering = riskClusters(z, n, d, weights, { seed, nInit });
  const loads = loadScores(z, n, weights);
  const pca = behaviourPca(z, n, d, weights, usName);

  const clusters: RiskClusterView[] = clustering.names.map((name, c) => {
    const idx = names.map((_, i) => i).filter((i) => clustering.labels[i] === c);
    const centroid = used.map((metric, j): RiskCentroidMetric => {
      const mean = (stat: number): number => {
        let sum = 0;
        let count = 0;
        for (const i of idx) {
          const v = raw[i * d + j * s + stat];
          if (Number.isFinite(v)) {
            sum += v;
            count++;
          }
        }
        return count ? sum / count : NaN;
      };
      return {
        metric,
        median: mean(0),
        peak: mean(1),
        peakQuantile: peakQuantile(loadDirection(metric)),
        hotShare: mean(2),
        direction: usedLoad.includes(metric) ? loadDirection(metric) : 0,
      };
    });
    return {
      index: c,
      name,
      size: clustering.sizes[c],
      load: clustering.loads[c],
      members: idx.map((i) => names[i]),
      centroid,
    };
  });
  const instances: RiskInstanceView[] = names.map((name, i) => ({
    name,
    rows: units.rows[keptUnits[i]].length,
    cluster: clustering.labels[i],
    risk: clustering.names[clustering.labels[i]],
    load: loads[i],
    x: pca.x ? pca.x[i] : null,
    y: pca.y ? pca.y[i] : null,
    missing: missing[i],
  }));
  const rule = riskRule({
    metrics: used,
    loadMetrics: usedLoad,
    unitName: uName,
    unitsName: usName,
    n,
    k: clustering.k,
    names: clustering.names,
    seed,
    nInit,
  });
  const top = clusters[clusters.length - 1];
  const hot = clusters.filter((c) => c.name === 'High Load' || c.name === 'Critical');
  const hotCount = hot.reduce((t, c) => t + c.size, 0);
  const reading =
    `${plural(hotCount, uName, usName)} of ${n.toLocaleString('en-US')} in High Load or Critical` +
    `; the most loaded cluster (${top.name}) holds ${top.members.length > 5 ? `${top.members.slice(0, 5).join(', ')} and ${top.members.length - 5} more` : list(top.members)}.`;
  return {
    ...base,
    metrics: used,
    k: clustering.k,
    instances,
    clusters,
    fleetHot: kept.map((j) => {
      const below = full.directions[j] < 0;
      return {
        metric: metrics[j],
        value: full.fleetHot[j],
        quantile: hotQuantile(below ? -1 : 1),
        below,
      };
    }),
    pca: pca.explained ? { explained: pca.explained } : null,
    pcaAbsent: pca.absent,
    rule,
    notes,
    absent: null,
    reading,
  };
}
