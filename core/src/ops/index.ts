/** All op functions. */
export * from './elementwise.ts';
export * from './movement.ts';
export * from './reduce.ts';
export * from './linalg.ts';
export * from './indexing.ts';
export { square, tan, abs, sigmoid, relu, softplus, maximum, minimum, clip, reciprocal, mean, logsumexp, norm, dot } from './math.ts';
