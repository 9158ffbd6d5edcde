/** Options of the demo cluster generator; every field is optional. */
export interface ClusterOptions {
  /** Number of days of data (default 14). */
  days?: number;
  /** Number of instances (default 8). */
  instances?: number;
  /** Sampling step in minutes (default 5, as CloudWatch's basic monitoring). */
  stepMinutes?: number;
  /** Seed of the only random stream (default 42). */
  seed?: number;
  /** First timestamp, ISO 8601 (default '2024-03-04T00:00:00Z', a Monday). Local time is UTC. */
  start?: string;
  /** Share of rows inside labelled anomaly episodes, in [0, 0.5] (default 0.05). */
  anomalyFraction?: number;
}

/** The options with defaults applied and validated. */
export interface ResolvedClusterOptions {
  days: number;
  instances: number;
  stepMinutes: number;
  seed: number;
  /** `start` as epoch milliseconds (UTC). */
  startMs: number;
  anomalyFraction: number;
  /** Samples per instance: floor(days * 1440 / stepMinutes). */
  steps: number;
}

export const CLUSTER_DEFAULTS = {
  days: 14,
  instances: 8,
  stepMinutes: 5,
  seed: 42,
  start: '2024-03-04T00:00:00Z',
  anomalyFraction: 0.05,
} as const;

/** Applies defaults and refuses impossible values with an error that names the option. */
export function resolveClusterOptions(options: ClusterOptions = {}): ResolvedClusterOptions {
  const days = options.days ?? CLUSTER_DEFAULTS.days;
  const instances = options.instances ?? CLUSTER_DEFAULTS.instances;
  const stepMinutes = options.stepMinutes ?? CLUSTER_DEFAULTS.stepMinutes;
  const seed = options.seed ?? CLUSTER_DEFAULTS.seed;
  const start = options.start ?? CLUSTER_DEFAULTS.start;
  const anomalyFraction = options.anomalyFraction ?? CLUSTER_DEFAULTS.anomalyFraction;

  if (!Number.isFinite(days) || days <= 0) throw new Error(`synth: 'days' must be > 0, got ${days}`);
  if (!Number.isInteger(instances) || instances < 1) {
    throw new Error(`synth: 'instances' must be an integer >= 1, got ${instances}`);
  }
  if (!Number.isFinite(stepMinutes) || stepMinutes <= 0 || stepMinutes > 1440) {
    throw new Error(`synth: 'stepMinutes' must be in (0, 1440], got ${stepMinutes}`);
  }
  if (!Number.isFinite(seed)) throw new Error(`synth: 'seed' must be a finite number, got ${seed}`);
  const startMs = Date.parse(start);
  if (Number.isNaN(startMs)) throw new Error(`synth: 'start' is not an ISO date: '${start}'`);
  if (!(anomalyFraction >= 0 && anomalyFraction <= 0.5)) {
    throw new Error(`synth: 'anomalyFraction' must be in [0, 0.5], got ${anomalyFraction}`);
  }
  const steps = Math.floor((days * 1440) / stepMinutes);
  if (steps < 1) throw new Error(`synth: ${days} day(s) at ${stepMinutes} min per step give no samples`);
  return { days, instances, stepMinutes, seed, startMs, anomalyFraction, steps };
}
