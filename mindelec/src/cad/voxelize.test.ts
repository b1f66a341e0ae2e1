import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  boxMesh, sphereMesh, cylinderMesh, translateMesh, voxelize, columnCrossings, forEachInsideSpan, meshVolume,
  meshArea, dimsFromBudget, dimsFromSpacing, materialTensor, MATERIAL_LIBRARY, weldVertices, checkWatertight, type TriangleMesh, type GridSpec,
} from './index.ts';

const cellVolume = (g: GridSpec) => [0, 1, 2].reduce((p, a) => p * (g.max[a]! - g.min[a]!) / g.dims[a]!, 1);

/** Regular octahedron |x|+|y|+|z| <= r as 8 outward triangles. */
function octahedron(r = 1): TriangleMesh {
  const positions = Float64Array.from([r, 0, 0, -r, 0, 0, 0, r, 0, 0, -r, 0, 0, 0, r, 0, 0, -r]);
  const tris: number[] = [];
  for (const [x, sx] of [[0, 1], [1, -1]] as const) for (const [y, sy] of [[2, 1], [3, -1]] as const) for (const [z, sz] of [[4, 1], [5, -1]] as const) {
    // (x, y, z) is counter-clockwise from outside when sx*sy*sz > 0
    if (sx * sy * sz > 0) tris.push(x, y, z); else tris.push(x, z, y);
  }
  return { name: 'octahedron', positions, triangles: Uint32Array.from(tris), faceGroups: [{ start: 0, count: 8 }] };
}

/** Classifies the lattice xs × ys × zs with the column kernel; returns inside flags in C order. */
function classify(mesh: TriangleMesh, xs: Float64Array, ys: Float64Array, zs: Float64Array, rule: 'parity' | 'nonzero' = 'parity'): Uint8Array {
  const cr = columnCrossings(mesh, xs, ys), out = new Uint8Array(xs.length * ys.length * zs.length);
  for (let c = 0; c < xs.length * ys.length; c++) forEachInsideSpan(cr, c, zs, rule, (k0, k1) => out.fill(1, c * zs.length + k0, c * zs.length + k1));
  return out;
}

