import type { Random } from '../util/random';
import type { AnomalyEpisode } from './episodes';
import { clamp, queueFactor, type MetricSeries } from './metrics';
import type { InstanceProfile } from './profiles';

/**
 * Rewrites the rows of one episode in place. `s` holds views of exactly the episode's rows of
 * normal metrics; each type changes the metrics the way that failure shows in CloudWatch and
 * leaves the others as they were, so weak episodes hide among normal rows.
 */
export function injectAnomaly(
  s: MetricSeries,
  episode: AnomalyEpisode,
  profile: InstanceProfile,
  stepMinutes: number,
  rng: Random,
): void {
  const n = s.cpu.length;
  const sev = episode.severity;
  // Onset and recovery take a few minutes, not one sample.
  const ramp = Math.max(1, Math.round(10 / stepMinutes));
  const env = (k: number): number => Math.min(1, (k + 1) / ramp, (n - k) / ramp);
  switch (episode.type) {
    case 'cpu_spike': {
      const peak = 70 + 28 * sev;
      for (let k = 0; k < n; k++) {
        const e = env(k);
        const cpu = s.cpu[k] + Math.max(0, peak - s.cpu[k]) * e + 2 * rng.normal();
        setCpu(s, k, cpu);
        s.mem[k] += 4 * sev * e;
      }
      break;
    }
    case 'memory_leak': {
      // A slow ramp towards exhaustion, then the process is restarted (last ~10 min).
      const restart = Math.min(n - 1, Math.max(1, Math.round(10 / stepMinutes)));
      const leak = n - restart;
      const top = 88 + 10 * sev;
      // Weak leaks grow late (convex ramp), strong ones early (concave ramp).
      const shape = 1.4 - 0.9 * sev;
      for (let k = 0; k < leak; k++) {
        const p = leak > 1 ? k / (leak - 1) : 1;
        const grow = Math.pow(p, shape);
        s.mem[k] = clamp(s.mem[k] + Math.max(0, top - s.mem[k]) * grow + 0.4 * rng.normal(), 0, 99.9);
        // Garbage collection works harder near the end.
        setCpu(s, k, s.cpu[k] + 12 * sev * Math.pow(p, 3));
        s.latency[k] *= 1 + 0.6 * sev * Math.pow(p, 3);
      }
      for (let k = leak; k < n; k++) {
        s.mem[k] = 6 + 4 * rng.next();
        s.cpu[k] = 1 + 2 * rng.next();
        s.conns[k] = Math.round(s.conns[k] * 0.05 * rng.next());
        s.netIn[k] *= 0.05;
        s.netOut[k] *= 0.05;
        s.disk[k] *= 0.3;
        s.latency[k] = 0;
      }
      break;
    }
    case 'sudden_drop': {
      // Either the instance dies, or the load balancer stops sending it traffic.
      const dead = rng.next() < 0.5;
      const keep = dead ? 0.02 : 0.25 - 0.2 * sev;
      for (let k = 0; k < n; k++) {
        s.conns[k] = Math.round(s.conns[k] * keep * rng.uniform(0.5, 1.5));
        s.netIn[k] = s.netIn[k] * keep + 0.02 * rng.next();
        s.netOut[k] = s.netOut[k] * keep + 0.02 * rng.next();
        s.disk[k] *= dead ? 0.03 : 0.3;
        if (dead) {
          s.cpu[k] = 0.3 + 1.5 * rng.next();
          s.mem[k] *= 0.25;
          s.latency[k] = 0;
        } else {
          s.cpu[k] = profile.cpuIdle * rng.uniform(0.6, 1.1);
          s.latency[k] = profile.latencyBase * queueFactor(s.cpu[k]) * rng.uniform(0.9, 1.1);
        }
      }
      break;
    }
    case 'network_exfiltration': {
      // Outbound traffic jumps while connections (and inbound traffic) stay as they were.
      const extra = (25 + 150 * sev) * rng.uniform(0.8, 1.2);
      for (let k = 0; k < n; k++) {
        const e = env(k);
        s.netOut[k] += extra * e * rng.uniform(0.85, 1.15);
        setCpu(s, k, s.cpu[k] + 5 * sev * e);
      }
      break;
    }
    case 'ddos': {
      const surge = 1.5 + 5 * sev;
      for (let k = 0; k < n; k++) {
        const f = 1 + (surge - 1) * env(k) * rng.uniform(0.85, 1.15);
        s.conns[k] = Math.round(s.conns[k] * f);
        s.netIn[k] *= f * 1.15;
        s.netOut[k] *= 1 + (f - 1) * 0.4;
        const cpu = s.cpu[k] + (95 - s.cpu[k]) * (0.3 + 0.5 * sev) * env(k);
        setCpu(s, k, cpu);
        s.latency[k] *= 1 + 0.8 * sev * env(k);
        s.mem[k] += 6 * sev * env(k);
      }
      break;
    }
    case 'broken_correlation': {
      // Either a runaway process burns CPU with no traffic behind it, or traffic flows while
      // CPU and memory stay idle (requests answered from a misconfigured path).
      const runaway = rng.next() < 0.6;
      for (let k = 0; k < n; k++) {
        const e = env(k);
        if (runaway) {
          const quiet = 1 - (0.3 + 0.4 * sev) * e;
          s.conns[k] = Math.round(s.conns[k] * quiet);
          s.netIn[k] *= quiet;
          s.netOut[k] *= quiet;
          s.cpu[k] = clamp(s.cpu[k] + (60 + 30 * sev - s.cpu[k]) * e, 0, 100);
        } else {
          const busy = 1 + (0.8 + 1.6 * sev) * e;
          s.conns[k] = Math.round(s.conns[k] * busy);
          s.netIn[k] *= busy;
          s.netOut[k] *= busy;
          s.cpu[k] = Math.max(0.3, s.cpu[k] * (1 - 0.5 * sev * e));
          s.mem[k] -= 10 * sev * e;
        }
      }
      break;
    }
    case 'disk_io_storm': {
      // A runaway scan or compaction drives the volume towards its provisioned IOPS.
      const extra = (600 + 2400 * sev) * rng.uniform(0.8, 1.2);
      for (let k = 0; k < n; k++) {
        const e = env(k);
        s.disk[k] += extra * e * rng.uniform(0.8, 1.2);
        // I/O wait shows up as CPU and as slower requests.
        setCpu(s, k, s.cpu[k] + 10 * sev * e);
        s.latency[k] *= 1 + 1.2 * sev * e;
      }
      break;
    }
    case 'latency_degradation': {
      // A slow dependency: latency rises over ~20 min (by a factor and a fixed wait) while load
      // stays normal.
      const f = 1.5 + 3 * sev;
      const wait = 15 + 150 * sev;
      const onset = Math.max(1, Math.round(20 / stepMinutes));
      for (let k = 0; k < n; k++) {
        const e = Math.min(1, (k + 1) / onset, (n - k) / ramp) * rng.uniform(0.85, 1.15);
        s.latency[k] = s.latency[k] * (1 + (f - 1) * e) + wait * e;
      }
      break;
    }
    default: {
      const unknown: never = episode.type;
      throw new Error(`synth: unknown anomaly type '${String(unknown)}'`);
    }
  }
}

/** Sets CPU and moves latency along the queueing curve, as a real CPU change would. */
function setCpu(s: MetricSeries, k: number, cpu: number): void {
  const next = clamp(cpu, 0, 100);
  s.latency[k] *= queueFactor(next) / queueFactor(s.cpu[k]);
  s.cpu[k] = next;
}
