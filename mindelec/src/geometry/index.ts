/** Geometry and sampling public API: primitives, CSG, space-time, samplers and per-part configs. */
export { createRng, type Rng } from './random.ts';
export {
  sobol, halton, latinHypercube, uniformRandom, radicalInverse, gridCounts, unitGrid, unitSamples,
  SOBOL_MAX_DIM, SAMPLERS, type SamplerName,
} from './sequences.ts';
export type { Geometry, Box, SampleOptions, BoundarySamples } from './geometry.ts';
export { HyperCube, Interval, Rectangle, Cuboid, TimeDomain } from './box.ts';
export { Disk, Sphere, Cylinder } from './round.ts';
export { Polygon, Triangle } from './polygon.ts';
export { CsgGeometry, union, intersection, difference, xor, type CsgOperation } from './csg.ts';
export { SpaceTime } from './spacetime.ts';
export {
  sampleGeometry, parseSamplingConfig,
  type SamplingConfig, type PartSamplingConfig, type SamplingPart, type PartSamples,
} from './config.ts';
