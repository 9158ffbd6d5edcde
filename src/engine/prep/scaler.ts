import type { ScalerKind } from '../pipeline/spec';
import { assertNever } from '../util/assert-never';

/** Fitted scaler state: x' = (x - center) / scale per column. */
export interface ScalerState {
  kind: ScalerKind;
  center: number[];
  scale: number[];
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Center and scale of one column's finite values; `scale` 0 is replaced by the caller. */
function fitColumn(kind: ScalerKind, finite: Float64Array): { center: number; scale: number } {
  const n = finite.length;
  if (kind === 'none' || n === 0) return { center: 0, scale: 1 };
  if (kind === 'standard') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (finite[i] - mean) / (i + 1);
    let ss = 0;
    for (const v of finite) ss += (v - mean) ** 2;
    return { center: mean, scale: Math.sqrt(ss / n) };
  }
  if (kind === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of finite) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { center: lo, scale: hi - lo };
  }
  if (kind === 'robust') {
    const sorted = finite.sort();
    return { center: quantile(sorted, 0.5), scale: quantile(sorted, 0.75) - quantile(sorted, 0.25) };
  }
  return assertNever(kind, 'scaler kind');
}

/**
 * Fits a scaler on (training) columns, as scikit-learn's scalers with default options:
 * - 'standard': mean and population std (StandardScaler);
 * - 'robust': median and interquartile range, linear quantiles (RobustScaler);
 * - 'minmax': minimum and range max - min, so training values map onto [0, 1] (MinMaxScaler);
 * - 'none': identity.
 *
 * Like scikit-learn, non-finite values are ignored in the fit and a zero scale (constant column)
 * becomes 1, so a constant column maps to 0 instead of NaN. A column without any finite value gets
 * center 0 and scale 1.
 */
export function fitScaler(kind: ScalerKind, columns: readonly Float64Array[]): ScalerState {
  const center: number[] = [];
  const scale: number[] = [];
  for (const col of columns) {
    const fitted = fitColumn(
      kind,
      col.filter((v) => Number.isFinite(v)),
    );
    center.push(fitted.center);
    scale.push(fitted.scale > 0 ? fitted.scale : 1);
  }
  return { kind, center, scale };
}

/** Applies a fitted scaler to columns (new arrays); NaN stays NaN. */
export function applyScaler(state: ScalerState, columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((col, j) => {
    const c = state.center[j];
    const s = state.scale[j];
    return col.map((v) => (v - c) / s);
  });
}
