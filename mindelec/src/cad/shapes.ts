/**
 * Closed, outward-oriented triangle meshes of simple solids (mm), for tests, benchmarks and examples:
 * a box subdivided n per edge, a UV sphere, a capped cylinder along z, and mesh translation/merge.
 * Enclosed volumes are exact polyhedral volumes (meshVolume), which approach the smooth solid's as the
 * tessellation is refined.
 */
import type { TriangleMesh } from './mesh.ts';

/** Axis-aligned box [min, max] with each face split into n×n quads (2n² triangles per face). */
export function boxMesh(name: string, min: readonly [number, number, number], max: readonly [number, number, number], n = 1): TriangleMesh {
  const pos: number[] = [], tri: number[] = [], groups: { start: number; count: number }[] = [];
  const vert = new Map<string, number>();
  const at = (x: number, y: number, z: number) => {
    const key = `${x},${y},${z}`;
    let v = vert.get(key);
    if (v === undefined) { v = pos.length / 3; vert.set(key, v); pos.push(x, y, z); }
    return v;
  };
  const lerp = (a: number, i: number) => (i === n ? max[a]! : min[a]! + ((max[a]! - min[a]!) * i) / n);
  for (let axis = 0; axis < 3; axis++) for (const side of [0, 1]) {
    const u = (axis + 1) % 3, w = (axis + 2) % 3, start = tri.length / 3;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      const corner = (da: number, db: number) => {
        const c = [0, 0, 0];
        c[axis] = side ? max[axis]! : min[axis]!;
        c[u] = lerp(u, a + da); c[w] = lerp(w, b + db);
        return at(c[0]!, c[1]!, c[2]!);
      };
      const p00 = corner(0, 0), p10 = corner(1, 0), p11 = corner(1, 1), p01 = corner(0, 1);
      // (u, w, axis) is right-handed, so u→w winding faces +axis
      if (side) tri.push(p00, p10, p11, p00, p11, p01); else tri.push(p00, p11, p10, p00, p01, p11);
    }
    groups.push({ start, count: tri.length / 3 - start });
  }
  return { name, positions: Float64Array.from(pos), triangles: Uint32Array.from(tri), faceGroups: groups };
}

/** UV sphere with `rings` latitude bands and `segments` longitudes. */
export function sphereMesh(name: string, centre: readonly [number, number, number], radius: number, rings = 16, segments = 32): TriangleMesh {
  const pos: number[] = [centre[0], centre[1], centre[2] + radius], tri: number[] = [];
  for (let r = 1; r < rings; r++) {
    const th = (Math.PI * r) / rings;
    for (let s = 0; s < segments; s++) {
      const ph = (2 * Math.PI * s) / segments;
      pos.push(centre[0] + radius * Math.sin(th) * Math.cos(ph), centre[1] + radius * Math.sin(th) * Math.sin(ph), centre[2] + radius * Math.cos(th));
    }
  }
  const south = pos.length / 3;
  pos.push(centre[0], centre[1], centre[2] - radius);
  const ring = (r: number, s: number) => 1 + (r - 1) * segments + (s % segments);
  for (let s = 0; s < segments; s++) tri.push(0, ring(1, s), ring(1, s + 1));
  for (let r = 1; r < rings - 1; r++) for (let s = 0; s < segments; s++) {
    tri.push(ring(r, s), ring(r + 1, s), ring(r + 1, s + 1), ring(r, s), ring(r + 1, s + 1), ring(r, s + 1));
  }
  for (let s = 0; s < segments; s++) tri.push(south, ring(rings - 1, s + 1), ring(rings - 1, s));
  return { name, positions: Float64Array.from(pos), triangles: Uint32Array.from(tri), faceGroups: [{ start: 0, count: tri.length / 3 }] };
}

/** Cylinder along +z from `base`, with `segments` sides; groups: side, bottom cap, top cap. */
export function cylinderMesh(name: string, base: readonly [number, number, number], radius: number, height: number, segments = 32): TriangleMesh {
  const pos: number[] = [], tri: number[] = [];
  for (const z of [base[2], base[2] + height]) for (let s = 0; s < segments; s++) {
    const ph = (2 * Math.PI * s) / segments;
    pos.push(base[0] + radius * Math.cos(ph), base[1] + radius * Math.sin(ph), z);
  }
  const bc = pos.length / 3; pos.push(base[0], base[1], base[2]);
  const tc = pos.length / 3; pos.push(base[0], base[1], base[2] + height);
  for (let s = 0; s < segments; s++) {
    const a = s, b = (s + 1) % segments;
    tri.push(a, b, segments + b, a, segments + b, segments + a);
  }
  for (let s = 0; s < segments; s++) tri.push(bc, (s + 1) % segments, s);
  for (let s = 0; s < segments; s++) tri.push(tc, segments + s, segments + ((s + 1) % segments));
  return { name, positions: Float64Array.from(pos), triangles: Uint32Array.from(tri), faceGroups: [{ start: 0, count: 2 * segments }, { start: 2 * segments, count: segments }, { start: 3 * segments, count: segments }] };
}

/** A copy of the mesh with every vertex moved by `offset` [dx, dy, dz] (mesh unit), optionally renamed. */
export function translateMesh(mesh: TriangleMesh, offset: readonly [number, number, number], name = mesh.name): TriangleMesh {
  const positions = mesh.positions.slice();
  for (let i = 0; i < positions.length; i++) positions[i]! += offset[i % 3]!;
  return { ...mesh, name, positions };
}
