/**
 * Surface point clouds of several solids for data sets and boundary losses: `total` points spread over
 * all solids in proportion to surface area (or `perSolid` each), uniformly by area within a solid,
 * seeded. Output rows are (x, y, z, nx, ny, nz, solid id) — positions in mm, unit outward normals,
 * id s + 1 for solid s as in the voxel grid — as a flat [n, 7] array.
 */
import { meshArea, sampleSurface, type TriangleMesh } from './mesh.ts';

export interface PointCloud {
  data: Float32Array | Float64Array;
  shape: [number, 7];
  /** Points per solid. */
  counts: number[];
}

/**
 * Seeded surface point cloud of several solids: `total` points spread over the solids in proportion to area (largest-
 * remainder rounding) or `perSolid` points each, uniform by area within a solid.
 * @returns data as a flat [n, 7] array of rows (x, y, z in the mesh unit, unit outward normal nx, ny, nz, solid id s + 1),
 *   float32 by default; counts per solid.
 * @throws Error on a negative or non-integer count, or solids with zero total area.
 */
export function surfacePointCloud(
  meshes: readonly TriangleMesh[],
  size: { total: number } | { perSolid: number },
  options: { seed?: number; dtype?: 'float32' | 'float64' } = {},
): PointCloud {
  const n = 'total' in size ? size.total : size.perSolid;
  if (!Number.isInteger(n) || n < 0) throw new Error(`surfacePointCloud: point count must be a non-negative integer, got ${n}`);
  let counts: number[];
  if ('perSolid' in size) counts = meshes.map(() => n);
  else {
    const areas = meshes.map(meshArea), total = areas.reduce((s, a) => s + a, 0);
    if (!(total > 0)) throw new Error('surfacePointCloud: the solids have no surface area');
    // largest-remainder rounding so the counts add up to the total exactly
    const exact = areas.map((a) => (n * a) / total);
    counts = exact.map(Math.floor);
    const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
    const deficit = n - counts.reduce((s, c) => s + c, 0);
    for (let k = 0; k < deficit; k++) counts[order[k]![1]]!++;
  }
  const rows = counts.reduce((s, c) => s + c, 0);
  const data = options.dtype === 'float64' ? new Float64Array(rows * 7) : new Float32Array(rows * 7);
  let r = 0;
  meshes.forEach((m, s) => {
    const cloud = sampleSurface(m, counts[s]!, (options.seed ?? 0) + 7919 * s);
    for (let i = 0; i < counts[s]!; i++, r++) {
      for (let a = 0; a < 3; a++) { data[7 * r + a] = cloud.points[3 * i + a]!; data[7 * r + 3 + a] = cloud.normals[3 * i + a]!; }
      data[7 * r + 6] = s + 1;
    }
  });
  return { data, shape: [rows, 7], counts };
}
