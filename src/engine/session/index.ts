export * from './types';
export * from './workbench-session';
export * from './eda-views';
export * from './read-file-source';
export type { CompareModel, CompareResult, ModelComparison } from './compare-view';
