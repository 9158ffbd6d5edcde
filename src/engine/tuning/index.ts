/**
 * Hyperparameter search over any registered detector's parameters: grid, random and TPE sampling, a
 * runner that calls back per trial (in parallel workers or in-process), and the objectives: validation
 * PR-AUC with labels, the excess-mass / mass-volume criteria of Goix (2016) without.
 */
export * from './space';
export { sampleDimension, sampleSpace } from './uniform-sample';
export { gridPoint, gridSize, gridValues } from './grid';
export { categoricalParzen, numericParzen, parzenLogPdf, sampleParzen } from './parzen';
export type { CategoricalParzen, NumericParzen, Parzen, ParzenSettings } from './parzen';
export { DEFAULT_TPE, defaultGamma, defaultWeights, splitGood, tpeSuggest } from './tpe';
export type { Observation, TpeOptions } from './tpe';
export { runSearch } from './search';
export { EM_MV_BUDGET, TPE_BATCH } from './defaults';
export type { SearchMethod, SearchOptions, SearchResult, Trial, TrialInfo } from './search';
export { defaultTrial, detectorSearchSpace, rangeFromSchema, SUGGESTED_RANGES } from './detector-space';
export type { DimensionRange } from './detector-space';
export { validationPrAuc } from './validation-pr-auc';
export { excessMassCurve } from './excess-mass';
export type { ExcessMassCurve, ExcessMassOptions } from './excess-mass';
export { massVolumeCurve } from './mass-volume';
export type { MassVolumeCurve, MassVolumeOptions } from './mass-volume';
export { EM_MV_EXPLANATION, emMvCriteria, emMvFeatureGroups, selectColumns } from './em-mv';
export type { EmMvDraw, EmMvOptions, EmMvResult, FitScorer } from './em-mv';
export { trapezoid } from './trapezoid';
