import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomSplit, seededPermutation } from './splits.ts';

describe('randomSplit', () => {
  it('is disjoint, complete when test is the rest, and reproducible per seed', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), (n, seed) => {
      const nTrain = Math.floor(n / 2), nVal = Math.floor(n / 5);
      const s = randomSplit(n, { train: nTrain, validation: nVal }, seed);
      const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(s.train.length).toBe(nTrain);
      expect(randomSplit(n, { train: nTrain, validation: nVal }, seed)).toEqual(s);
    }), { numRuns: 50 });
  });
  it('accepts fractions and differs between seeds', () => {
    const a = randomSplit(1000, { train: 0.8, validation: 0.1 }, 1), b = randomSplit(1000, { train: 0.8, validation: 0.1 }, 2);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([800, 100, 100]);
    expect(Array.from(a.train.slice(0, 20))).not.toEqual(Array.from(b.train.slice(0, 20)));
  });
  it('permutation is roughly uniform (first position over many seeds)', () => {
    const counts = new Array(5).fill(0);
    for (let s = 0; s < 5000; s++) counts[seededPermutation(5, s)[0]!]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
  it('rejects oversize requests naming the sizes', () => {
    expect(() => randomSplit(10, { train: 8, validation: 5 })).toThrow(/train 8 \+ validation 5 \+ test -3|exceeds/);
    expect(() => randomSplit(10, { train: -1, validation: 0 })).toThrow(/train = -1/);
  });
});
