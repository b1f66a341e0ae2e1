/**
 * Vitest setup for every test file. Property tests (fast-check) use a fixed seed in CI so a run is
 * reproducible, and a random one locally so development keeps exploring new inputs; set FC_SEED to
 * replay a failure reported with its seed.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261128 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
