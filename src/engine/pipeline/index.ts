export * from './spec';
export * from './features';
export * from './fitted';
export * from './fit';
export * from './score';
