import { inBackup } from './baseline';
import type { Noise } from './noise';
import type { InstanceProfile } from './profiles';

/** The seven metric columns, in table order. */
export const METRIC_COLUMNS = [
  'cpu_pct',
  'mem_pct',
  'net_in_mbps',
  'net_out_mbps',
  'disk_iops',
  'latency_ms',
  'active_connections',
] as const;

export type MetricColumn = (typeof METRIC_COLUMNS)[number];

/** One instance's metric series (usually views into the whole table's columns). */
export interface MetricSeries {
  cpu: Float64Array;
  mem: Float64Array;
  netIn: Float64Array;
  netOut: Float64Array;
  disk: Float64Array;
  latency: Float64Array;
  conns: Float64Array;
}

/** Views of rows [from, to) of every series. */
export function sliceSeries(s: MetricSeries, from: number, to: number): MetricSeries {
  return {
    cpu: s.cpu.subarray(from, to),
    mem: s.mem.subarray(from, to),
    netIn: s.netIn.subarray(from, to),
    netOut: s.netOut.subarray(from, to),
    disk: s.disk.subarray(from, to),
    latency: s.latency.subarray(from, to),
    conns: s.conns.subarray(from, to),
  };
}

/**
 * Queueing slow-down at a CPU utilisation (percent): about 1 when idle, 2.2 at 70 %, 8.5 at 95 %
 * (an M/M/1 response time, 1 / (1 - u), blended with a fixed service time).
 */
export function queueFactor(cpuPct: number): number {
  const u = Math.min(Math.max(cpuPct, 0), 97) / 100;
  return 0.6 + 0.4 / (1 - u);
}

/** AR(1) noise with unit stationary variance whose correlation decays by `phi5` per 5 minutes. */
function ar1(phi5: number, stepMinutes: number): { phi: number; innov: number } {
  const phi = Math.pow(phi5, stepMinutes / 5);
  return { phi, innov: Math.sqrt(1 - phi * phi) };
}

/**
 * Fills the normal (anomaly-free) metrics of one instance from its load: connections follow load,
 * network follows connections, CPU follows load, memory follows a smoothed (lagged) CPU, latency
 * grows nonlinearly with CPU, each with AR(1) noise, clamped to physical bounds.
 */
export function fillNormalMetrics(
  s: MetricSeries,
  load: Float64Array,
  startMs: number,
  stepMinutes: number,
  p: InstanceProfile,
  noise: Noise,
): void {
  const stepMs = stepMinutes * 60_000;
  const fast = ar1(0.8, stepMinutes);
  const mid = ar1(0.93, stepMinutes);
  const slow = ar1(0.995, stepMinutes);
  const alpha = 1 - Math.exp(-stepMinutes / p.memTauMinutes);
  let eCpu = 0;
  let eConn = 0;
  let eMem = 0;
  let eLat = 0;
  let eDisk = 0;
  let ema = p.cpuIdle + p.cpuRange * load[0];
  for (let t = 0; t < load.length; t++) {
    const L = load[t];
    eCpu = fast.phi * eCpu + fast.innov * noise.normal();
    eConn = mid.phi * eConn + mid.innov * noise.normal();
    eMem = slow.phi * eMem + slow.innov * noise.normal();
    eLat = fast.phi * eLat + fast.innov * noise.normal();
    eDisk = fast.phi * eDisk + fast.innov * noise.normal();

    const connMean = p.connMax * (0.04 + 0.96 * L) * (1 + 0.07 * eConn);
    const conns = Math.max(0, Math.round(connMean + Math.sqrt(Math.max(connMean, 0)) * noise.normal()));

    const cpu = clamp(
      p.cpuIdle + p.cpuRange * L * (1 + 0.05 * eConn) + 2.2 * eCpu + 0.8 * noise.normal(),
      0.3,
      100,
    );
    ema += alpha * (cpu - ema);
    const mem = clamp(p.memBase + p.memGain * ema + 1.6 * eMem + 0.35 * noise.normal(), 1, 99.5);

    const netIn = conns * p.netInPerConn * (1 + 0.1 * noise.normal()) + 0.3;
    let netOut = conns * p.netOutPerConn * (1 + 0.1 * noise.normal()) + 0.2;
    let disk = (p.diskBase + p.diskGain * L) * (1 + 0.08 * eDisk + 0.06 * noise.normal());
    if (inBackup(startMs + t * stepMs, p)) {
      // The nightly backup reads the whole database and ships it off the instance.
      disk *= 2.2 + 0.3 * noise.normal();
      netOut += 25 + 4 * noise.normal();
    }
    const latency = p.latencyBase * queueFactor(cpu) * Math.exp(0.09 * eLat + 0.04 * noise.normal());

    s.cpu[t] = cpu;
    s.mem[t] = mem;
    s.netIn[t] = Math.max(0, netIn);
    s.netOut[t] = Math.max(0, netOut);
    s.disk[t] = Math.max(0, disk);
    s.latency[t] = Math.max(0, latency);
    s.conns[t] = conns;
  }
}

/** Clamps x to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Rounds every series to a realistic resolution and enforces bounds (after anomalies). */
export function finalizeSeries(s: MetricSeries): void {
  const n = s.cpu.length;
  for (let i = 0; i < n; i++) {
    s.cpu[i] = round(clamp(s.cpu[i], 0, 100), 100);
    s.mem[i] = round(clamp(s.mem[i], 0, 100), 100);
    s.netIn[i] = round(Math.max(0, s.netIn[i]), 1000);
    s.netOut[i] = round(Math.max(0, s.netOut[i]), 1000);
    s.disk[i] = round(Math.max(0, s.disk[i]), 10);
    s.latency[i] = round(Math.max(0, s.latency[i]), 100);
    s.conns[i] = Math.max(0, Math.round(s.conns[i]));
  }
}

function round(x: number, scale: number): number {
  return Math.round(x * scale) / scale;
}
