/**
 * Registers every built-in detector. Import this module (not the individual detector files) to get a
 * fully populated registry; add one `registerDetector` line per new detector.
 */
import { registerDetector } from './registry';
import { iforestFactory } from './iforest';
import { kmeansFactory } from './kmeans';

registerDetector(iforestFactory);
registerDetector(kmeansFactory);

export { registerDetector, detectorTypes, detectorFactory, createDetector, loadDetector } from './registry';
export { iforestFactory, IsolationForest, averagePathLength } from './iforest';
export type { IForestParams, IForestState } from './iforest';
export { kmeansFactory, KMeansDistance } from './kmeans';
export type { KMeansParams, KMeansState } from './kmeans';
export type { Detector, DetectorFactory, DetectorJSON, FitOptions, ParamSpec, RowContext } from './detector';
export { contextGroups } from './detector';
