import { finiteValues, quantilesInPlace } from '../eda/box-stats';
import { entityGroups } from '../pipeline/features';
import { columnValues } from '../table/column-values';
import type { Dataset } from '../table/dataset';
import { loadDirection } from './load-score';

/**
 * What an instance's behaviour is made of, per metric: its median (typical level), its peak (the 95th
 * percentile: its busy level) and its hot share (share of time above the fleet's 90th percentile: how
 * often it runs hot compared with every other instance). The share uses the fleet's quantile, not the
 * instance's own: a share above one's own 95th percentile is 5% by construction and says nothing.
 * Spare-capacity metrics (idle, free, available: {@link loadDirection} -1) are read the other way
 * round, so every summary looks at the loaded side: the peak is the 5th percentile (the least spare
 * capacity) and the hot share is the time below the fleet's 10th percentile.
 */
export type BehaviourStat = 'median' | 'peak' | 'hotShare';

/** The summaries of each metric, in the order they appear in a behaviour vector. */
export const BEHAVIOUR_STATS: readonly BehaviourStat[] = ['median', 'peak', 'hotShare'];

/** The fleet quantile a value must pass to count as "hot": above the 90th, or below the 10th for spare capacity. */
export function hotQuantile(direction: 1 | -1): number {
  return direction < 0 ? 0.1 : 0.9;
}

/** The quantile of the peak summary: the 95th, or the 5th for spare capacity. */
export function peakQuantile(direction: 1 | -1): number {
  return direction < 0 ? 0.05 : 0.95;
}

/** Rows per window when the data has neither an entity column nor a time column spanning two days. */
export const DEFAULT_BLOCK_ROWS = 288;

const DAY_MS = 86_400_000;

/** One column of a behaviour vector. */
export interface BehaviourFeature {
  metric: string;
  stat: BehaviourStat;
}

/** What the "instances" are: the entity's values, UTC days, or blocks of consecutive rows. */
export type UnitKind = 'entity' | 'day' | 'block';

/** The units whose behaviour is compared, each with its row indices. */
export interface BehaviourUnits {
  kind: UnitKind;
  names: string[];
  rows: number[][];
  /** Rows per block (kind 'block' only; 0 otherwise). */
  blockRows: number;
}

/** Behaviour vectors of n units over d = 3 x metrics features, row-major. */
export interface BehaviourMatrix {
  features: BehaviourFeature[];
  n: number;
  d: number;
  /** n x d summaries in the metrics' units (shares in [0, 1]); NaN where a unit has no finite value. */
  raw: Float64Array;
  /** Finite values per unit and metric (n x metrics): 0 marks a metric a unit never reported. */
  counts: Int32Array;
  /**
   * Each metric's hot threshold over all units' finite values: the fleet's 90th percentile, or 10th for
   * spare capacity (NaN when the metric has no value).
   */
  fleetHot: Float64Array;
  /** Each metric's direction: 1 for load, -1 for spare capacity. */
  directions: Int8Array;
}

/** Robust z-scores of a behaviour matrix: (x - centre) / scale per feature, 0 where x is missing. */
export interface Standardised {
  z: Float64Array;
  centre: Float64Array;
  /** 0 for a feature that does not vary across units (its z is 0 everywhere). */
  scale: Float64Array;
}

