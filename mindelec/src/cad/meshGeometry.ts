/**
 * A closed triangle mesh as a `Geometry` (3-D), so CAD solids can be sampled like primitives for
 * PINNs: interior points by rejection from the bounding box, boundary points uniformly by area with
 * the triangle's outward normal, with any sampler (uniform, LHS, Halton, Sobol) and per-part configs.
 *
 * `contains` casts one vertical ray per point with the same perturbation rule as the voxelizer
 * (columns.ts), so a point is inside here exactly when the voxelizer would mark its cell; triangles are
 * binned on an xy grid (about 4 triangles per bin) so a query touches a few triangles, not all.
 * Lengths in the mesh unit (mm for CAD imports). No signed distance (not defined here).
 */
import type { Box, BoundarySamples, Geometry, SampleOptions } from '../geometry/geometry.ts';
import { checkPoints, checkSampleCount, parameterSamples, rejectionInterior } from '../geometry/geometry.ts';
import { meshBounds, meshArea, type TriangleMesh } from './mesh.ts';
import { orientSign } from './predicates.ts';

export class MeshGeometry implements Geometry {
  readonly dim = 3;
  readonly bbox: Box;
  readonly boundaryMeasure: number;
  readonly name: string;
  private readonly nb: [number, number];
  private readonly binStart: Int32Array;
  private readonly binTris: Int32Array;
  private readonly cumArea: Float64Array;

  constructor(readonly mesh: TriangleMesh, name = mesh.name) {
    this.name = name;
    const nt = mesh.triangles.length / 3;
    if (nt === 0) throw new Error(`MeshGeometry '${name}': mesh has no triangles`);
    const { min, max } = meshBounds([mesh]);
    this.bbox = { min, max };
    this.boundaryMeasure = meshArea(mesh);
    const side = Math.max(1, Math.round(Math.sqrt(nt / 4)));
    this.nb = [side, side];
    const p = mesh.positions, t = mesh.triangles;
    const range = (tri: number, a: number): [number, number] => {
      let lo = Infinity, hi = -Infinity;
      for (let e = 0; e < 3; e++) { const v = p[3 * t[3 * tri + e]! + a]!; lo = Math.min(lo, v); hi = Math.max(hi, v); }
      return [this.bin(lo, a), this.bin(hi, a)];
    };
    const counts = new Int32Array(side * side + 1);
    for (let tri = 0; tri < nt; tri++) {
      const [i0, i1] = range(tri, 0), [j0, j1] = range(tri, 1);
      for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) counts[i * side + j + 1]!++;
    }
    for (let b = 0; b < side * side; b++) counts[b + 1]! += counts[b]!;
    this.binStart = counts.slice();
    this.binTris = new Int32Array(counts[side * side]!);
    const fill = counts.slice(0, side * side);
    for (let tri = 0; tri < nt; tri++) {
      const [i0, i1] = range(tri, 0), [j0, j1] = range(tri, 1);
      for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) this.binTris[fill[i * side + j]!++] = tri;
    }
    this.cumArea = new Float64Array(nt);
    let acc = 0;
    for (let tri = 0; tri < nt; tri++) { acc += triangleNormal(p, t, tri, null); this.cumArea[tri] = acc; }
  }

  private bin(v: number, axis: number): number {
    const lo = this.bbox.min[axis]!, hi = this.bbox.max[axis]!, n = this.nb[axis]!;
    if (!(hi > lo)) return 0;
    return Math.min(n - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * n)));
  }

  contains(points: Float64Array): Uint8Array {
    const n = checkPoints(`${this.name}.contains`, points, 3);
    const out = new Uint8Array(n), p = this.mesh.positions, t = this.mesh.triangles;
    const { min, max } = this.bbox;
    for (let q = 0; q < n; q++) {
      const x = points[3 * q]!, y = points[3 * q + 1]!, z = points[3 * q + 2]!;
      if (x < min[0]! || x > max[0]! || y < min[1]! || y > max[1]! || z < min[2]! || z > max[2]!) continue;
      const b = this.bin(x, 0) * this.nb[1] + this.bin(y, 1);
      let below = 0;
      for (let k = this.binStart[b]!; k < this.binStart[b + 1]!; k++) {
        const zc = columnHit(p, t, this.binTris[k]!, x, y);
        if (zc <= z) below++; // NaN (no hit) compares false
      }
      out[q] = below & 1;
    }
    return out;
  }

  sampleInterior(count: number, options?: SampleOptions): Float64Array {
    return rejectionInterior(this, count, options);
  }

  sampleBoundary(count: number, options?: SampleOptions): BoundarySamples {
    checkSampleCount(`${this.name}.sampleBoundary`, count);
    const u = parameterSamples(count, 3, options), m = u.length / 3;
    const p = this.mesh.positions, t = this.mesh.triangles, nt = t.length / 3, total = this.cumArea[nt - 1]!;
    const points = new Float64Array(3 * m), normals = new Float64Array(3 * m), nrm = new Float64Array(3);
    for (let s = 0; s < m; s++) {
      const target = u[3 * s]! * total;
      let lo = 0, hi = nt - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (this.cumArea[mid]! > target) hi = mid; else lo = mid + 1; }
      triangleNormal(p, t, lo, nrm);
      const r = Math.sqrt(u[3 * s + 1]!), w = u[3 * s + 2]!, wa = 1 - r, wb = r * (1 - w), wc = r * w;
      const a = 3 * t[3 * lo]!, b = 3 * t[3 * lo + 1]!, c = 3 * t[3 * lo + 2]!;
      for (let k = 0; k < 3; k++) {
        points[3 * s + k] = wa * p[a + k]! + wb * p[b + k]! + wc * p[c + k]!;
        normals[3 * s + k] = nrm[k]!;
      }
    }
    return { points, normals };
  }
}

