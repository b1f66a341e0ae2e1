/**
 * Triangle meshes of solids: the float64 form the voxelizer reads, conversion to three.js
 * BufferGeometry, vertex welding, enclosed volume, watertightness, and surface point clouds.
 *
 * Shapes: `positions` [nVertices, 3] float64 in the model length unit (mm unless stated), `triangles`
 * [nTriangles, 3] vertex indices, counter-clockwise seen from outside (outward normals).
 * `faceGroups` are the CAD (B-rep) faces as triangle ranges, kept from occt-import-js.
 * Volume uses the divergence theorem, V = (1/6) Σ a·(b×c), exact for the closed polyhedron.
 */
import { BufferGeometry, BufferAttribute } from 'three';
import { createRng } from '../geometry/random.ts';

export interface FaceGroup {
  /** First triangle of the face. */
  start: number;
  /** Number of triangles. */
  count: number;
  /** RGB in 0..1, when the CAD face carries a colour. */
  color?: readonly [number, number, number];
}

export interface TriangleMesh {
  name: string;
  positions: Float64Array;
  triangles: Uint32Array;
  faceGroups: FaceGroup[];
  color?: readonly [number, number, number];
}

/** Number of triangles in the mesh (triangles.length / 3). */
export function triangleCount(mesh: TriangleMesh): number {
  return mesh.triangles.length / 3;
}

/** Checks indices and coordinates; throws naming the solid and the first bad entry. */
export function validateMesh(mesh: TriangleMesh): void {
  const nv = mesh.positions.length / 3;
  if (!Number.isInteger(nv)) throw new Error(`mesh '${mesh.name}': positions length ${mesh.positions.length} is not a multiple of 3`);
  if (mesh.triangles.length % 3 !== 0) throw new Error(`mesh '${mesh.name}': triangle index length ${mesh.triangles.length} is not a multiple of 3`);
  for (let i = 0; i < mesh.positions.length; i++) {
    if (!Number.isFinite(mesh.positions[i]!)) throw new Error(`mesh '${mesh.name}': vertex ${Math.floor(i / 3)} has non-finite coordinate ${mesh.positions[i]}`);
  }
  for (let i = 0; i < mesh.triangles.length; i++) {
    if (mesh.triangles[i]! >= nv) throw new Error(`mesh '${mesh.name}': triangle ${Math.floor(i / 3)} references vertex ${mesh.triangles[i]}, only ${nv} exist`);
  }
}

/**
 * Axis-aligned bounds {min, max} (mesh length unit, mm for CAD) over the vertices used by the meshes' triangles;
 * ±Infinity when there are none.
 */
export function meshBounds(meshes: readonly TriangleMesh[]): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity], max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const m of meshes) {
    for (let t = 0; t < m.triangles.length; t++) {
      const v = m.triangles[t]!;
      for (let a = 0; a < 3; a++) {
        const x = m.positions[3 * v + a]!;
        if (x < min[a]!) min[a] = x;
        if (x > max[a]!) max[a] = x;
      }
    }
  }
  return { min, max };
}

/** Signed enclosed volume (positive for outward-oriented closed meshes), in unit³. */
export function meshVolume(mesh: TriangleMesh): number {
  const p = mesh.positions, t = mesh.triangles;
  // Translate to the first vertex to limit cancellation.
  const ox = p[0] ?? 0, oy = p[1] ?? 0, oz = p[2] ?? 0;
  let v = 0;
  for (let i = 0; i < t.length; i += 3) {
    const a = 3 * t[i]!, b = 3 * t[i + 1]!, c = 3 * t[i + 2]!;
    const ax = p[a]! - ox, ay = p[a + 1]! - oy, az = p[a + 2]! - oz;
    const bx = p[b]! - ox, by = p[b + 1]! - oy, bz = p[b + 2]! - oz;
    const cx = p[c]! - ox, cy = p[c + 1]! - oy, cz = p[c + 2]! - oz;
    v += ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
  }
  return v / 6;
}

/** Total surface area of the mesh: sum of triangle areas, in the mesh unit squared (mm² for CAD). */
export function meshArea(mesh: TriangleMesh): number {
  const p = mesh.positions, t = mesh.triangles;
  let s = 0;
  for (let i = 0; i < t.length; i += 3) s += triangleArea(p, t[i]!, t[i + 1]!, t[i + 2]!);
  return s;
}

function triangleArea(p: Float64Array, a: number, b: number, c: number): number {
  const ux = p[3 * b]! - p[3 * a]!, uy = p[3 * b + 1]! - p[3 * a + 1]!, uz = p[3 * b + 2]! - p[3 * a + 2]!;
  const vx = p[3 * c]! - p[3 * a]!, vy = p[3 * c + 1]! - p[3 * a + 1]!, vz = p[3 * c + 2]! - p[3 * a + 2]!;
  return 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
}

/**
 * Merges vertices closer than `tolerance` (max-norm; default 1e-9 × bounding-box diagonal) so faces
 * triangulated separately share edges; positions of merged vertices become bit-identical.
 * A spatial hash on cells of size `tolerance` (typed arrays, chained buckets) finds candidates in the
 * 27 neighbouring cells, so the cost is linear in the vertex count.
 */
