/**
 * A closed triangle mesh as a `Geometry` (3-D), so CAD solids can be sampled like primitives for
 * PINNs: interior points by rejection from the bounding box, boundary points uniformly by area with
 * the triangle's outward normal, with any sampler (uniform, LHS, Halton, Sobol) and per-part configs.
 *
 * `contains` casts one vertical ray per point with the same perturbation rule as the voxelizer
 * (columns.ts), so a point is inside here exactly when the voxelizer would mark its cell; triangles are
 * binned on an xy grid (about 4 triangles per bin) so a query touches a few triangles, not all.
 * `signedDistance` is the exact distance to the nearest triangle (closest point on a triangle after
 * Ericson, Real-Time Collision Detection §5.1.5), negative inside; it scans triangles with a bounding-box
 * lower bound, O(points × triangles) in the worst case. Lengths in the mesh unit (mm for CAD imports).
 */
import type { Box, BoundarySamples, Geometry, SampleOptions } from '../geometry/geometry.ts';
import { checkPoints, checkSampleCount, parameterSamples, rejectionInterior } from '../geometry/geometry.ts';
import { meshBounds, meshArea, type TriangleMesh } from './mesh.ts';
import { orientSign } from './predicates.ts';

/**
 * A closed triangle mesh as a 3-D Geometry for PINN sampling, in the mesh unit (mm for CAD).
 * contains(points [n, dim]) -> Uint8Array [n] (closed), signedDistance -> [n] (negative inside),
 * sampleInterior(count, options) -> [count, dim], sampleBoundary(count, options) -> {points, normals} [count, dim]
 * (unit outward normals); options choose the sampler (uniform default, lhs, halton, sobol, grid) and seed.
 * Inside tests use the voxelizer's vertical-ray rule; interior samples by rejection from the bounding box; boundary
 * samples uniform by area with the triangle's outward normal; signedDistance is exact.
 * @throws Error when the mesh has no triangles.
 */
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

  signedDistance(points: Float64Array): Float64Array {
    const n = checkPoints(`${this.name}.signedDistance`, points, 3);
    const p = this.mesh.positions, t = this.mesh.triangles, nt = t.length / 3;
    if (!this.triBox) {
      this.triBox = new Float64Array(6 * nt);
      for (let tri = 0; tri < nt; tri++) for (let a = 0; a < 3; a++) {
        let lo = Infinity, hi = -Infinity;
        for (let e = 0; e < 3; e++) { const v = p[3 * t[3 * tri + e]! + a]!; if (v < lo) lo = v; if (v > hi) hi = v; }
        this.triBox[6 * tri + a] = lo; this.triBox[6 * tri + 3 + a] = hi;
      }
    }
    const box = this.triBox, inside = this.contains(points), out = new Float64Array(n);
    for (let q = 0; q < n; q++) {
      const x = points[3 * q]!, y = points[3 * q + 1]!, z = points[3 * q + 2]!;
      let best = Infinity;
      for (let tri = 0; tri < nt; tri++) {
        const dx = Math.max(box[6 * tri]! - x, 0, x - box[6 * tri + 3]!), dy = Math.max(box[6 * tri + 1]! - y, 0, y - box[6 * tri + 4]!), dz = Math.max(box[6 * tri + 2]! - z, 0, z - box[6 * tri + 5]!);
        if (dx * dx + dy * dy + dz * dz >= best) continue;
        const d2 = pointTriangleDistance2(p, 3 * t[3 * tri]!, 3 * t[3 * tri + 1]!, 3 * t[3 * tri + 2]!, x, y, z);
        if (d2 < best) best = d2;
      }
      out[q] = inside[q] ? -Math.sqrt(best) : Math.sqrt(best);
    }
    return out;
  }

  private triBox?: Float64Array;

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

/** Squared distance from (x, y, z) to the triangle with vertex offsets a, b, c (Ericson §5.1.5). */
function pointTriangleDistance2(p: Float64Array, a: number, b: number, c: number, x: number, y: number, z: number): number {
  const ax = p[a]!, ay = p[a + 1]!, az = p[a + 2]!;
  const abx = p[b]! - ax, aby = p[b + 1]! - ay, abz = p[b + 2]! - az;
  const acx = p[c]! - ax, acy = p[c + 1]! - ay, acz = p[c + 2]! - az;
  const apx = x - ax, apy = y - ay, apz = z - az;
  const d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
  let u: number, v: number; // closest point = a + u·ab + v·ac
  if (d1 <= 0 && d2 <= 0) { u = 0; v = 0; } else {
    const bpx = x - p[b]!, bpy = y - p[b + 1]!, bpz = z - p[b + 2]!;
    const d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
    const cpx = x - p[c]!, cpy = y - p[c + 1]!, cpz = z - p[c + 2]!;
    const d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
    const vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
    if (d3 >= 0 && d4 <= d3) { u = 1; v = 0; }
    else if (vc <= 0 && d1 >= 0 && d3 <= 0) { u = d1 / (d1 - d3); v = 0; }
    else if (d6 >= 0 && d5 <= d6) { u = 0; v = 1; }
    else if (vb <= 0 && d2 >= 0 && d6 <= 0) { u = 0; v = d2 / (d2 - d6); }
    else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) { const w = (d4 - d3) / (d4 - d3 + (d5 - d6)); u = 1 - w; v = w; }
    else { const den = 1 / (va + vb + vc); u = vb * den; v = vc * den; }
  }
  const ex = apx - u * abx - v * acx, ey = apy - u * aby - v * acy, ez = apz - u * abz - v * acz;
  return ex * ex + ey * ey + ez * ez;
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
