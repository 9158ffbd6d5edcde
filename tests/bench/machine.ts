import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a benchmark ran on, written beside its figures (this machine is shared and noisy). */
export function machineInfo(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage1m: loadavg()[0],
  };
}
