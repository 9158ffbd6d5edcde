/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, "Downsampling Time Series for Visual
 * Representation", ch. 4.2): keeps the first and last points and, from each of `threshold - 2` equal
 * buckets in between, the point that spans the largest triangle with the previously kept point and the
 * average of the next bucket. Peaks and dips survive, which is what matters when looking for anomalies.
 *
 * Missing values: a row whose `t` or `v` is not finite (NaN, ±Infinity) is skipped before bucketing,
 * so the output holds only finite points and `threshold` counts finite points. A run of missing rows
 * therefore becomes a straight segment between its finite neighbours; a caller that must show gaps
 * should downsample each finite run separately.
 *
 * @param t time stamps (e.g. epoch ms), non-decreasing over the finite rows
 * @param v values, same length as `t`
 * @param threshold number of points to keep, an integer >= 2
 * @returns the kept points in their original order; every finite point (copied) when there are no
 *   more than `threshold` of them
 * @throws RangeError when the lengths differ, `threshold` is not an integer >= 2, or `t` decreases
 */
export function lttb(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  threshold: number,
): { t: Float64Array; v: Float64Array } {
  if (t.length !== v.length) {
    throw new RangeError(`lttb: t has ${t.length} values but v has ${v.length}`);
  }
  if (!Number.isInteger(threshold) || threshold < 2) {
    throw new RangeError(`lttb: threshold must be an integer >= 2, got ${threshold}`);
  }

  let n = 0;
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i]) && Number.isFinite(v[i])) n++;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0, j = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(v[i])) continue;
    if (j > 0 && t[i] < xs[j - 1]) {
      throw new RangeError(`lttb: t must be non-decreasing, but t[${i}] = ${t[i]} < ${xs[j - 1]}`);
    }
    xs[j] = t[i];
    ys[j] = v[i];
    j++;
  }
  if (n <= threshold) return { t: xs, v: ys };

  const outT = new Float64Array(threshold);
  const outV = new Float64Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  outT[0] = xs[0];
  outV[0] = ys[0];

  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket (the last bucket's "next" is the final point).
    const avgStart = Math.floor((i + 1) * every) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let k = avgStart; k < avgEnd; k++) {
      avgX += xs[k];
      avgY += ys[k];
    }
    const avgLen = avgEnd - avgStart;
    avgX /= avgLen;
    avgY /= avgLen;

    // Differences are taken before multiplying: epoch-ms magnitudes would lose precision otherwise.
    const rangeStart = Math.floor(i * every) + 1;
    const rangeEnd = Math.floor((i + 1) * every) + 1;
    const ax = xs[a];
    const ay = ys[a];
    let maxArea = -1;
    let next = rangeStart;
    for (let k = rangeStart; k < rangeEnd; k++) {
      const area = Math.abs((ax - avgX) * (ys[k] - ay) - (ax - xs[k]) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        next = k;
      }
    }
    outT[i + 1] = xs[next];
    outV[i + 1] = ys[next];
    a = next;
  }

  outT[threshold - 1] = xs[n - 1];
  outV[threshold - 1] = ys[n - 1];
  return { t: outT, v: outV };
}
