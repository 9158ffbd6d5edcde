export * from './format';
export * from './bundle';
export * from './reference';
export * from './sha256';
