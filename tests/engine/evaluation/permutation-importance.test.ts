import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/engine/detectors/index';
import { featureGroup, permutationImportance } from '../../../src/engine/evaluation/permutation-importance';
import { createRandom } from '../../../src/engine/util/random';

/** 600 rows: anomalies are spikes in `cpu` only; `mem` features are noise. */
function data() {
  const rng = createRandom(3);
  const rows = 600;
  const names = ['cpu__value__x', 'cpu__rolling__mean_w6', 'mem__value__x', 'mem__lags__lag1'];
  const X = new Float64Array(rows * 4);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = i % 40 === 7 ? 1 : 0;
    const cpu = rng.normal() + (labels[i] ? 6 : 0);
    X.set([cpu, cpu * 0.5 + rng.normal() * 0.1, rng.normal(), rng.normal()], i * 4);
  }
  return { X: { data: X, rows, cols: 4 }, labels, names };
}

describe('permutationImportance', () => {
  it('groups features by source metric', () => {
    expect(featureGroup('cpu_pct__rolling__mean_w12')).toBe('cpu_pct');
    expect(featureGroup('value')).toBe('value');
  });

  it('ranks the metric the anomalies live in first, the noise metric near zero, deterministically', async () => {
    const { X, labels, names } = data();
    const det = await createDetector('iforest', { seed: 1, nEstimators: 50 }).fit(X);
    const a = await permutationImportance(det, X, labels, names, { seed: 2 });
    const b = await permutationImportance(det, X, labels, names, { seed: 2 });
    expect(a).toEqual(b);
    expect(a.importances.map((i) => i.group)).toEqual(['cpu', 'mem']);
    expect(a.importances[0].columns).toBe(2);
    expect(a.importances[0].drop).toBeGreaterThan(0.3);
    expect(Math.abs(a.importances[1].drop)).toBeLessThan(0.1);
    expect(a.baseline).toBeGreaterThan(0.8);
  });

  it('refuses names that do not match the columns', async () => {
    const { X, labels } = data();
    const det = await createDetector('kmeans', { k: 2 }).fit(X);
    await expect(permutationImportance(det, X, labels, ['a'])).rejects.toThrow(/1 names for 4 columns/);
  });
});
