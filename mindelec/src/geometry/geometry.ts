/**
 * The geometry contract shared by primitives, CSG and space-time products.
 *
 * Points are flat row-major Float64Arrays of shape [n, dim] (point i, axis a at i*dim + a), in the
 * length unit the caller chose (SI metres for solvers, mm for CAD — geometry itself is unit-agnostic).
 * `contains` is closed (boundary counts as inside). `signedDistance`, where a geometry defines it, is
 * negative inside, zero on the boundary and positive outside; it is exact for primitives and a bound of the
 * right sign for CSG results (min/max composition). Boundary samples carry unit outward normals.
 */
import { createRng, type Rng } from './random.ts';
import { unitSamples, gridCounts, unitGrid, type SamplerName, SAMPLERS } from './sequences.ts';

export interface Box {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

export interface SampleOptions {
  /** Point generator; default 'uniform'. 'grid' may return a different count than asked. */
  sampler?: SamplerName;
  /** Seed of the random stream (uniform, lhs, and rejection batches); default 0. */
  seed?: number;
  /** Generator to use instead of a fresh one from `seed` (lets callers chain draws). */
  rng?: Rng;
  /** Index of the first Halton/Sobol point (default 0). */
  skip?: number;
}

export interface BoundarySamples {
  /** [n, dim] points on the boundary. */
  points: Float64Array;
  /** [n, dim] unit outward normals. */
  normals: Float64Array;
}

export interface Geometry {
  readonly name: string;
  readonly dim: number;
  /** Axis-aligned bounding box. */
  readonly bbox: Box;
  /** Length (dim 2), area (dim 3) or point count (dim 1) of the boundary, or an upper bound for CSG. */
  readonly boundaryMeasure: number;
  /** 1 where the point is inside or on the boundary, else 0. */
  contains(points: Float64Array): Uint8Array;
  /** Signed distance (negative inside) where defined. */
  signedDistance?(points: Float64Array): Float64Array;
  /** `count` points inside (grid sampler: about `count`). */
  sampleInterior(count: number, options?: SampleOptions): Float64Array;
  /** `count` boundary points with outward normals (grid sampler: about `count`). */
  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples;
}

export function rngOf(options: SampleOptions | undefined): Rng {
  return options?.rng ?? createRng(options?.seed ?? 0);
}

export function samplerOf(options: SampleOptions | undefined): SamplerName {
  const s = options?.sampler ?? 'uniform';
  if (!SAMPLERS.includes(s)) throw new Error(`sampler: unknown sampler '${String(s)}', expected one of ${SAMPLERS.join(', ')}`);
  return s;
}

export function checkPoints(what: string, points: Float64Array, dim: number): number {
  if (!(points instanceof Float64Array)) throw new Error(`${what}: points must be a Float64Array of shape [n, ${dim}]`);
  if (points.length % dim !== 0) throw new Error(`${what}: points length ${points.length} is not a multiple of dim ${dim}`);
  return points.length / dim;
}

export function checkSampleCount(what: string, count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new Error(`${what}: sample count must be a non-negative integer, got ${count}`);
}

/**
 * Unit-cube samples of dimension d for a parametrised map. 'grid' uses a cell-centred grid with about
 * `count` points split in proportion to `extents` (the parameter-space lengths).
 */
export function parameterSamples(count: number, d: number, options: SampleOptions | undefined, extents?: readonly number[]): Float64Array {
  const sampler = samplerOf(options);
  if (sampler === 'grid') return unitGrid(gridCounts(count, extents ?? new Array<number>(d).fill(1)));
  return unitSamples(sampler, count, d, rngOf(options), options?.skip ?? 0);
}

/**
 * Interior samples by rejection from the bounding box; batches continue the Halton/Sobol stream (skip)
 * and the random stream, so the result is deterministic. 'grid' keeps the inside nodes of a bbox grid
 * holding about count / (inside fraction) points.
 */
export function rejectionInterior(geometry: Geometry, count: number, options: SampleOptions | undefined): Float64Array {
  checkSampleCount(`${geometry.name}.sampleInterior`, count);
  const { dim, bbox } = geometry;
  const sampler = samplerOf(options);
  const ext = bbox.max.map((m, a) => m - bbox.min[a]!);
  const toBox = (u: Float64Array): Float64Array => {
    for (let i = 0; i < u.length; i++) u[i] = bbox.min[i % dim]! + ext[i % dim]! * u[i]!;
    return u;
  };
  if (sampler === 'grid') {
    const probe = toBox(unitSamples('halton', 4096, dim, createRng(0), 1));
    const frac = Math.max(1e-3, countOnes(geometry.contains(probe)) / 4096);
    const pts = toBox(unitGrid(gridCounts(Math.ceil(count / frac), ext)));
    return select(pts, geometry.contains(pts), dim);
  }
  const rng = rngOf(options);
  const out = new Float64Array(count * dim);
  let have = 0, skip = options?.skip ?? 0, guard = 0;
  while (have < count) {
    const batch = Math.max(64, 2 * (count - have));
    const pts = toBox(unitSamples(sampler, batch, dim, rng, skip));
    skip += batch;
    const inside = geometry.contains(pts);
    for (let i = 0; i < batch && have < count; i++) {
      if (!inside[i]) continue;
      for (let a = 0; a < dim; a++) out[have * dim + a] = pts[i * dim + a]!;
      have++;
    }
    if (++guard > 10000) throw new Error(`${geometry.name}.sampleInterior: rejection sampling found too few points inside (empty geometry?)`);
  }
  return out;
}

export function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

/** Rows of `points` ([n, dim]) where mask is 1. */
export function select(points: Float64Array, mask: Uint8Array, dim: number): Float64Array {
  const out = new Float64Array(countOnes(mask) * dim);
  let k = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let a = 0; a < dim; a++) out[k++] = points[i * dim + a]!;
  }
  return out;
}
