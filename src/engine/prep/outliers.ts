import { quantiles } from '../eda/descriptive-stats';
import type { OutlierSpec } from './cleaning-spec';

/** Values below `lower` are raised to it, values above `upper` lowered to it. */
export interface ClipBounds {
  lower: number;
  upper: number;
}

/**
 * Fits clipping bounds on the finite training values (NaN and infinities are left out):
 * - 'clip-quantile': the `lower` and `upper` quantiles, linearly interpolated as `numpy.quantile`;
 * - 'clip-iqr': Tukey's fences q1 - k IQR and q3 + k IQR, with q1 and q3 as above.
 *
 * @param trainRows the training rows' indices, null for every row
 * @returns null for 'keep', or when there is no finite training value to fit on
 * @throws Error when the quantiles are not 0 <= lower < upper <= 1
 */
export function fitClipBounds(
  values: ArrayLike<number>,
  trainRows: ArrayLike<number> | null,
  spec: OutlierSpec,
): ClipBounds | null {
  if (spec.method === 'keep') return null;
  if (spec.method === 'clip-quantile' && !(spec.lower >= 0 && spec.lower < spec.upper && spec.upper <= 1)) {
    throw new Error(
      `clip quantiles must satisfy 0 <= lower < upper <= 1, got ${spec.lower} and ${spec.upper}`,
    );
  }
  const count = trainRows ? trainRows.length : values.length;
  const finite = new Float64Array(count);
  let n = 0;
  for (let r = 0; r < count; r++) {
    const v = values[trainRows ? trainRows[r] : r];
    if (Number.isFinite(v)) finite[n++] = v;
  }
  if (n === 0) return null;
  if (spec.method === 'clip-quantile') {
    const [lower, upper] = quantiles(finite, 0, n, [spec.lower, spec.upper]);
    return { lower, upper };
  }
  const [q1, q3] = quantiles(finite, 0, n, [0.25, 0.75]);
  const iqr = q3 - q1;
  return { lower: q1 - spec.k * iqr, upper: q3 + spec.k * iqr };
}

/**
 * Clips every value into the bounds (NaN stays NaN); null bounds leave the values as they are.
 *
 * @returns a clipped copy and how many values were moved
 */
export function applyClip(
  values: ArrayLike<number>,
  bounds: ClipBounds | null,
): { values: Float64Array; clipped: number } {
  const out = Float64Array.from(values);
  if (!bounds) return { values: out, clipped: 0 };
  const { lower, upper } = bounds;
  let clipped = 0;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v < lower) {
      out[i] = lower;
      clipped++;
    } else if (v > upper) {
      out[i] = upper;
      clipped++;
    }
  }
  return { values: out, clipped };
}