export function weldVertices(mesh: TriangleMesh, tolerance?: number): TriangleMesh {
  const p = mesh.positions, nv = p.length / 3;
  const { min, max } = meshBounds([mesh]);
  const diag = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  const tol = tolerance ?? 1e-9 * diag;
  let size = 16;
  while (size < 2 * nv) size *= 2;
  const head = new Int32Array(size).fill(-1), next = new Int32Array(nv).fill(-1);
  const q = new Float64Array(3 * nv); // quantized cell of each kept vertex
  const keptSrc = new Int32Array(nv), remap = new Uint32Array(nv);
  let kept = 0;
  const bucket = (x: number, y: number, z: number): number => {
    let h = Math.imul(low32(x), 0x9e3779b1) ^ Math.imul(low32(y), 0x85ebca77) ^ Math.imul(low32(z), 0xc2b2ae3d);
    h ^= h >>> 15;
    return h & (size - 1);
  };
  for (let v = 0; v < nv; v++) {
    const x = p[3 * v]!, y = p[3 * v + 1]!, z = p[3 * v + 2]!;
    const qx = Math.floor(x / tol), qy = Math.floor(y / tol), qz = Math.floor(z / tol);
    let found = -1;
    search: for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) {
      for (let w = head[bucket(qx + dx, qy + dy, qz + dz)]!; w >= 0; w = next[w]!) {
        if (q[3 * w] !== qx + dx || q[3 * w + 1] !== qy + dy || q[3 * w + 2] !== qz + dz) continue;
        const k = keptSrc[w]!;
        if (Math.abs(p[3 * k]! - x) <= tol && Math.abs(p[3 * k + 1]! - y) <= tol && Math.abs(p[3 * k + 2]! - z) <= tol) { found = w; break search; }
      }
    }
    if (found < 0) {
      found = kept++;
      keptSrc[found] = v;
      q[3 * found] = qx; q[3 * found + 1] = qy; q[3 * found + 2] = qz;
      const b = bucket(qx, qy, qz);
      next[found] = head[b]!;
      head[b] = found;
    }
    remap[v] = found;
  }
  const positions = new Float64Array(kept * 3);
  for (let i = 0; i < kept; i++) { const v = keptSrc[i]!; positions[3 * i] = p[3 * v]!; positions[3 * i + 1] = p[3 * v + 1]!; positions[3 * i + 2] = p[3 * v + 2]!; }
  const triangles = new Uint32Array(mesh.triangles.length);
  for (let i = 0; i < triangles.length; i++) triangles[i] = remap[mesh.triangles[i]!]!;
  return { ...mesh, positions, triangles };
}

/** Low 32 bits of an integer-valued double (works beyond 2^31). */
function low32(x: number): number {
  return (x - Math.floor(x / 4294967296) * 4294967296) | 0;
}

export interface WatertightReport {
  solid: string;
  watertight: boolean;
  /** Edges used by one triangle only (holes). */
  boundaryEdges: number;
  /** Edges used by more than two triangles. */
  nonManifoldEdges: number;
  /** Edges whose two triangles traverse them in the same direction (flipped orientation). */
  inconsistentEdges: number;
  /** Triangles with two equal (welded) vertices, ignored in the edge count. */
  degenerateTriangles: number;
}

/** Edge-use census of the welded mesh: closed and consistently oriented iff every edge is used once each way. */
export function checkWatertight(mesh: TriangleMesh, tolerance?: number): WatertightReport {
  const w = weldVertices(mesh, tolerance), t = w.triangles, nv = w.positions.length / 3;
  // Each directed edge as 2·(min·nv + max) + forward (exact below 2^53, i.e. up to ~6.7e7 vertices);
  // a native numeric sort groups the uses of each edge.
  const keys = new Float64Array(t.length);
  let m = 0, degenerate = 0;
  for (let i = 0; i < t.length; i += 3) {
    const a = t[i]!, b = t[i + 1]!, c = t[i + 2]!;
    if (a === b || b === c || a === c) { degenerate++; continue; }
    for (let e = 0; e < 3; e++) {
      const u = e === 0 ? a : e === 1 ? b : c, v = e === 0 ? b : e === 1 ? c : a;
      keys[m++] = 2 * (Math.min(u, v) * nv + Math.max(u, v)) + (u < v ? 1 : 0);
    }
  }
  const sorted = keys.subarray(0, m).sort();
  let boundary = 0, nonManifold = 0, inconsistent = 0;
  for (let i = 0; i < m;) {
    const edge = Math.floor(sorted[i]! / 2);
    let j = i, f = 0;
    while (j < m && Math.floor(sorted[j]! / 2) === edge) f += sorted[j++]! % 2;
    const uses = j - i;
    if (uses === 1) boundary++;
    else if (uses > 2) nonManifold++;
    else if (f !== 1) inconsistent++;
    i = j;
  }
  return { solid: mesh.name, watertight: boundary === 0 && nonManifold === 0 && inconsistent === 0, boundaryEdges: boundary, nonManifoldEdges: nonManifold, inconsistentEdges: inconsistent, degenerateTriangles: degenerate };
}

