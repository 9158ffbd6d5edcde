export * from './family';
export * from './config';
export * from './plan';
export * from './batch';
export * from './stream';
export * from './step';
export * from './registry';
