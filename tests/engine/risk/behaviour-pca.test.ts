import { describe, expect, it } from 'vitest';
import { behaviourPca } from '../../../src/engine/risk/behaviour-pca';
import { loadScores } from '../../../src/engine/risk/load-score';
import { golden } from './golden-fleet';

const Z = Float64Array.from(golden.z);
const N = golden.load.length;
const D = golden.weights.length;
const W = Float64Array.from(golden.weights);

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('behaviourPca against scikit-learn PCA(n_components=2)', () => {
  const p = behaviourPca(Z, N, D, W);

  it('projects on the same two components (up to sign) with the same explained variance', () => {
    if (p.absent !== null) throw new Error(p.absent);
    golden.pcaAbs.forEach(([x, y], i) => {
      expect(Math.abs(p.x[i])).toBeCloseTo(x, 6);
      expect(Math.abs(p.y[i])).toBeCloseTo(y, 6);
    });
    expect(p.explained[0]).toBeCloseTo(golden.explained[0], 9);
    expect(p.explained[1]).toBeCloseTo(golden.explained[1], 9);
  });

  it('orients the first axis towards more load and returns unit-length components', () => {
    if (p.absent !== null) throw new Error(p.absent);
    expect(pearson(p.x, loadScores(Z, N, W))).toBeGreaterThan(0.9);
    let dot = 0;
    for (let f = 0; f < D; f++) dot += p.components[0][f] * W[f];
    expect(dot).toBeGreaterThan(0);
    for (const c of p.components) expect(Math.hypot(...c)).toBeCloseTo(1, 12);
    const largest = p.components[1].reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    expect(largest).toBeGreaterThan(0);
  });

  it('says why there is no scatter with fewer than 3 units or fewer than 2 varying features', () => {
    expect(behaviourPca(Z, 2, D, W, 'days').absent).toBe(
      'No PCA scatter: it needs at least 3 days, there are 2.',
    );
    // One varying feature of three.
    const flat = Float64Array.from([1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]);
    const r = behaviourPca(flat, 4, 3, Float64Array.from([1, 1, 1]));
    expect(r.absent).toMatch(/only 1 behaviour feature varies across the instances/);
    expect(r.x).toBeNull();
  });
});
