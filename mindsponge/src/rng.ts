/**
 * Seeded, serialisable random numbers for MD (xoshiro128**, Blackman & Vigna 2018).
 * The whole state is a Uint32Array(4) plus a cached normal deviate, so checkpoints restore the stream
 * exactly and a resumed run is bit-for-bit identical. Not cryptographic.
 */
export interface Rng {
  /** [4] generator words + nothing else; copy it to snapshot. */
  readonly state: Uint32Array;
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal deviate (Box-Muller, both values used). */
  normal(): number;
  /** Gamma(shape, 1) deviate, shape > 0 (Marsaglia & Tsang 2000). */
  gamma(shape: number): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** State words for an integer seed. */
export function seedState(seed: number): Uint32Array {
  if (!Number.isInteger(seed)) throw new RangeError(`rng: seed = ${seed}, expected an integer`);
  const next = splitmix32(seed ^ Math.floor(seed / 2 ** 32));
  const s = new Uint32Array([next(), next(), next(), next()]);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  return s;
}

/**
 * Generator over `state` words [4 generator words, spare flag, spare hi, spare lo] — the spare normal is
 * kept in the state (as float64 bits) so that the stream is fully serialisable.
 */
export function createRng(seedOrState: number | Uint32Array): Rng {
  const state = new Uint32Array(8);
  if (typeof seedOrState === 'number') state.set(seedState(seedOrState));
  else {
    if (seedOrState.length !== 8 && seedOrState.length !== 4) throw new RangeError(`rng: state has ${seedOrState.length} words, expected 4 or 8`);
    state.set(seedOrState);
  }
  const spareView = new Float64Array(state.buffer, 24, 1); // words 6,7; word 5 is the spare flag
  const next32 = (): number => {
    const s0 = state[0]!, s1 = state[1]!, s2 = state[2]!, s3 = state[3]!;
    const r = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    state[2] = s2 ^ s0;
    state[3] = s3 ^ s1;
    state[1] = s1 ^ state[2]!;
    state[0] = s0 ^ state[3]!;
    state[2] = state[2]! ^ t;
    state[3] = rotl(state[3]!, 11);
    return r;
  };
  const uniform = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const normal = (): number => {
    if (state[5] === 1) { state[5] = 0; return spareView[0]!; }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spareView[0] = r * Math.sin(2 * Math.PI * v);
    state[5] = 1;
    return r * Math.cos(2 * Math.PI * v);
  };
  const gamma = (shape: number): number => {
    if (!(shape > 0)) throw new RangeError(`rng.gamma: shape = ${shape}, expected > 0`);
    if (shape < 1) return gamma(shape + 1) * Math.pow(uniform() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do { x = normal(); v = 1 + c * x; } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  return { state, uniform, normal, gamma };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
