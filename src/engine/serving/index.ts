export * from './row-input';
export * from './stream-cleaning';
export * from './stream-features';
export * from './detector-stream';
export * from './drift';
export * from './lru';
export * from './stream-scorer';
export * from './batch';
