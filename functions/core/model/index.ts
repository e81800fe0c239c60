export * from './ids.ts';
export * from './instrument.ts';
export * from './client.ts';
export * from './rows.ts';
export * from './problem.ts';
export * from './metrics.ts';
export * from './messages.ts';
export * from './commentary.ts';
