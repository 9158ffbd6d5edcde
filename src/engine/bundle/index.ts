export * from './format';
export * from './bundle';
export * from './reference';
export * from './sha256';
export * from './training-summary';
export * from './check-summary';
export * from './check-manifest';
