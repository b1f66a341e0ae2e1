import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { neighborList } from './partition.ts';
import { makeBox, minimumImageInPlace, wrapPositions, type Box } from './space.ts';
import { createRng } from './rng.ts';

/** All pairs with minimum-image distance < rc, as sorted "i-j" strings (i < j). */
function bruteForce(x: Float64Array, box: Box | null, rc: number): string[] {
  const n = x.length / 3, out: string[] = [], d = new Float64Array(3);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    for (let k = 0; k < 3; k++) d[k] = x[3 * i + k]! - x[3 * j + k]!;
    if (box) minimumImageInPlace(box, d);
    if (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2 < rc * rc) out.push(`${i}-${j}`);
  }
  return out.sort();
}
function listed(start: Int32Array, pairs: Int32Array, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) for (let p = start[i]!; p < start[i + 1]!; p++) {
    const j = pairs[p]!;
    out.push(i < j ? `${i}-${j}` : `${j}-${i}`);
  }
  return out.sort();
}
function randomPositions(n: number, box: Box, seed: number): Float64Array {
  const r = createRng(seed), x = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) x[i] = (r.uniform() * 1.2 - 0.1) * 12; // some outside the box
  wrapPositions(box, x);
  return x;
}

describe('neighborList', () => {
  it('matches brute force exactly (each pair once) in orthorhombic, triclinic and free boxes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 300 }),
      fc.constantFrom<[number, number, number] | null>([0, 0, 0], [2, 1, -1.5], null),
      (seed, n, tilt) => {
        const box = tilt ? makeBox(10, 11, 12, tilt[0], tilt[1], tilt[2]) : null;
        const x = randomPositions(n, box ?? makeBox(12, 12, 12), seed);
        const nl = neighborList({ cutoff: 2.5, skin: 0.4 }).allocate(x, box);
        const got = listed(nl.start, nl.pairs, n);
        expect(new Set(got).size).toBe(got.length);
        expect(got).toEqual(bruteForce(x, box, 2.9));
      }), { numRuns: 40 });
  });

  it('uses the cell list on big boxes and agrees with brute force', () => {
    const box = makeBox(20, 20, 20, 3, 0, -2);
    const x = randomPositions(1500, box, 7);
    const nl = neighborList({ cutoff: 2.5, skin: 0.3 }).allocate(x, box);
    expect(listed(nl.start, nl.pairs, 1500)).toEqual(bruteForce(x, box, 2.8));
  });

  it('grows past its initial capacity instead of dropping pairs', () => {
    const box = makeBox(10, 10, 10);
    const x = randomPositions(400, box, 3).map((v) => v * 0.1); // all atoms crowded into 1 nm^3
    const nl = neighborList({ cutoff: 4, skin: 0.5 }).allocate(x, box);
    expect(nl.start[400]).toBe(400 * 399 / 2);
  });

  it('rebuilds only after a displacement beyond skin/2 or a box change', () => {
    const box = makeBox(10, 10, 10);
    const fns = neighborList({ cutoff: 2, skin: 0.4 });
    const x = randomPositions(100, box, 1);
    const nl = fns.allocate(x, box);
    const y = x.slice(); y[0] = y[0]! + 0.19;
    expect(fns.update(nl, y, box)).toBe(nl);
    y[0] = y[0]! + 0.02;
    expect(fns.update(nl, y, box).builds).toBe(2);
    // uniform scaling by 1.01: all atoms move with the box, the list stays valid
    const fresh = fns.allocate(x, box); // (update reused nl's buffers, so nl itself is stale now)
    const s = 1.01, z = x.map((v) => v * s);
    expect(fns.needsRebuild(fresh, z, makeBox(10 * s, 10 * s, 10 * s))).toBe(false);
    expect(fns.needsRebuild(fresh, x, makeBox(10, 10, 10, 1, 0, 0))).toBe(true);
  });

  it('excludes listed pairs in either direction', () => {
    const box = makeBox(10, 10, 10);
    const x = new Float64Array([1, 1, 1, 1.5, 1, 1, 2, 1, 1]);
    const exclusions = { start: new Int32Array([0, 0, 1, 1]), list: new Int32Array([0]) }; // 1 excludes 0
    const nl = neighborList({ cutoff: 2, skin: 0.1, exclusions }).allocate(x, box);
    expect(listed(nl.start, nl.pairs, 3)).toEqual(['0-2', '1-2']);
  });

  it('rejects a cutoff larger than half the box with a clear error', () => {
    expect(() => neighborList({ cutoff: 4.9, skin: 0.3 }).allocate(new Float64Array(6), makeBox(10, 10, 10))).toThrow(/exceeds half the smallest box width/);
  });
});
