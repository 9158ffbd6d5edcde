import type { Detector } from '../detectors/detector';
import { loadDetector } from '../detectors/index';
import { alertsAt, applyAlertRules } from '../metrics/index';
import { columnValues } from '../table/column-values';
import { entityGroups } from './features';
import { applyScaler } from '../prep/scaler';
import type { Dataset } from '../table/dataset';
import { buildFeatures } from './features';
import { cleanForSpec, toMatrix } from './fit';
import type { FittedPipeline } from './fitted';
import { rowContext } from './row-context';

/** Scores and alerts, one per row of the cleaned dataset, in its row order. */
export interface ScoredRows {
  scores: Float64Array;
  alerts: Uint8Array;
}

/**
 * The fitted pipeline's feature columns for a dataset that is already cleaned, in `featureNames`
 * order (computed with the training step and clipping, then the selected features picked by name).
 */
export function fittedFeatures(fitted: FittedPipeline, cleaned: Dataset): Float64Array[] {
  const table = buildFeatures(cleaned, fitted.spec, { stepMs: fitted.stepMs, clip: fitted.clip });
  if (
    table.names.length === fitted.featureNames.length &&
    table.names.every((n, j) => n === fitted.featureNames[j])
  ) {
    return table.columns;
  }
  const index = new Map(table.names.map((n, j) => [n, j]));
  return fitted.featureNames.map((n) => {
    const j = index.get(n);
    if (j === undefined) throw new Error(`the pipeline's feature '${n}' is not computed by its spec`);
    return table.columns[j];
  });
}

/**
 * Scores every row of a dataset with a fitted pipeline: the spec's cleaning, then features, scaling and
 * the detector. Pass the dataset already cleaned (`cleaned: true`) to skip cleaning, and an already
 * loaded detector to avoid restoring it from JSON on every call.
 */
export function scorePipeline(
  fitted: FittedPipeline,
  ds: Dataset,
  detector?: Detector,
  cleaned = false,
): ScoredRows {
  const data = cleaned ? ds : cleanForSpec(ds, fitted.spec).dataset;
  const X = toMatrix(applyScaler(fitted.scaler, fittedFeatures(fitted, data)));
  const scores = (detector ?? loadDetector(fitted.detector)).score(X, rowContext(data));
  return { scores, alerts: alertsOf(fitted, data, scores) };
}

/** Alerts of scored rows: the pipeline's alert rules per entity in time order, or score >= threshold. */
export function alertsOf(fitted: FittedPipeline, ds: Dataset, scores: Float64Array): Uint8Array {
  if (!fitted.alertRules) return alertsAt(scores, fitted.threshold);
  const entities = ds.schema.entity ? (columnValues(ds.table, ds.schema.entity) as ArrayLike<unknown>) : null;
  const segments = entityGroups(ds).map((rows) => ({
    entity: entities && rows.length ? String(entities[rows[0]]) : '',
    rows,
  }));
  return applyAlertRules(scores, segments, { ...fitted.alertRules, threshold: fitted.threshold }).alerts;
}
