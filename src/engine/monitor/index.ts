export * from './stream-replay';
export * from './replay-rows';
