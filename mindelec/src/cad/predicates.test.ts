import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { orientSign, exactOrientSign, columnCrossings, type TriangleMesh } from './index.ts';

/** Next representable double above/below x, `k` steps. */
function ulpStep(x: number, k: number): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  let bits = b.getBigInt64(0);
  bits += BigInt(x >= 0 ? k : -k);
  b.setBigInt64(0, bits);
  return b.getFloat64(0);
}

describe('exact orientation predicate', () => {
  it('agrees with exact BigInt evaluation on random and nearly collinear inputs', () => {
    const coord = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(coord, coord, coord, coord, coord, coord, (a, b, c, d, e, f) => orientSign(a, b, c, d, e, f) === exactOrientSign(a, b, c, d, e, f)), { numRuns: 2000 });
    fc.assert(fc.property(coord, coord, coord, coord, fc.double({ min: -2, max: 2, noNaN: true }), fc.integer({ min: -3, max: 3 }), (ux, uy, vx, vy, t, k) => {
      // p on the segment's line up to rounding, then nudged by a few ulps
      const px = ulpStep(ux + t * (vx - ux), k), py = uy + t * (vy - uy);
      return orientSign(ux, uy, vx, vy, px, py) === exactOrientSign(ux, uy, vx, vy, px, py);
    }), { numRuns: 3000 });
  });

  it('knows exactly collinear points and the classic rounding trap', () => {
    expect(orientSign(0, 0, 1, 1, 3, 3)).toBe(0);
    expect(orientSign(0.1, 0.1, 0.3, 0.3, 0.7, 0.7)).toBe(exactOrientSign(0.1, 0.1, 0.3, 0.3, 0.7, 0.7));
    // Shewchuk's example family: points near (0.5, 0.5) on the line y = x
    const x = 0.5 + 2 ** -52;
    expect(orientSign(12, 12, 24, 24, x, 0.5)).toBe(-1);
    expect(orientSign(12, 12, 24, 24, 0.5, x)).toBe(1);
  });
});

describe('differently triangulated top and bottom faces do not leak at near-vertex columns', () => {
  it('prisms over random convex polygons: every column within a few ulps of a vertex crosses an even number of times', () => {
    fc.assert(fc.property(fc.integer({ min: 5, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.3, max: 3000, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, shift, radius, seed) => {
      // convex polygon: angles spread with a seeded jitter
      const ang: number[] = [];
      for (let i = 0; i < n; i++) ang.push((2 * Math.PI * (i + 0.4 * Math.sin(seed + 7 * i))) / n);
      const pos: number[] = [];
      for (const z of [0, 1]) for (const a of ang) pos.push(radius * Math.cos(a) + 0.1 * seed, radius * Math.sin(a) - 0.3 * seed, z);
      const tri: number[] = [];
      const k = shift % n;
      for (let i = 1; i < n - 1; i++) tri.push(n + 0, n + i, n + i + 1); // top fan from vertex 0 (ccw from above)
      for (let i = 1; i < n - 1; i++) tri.push((k + i + 1) % n, (k + i) % n, k); // bottom fan from vertex k (cw from above)
      for (let i = 0; i < n; i++) { const j = (i + 1) % n; tri.push(i, j, n + j, i, n + j, n + i); }
      const mesh: TriangleMesh = { name: 'prism', positions: Float64Array.from(pos), triangles: Uint32Array.from(tri), faceGroups: [] };
      const xs: number[] = [], ys: number[] = [];
      for (let i = 0; i < n; i++) for (const s of [-2, -1, 0, 1, 2]) { xs.push(ulpStep(pos[3 * i]!, s)); ys.push(ulpStep(pos[3 * i + 1]!, s)); }
      const X = Float64Array.from(new Set(xs)).sort(), Y = Float64Array.from(new Set(ys)).sort();
      const cr = columnCrossings(mesh, X, Y);
      for (let c = 0; c < X.length * Y.length; c++) if ((cr.start[c + 1]! - cr.start[c]!) % 2 !== 0) return false;
      return true;
    }), { numRuns: 200 });
  });
});
