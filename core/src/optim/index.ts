/** optim public API (see core/API.md, section "nn, optim, train"). */
export type { Optimizer, Schedule, LearningRate } from './types.ts';
export { sgd, type SgdOptions, type SgdState } from './sgd.ts';
export { adam, adamw, type AdamOptions, type AdamState } from './adam.ts';
export { lbfgs, type LbfgsOptions, type LbfgsState, type ValueAndGradFn } from './lbfgs.ts';
export * from './schedules.ts';
export * from './clip.ts';
