import * as aq from 'arquero';
import type { Dataset, Schema } from '../table/dataset';
import { createRandom } from '../util/random';
import { injectAnomaly } from './anomalies';
import { loadCurve } from './baseline';
import { planEpisodes, type AnomalyEpisode } from './episodes';
import { fillNormalMetrics, finalizeSeries, METRIC_COLUMNS, sliceSeries, type MetricSeries } from './metrics';
import { createNoise, createNormalPool } from './noise';
import { resolveClusterOptions, type ClusterOptions } from './options';
import { instanceProfile, instanceRoles, type InstanceProfile } from './profiles';

/** The generated demo data with what went into it. */
export interface ClusterData {
  dataset: Dataset;
  /** The injected episodes, sorted by instance then start (`start` is a step within the instance). */
  episodes: AnomalyEpisode[];
  /** Per-instance parameters, in table order. */
  profiles: InstanceProfile[];
}

/** The demo schema: time, instance, the seven metrics, and the 0/1 label. */
export function clusterSchema(): Schema {
  return { time: 'timestamp', entity: 'instance', metrics: [...METRIC_COLUMNS], label: 'label' };
}

/**
 * Generates the demo cluster (see {@link generateClusterMetrics}) and also returns the injected
 * episodes and instance profiles.
 */
export function generateCluster(options: ClusterOptions = {}): ClusterData {
  const o = resolveClusterOptions(options);
  const T = o.steps;
  const N = o.instances * T;
  const stepMs = o.stepMinutes * 60_000;

  // Separate streams so the normal data does not change when only the anomaly share changes.
  const root = createRandom(o.seed);
  const baseRng = root.fork();
  const anomalyRng = root.fork();

  const timestamp = new Float64Array(N);
  const instance = new Array<string>(N);
  const all: MetricSeries = {
    cpu: new Float64Array(N),
    mem: new Float64Array(N),
    netIn: new Float64Array(N),
    netOut: new Float64Array(N),
    disk: new Float64Array(N),
    latency: new Float64Array(N),
    conns: new Float64Array(N),
  };
  const label = new Float64Array(N);
  const anomalyType = new Array<string>(N).fill('');

  const pool = createNormalPool(baseRng);
  const load = new Float64Array(T);
  const profiles: InstanceProfile[] = [];
  for (const [i, { name, role }] of instanceRoles(o.instances).entries()) {
    const rng = baseRng.fork();
    const profile = instanceProfile(name, role, rng);
    profiles.push(profile);
    const noise = createNoise(pool, rng);
    loadCurve(load, o.startMs, o.stepMinutes, profile, rng, noise);
    fillNormalMetrics(sliceSeries(all, i * T, (i + 1) * T), load, o.startMs, o.stepMinutes, profile, noise);
    const base = i * T;
    for (let t = 0; t < T; t++) {
      timestamp[base + t] = o.startMs + t * stepMs;
      instance[base + t] = name;
    }
  }

  const episodes = planEpisodes(anomalyRng, o.instances, T, o.stepMinutes, o.anomalyFraction);
  for (const ep of episodes) {
    const from = ep.instance * T + ep.start;
    const to = from + ep.length;
    injectAnomaly(sliceSeries(all, from, to), ep, profiles[ep.instance], o.stepMinutes, anomalyRng.fork());
    label.fill(1, from, to);
    anomalyType.fill(ep.type, from, to);
  }
  finalizeSeries(all);

  const table = aq.table({
    timestamp,
    instance,
    cpu_pct: all.cpu,
    mem_pct: all.mem,
    net_in_mbps: all.netIn,
    net_out_mbps: all.netOut,
    disk_iops: all.disk,
    latency_ms: all.latency,
    active_connections: all.conns,
    label,
    anomaly_type: anomalyType,
  });
  return { dataset: { name: 'demo', table, schema: clusterSchema() }, episodes, profiles };
}

/**
 * The workbench's built-in demo dataset: seeded, realistic metrics of a small cluster (web, api,
 * db, cache and batch instances at 5-minute steps), with daily and weekly cycles, correlated
 * metrics, AR(1) noise and about `anomalyFraction` of rows inside labelled anomaly episodes of
 * eight types.
 *
 * Columns, in order: `timestamp` (epoch ms, UTC), `instance`, the seven metrics of
 * {@link METRIC_COLUMNS}, `label` (0/1) and `anomaly_type` ('' on normal rows). Rows are ordered by
 * instance, then time. Numeric columns are `Float64Array`s. Same options and seed give an
 * identical table.
 */
export function generateClusterMetrics(options: ClusterOptions = {}): Dataset {
  return generateCluster(options).dataset;
}
