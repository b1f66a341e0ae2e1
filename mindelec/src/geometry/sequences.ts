/**
 * Point sets in the unit hypercube [0,1)^d: uniform random, Latin hypercube, Halton, Sobol, and grids.
 *
 * Contract: every generator returns a flat row-major Float64Array of shape [n, d] (point i, axis a at
 * i*d + a). Random ones take an `Rng` and are reproducible from its seed; Halton and Sobol are
 * deterministic and unscrambled, starting at index `skip` (default 0, so the first point is the origin,
 * as in scipy.stats.qmc with scramble=False).
 *
 * References: Sobol direction numbers are Joe & Kuo's new-joe-kuo-6.21201 (S. Joe, F. Y. Kuo, "Constructing
 * Sobol sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635), generated
 * in Gray-code order (Antonov & Saleev 1979). Halton uses the first d primes as bases (Halton 1960).
 * LHS follows McKay, Beckman & Conover (1979): each of the n strata of each axis holds exactly one point.
 */
import type { Rng } from './random.ts';

/** Sobol primitive-polynomial data (degree s, coefficients a, initial m_1..m_s) for dimensions 2..21. */
const JOE_KUO: ReadonlyArray<readonly [number, number, readonly number[]]> = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]],
  [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
];

export const SOBOL_MAX_DIM = JOE_KUO.length + 1;
const BITS = 32;

function sobolDirections(d: number): Uint32Array[] {
  const dirs: Uint32Array[] = [];
  const v0 = new Uint32Array(BITS + 1);
  for (let k = 1; k <= BITS; k++) v0[k] = 2 ** (BITS - k);
  dirs.push(v0);
  for (let j = 1; j < d; j++) {
    const [s, a, m] = JOE_KUO[j - 1]!;
    const v = new Uint32Array(BITS + 1);
    for (let k = 1; k <= Math.min(s, BITS); k++) v[k] = (m[k - 1]! * 2 ** (BITS - k)) >>> 0;
    for (let k = s + 1; k <= BITS; k++) {
      let x = (v[k - s]! ^ (v[k - s]! >>> s)) >>> 0;
      for (let l = 1; l < s; l++) if ((a >>> (s - 1 - l)) & 1) x = (x ^ v[k - l]!) >>> 0;
      v[k] = x;
    }
    dirs.push(v);
  }
  return dirs;
}

function checkCount(what: string, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what}: point count must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`${what}: dimension must be a positive integer, got ${d}`);
}

/** Unscrambled Sobol points n = skip..skip+count-1 in [0,1)^d, d <= SOBOL_MAX_DIM. */
export function sobol(count: number, d: number, skip = 0): Float64Array {
  checkCount('sobol', count, d);
  if (d > SOBOL_MAX_DIM) throw new Error(`sobol: dimension ${d} exceeds the ${SOBOL_MAX_DIM} supported`);
  if (skip + count > 2 ** BITS) throw new Error(`sobol: at most 2^${BITS} points, asked for ${skip + count}`);
  const dirs = sobolDirections(d);
  const x = new Uint32Array(d);
  const out = new Float64Array(count * d);
  const scale = 2 ** -BITS;
  // Gray-code state at index `skip`: X_n = XOR of V_k over the set bits k of gray(n).
  const gray = (skip ^ Math.floor(skip / 2)) >>> 0;
  for (let k = 1; k <= BITS; k++) if ((gray >>> (k - 1)) & 1) for (let j = 0; j < d; j++) x[j] = (x[j]! ^ dirs[j]![k]!) >>> 0;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < d; j++) out[i * d + j] = x[j]! * scale;
    let n = skip + i, c = 1;
    while (n & 1) { n >>>= 1; c++; }
    for (let j = 0; j < d; j++) x[j] = (x[j]! ^ dirs[j]![c]!) >>> 0;
  }
  return out;
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

