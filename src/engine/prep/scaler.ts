import type { ScalerKind } from '../pipeline/spec';

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

/**
 * Fits a scaler on columns. 'standard': mean and population std (as scikit-learn's StandardScaler);
 * 'robust': median and interquartile range (as RobustScaler). A zero scale becomes 1 so constant
 * columns map to 0 instead of NaN. NaN values are ignored.
 */
export function fitScaler(kind: ScalerKind, columns: readonly Float64Array[]): ScalerState {
  const center: number[] = [];
  const scale: number[] = [];
  for (const col of columns) {
    const finite = col.filter((v) => Number.isFinite(v));
    if (kind === 'none') {
      center.push(0);
      scale.push(1);
    } else if (kind === 'standard') {
      let mean = 0;
      for (let i = 0; i < finite.length; i++) mean += (finite[i] - mean) / (i + 1);
      let ss = 0;
      for (const v of finite) ss += (v - mean) ** 2;
      const std = finite.length ? Math.sqrt(ss / finite.length) : 0;
      center.push(finite.length ? mean : 0);
      scale.push(std > 0 ? std : 1);
    } else {
      const sorted = finite.sort();
      const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
      center.push(sorted.length ? quantile(sorted, 0.5) : 0);
      scale.push(iqr > 0 ? iqr : 1);
    }
  }
  return { kind, center, scale };
}

/** Applies a fitted scaler to columns (new arrays). */
export function applyScaler(state: ScalerState, columns: readonly Float64Array[]): Float64Array[] {
  return columns.map((col, j) => {
    const c = state.center[j];
    const s = state.scale[j];
    return col.map((v) => (v - c) / s);
  });
}
