/** The engine's only public surface. */
export * from './version';
export * from './util/random';
export * from './util/matrix';
export * from './table/index';
export * from './synth/index';
export * from './detectors/detector';
export * from './detectors/index';
export * from './metrics/index';
export * from './pipeline/index';
export * from './bundle/index';
export * from './prep/scaler';
export * from './prep/time-split';
export * from './eda/index';
export * from './session/index';
