export * from './spec';
export * from './features';
export * from './fitted';
export * from './fit';
export * from './score';
export * from './prep-config';
export * from './feature-table';
export * from './split-dataset';
