export { generateClusterMetrics, generateCluster, clusterSchema, type ClusterData } from './generate';
export {
  resolveClusterOptions,
  CLUSTER_DEFAULTS,
  type ClusterOptions,
  type ResolvedClusterOptions,
} from './options';
export {
  ANOMALY_TYPES,
  EPISODE_MINUTES,
  planEpisodes,
  type AnomalyType,
  type AnomalyEpisode,
} from './episodes';
export { METRIC_COLUMNS, type MetricColumn } from './metrics';
export { instanceRoles, type InstanceRole, type InstanceProfile } from './profiles';
export { businessCurve, eveningCurve, dayOfWeek, hourOfDay } from './baseline';
