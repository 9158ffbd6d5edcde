const ROOT = 'manifest.trainingSummary';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A number, or null where JSON wrote a NaN (a metric without a finite training value). */
function isNumberOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'number' && !Number.isNaN(v));
}

function checkLevel(v: unknown, path: string): string | null {
  if (!isRecord(v)) return `'${path}' must be an object with a median and a scale`;
  if (!isNumberOrNull(v.median)) return `'${path}.median' must be a number`;
  if (typeof v.scale !== 'number' || !(v.scale > 0)) return `'${path}.scale' must be a number > 0`;
  return null;
}

function checkBaselines(b: unknown, metrics: readonly string[]): string | null {
  const path = `${ROOT}.baselines`;
  if (!isRecord(b)) return `'${path}' must be an object`;
  if (!Array.isArray(b.metrics) || b.metrics.join('\u0000') !== metrics.join('\u0000')) {
    return `'${path}.metrics' must list the pipeline's metrics in order`;
  }
  if (!Array.isArray(b.overall) || b.overall.length !== metrics.length) {
    return `'${path}.overall' must have one entry per metric`;
  }
  for (let j = 0; j < metrics.length; j++) {
    const p = checkLevel(b.overall[j], `${path}.overall[${j}]`);
    if (p) return p;
  }
  if (b.slots === null) return null;
  if (!Array.isArray(b.slots) || b.slots.length !== metrics.length) {
    return `'${path}.slots' must be null or have one entry per metric`;
  }
  for (let j = 0; j < metrics.length; j++) {
    const row = b.slots[j] as unknown;
    if (!Array.isArray(row) || row.length !== 168) {
      return `'${path}.slots[${j}]' must have 168 hour-of-week entries`;
    }
    for (let k = 0; k < 168; k++) {
      if (row[k] === null) continue;
      const p = checkLevel(row[k], `${path}.slots[${j}][${k}]`);
      if (p) return p;
    }
  }
  return null;
}

function checkDrift(d: unknown, metrics: readonly string[]): string | null {
  const path = `${ROOT}.drift`;
  if (!Array.isArray(d) || d.length !== metrics.length) return `'${path}' must have one entry per metric`;
  for (let j = 0; j < metrics.length; j++) {
    const r = d[j] as unknown;
    const at = `${path}[${j}]`;
    if (!isRecord(r)) return `'${at}' must be an object`;
    if (r.metric !== metrics[j]) return `'${at}.metric' must be '${metrics[j]}'`;
    const { edges, proportions, count } = r;
    if (
      !Array.isArray(edges) ||
      edges.some((e, k) => typeof e !== 'number' || (k > 0 && !(e > edges[k - 1])))
    ) {
      return `'${at}.edges' must be strictly increasing numbers`;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      return `'${at}.count' must be a non-negative integer`;
    }
    const bins = count === 0 ? 0 : edges.length + 1;
    if (
      !Array.isArray(proportions) ||
      proportions.length !== bins ||
      proportions.some((p) => typeof p !== 'number' || !(p >= 0 && p <= 1))
    ) {
      return `'${at}.proportions' must hold ${bins} shares between 0 and 1`;
    }
  }
  return null;
}

/**
 * Checks a bundle's training summary against the pipeline's metrics; returns the problem, naming the
 * field (`manifest.trainingSummary.drift[2].edges ...`), or null when it is well formed.
 */
export function checkTrainingSummary(summary: unknown, metrics: readonly string[]): string | null {
  if (!isRecord(summary)) return `'${ROOT}' must be an object`;
  if (typeof summary.rows !== 'number' || !Number.isInteger(summary.rows) || summary.rows < 0) {
    return `'${ROOT}.rows' must be a non-negative integer`;
  }
  return checkBaselines(summary.baselines, metrics) ?? checkDrift(summary.drift, metrics);
}
