import type { Random } from '../util/random';

/** What an instance does; it sets its load levels and how its metrics relate. */
export type InstanceRole = 'web' | 'api' | 'db' | 'cache' | 'batch';

/** The parameters of one instance: its role's levels, jittered per instance. */
export interface InstanceProfile {
  name: string;
  role: InstanceRole;
  /** Shift of the daily curve, in minutes (people do not all start at 9:00 sharp). */
  phaseMinutes: number;
  /** Load at night, as a share of the peak (0..1). */
  nightFloor: number;
  /** Weight of the evening (consumer) bump relative to the business-hours plateau. */
  eveningWeight: number;
  /** Weekend load as a share of a weekday's daytime load. */
  weekendFactor: number;
  /** Nightly job window (hours, local time) during which load is high, or null. */
  nightlyJob: { from: number; to: number; load: number } | null;
  /** Nightly backup: disk and net_out burst at this hour for `minutes`, or null. */
  backup: { hour: number; minutes: number } | null;
  cpuIdle: number;
  cpuRange: number;
  memBase: number;
  /** Memory points per CPU point (of the smoothed CPU). */
  memGain: number;
  /** Time constant (minutes) of the smoothing that memory applies to CPU. */
  memTauMinutes: number;
  connMax: number;
  netInPerConn: number;
  netOutPerConn: number;
  diskBase: number;
  diskGain: number;
  latencyBase: number;
}

type RoleLevels = Omit<InstanceProfile, 'name' | 'role' | 'phaseMinutes'>;

const ROLES: Record<InstanceRole, RoleLevels> = {
  web: {
    nightFloor: 0.12,
    eveningWeight: 0.35,
    weekendFactor: 0.5,
    nightlyJob: null,
    backup: null,
    cpuIdle: 6,
    cpuRange: 48,
    memBase: 25,
    memGain: 0.7,
    memTauMinutes: 45,
    connMax: 900,
    netInPerConn: 0.035,
    netOutPerConn: 0.16,
    diskBase: 40,
    diskGain: 160,
    latencyBase: 45,
  },
  api: {
    nightFloor: 0.1,
    eveningWeight: 0.15,
    weekendFactor: 0.4,
    nightlyJob: null,
    backup: null,
    cpuIdle: 8,
    cpuRange: 55,
    memBase: 30,
    memGain: 0.65,
    memTauMinutes: 60,
    connMax: 450,
    netInPerConn: 0.06,
    netOutPerConn: 0.09,
    diskBase: 60,
    diskGain: 240,
    latencyBase: 85,
  },
  db: {
    nightFloor: 0.15,
    eveningWeight: 0.1,
    weekendFactor: 0.45,
    nightlyJob: null,
    backup: { hour: 2, minutes: 40 },
    cpuIdle: 10,
    cpuRange: 45,
    memBase: 40,
    memGain: 0.6,
    memTauMinutes: 90,
    connMax: 160,
    netInPerConn: 0.14,
    netOutPerConn: 0.45,
    diskBase: 250,
    diskGain: 1100,
    latencyBase: 6,
  },
  cache: {
    nightFloor: 0.1,
    eveningWeight: 0.25,
    weekendFactor: 0.5,
    nightlyJob: null,
    backup: null,
    cpuIdle: 3,
    cpuRange: 22,
    memBase: 35,
    memGain: 1.0,
    memTauMinutes: 120,
    connMax: 1400,
    netInPerConn: 0.03,
    netOutPerConn: 0.08,
    diskBase: 8,
    diskGain: 30,
    latencyBase: 1.2,
  },
  batch: {
    nightFloor: 0.08,
    eveningWeight: 0,
    weekendFactor: 0.6,
    nightlyJob: { from: 1, to: 4, load: 0.75 },
    backup: null,
    cpuIdle: 4,
    cpuRange: 55,
    memBase: 20,
    memGain: 0.65,
    memTauMinutes: 30,
    connMax: 60,
    netInPerConn: 0.35,
    netOutPerConn: 0.25,
    diskBase: 30,
    diskGain: 900,
    latencyBase: 95,
  },
};

/** The role of the i-th instance: a cluster of web, api, db, cache and batch machines. */
const ROLE_CYCLE: readonly InstanceRole[] = ['web', 'web', 'api', 'db', 'cache', 'web', 'api', 'batch'];

/** Names and roles of `count` instances, e.g. web-01, web-02, api-01, db-01, ... (no randomness). */
export function instanceRoles(count: number): { name: string; role: InstanceRole }[] {
  const seen: Partial<Record<InstanceRole, number>> = {};
  const out: { name: string; role: InstanceRole }[] = [];
  for (let i = 0; i < count; i++) {
    const role = ROLE_CYCLE[i % ROLE_CYCLE.length];
    const n = (seen[role] ?? 0) + 1;
    seen[role] = n;
    out.push({ name: `${role}-${String(n).padStart(2, '0')}`, role });
  }
  return out;
}

/** One instance's profile: its role's levels, each scaled by a seeded jitter of about ±15%. */
export function instanceProfile(name: string, role: InstanceRole, rng: Random): InstanceProfile {
  const base = ROLES[role];
  const j = (spread = 0.15): number => 1 + rng.uniform(-spread, spread);
  return {
    ...base,
    name,
    role,
    phaseMinutes: rng.uniform(-45, 45),
    nightFloor: base.nightFloor * j(0.3),
    weekendFactor: Math.min(0.9, base.weekendFactor * j(0.2)),
    cpuIdle: base.cpuIdle * j(),
    cpuRange: base.cpuRange * j(0.25),
    memBase: base.memBase * j(0.1),
    memGain: base.memGain * j(),
    connMax: base.connMax * j(0.2),
    netInPerConn: base.netInPerConn * j(),
    netOutPerConn: base.netOutPerConn * j(),
    diskBase: base.diskBase * j(),
    diskGain: base.diskGain * j(0.25),
    latencyBase: base.latencyBase * j(0.2),
  };
}
