import { PCA } from 'ml-pca';

/** A 2-D projection of behaviour vectors, or why there is none. */
export type BehaviourProjection =
  | {
      x: Float64Array;
      y: Float64Array;
      /** Share of the total variance along each axis. */
      explained: [number, number];
      /** The two unit-length components (loadings), d values each. */
      components: [Float64Array, Float64Array];
      absent: null;
    }
  | { x: null; y: null; explained: null; components: null; absent: string };

/** Fewest units for a scatter: two points always lie on a line. */
export const MIN_PCA_UNITS = 3;

function absent(reason: string): BehaviourProjection {
  return { x: null, y: null, explained: null, components: null, absent: reason };
}

/**
 * Projects n x d standardised behaviour vectors on their first two principal components (ml-pca, SVD of
 * the centred, unscaled matrix: scikit-learn's PCA up to the signs). The signs are fixed so the picture
 * reads the same for every seed and library: the first axis points towards more load (its component has
 * a non-negative dot product with the load weights), the second has its largest loading positive.
 * None with fewer than 3 units, or fewer than 2 features that vary across units.
 *
 * @param unitName what a unit is called in the reason (`instances`, `days`)
 */
export function behaviourPca(
  Z: Float64Array,
  n: number,
  d: number,
  weights: Float64Array,
  unitName = 'instances',
): BehaviourProjection {
  if (n < MIN_PCA_UNITS) {
    return absent(
      `No PCA scatter: it needs at least ${MIN_PCA_UNITS} ${unitName}, there ${n === 1 ? 'is' : 'are'} ${n}.`,
    );
  }
  let varying = 0;
  for (let f = 0; f < d; f++) {
    for (let i = 1; i < n; i++) {
      if (Z[i * d + f] !== Z[f]) {
        varying++;
        break;
      }
    }
  }
  if (varying < 2) {
    return absent(
      `No PCA scatter: only ${varying} behaviour feature${varying === 1 ? '' : 's'} ${varying === 1 ? 'varies' : 'vary'} across the ${unitName}, so there is no second direction to draw.`,
    );
  }
  const rows = Array.from({ length: n }, (_, i) => Array.from(Z.subarray(i * d, (i + 1) * d)));
  const pca = new PCA(rows, { center: true, scale: false });
  const vectors = pca.getEigenvectors();
  const shares = pca.getExplainedVariance();
  const scores = pca.predict(rows, { nComponents: 2 });
  const components: [Float64Array, Float64Array] = [new Float64Array(d), new Float64Array(d)];
  const signs: number[] = [];
  for (let c = 0; c < 2; c++) {
    const v = components[c];
    let towardsLoad = 0;
    let largest = 0;
    for (let f = 0; f < d; f++) {
      v[f] = vectors.get(f, c);
      towardsLoad += v[f] * weights[f];
      if (Math.abs(v[f]) > Math.abs(largest)) largest = v[f];
    }
    // A dot product within rounding of 0 must not flip the axis between runs: fall back to the loading.
    const sign = c === 0 && Math.abs(towardsLoad) > 1e-9 ? Math.sign(towardsLoad) : Math.sign(largest) || 1;
    signs.push(sign);
    for (let f = 0; f < d; f++) v[f] *= sign;
  }
  const x = Float64Array.from({ length: n }, (_, i) => scores.get(i, 0) * signs[0]);
  const y = Float64Array.from({ length: n }, (_, i) => scores.get(i, 1) * signs[1]);
  return { x, y, explained: [shares[0], shares[1] ?? 0], components, absent: null };
}
