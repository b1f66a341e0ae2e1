/** @mindscience/mindelec — electromagnetics. Public API. */
export * from './geometry/index.ts';
export * from './cad/index.ts';
export * from './solvers/index.ts';
export * from './ai/index.ts';
