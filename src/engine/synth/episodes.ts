import type { Random } from '../util/random';

/** The injected anomaly types, in a fixed order. */
export const ANOMALY_TYPES = [
  'cpu_spike',
  'memory_leak',
  'sudden_drop',
  'network_exfiltration',
  'ddos',
  'broken_correlation',
  'disk_io_storm',
  'latency_degradation',
] as const;

export type AnomalyType = (typeof ANOMALY_TYPES)[number];

/** One labelled anomaly: rows [start, start + length) of one instance's series. */
export interface AnomalyEpisode {
  type: AnomalyType;
  /** Index of the instance (in table order). */
  instance: number;
  /** First step (0-based, within the instance's series). */
  start: number;
  /** Number of steps, every one of them labelled. */
  length: number;
  /** Strength in (0, 1]: weak episodes are the hard ones. */
  severity: number;
}

/** Typical duration range of each type, in minutes (drawn log-uniformly). */
export const EPISODE_MINUTES: Record<AnomalyType, readonly [number, number]> = {
  cpu_spike: [15, 60],
  memory_leak: [180, 600],
  sudden_drop: [30, 180],
  network_exfiltration: [20, 120],
  ddos: [30, 180],
  broken_correlation: [60, 240],
  disk_io_storm: [20, 120],
  latency_degradation: [60, 240],
};

/**
 * Weight of each type after the first round: 1 / sqrt(typical minutes), so long types (leaks) get
 * fewer episodes and the labelled rows are not dominated by one type.
 */
const TYPE_WEIGHTS = ANOMALY_TYPES.map(
  (t) => 1 / Math.sqrt(Math.sqrt(EPISODE_MINUTES[t][0] * EPISODE_MINUTES[t][1])),
);

function pickType(rng: Random): AnomalyType {
  const total = TYPE_WEIGHTS.reduce((a, b) => a + b, 0);
  let u = rng.next() * total;
  for (let i = 0; i < ANOMALY_TYPES.length; i++) {
    u -= TYPE_WEIGHTS[i];
    if (u < 0) return ANOMALY_TYPES[i];
  }
  return ANOMALY_TYPES[ANOMALY_TYPES.length - 1];
}

/** Normal steps kept between two episodes on the same instance. */
const GAP_MINUTES = 60;

/**
 * Plans episodes until about `fraction` of all rows are labelled: each type once first (in a
 * shuffled order, so all types appear whenever the budget allows), then random types weighted towards short ones. Episodes
 * never overlap (a gap of normal rows separates episodes on one instance); the last one is
 * shortened so the labelled share hits the budget. Returned sorted by instance, then start.
 */
export function planEpisodes(
  rng: Random,
  instances: number,
  steps: number,
  stepMinutes: number,
  fraction: number,
): AnomalyEpisode[] {
  let remaining = Math.round(fraction * instances * steps);
  const busy = new Uint8Array(instances * steps);
  const gap = Math.max(1, Math.round(GAP_MINUTES / stepMinutes));
  const episodes: AnomalyEpisode[] = [];
  const first = [...ANOMALY_TYPES];
  for (let i = first.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [first[i], first[j]] = [first[j], first[i]];
  }
  let failures = 0;
  while (remaining > 0 && failures < 50) {
    const type = episodes.length < first.length ? first[episodes.length] : pickType(rng);
    const [lo, hi] = EPISODE_MINUTES[type];
    const minutes = Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
    let length = Math.max(2, Math.round(minutes / stepMinutes));
    length = Math.min(length, remaining, steps);
    if (remaining - length > 0 && remaining - length < 2) length = remaining;
    const placed = place(rng, busy, instances, steps, length, gap);
    if (!placed) {
      failures++;
      continue;
    }
    const severity = rng.uniform(0.3, 1);
    episodes.push({ type, instance: placed.instance, start: placed.start, length, severity });
    remaining -= length;
  }
  return episodes.sort((a, b) => a.instance - b.instance || a.start - b.start);
}

function place(
  rng: Random,
  busy: Uint8Array,
  instances: number,
  steps: number,
  length: number,
  gap: number,
): { instance: number; start: number } | null {
  for (let attempt = 0; attempt < 200; attempt++) {
    const instance = rng.int(instances);
    const start = rng.int(steps - length + 1);
    const base = instance * steps;
    const from = Math.max(0, start - gap);
    const to = Math.min(steps, start + length + gap);
    let free = true;
    for (let t = from; t < to && free; t++) if (busy[base + t]) free = false;
    if (!free) continue;
    busy.fill(1, base + start, base + start + length);
    return { instance, start };
  }
  return null;
}
