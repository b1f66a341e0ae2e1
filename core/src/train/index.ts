/** train public API (see core/API.md, section "nn, optim, train"). */
export * from './data.ts';
export * from './checkpoint.ts';
export * from './progress.ts';
export * from './history.ts';
export * from './loop.ts';