/** UTC date of an epoch-ms time: `2024-03-04`. */
function dayName(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Splits rows (in time or file order) into blocks of `blockRows`; a last block shorter than half a
 * block joins the one before it, so no "instance" is judged on a handful of rows.
 */
function blocks(order: readonly number[], blockRows: number): BehaviourUnits {
  const names: string[] = [];
  const rows: number[][] = [];
  for (let from = 0; from < order.length; from += blockRows) {
    const to = Math.min(from + blockRows, order.length);
    if (rows.length > 0 && to - from < blockRows / 2) {
      rows[rows.length - 1].push(...order.slice(from, to));
      const first = names[names.length - 1].split('–')[0];
      names[names.length - 1] = `${first}–${to}`;
      continue;
    }
    rows.push(order.slice(from, to));
    names.push(`rows ${from + 1}–${to}`);
  }
  return { kind: 'block', names, rows, blockRows };
}

/**
 * The units to compare. With an entity column, its instances (rows in time order). Without one, the
 * data is one series, so consecutive windows play the instances: UTC days when a time column spans at
 * least two days (rows with a missing time are left out), else blocks of `blockRows` rows (288: a day
 * of 5-minute steps).
 */
export function behaviourUnits(ds: Dataset, blockRows = DEFAULT_BLOCK_ROWS): BehaviourUnits {
  if (!Number.isInteger(blockRows) || blockRows < 1) {
    throw new Error(`risk clusters: 'blockRows' must be an integer >= 1, got ${blockRows}`);
  }
  const groups = entityGroups(ds);
  if (ds.schema.entity) {
    const ents = columnValues(ds.table, ds.schema.entity);
    return { kind: 'entity', names: groups.map((g) => String(ents[g[0]])), rows: groups, blockRows: 0 };
  }
  const order = groups[0] ?? [];
  if (ds.schema.time) {
    const times = columnValues(ds.table, ds.schema.time) as ArrayLike<number>;
    const byDay = new Map<number, number[]>();
    for (const i of order) {
      const t = Number(times[i]);
      if (!Number.isFinite(t)) continue;
      const day = Math.floor(t / DAY_MS);
      let g = byDay.get(day);
      if (!g) byDay.set(day, (g = []));
      g.push(i);
    }
    if (byDay.size >= 2) {
      const days = [...byDay.keys()].sort((a, b) => a - b);
      return {
        kind: 'day',
        names: days.map((d) => dayName(d * DAY_MS)),
        rows: days.map((d) => byDay.get(d) as number[]),
        blockRows: 0,
      };
    }
  }
  return blocks(order, blockRows);
}

/**
 * The behaviour vector of every unit (see {@link BehaviourStat}): per metric its median, peak and hot
 * share (numpy's linear quantiles), over the unit's finite values only. A unit with no finite value of
 * a metric gets NaN there and a count of 0.
 *
 * @param columns one column per metric, indexed by dataset row
 * @param units each unit's row indices
 * @param directions per metric, 1 for load and -1 for spare capacity (default: {@link loadDirection})
 */
export function behaviourMatrix(
  columns: readonly ArrayLike<number>[],
  metrics: readonly string[],
  units: readonly (readonly number[])[],
  directions: readonly (1 | -1)[] = metrics.map(loadDirection),
): BehaviourMatrix {
  if (columns.length !== metrics.length) {
    throw new Error(`risk clusters: ${columns.length} columns for ${metrics.length} metrics`);
  }
  const m = metrics.length;
  const n = units.length;
  const s = BEHAVIOUR_STATS.length;
  const d = m * s;
  const features: BehaviourFeature[] = [];
  for (const metric of metrics) for (const stat of BEHAVIOUR_STATS) features.push({ metric, stat });
  const raw = new Float64Array(n * d).fill(NaN);
  const counts = new Int32Array(n * m);
  const fleetHot = new Float64Array(m);
  let total = 0;
  for (const rows of units) total += rows.length;
  const all = new Int32Array(total);
  let at = 0;
  for (const rows of units) for (const r of rows) all[at++] = r;

  const dirs = Int8Array.from(directions);
  if (dirs.length !== m) throw new Error(`risk clusters: ${dirs.length} directions for ${m} metrics`);
  for (let j = 0; j < m; j++) {
    const col = columns[j];
    const dir = dirs[j] < 0 ? -1 : 1;
    const spare = dir < 0;
    const hotAt = quantilesInPlace(finiteValues(col, all), [hotQuantile(dir)])[0];
    fleetHot[j] = hotAt;
    for (let u = 0; u < n; u++) {
      const values = finiteValues(col, units[u]);
      counts[u * m + j] = values.length;
      if (values.length === 0) continue;
      let hot = 0;
      if (spare) for (let i = 0; i < values.length; i++) hot += values[i] < hotAt ? 1 : 0;
      else for (let i = 0; i < values.length; i++) hot += values[i] > hotAt ? 1 : 0;
      const [median, peak] = quantilesInPlace(values, [0.5, peakQuantile(dir)]);
      const o = u * d + j * s;
      raw[o] = median;
      raw[o + 1] = peak;
      raw[o + 2] = hot / values.length;
    }
  }
  return { features, n, d, raw, counts, fleetHot, directions: dirs };
}

/** The largest |z| of a standardised summary. */
export const Z_CAP = 5;

/** Consistency constant of the MAD for a normal distribution (1 / Phi^-1(3/4)). */
const MAD_TO_SIGMA = 1.482602218505602;
/** Consistency constant of the mean absolute deviation from the median for a normal distribution (sqrt(pi/2)). */
const MEAN_AD_TO_SIGMA = 1.2533141373155003;

/**
 * Robust z-scores across units, per feature: (x - median) / (1.4826 MAD). When more than half the units
 * share one value (MAD 0, common for shares of hot time that are 0 on most instances), the mean
 * absolute deviation from the median times 1.2533 stands in (Iglewicz and Hoaglin's modified z); when
 * that is 0 too the feature is constant and its z is 0. A missing value (NaN) gets z = 0: the fleet's
 * median, so it neither pulls a unit towards Idle nor towards Critical. z is capped at ±`cap` (default
 * {@link Z_CAP}): on a handful of instances the MAD can be tiny, and one summary at z = 60 would decide
 * the clusters and squash the scatter on its own.
 */
export function robustStandardise(raw: Float64Array, n: number, d: number, cap = Z_CAP): Standardised {
  const z = new Float64Array(n * d);
  const centre = new Float64Array(d);
  const scale = new Float64Array(d);
  const buf = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i * d + f];
      if (Number.isFinite(v)) buf[k++] = v;
    }
    if (k === 0) {
      centre[f] = NaN;
      continue;
    }
    const values = buf.slice(0, k);
    const med = quantilesInPlace(values, [0.5])[0];
    let meanAd = 0;
    for (let i = 0; i < k; i++) {
      values[i] = Math.abs(values[i] - med);
      meanAd += values[i];
    }
    meanAd /= k;
    const mad = quantilesInPlace(values, [0.5])[0];
    const sd = mad > 0 ? MAD_TO_SIGMA * mad : MEAN_AD_TO_SIGMA * meanAd;
    centre[f] = med;
    scale[f] = sd > 0 ? sd : 0;
    if (scale[f] === 0) continue;
    for (let i = 0; i < n; i++) {
      const v = raw[i * d + f];
      if (Number.isFinite(v)) z[i * d + f] = Math.max(-cap, Math.min(cap, (v - med) / scale[f]));
    }
  }
  return { z, centre, scale };
}
