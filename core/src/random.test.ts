/** Threefry known-answer vectors (Random123 / JAX), determinism, independence of splits, moments. */
import { describe, expect, it } from 'vitest';
import { mulberry32, normal, permutation, randomBits, randomKey, split, threefry2x32, uniform } from './random.ts';

describe('threefry2x32-20', () => {
  // Known-answer tests from Random123's kat_vectors (also in JAX's random_test.py).
  const kat: [number[], number[], number[]][] = [
    [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ];
  for (const [key, ctr, want] of kat) {
    it(`key ${key.map((v) => v.toString(16))} counter ${ctr.map((v) => v.toString(16))}`, () => {
      const out = new Uint32Array(2);
      threefry2x32(key[0]!, key[1]!, ctr[0]!, ctr[1]!, out);
      expect(Array.from(out)).toEqual(want);
    });
  }
});

describe('keys and sampling', () => {
  it('is deterministic and splits into distinct streams', () => {
    const k = randomKey(42);
    expect(Array.from(uniform(k, [5]).data())).toEqual(Array.from(uniform(randomKey(42), [5]).data()));
    const [a, b] = split(k);
    expect(Array.from(a!)).not.toEqual(Array.from(b!));
    expect(Array.from(normal(a!, [4]).data())).not.toEqual(Array.from(normal(b!, [4]).data()));
    expect(Array.from(randomKey(2 ** 40 + 3))).toEqual([256, 3]);
    expect(randomBits(k, 3).length).toBe(3);
  });
  it('uniform: range and first two moments (n = 20000)', () => {
    const u = uniform(randomKey(1), [20000], { minval: -2, maxval: 4 }).data();
    let m = 0, lo = Infinity, hi = -Infinity;
    for (const v of u) { m += v; lo = Math.min(lo, v); hi = Math.max(hi, v); }
    m /= u.length;
    let v2 = 0;
    for (const v of u) v2 += (v - m) ** 2;
    v2 /= u.length;
    expect(lo).toBeGreaterThanOrEqual(-2);
    expect(hi).toBeLessThan(4);
    expect(Math.abs(m - 1)).toBeLessThan(0.05); // sd of mean = 6/sqrt(12 n) ≈ 0.012
    expect(Math.abs(v2 - 3)).toBeLessThan(0.1);
    const f = uniform(randomKey(1), [1000], { dtype: 'float32' }).data();
    expect(f).toBeInstanceOf(Float32Array);
    expect(Math.max(...f)).toBeLessThan(1);
  });
  it('normal: mean, variance, kurtosis and odd sizes', () => {
    const z = normal(randomKey(5), [20001], { mean: 1, std: 2 }).data();
    const n = z.length;
    let m = 0;
    for (const v of z) m += v;
    m /= n;
    let s2 = 0, s4 = 0;
    for (const v of z) { s2 += (v - m) ** 2; s4 += (v - m) ** 4; }
    s2 /= n; s4 /= n;
    expect(Math.abs(m - 1)).toBeLessThan(0.05);
    expect(Math.abs(s2 - 4)).toBeLessThan(0.15);
    expect(Math.abs(s4 / (s2 * s2) - 3)).toBeLessThan(0.15);
    expect(z.every(Number.isFinite)).toBe(true);
  });
  it('permutation is a permutation', () => {
    const p = Array.from(permutation(randomKey(9), 50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it('rejects bad seeds and keys', () => {
    expect(() => randomKey(-1)).toThrow(/seed -1/);
    expect(() => randomKey(1.5)).toThrow(RangeError);
    expect(() => uniform(new Uint32Array(3), [2])).toThrow(/key must be a RandomKey/);
    expect(() => split(randomKey(0), 1.5)).toThrow(/split: n 1.5/);
    expect(() => randomBits(randomKey(0), -1)).toThrow(RangeError);
    expect(() => uniform(randomKey(0), [2], { minval: 1, maxval: 1 })).toThrow(/maxval 1 must exceed minval 1/);
  });
});

describe('mulberry32', () => {
  it('is a reproducible uniform stream in [0, 1) (the sequence the shipped checkpoints and splits were made with)', () => {
    const r = mulberry32(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const s = mulberry32(7);
    let sum = 0, sq = 0, lo = 1, hi = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) { const u = s(); sum += u; sq += u * u; lo = Math.min(lo, u); hi = Math.max(hi, u); }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - sum * sum / n / n - 1 / 12)).toBeLessThan(0.002);
  });
});
