/**
 * Counter-based, splittable PRNG: Threefry-2x32 with 20 rounds (Salmon, Moraes, Dror & Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11 — the generator JAX uses). A key is two
 * uint32 words; nothing is stateful, so results are identical on every run and platform.
 *
 * Stream layout (ours, documented so results are reproducible; not bit-identical to JAX's sampling):
 *   split(key, n)[i]   = threefry(key, counter = (i, 0))
 *   random bits word k = threefry(key, counter = (floor(k/2), 1))[k mod 2]
 * uniform: float64 uses 53 bits from two words, float32 24 bits. normal: Box–Muller.
 */
import { allocate, DEFAULT_DTYPE, type DType } from './dtype.ts';
import { checkShape, sizeOf } from './shape.ts';
import { Tensor } from './tensor.ts';

/** A PRNG key: two uint32 words. Treat as opaque; derive new keys with `split`. */
export type RandomKey = Readonly<Uint32Array>;

const ROT = [13, 15, 26, 6, 17, 29, 16, 24];

/** Threefry-2x32-20 block function: (key, counter) -> two uint32, written into out[o], out[o+1]. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, o = 0): void {
  const ks0 = k0 >>> 0, ks1 = k1 >>> 0, ks2 = (ks0 ^ ks1 ^ 0x1bd11bda) >>> 0;
  const ks = [ks0, ks1, ks2];
  let x0 = (c0 + ks0) >>> 0;
  let x1 = (c1 + ks1) >>> 0;
  for (let r = 0; r < 20; r++) {
    x0 = (x0 + x1) >>> 0;
    const s = ROT[r % 8]!;
    x1 = ((x1 << s) | (x1 >>> (32 - s))) >>> 0;
    x1 = (x1 ^ x0) >>> 0;
    if ((r & 3) === 3) {
      const i = (r + 1) >> 2;
      x0 = (x0 + ks[i % 3]!) >>> 0;
      x1 = (x1 + ks[(i + 1) % 3]! + i) >>> 0;
    }
  }
  out[o] = x0;
  out[o + 1] = x1;
}

/** Key from an integer seed in [0, 2^53). */
export function randomKey(seed: number): RandomKey {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`randomKey: seed ${seed} must be a non-negative safe integer`);
  return Uint32Array.of(Math.floor(seed / 4294967296) >>> 0, seed >>> 0);
}

function checkKey(op: string, key: RandomKey): void {
  if (!(key instanceof Uint32Array) || key.length !== 2) throw new TypeError(`${op}: key must be a RandomKey (Uint32Array of length 2) from randomKey/split`);
}

/** n independent child keys. */
export function split(key: RandomKey, n = 2): RandomKey[] {
  checkKey('split', key);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`split: n ${n} must be a non-negative integer`);
  const out: RandomKey[] = [];
  for (let i = 0; i < n; i++) {
    const k = new Uint32Array(2);
    threefry2x32(key[0]!, key[1]!, i, 0, k);
    out.push(k);
  }
  return out;
}

/** n uint32 words of the key's bit stream. */
export function randomBits(key: RandomKey, n: number): Uint32Array {
  checkKey('randomBits', key);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBits: n ${n} must be a non-negative integer`);
  const out = new Uint32Array(n + (n & 1));
  for (let j = 0; 2 * j < n; j++) threefry2x32(key[0]!, key[1]!, j, 1, out, 2 * j);
  return n & 1 ? out.subarray(0, n) : out;
}

/** Uniform in [0, 1) into a float array (53-bit for float64, 24-bit for float32). */
function unitUniform(key: RandomKey, n: number, dtype: DType): Float64Array {
  const out = new Float64Array(n);
  if (dtype === 'float64') {
    const bits = randomBits(key, 2 * n);
    for (let i = 0; i < n; i++) out[i] = ((bits[2 * i]! >>> 5) * 67108864 + (bits[2 * i + 1]! >>> 6)) / 9007199254740992;
  } else {
    const bits = randomBits(key, n);
    for (let i = 0; i < n; i++) out[i] = (bits[i]! >>> 8) / 16777216;
  }
  return out;
}

export interface UniformOptions {
  minval?: number;
  maxval?: number;
  dtype?: DType;
}

/** Uniform samples in [minval, maxval) (default [0, 1)). */
export function uniform(key: RandomKey, shape: readonly number[], options: UniformOptions = {}): Tensor {
  checkKey('uniform', key);
  checkShape('uniform', shape);
  const { minval = 0, maxval = 1, dtype = DEFAULT_DTYPE } = options;
  if (!(maxval > minval)) throw new RangeError(`uniform: maxval ${maxval} must exceed minval ${minval}`);
  const n = sizeOf(shape);
  const u = unitUniform(key, n, dtype);
  const buf = allocate(dtype, n);
  for (let i = 0; i < n; i++) buf[i] = minval + (maxval - minval) * u[i]!;
  // float32 rounding could land exactly on maxval; keep the half-open interval.
  if (dtype === 'float32') for (let i = 0; i < n; i++) if (buf[i]! >= maxval) buf[i] = Math.fround(maxval - (maxval - minval) * 2 ** -24);
  return Tensor._fromBuffer(buf, shape);
}

export interface NormalOptions {
  mean?: number;
  std?: number;
  dtype?: DType;
}

/** Gaussian samples (Box–Muller on pairs of uniforms). */
export function normal(key: RandomKey, shape: readonly number[], options: NormalOptions = {}): Tensor {
  checkKey('normal', key);
  checkShape('normal', shape);
  const { mean = 0, std = 1, dtype = DEFAULT_DTYPE } = options;
  const n = sizeOf(shape);
  const m = (n + 1) >> 1;
  const u = unitUniform(key, 2 * m, 'float64');
  const buf = allocate(dtype, n);
  for (let i = 0; i < m; i++) {
    const r = Math.sqrt(-2 * Math.log(1 - u[2 * i]!)); // 1-u in (0, 1]: log never sees 0
    const th = 2 * Math.PI * u[2 * i + 1]!;
    buf[2 * i] = mean + std * r * Math.cos(th);
    if (2 * i + 1 < n) buf[2 * i + 1] = mean + std * r * Math.sin(th);
  }
  return Tensor._fromBuffer(buf, shape);
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(key: RandomKey, n: number): Int32Array {
  checkKey('permutation', key);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation: n ${n} must be a non-negative integer`);
  const u = unitUniform(key, n, 'float64');
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i]! * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * mulberry32: a small, fast, seeded stream of uniform numbers in [0, 1) (32-bit state; not for
 * cryptography, period 2^32). For scalar sampling loops (test-case generation, collocation points,
 * shuffles) where a tensor of Threefry bits would be overkill; tensors use `uniform`/`normal`.
 * @mindscience/datasets' `seededUniform` is this function.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