/**
 * One-line human description of a WatertightReport: "solid 'x' is watertight", or the counts of open, non-manifold
 * and flipped edges.
 */
export function describeWatertight(r: WatertightReport): string {
  if (r.watertight) return `solid '${r.solid}' is watertight`;
  const parts: string[] = [];
  if (r.boundaryEdges) parts.push(`${r.boundaryEdges} open (boundary) edges`);
  if (r.nonManifoldEdges) parts.push(`${r.nonManifoldEdges} non-manifold edges`);
  if (r.inconsistentEdges) parts.push(`${r.inconsistentEdges} edges with flipped triangle orientation`);
  return `solid '${r.solid}' is not watertight: ${parts.join(', ')}`;
}

/** three.js geometry (float32 positions, uint32 index, one group per CAD face) with name/colour in userData. */
export function toBufferGeometry(mesh: TriangleMesh): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(Float32Array.from(mesh.positions), 3));
  g.setIndex(new BufferAttribute(Uint32Array.from(mesh.triangles), 1));
  mesh.faceGroups.forEach((f, i) => g.addGroup(3 * f.start, 3 * f.count, i));
  g.name = mesh.name;
  g.userData = { name: mesh.name, color: mesh.color, faceColors: mesh.faceGroups.map((f) => f.color ?? null) };
  g.computeVertexNormals();
  return g;
}

/** A float64 mesh from an indexed or non-indexed three.js geometry. */
export function fromBufferGeometry(g: BufferGeometry, name = g.name || 'mesh'): TriangleMesh {
  const pos = g.getAttribute('position');
  if (!pos || pos.itemSize !== 3) throw new Error(`mesh '${name}': BufferGeometry has no 3-component position attribute`);
  const positions = Float64Array.from(pos.array as ArrayLike<number>);
  const idx = g.getIndex();
  const triangles = idx ? Uint32Array.from(idx.array as ArrayLike<number>) : Uint32Array.from({ length: pos.count }, (_, i) => i);
  const faceGroups = g.groups.length ? g.groups.map((gr) => ({ start: gr.start / 3, count: gr.count / 3 })) : [{ start: 0, count: triangles.length / 3 }];
  const mesh = { name, positions, triangles, faceGroups };
  validateMesh(mesh);
  return mesh;
}

export interface SurfaceSamples {
  /** [n, 3] points on the surface. */
  points: Float64Array;
  /** [n, 3] unit outward normals (of the triangle each point lies on). */
  normals: Float64Array;
  /** [n] index of the CAD face group of each point. */
  faces: Int32Array;
}

/** `count` points uniformly by area over the mesh surface, seeded. */
export function sampleSurface(mesh: TriangleMesh, count: number, seed = 0): SurfaceSamples {
  if (!Number.isInteger(count) || count < 0) throw new Error(`sampleSurface: count must be a non-negative integer, got ${count}`);
  const p = mesh.positions, t = mesh.triangles, nt = t.length / 3;
  const cum = new Float64Array(nt);
  let total = 0;
  for (let i = 0; i < nt; i++) { total += triangleArea(p, t[3 * i]!, t[3 * i + 1]!, t[3 * i + 2]!); cum[i] = total; }
  if (count > 0 && !(total > 0)) throw new Error(`sampleSurface: mesh '${mesh.name}' has zero surface area`);
  const faceOf = new Int32Array(nt);
  mesh.faceGroups.forEach((f, g) => faceOf.fill(g, f.start, f.start + f.count));
  const rng = createRng(seed);
  const points = new Float64Array(3 * count), normals = new Float64Array(3 * count), faces = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    const target = rng.next() * total;
    let lo = 0, hi = nt - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid]! > target) hi = mid; else lo = mid + 1; }
    const a = 3 * t[3 * lo]!, b = 3 * t[3 * lo + 1]!, c = 3 * t[3 * lo + 2]!;
    const r = Math.sqrt(rng.next()), q = rng.next(), wa = 1 - r, wb = r * (1 - q), wc = r * q;
    const ux = p[b]! - p[a]!, uy = p[b + 1]! - p[a + 1]!, uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!, vy = p[c + 1]! - p[a + 1]!, vz = p[c + 2]! - p[a + 2]!;
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx, len = Math.hypot(nx, ny, nz);
    for (let k = 0; k < 3; k++) points[3 * s + k] = wa * p[a + k]! + wb * p[b + k]! + wc * p[c + k]!;
    normals[3 * s] = nx / len; normals[3 * s + 1] = ny / len; normals[3 * s + 2] = nz / len;
    faces[s] = faceOf[lo]!;
  }
  return { points, normals, faces };
}

/** Scales positions in place by `factor` (unit conversion) and returns the mesh. */
export function scaleMesh(mesh: TriangleMesh, factor: number): TriangleMesh {
  if (factor !== 1) for (let i = 0; i < mesh.positions.length; i++) mesh.positions[i]! *= factor;
  return mesh;
}
