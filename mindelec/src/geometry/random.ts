/**
 * Seeded pseudo-random numbers for sampling (no dependency on @mindscience/core).
 *
 * Contract: `createRng(seed)` returns a generator whose `next()` yields doubles uniform in [0, 1) with
 * 53 random bits; the same seed always yields the same stream on every platform. The generator is
 * xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32, so nearby seeds give unrelated streams.
 */

export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Fills `out` with uniform doubles in [lo, hi) and returns it. */
  fill(out: Float64Array, lo?: number, hi?: number): Float64Array;
}

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/**
 * Seeded generator (xoshiro128** seeded through splitmix32): next() uniform doubles in [0, 1) with 53 random bits,
 * nextUint32, nextInt(n) in [0, n), fill(out, lo, hi). The same seed gives the same stream on every platform.
 * @throws Error when seed is not finite.
 */
export function createRng(seed = 0): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  let s = (Math.floor(Math.abs(seed)) % 0x100000000) ^ (seed < 0 ? 0x5bd1e995 : 0);
  let a = 0, b = 0, c = 0, d = 0;
  [s, a] = splitmix32(s);
  [s, b] = splitmix32(s);
  [s, c] = splitmix32(s);
  [s, d] = splitmix32(s);
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => (nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6);
  const rng: Rng = {
    nextUint32,
    next: () => next() / 9007199254740992,
    nextInt: (n: number) => Math.floor((next() / 9007199254740992) * n),
    fill(out, lo = 0, hi = 1) {
      const w = hi - lo;
      for (let i = 0; i < out.length; i++) out[i] = lo + w * (next() / 9007199254740992);
      return out;
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
