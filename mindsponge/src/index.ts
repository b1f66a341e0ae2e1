/** @mindscience/mindsponge — molecular dynamics. Public API. */
export * from './engine.ts';
export * from './forcefield/index.ts';
export * from './ml/index.ts';
export * from './analysis/index.ts';
