/**
 * The typical time step in ms: the median of the positive differences between consecutive times
 * within each entity (at most 100,000 of them, evenly spaced), or null without times or steps.
 */
export function typicalStepMs(
  times: ArrayLike<number> | null,
  groups: readonly (readonly number[])[],
): number | null {
  if (!times) return null;
  const diffs: number[] = [];
  let total = 0;
  for (const g of groups) total += Math.max(0, g.length - 1);
  const every = Math.max(1, Math.floor(total / 100_000));
  let k = 0;
  for (const g of groups) {
    for (let r = 1; r < g.length; r++, k++) {
      if (k % every !== 0) continue;
      const d = times[g[r]] - times[g[r - 1]];
      if (d > 0 && Number.isFinite(d)) diffs.push(d);
    }
  }
  if (!diffs.length) return null;
  diffs.sort((a, b) => a - b);
  return diffs[Math.floor((diffs.length - 1) / 2)];
}
