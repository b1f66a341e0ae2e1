import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { MeshGeometry, sphereMesh, boxMesh, cylinderMesh, voxelize, axisCentres, meshVolume, meshArea, surfacePointCloud, type TriangleMesh } from './index.ts';
import { sampleGeometry, parseSamplingConfig, sobol, difference, Sphere, Cuboid } from '../geometry/index.ts';

describe('MeshGeometry (CAD solids as sampling domains)', () => {
  const meshes: TriangleMesh[] = [sphereMesh('ball', [0.1, -0.2, 0.3], 1, 10, 20), boxMesh('box', [0, 0, 0], [1, 2, 1], 3), cylinderMesh('cyl', [0, 0, 0], 0.5, 1, 12)];

  it.each(meshes.map((m) => [m.name, m] as const))('%s: contains agrees with the voxelizer cell by cell', (_, mesh) => {
    const g = new MeshGeometry(mesh);
    const grid = { min: [-1.5, -1.5, -1.5] as [number, number, number], max: [1.5, 2.5, 1.5] as [number, number, number], dims: [24, 32, 24] as [number, number, number] };
    const v = voxelize([{ mesh }], grid);
    const xs = axisCentres(-1.5, 1.5, 24), ys = axisCentres(-1.5, 2.5, 32), zs = axisCentres(-1.5, 1.5, 24);
    const pts = new Float64Array(24 * 32 * 24 * 3);
    let c = 0;
    for (const x of xs) for (const y of ys) for (const z of zs) { pts[3 * c] = x; pts[3 * c + 1] = y; pts[3 * c + 2] = z; c++; }
    const inside = g.contains(pts);
    for (let k = 0; k < inside.length; k++) expect(inside[k]).toBe(v.ids[k]);
  });

  it('lattice points on faces and edges of a box follow the half-open rule', () => {
    const g = new MeshGeometry(boxMesh('b', [0, 0, 0], [1, 1, 1], 2));
    const axis = [-0.5, 0, 0.25, 0.5, 1, 1.5];
    const pts: number[] = [], expected: number[] = [];
    for (const x of axis) for (const y of axis) for (const z of axis) {
      pts.push(x, y, z);
      expected.push([x, y, z].every((v) => v >= 0 && v < 1) ? 1 : 0);
    }
    expect(Array.from(g.contains(Float64Array.from(pts)))).toEqual(expected);
  });

  it('interior and boundary sampling with per-part configs; Monte Carlo volume matches the mesh volume', () => {
    const mesh = sphereMesh('ball', [0, 0, 0], 1, 24, 48), g = new MeshGeometry(mesh);
    const config = parseSamplingConfig({ domain: { size: 2000, sampler: 'sobol' }, BC: { size: 500, sampler: 'halton', withNormal: true } });
    const dom = sampleGeometry(g, config, 'domain');
    expect(dom.count).toBe(2000);
    expect(g.contains(dom.points).every((v) => v === 1)).toBe(true);
    const bc = sampleGeometry(g, config, 'BC');
    for (let i = 0; i < bc.count; i++) {
      const p = bc.points.subarray(3 * i, 3 * i + 3), n = bc.normals!.subarray(3 * i, 3 * i + 3);
      const r = Math.hypot(p[0]!, p[1]!, p[2]!);
      expect(r).toBeLessThanOrEqual(1 + 1e-12);
      expect(r).toBeGreaterThan(0.98); // chordal distance of a 24x48 UV sphere
      expect((p[0]! * n[0]! + p[1]! * n[1]! + p[2]! * n[2]!) / r).toBeGreaterThan(0.97); // outward
    }
    const u = sobol(1 << 14, 3, 1).map((v) => 2 * v - 1);
    const vol = (g.contains(u).reduce((s, v) => s + v, 0) / (1 << 14)) * 8;
    expect(Math.abs(vol - meshVolume(mesh)) / meshVolume(mesh)).toBeLessThan(0.01);
  });

  it('signed distance: exact for a box, within the chordal error for a sphere, and zero on sampled boundary points', () => {
    const box = new MeshGeometry(boxMesh('b', [0, 0, 0], [1, 2, 3], 2)), ref = new Cuboid('ref', [0, 0, 0], [1, 2, 3]);
    const u = sobol(500, 3, 1).map((v, i) => -1 + [3, 4, 5][i % 3]! * v);
    const a = box.signedDistance(u), b = ref.signedDistance(u);
    for (let i = 0; i < 500; i++) expect(a[i]).toBeCloseTo(b[i]!, 12);
    const ball = new MeshGeometry(sphereMesh('s', [0, 0, 0], 1, 48, 96)), exact = new Sphere('s', [0, 0, 0], 1);
    const v = sobol(300, 3, 1).map((w) => 3 * w - 1.5);
    const da = ball.signedDistance(v), db = exact.signedDistance(v);
    for (let i = 0; i < 300; i++) expect(Math.abs(da[i]! - db[i]!)).toBeLessThan(2.2e-3); // 1 - cos(π/48)
    const bc = ball.sampleBoundary(100, { seed: 3 });
    for (const d of ball.signedDistance(bc.points)) expect(Math.abs(d)).toBeLessThan(1e-12);
  });

  it('surface point clouds: exact total, counts proportional to area, rows (x, y, z, n, id)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 3 }), (total, k) => {
      const ms = meshes.slice(0, k);
      const cloud = surfacePointCloud(ms, { total }, { seed: total });
      if (cloud.shape[0] !== total || cloud.counts.reduce((s, c) => s + c, 0) !== total) return false;
      const areas = ms.map(meshArea), sum = areas.reduce((s, a) => s + a, 0);
      return cloud.counts.every((c, i) => Math.abs(c - (total * areas[i]!) / sum) < 1);
    }), { numRuns: 60 });
    const cloud = surfacePointCloud(meshes, { perSolid: 50 }, { dtype: 'float64' });
    expect(cloud.counts).toEqual([50, 50, 50]);
    for (let r = 0; r < 150; r++) {
      expect(Math.hypot(cloud.data[7 * r + 3]!, cloud.data[7 * r + 4]!, cloud.data[7 * r + 5]!)).toBeCloseTo(1, 12);
      expect(cloud.data[7 * r + 6]).toBe(1 + Math.floor(r / 50));
    }
  });

  it('composes with CSG primitives', () => {
    const g = difference(new MeshGeometry(boxMesh('b', [-1, -1, -1], [1, 1, 1])), new Sphere('hole', [0, 0, 0], 0.5));
    const p = g.sampleInterior(500, { sampler: 'lhs', seed: 2 });
    for (let i = 0; i < 500; i++) expect(Math.hypot(p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!)).toBeGreaterThan(0.5);
    const b = g.sampleBoundary(400, { seed: 1 });
    let onHole = 0;
    for (let i = 0; i < 400; i++) {
      const r = Math.hypot(b.points[3 * i]!, b.points[3 * i + 1]!, b.points[3 * i + 2]!);
      if (Math.abs(r - 0.5) < 1e-12) { onHole++; expect((b.points[3 * i]! * b.normals[3 * i]! + b.points[3 * i + 1]! * b.normals[3 * i + 1]! + b.points[3 * i + 2]! * b.normals[3 * i + 2]!) / r).toBeCloseTo(-1, 12); }
    }
    // hole area share: 4π·0.25 / (24 + π) ≈ 0.116
    expect(onHole / 400).toBeGreaterThan(0.07);
    expect(onHole / 400).toBeLessThan(0.17);
  });
});
