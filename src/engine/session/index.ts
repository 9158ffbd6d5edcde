export * from './types';
export * from './workbench-session';
