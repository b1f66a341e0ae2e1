/** optim public API (see core/API.md, section "nn, optim, train"). */
export * from './types.ts';
export * from './sgd.ts';
export * from './adam.ts';
export * from './lbfgs.ts';
export * from './schedules.ts';
export * from './clip.ts';
