/**
 * Registers every built-in detector. Import this module (not the individual detector files) to get a
 * fully populated registry; add one `registerDetector` line per new detector.
 */
import { registerDetector } from './registry';
import { iforestFactory } from './iforest';
import { kmeansFactory } from './kmeans';
import { hclustFactory } from './hclust';
import { robustZFactory } from './robust-z';
import { seasonalFactory } from './seasonal';
import { dbscanFactory } from './dbscan';
import { kmedoidsFactory } from './kmedoids';
import { ocsvmFactory } from './ocsvm';
import { rcfFactory } from './rcf';
import { ensembleFactory } from './ensemble';
import { lstmAeFactory } from './lstm-ae';
import { onlineFactory } from './online';

registerDetector(iforestFactory);
registerDetector(kmeansFactory);
registerDetector(hclustFactory);
registerDetector(robustZFactory);
registerDetector(seasonalFactory);
registerDetector(dbscanFactory);
registerDetector(kmedoidsFactory);
registerDetector(ocsvmFactory);
registerDetector(rcfFactory);
registerDetector(ensembleFactory);
registerDetector(lstmAeFactory);
registerDetector(onlineFactory);
export { rcfFactory, RandomCutForest } from './rcf';
export type { RcfParams, RcfState, RcfUpdate } from './rcf';

export {
  registerDetector,
  detectorTypes,
  detectorFactory,
  createDetector,
  loadDetector,
  prepareDetector,
  readsRawInput,
  relativeTolerance,
} from './registry';
export { ocsvmFactory, OneClassSvm } from './ocsvm';
export type { OcsvmParams, OcsvmState } from './ocsvm';
export type { GammaSpec } from './svm/kernel';
export { dbscanFactory, Dbscan, defaultMinPts } from './dbscan';
export type { DbscanParams, DbscanState } from './dbscan';
export { dbscan } from './cluster/dbscan-labels';
export type { DbscanResult } from './cluster/dbscan-labels';
export { kDistanceCurve, kDistances } from './cluster/k-distance';
export { kneeIndex } from './cluster/knee';
export { kmedoidsFactory, KMedoidsDistance } from './kmedoids';
export type { KMedoidsMethod, KMedoidsParams, KMedoidsState } from './kmedoids';
export { kMedoids } from './cluster/k-medoids';
export type { KMedoidsResult, MedoidMethod } from './cluster/k-medoids';
export { robustZFactory, RobustZ } from './robust-z';
export type { RobustZParams, RobustZState } from './robust-z';
export { seasonalFactory, SeasonalBaseline } from './seasonal';
export type { SeasonalParams, SeasonalState } from './seasonal';
export { iforestFactory, IsolationForest, averagePathLength } from './iforest';
export type { IForestParams, IForestState } from './iforest';
export { kmeansFactory, KMeansDistance } from './kmeans';
export type { KMeansParams, KMeansState } from './kmeans';
export { hclustFactory, HClustDetector } from './hclust';
export type { HClustParams, HClustState } from './hclust';
export { dendrogramTop } from './hclust/dendrogram';
export type { CompactDendrogram, DendrogramLayout, DendrogramNode } from './hclust/dendrogram';
export type { Detector, DetectorFactory, DetectorJSON, FitOptions, ParamSpec, RowContext } from './detector';
export { contextGroups } from './detector';