describe('voxel volume converges to the exact volume', () => {
  const cases: [string, TriangleMesh, number][] = [
    ['box', boxMesh('box', [0.1, 0.2, 0.3], [1.1, 2.2, 1.8]), 1 * 2 * 1.5],
    ['sphere', sphereMesh('sphere', [0, 0, 0], 1, 96, 192), (4 / 3) * Math.PI],
    ['cylinder', cylinderMesh('cyl', [0, 0, -1], 0.8, 2, 256), Math.PI * 0.64 * 2],
  ];
  it.each(cases)('%s: error shrinks with spacing and ends within the surface-layer bound', (_, mesh, exact) => {
    const polyVolume = meshVolume(mesh);
    expect(Math.abs(polyVolume - exact) / exact).toBeLessThan(2e-3); // tessellation error of the reference
    const errors: number[] = [];
    for (const n of [16, 32, 64, 128]) {
      const grid: GridSpec = { min: [-1.31, -1.27, -1.23], max: [1.37, 2.41, 1.93], dims: [n, n, n] };
      const v = voxelize([{ mesh }], grid);
      const vol = v.solidCells[0]! * cellVolume(grid);
      const h = Math.max(...v.spacing);
      errors.push(Math.abs(vol - polyVolume));
      expect(Math.abs(vol - polyVolume)).toBeLessThan(0.5 * meshArea(mesh) * h);
    }
    expect(errors[3]!).toBeLessThan(errors[0]! / 2);
    expect(errors[3]! / polyVolume).toBeLessThan(0.02); // h ≈ 0.029 at n = 128
  });

  it('box aligned with the half-open cells is exact: n·h per axis', () => {
    const mesh = boxMesh('b', [0, 0, 0], [1, 0.5, 0.25], 3);
    const v = voxelize([{ mesh }], { min: [-0.125, -0.125, -0.125], max: [1.125, 0.625, 0.375], dims: [10, 6, 4] });
    expect(v.solidCells[0]).toBe(8 * 4 * 2);
  });

  it('CSG by priority: a ball (high priority) inside a cube leaves the cube the difference, and the union is exact', () => {
    const cube = boxMesh('cube', [-1, -1, -1], [1, 1, 1]), ball = sphereMesh('ball', [0.3, 0, 0], 0.6, 64, 128);
    const grid: GridSpec = { min: [-1.2, -1.2, -1.2], max: [1.2, 1.2, 1.2], dims: [96, 96, 96] };
    const v = voxelize([{ mesh: ball, priority: 1 }, { mesh: cube }], grid);
    const cv = cellVolume(grid), vb = meshVolume(ball);
    expect(Math.abs(v.assignedCells[1]! * cv - (8 - vb)) / (8 - vb)).toBeLessThan(0.01);
    expect(Math.abs(v.assignedCells[0]! * cv - vb) / vb).toBeLessThan(0.02);
    expect(v.solidCells[1]! * cv).toBeCloseTo(8, 6); // own volume before overlap resolution
    // swapping priorities hides the ball entirely
    const w = voxelize([{ mesh: ball, priority: 0 }, { mesh: cube, priority: 1 }], grid);
    expect(w.assignedCells[0]).toBe(0);
    // equal priorities: the later solid wins
    const u = voxelize([{ mesh: cube }, { mesh: ball }], grid);
    expect(u.assignedCells[1]).toBe(v.assignedCells[0]);
    // union of two overlapping boxes = 2·8 − overlap
    const shifted = translateMesh(cube, [1, 0, 0], 'cube2');
    const g2: GridSpec = { min: [-1.5, -1.5, -1.5], max: [2.5, 1.5, 1.5], dims: [64, 48, 48] };
    const un = voxelize([{ mesh: cube }, { mesh: shifted }], g2);
    expect((un.assignedCells[0]! + un.assignedCells[1]!) * cellVolume(g2)).toBeCloseTo(12, 9);
  });

  it('sub-cell fractions: sum to one, average eps, and beat plain sampling on a sphere', () => {
    const mesh = sphereMesh('s', [0, 0, 0], 1, 96, 192), exact = meshVolume(mesh);
    let plainErr = 0, fineErr = 0, grid: GridSpec = { min: [0, 0, 0], max: [1, 1, 1], dims: [1, 1, 1] };
    let fine = voxelize([{ mesh }], grid);
    for (const shift of [0, 0.011, 0.023, 0.037, 0.049]) {
      grid = { min: [-1.3 + shift, -1.3 + shift / 2, -1.3 - shift], max: [1.3 + shift, 1.3 + shift / 2, 1.3 - shift], dims: [16, 16, 16] };
      const plain = voxelize([{ mesh }], grid);
      fine = voxelize([{ mesh }], grid, { supersample: 4 });
      plainErr += Math.abs(plain.assignedCells[0]! * cellVolume(grid) - exact) / 5;
      fineErr += Math.abs(fine.assignedCells[0]! * cellVolume(grid) - exact) / 5;
    }
    expect(fineErr).toBeLessThan(plainErr);
    expect(fineErr / exact).toBeLessThan(0.005);
    const m = fine.mixed!;
    const sums = new Map<number, number>();
    for (let q = 0; q < m.cell.length; q++) sums.set(m.cell[q]!, (sums.get(m.cell[q]!) ?? 0) + m.fraction[q]!);
    for (const s of sums.values()) expect(s).toBeCloseTo(1, 6);
    const t = materialTensor(fine, [MATERIAL_LIBRARY['vacuum']!, MATERIAL_LIBRARY['fr4']!], 'float64');
    const c = m.cell[0]!;
    const f1 = Array.from(m.cell).reduce((acc, cell, q) => (cell === c && m.id[q] === 1 ? m.fraction[q]! : acc), 0);
    expect(t.data[8 * c + 5]).toBeCloseTo(1 + f1 * (4.3 - 1), 6);
    expect(t.data[8 * c + 7]).toBeCloseTo(f1 * 0.025, 6);
  });
});