/** Area of triangle `tri`; writes its unit normal into `out` when given. */
function triangleNormal(p: Float64Array, t: Uint32Array, tri: number, out: Float64Array | null): number {
  const a = 3 * t[3 * tri]!, b = 3 * t[3 * tri + 1]!, c = 3 * t[3 * tri + 2]!;
  const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
  const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
  const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx, len = Math.hypot(nx, ny, nz);
  if (out && len > 0) { out[0] = nx / len; out[1] = ny / len; out[2] = nz / len; }
  return len / 2;
}

/**
 * Height where the vertical line through (px, py), moved by (ε, εη), crosses triangle `tri`, or NaN.
 * Same canonical edge evaluation and tie-break as columnCrossings (columns.ts).
 */
export function columnHit(p: Float64Array, t: Uint32Array, tri: number, px: number, py: number): number {
  let s0 = 0, s1 = 0, s2 = 0, w0 = 0, w1 = 0, w2 = 0, minz = Infinity, maxz = -Infinity;
  for (let e = 0; e < 3; e++) {
    const a = 3 * t[3 * tri + e]!, b = 3 * t[3 * tri + ((e + 1) % 3)]!;
    let ux = p[a]!, uy = p[a + 1]!, vx = p[b]!, vy = p[b + 1]!, fl = 1;
    if (!(ux < vx || (ux === vx && uy < vy))) { ux = p[b]!; uy = p[b + 1]!; vx = p[a]!; vy = p[a + 1]!; fl = -1; }
    const dx = vx - ux, dy = vy - uy;
    if (dx === 0 && dy === 0) return NaN;
    const w = (dx * (py - uy) - dy * (px - ux)) * fl;
    let v = orientSign(ux, uy, vx, vy, px, py);
    if (v === 0) v = dy !== 0 ? -dy : dx;
    const s = v * fl > 0 ? 1 : -1;
    if (e === 0) { s0 = s; w0 = w; } else if (e === 1) { s1 = s; w1 = w; } else { s2 = s; w2 = w; }
    const z = p[a + 2]!;
    if (z < minz) minz = z; if (z > maxz) maxz = z;
  }
  if (s0 !== s1 || s1 !== s2) return NaN;
  const sum = w0 + w1 + w2, za = p[3 * t[3 * tri]! + 2]!, zb = p[3 * t[3 * tri + 1]! + 2]!, zc = p[3 * t[3 * tri + 2]! + 2]!;
  const z = sum !== 0 ? (w1 * za + w2 * zb + w0 * zc) / sum : minz;
  return z < minz ? minz : z > maxz ? maxz : z;
}
