/**
 * Seeded dataset splits. A permutation of 0..n-1 from a small counter-free PRNG (core's mulberry32) is
 * cut into train/validation/test index sets; the same seed gives the same split on every machine.
 * Sizes may be counts (>= 1) or fractions (< 1) of n.
 */
import { mulberry32 } from '@mindscience/core';

export interface SplitSizes {
  train: number;
  validation: number;
  /** Default: everything left. */
  test?: number;
}

export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Seeded uniform stream in [0, 1): core's `mulberry32` (32-bit state), under the name the splits and the
 * labelling scripts use.
 */
export const seededUniform: (seed: number) => () => number = mulberry32;

/** Fisher-Yates permutation of 0..n-1. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  const u = seededUniform(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}

function count(field: string, v: number, n: number): number {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`randomSplit: ${field} = ${v}, expected a count >= 0 or a fraction in [0, 1)`);
  return v < 1 ? Math.round(v * n) : Math.floor(v);
}

/** Disjoint train/validation/test indices of n items. */
export function randomSplit(n: number, sizes: SplitSizes, seed = 0): Split {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomSplit: n = ${n}, expected a non-negative integer`);
  const nTrain = count('train', sizes.train, n), nVal = count('validation', sizes.validation, n);
  const nTest = sizes.test === undefined ? n - nTrain - nVal : count('test', sizes.test, n);
  if (nTest < 0 || nTrain + nVal + nTest > n) throw new RangeError(`randomSplit: train ${nTrain} + validation ${nVal} + test ${nTest} = ${nTrain + nVal + nTest} exceeds the ${n} items`);
  const p = seededPermutation(n, seed);
  return { train: p.slice(0, nTrain), validation: p.slice(nTrain, nTrain + nVal), test: p.slice(nTrain + nVal, nTrain + nVal + nTest) };
}