describe('faces, edges and vertices are classified consistently (no leaks)', () => {
  it('octahedron on a lattice through its vertices, edges and faces follows the perturbation rule exactly', () => {
    const axis = Float64Array.from({ length: 17 }, (_, i) => -1 + i / 8);
    const inside = classify(octahedron(), axis, axis, axis);
    let onSurface = 0;
    for (let i = 0; i < 17; i++) for (let j = 0; j < 17; j++) for (let k = 0; k < 17; k++) {
      const x = axis[i]!, y = axis[j]!, z = axis[k]!, f = Math.abs(x) + Math.abs(y) + Math.abs(z);
      // exact in binary: multiples of 1/8. Moving by (ε, εη, δ) with δ ≫ ε ≫ εη: on the surface,
      // inside iff z < 0 (the z-move dominates and |z| shrinks only for z < 0).
      const expected = f < 1 || (f === 1 && z < 0) ? 1 : 0;
      if (f === 1) onSurface++;
      expect(inside[(i * 17 + j) * 17 + k], `(${x}, ${y}, ${z})`).toBe(expected);
    }
    expect(onSurface).toBeGreaterThan(100);
  });

  it('subdivided box on a lattice through every vertex and edge: exactly the half-open box', () => {
    const mesh = boxMesh('b', [0, 0, 0], [1, 1, 1], 4);
    const axis = Float64Array.from({ length: 13 }, (_, i) => -0.25 + i / 8);
    const inside = classify(mesh, axis, axis, axis);
    for (let i = 0; i < 13; i++) for (let j = 0; j < 13; j++) for (let k = 0; k < 13; k++) {
      const ok = (v: number) => v >= 0 && v < 1;
      expect(inside[(i * 13 + j) * 13 + k]).toBe(ok(axis[i]!) && ok(axis[j]!) && ok(axis[k]!) ? 1 : 0);
    }
  });

  it('every column meets a closed surface an even number of times with alternating orientation (fuzzed grids through vertices)', () => {
    const sphere = sphereMesh('s', [0, 0, 0], 1, 12, 24), cyl = cylinderMesh('c', [0, 0, -1], 1, 2, 24), oct = octahedron();
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 24 }), fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 }), (which, n, ox, oy) => {
      const mesh = [sphere, cyl, oct][which]!;
      // columns on dyadic offsets hit poles, rims and edges exactly
      const xs = Float64Array.from({ length: n + 1 }, (_, i) => -1 + (2 * i) / n + ox / 64), ys = Float64Array.from({ length: n + 1 }, (_, i) => -1 + (2 * i) / n + oy / 64);
      const cr = columnCrossings(mesh, xs, ys);
      for (let c = 0; c < xs.length * ys.length; c++) {
        const a = cr.start[c]!, b = cr.start[c + 1]!;
        if ((b - a) % 2 !== 0) return false;
        for (let q = a; q < b; q++) if (cr.sign[q] !== ((q - a) % 2 === 0 ? 1 : -1)) return false;
      }
      return true;
    }), { numRuns: 150 });
  });

  it('a column through the pole of a UV sphere (32 triangles meet) enters and leaves once', () => {
    const mesh = sphereMesh('s', [0, 0, 0], 1, 16, 32);
    const cr = columnCrossings(mesh, Float64Array.from([0]), Float64Array.from([0]));
    expect(Array.from(cr.z)).toEqual([-1, 1]);
    expect(Array.from(cr.sign)).toEqual([1, -1]);
  });

  it('parity tolerates flipped triangles; nonzero winding merges overlapping shells', () => {
    const mesh = boxMesh('b', [0, 0, 0], [1, 1, 1], 2);
    const flipped = mesh.triangles.slice();
    for (let t = 0; t < flipped.length; t += 6) { const s = flipped[t + 1]!; flipped[t + 1] = flipped[t + 2]!; flipped[t + 2] = s; }
    const axis = Float64Array.from({ length: 10 }, (_, i) => -0.05 + i / 8);
    expect(classify({ ...mesh, triangles: flipped }, axis, axis, axis)).toEqual(classify(mesh, axis, axis, axis));
    // two overlapping shells in one mesh: parity leaves a hole in the overlap, nonzero does not
    const a = boxMesh('a', [0, 0, 0], [1, 1, 1]), b = translateMesh(a, [0.5, 0, 0]);
    const both: TriangleMesh = { name: 'ab', positions: Float64Array.from([...a.positions, ...b.positions]), triangles: Uint32Array.from([...a.triangles, ...Array.from(b.triangles, (v) => v + a.positions.length / 3)]), faceGroups: [] };
    const xs = Float64Array.from([0.75]), ys = Float64Array.from([0.5]), zs = Float64Array.from([0.5]);
    expect(classify(both, xs, ys, zs, 'parity')[0]).toBe(0);
    expect(classify(both, xs, ys, zs, 'nonzero')[0]).toBe(1);
  });
});