/** Radical inverse of `index` in `base`: the digits of index mirrored about the radix point. */
export function radicalInverse(index: number, base: number): number {
  let f = 1, r = 0;
  while (index > 0) {
    f /= base;
    r += f * (index % base);
    index = Math.floor(index / base);
  }
  return r;
}

/** Unscrambled Halton points n = skip..skip+count-1 in [0,1)^d with the first d primes as bases. */
export function halton(count: number, d: number, skip = 0): Float64Array {
  checkCount('halton', count, d);
  if (d > PRIMES.length) throw new Error(`halton: dimension ${d} exceeds the ${PRIMES.length} supported`);
  const out = new Float64Array(count * d);
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) out[i * d + j] = radicalInverse(skip + i, PRIMES[j]!);
  return out;
}

/** Latin hypercube: along each axis the strata [k/n, (k+1)/n) each hold exactly one point. */
export function latinHypercube(count: number, d: number, rng: Rng): Float64Array {
  checkCount('latinHypercube', count, d);
  const out = new Float64Array(count * d);
  const perm = new Int32Array(count);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < count; i++) perm[i] = i;
    for (let i = count - 1; i > 0; i--) {
      const r = rng.nextInt(i + 1);
      const t = perm[i]!; perm[i] = perm[r]!; perm[r] = t;
    }
    for (let i = 0; i < count; i++) out[i * d + j] = (perm[i]! + rng.next()) / count;
  }
  return out;
}

/** Uniform random points in [0,1)^d. */
export function uniformRandom(count: number, d: number, rng: Rng): Float64Array {
  checkCount('uniformRandom', count, d);
  return rng.fill(new Float64Array(count * d));
}

/**
 * Points per axis for about `count` grid points over a box with the given extents, split in proportion
 * to the extents (h = (volume / count)^(1/d)), with at least `minPerAxis` on every axis.
 */
export function gridCounts(count: number, extents: readonly number[], minPerAxis = 1): number[] {
  const d = extents.length;
  checkCount('gridCounts', count, d);
  const live = extents.filter((e) => e > 0);
  if (live.length === 0) return extents.map(() => Math.max(1, minPerAxis));
  let measure = 1;
  for (const e of live) measure *= e;
  const h = (measure / Math.max(count, 1)) ** (1 / live.length);
  return extents.map((e) => (e > 0 ? Math.max(minPerAxis, Math.round(e / h)) : Math.max(1, minPerAxis)));
}

/** Cell-centred grid with `counts[a]` points on axis a, in [0,1)^d, last axis fastest. */
export function unitGrid(counts: readonly number[]): Float64Array {
  const d = counts.length;
  let total = 1;
  for (const c of counts) total *= c;
  const out = new Float64Array(total * d);
  const idx = new Array<number>(d).fill(0);
  for (let i = 0; i < total; i++) {
    for (let a = 0; a < d; a++) out[i * d + a] = (idx[a]! + 0.5) / counts[a]!;
    for (let a = d - 1; a >= 0; a--) {
      if (++idx[a]! < counts[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

export type SamplerName = 'uniform' | 'lhs' | 'halton' | 'sobol' | 'grid';
export const SAMPLERS: readonly SamplerName[] = ['uniform', 'lhs', 'halton', 'sobol', 'grid'];

/**
 * `count` points in [0,1)^d by the named sampler. For 'grid' the counts are split evenly
 * (gridCounts with unit extents), so the number returned may differ from `count`.
 */
export function unitSamples(sampler: SamplerName, count: number, d: number, rng: Rng, skip = 0): Float64Array {
  switch (sampler) {
    case 'uniform': return uniformRandom(count, d, rng);
    case 'lhs': return latinHypercube(count, d, rng);
    case 'halton': return halton(count, d, skip);
    case 'sobol': return sobol(count, d, skip);
    case 'grid': return unitGrid(gridCounts(count, new Array<number>(d).fill(1)));
    default: throw new Error(`sampler: unknown sampler '${String(sampler)}', expected one of ${SAMPLERS.join(', ')}`);
  }
}
