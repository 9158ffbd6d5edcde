/**
 * Registers every built-in detector. Import this module (not the individual detector files) to get a
 * fully populated registry; add one `registerDetector` line per new detector.
 */
import { registerDetector } from './registry';
import { iforestFactory } from './iforest';

registerDetector(iforestFactory);

export { registerDetector, detectorTypes, detectorFactory, createDetector, loadDetector } from './registry';
export { iforestFactory, IsolationForest, averagePathLength } from './iforest';
export type { IForestParams, IForestState } from './iforest';
export type { Detector, DetectorFactory, DetectorJSON, FitOptions, ParamSpec } from './detector';