describe('mesh utilities', () => {
  it('welding merges copies jittered below the tolerance (also across hash-cell borders) and nothing else', () => {
    const mesh = sphereMesh('s', [0, 0, 0], 1, 8, 16);
    fc.assert(fc.property(fc.integer(), fc.double({ min: 0, max: 0.45, noNaN: true }), (seed, frac) => {
      // split every triangle into its own three vertices, jittered by up to frac·tol
      const tol = 1e-6, nt = mesh.triangles.length / 3, pos = new Float64Array(9 * nt);
      let r = seed;
      for (let i = 0; i < 3 * nt; i++) for (let a = 0; a < 3; a++) {
        r = (Math.imul(r, 1103515245) + 12345) | 0;
        pos[3 * i + a] = mesh.positions[3 * mesh.triangles[i]! + a]! + frac * tol * ((r >>> 8) / 2 ** 24 - 0.5);
      }
      const soup: TriangleMesh = { name: 'soup', positions: pos, triangles: Uint32Array.from({ length: 3 * nt }, (_, i) => i), faceGroups: [] };
      const w = weldVertices(soup, tol);
      return w.positions.length === mesh.positions.length && checkWatertight(soup, tol).watertight;
    }), { numRuns: 40 });
  });
});

describe('grid sizing', () => {
  it('a point budget is split by extent with at least 3 per axis and never exceeded by more than rounding', () => {
    fc.assert(fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.integer({ min: 27, max: 5_000_000 }), (a, b, c, n) => {
      const d = dimsFromBudget([a, b, c], n);
      if (d.some((x) => x < 3 || !Number.isInteger(x))) return false;
      const total = d[0] * d[1] * d[2];
      const free = [a, b, c].map((e, i) => e / d[i]!).filter((_, i) => d[i]! > 3);
      const uniform = free.length < 2 || Math.max(...free) / Math.min(...free) < 1.5;
      return total <= n && total >= n / 2 && uniform;
    }));
    expect(dimsFromBudget([10, 20, 40], 8000)).toEqual([10, 20, 40]);
    expect(dimsFromBudget([100, 1, 1], 1000)).toEqual([111, 3, 3]);
    expect(dimsFromSpacing([10, 2, 0.5], 0.5)).toEqual([20, 4, 3]);
    expect(() => dimsFromBudget([1, 1, 1], 10)).toThrow(/at least 27/);
    expect(() => voxelize([], { min: [0, 0, 0], max: [1, 1, 1], dims: [2, 0, 2] })).toThrow(/dims must be three positive integers, got \[2, 0, 2\]/);
  });
});
