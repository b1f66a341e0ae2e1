/**
 * Column ray casting: for every (x_i, y_j) column of a grid, the z of each crossing of a vertical ray
 * with a triangle mesh and the crossing's orientation — the kernel under voxelization.
 *
 * Robustness ("no leaks"): a column is tested against a triangle as if it were moved by the
 * infinitesimal (ε, ε·η) with 0 < η ≪ 1 (simulation of simplicity, Edelsbrunner & Mücke 1990). Each
 * edge function is evaluated with the edge's endpoints in a fixed (lexicographic) order, so two
 * triangles sharing an edge get exactly opposite values; an exact zero is resolved by the sign of the
 * perturbation term. Signs are exact (predicates.ts), so the outcome is that of the perturbed real
 * ray, not of rounding. Every column therefore meets each sheet of a closed surface exactly once, even
 * through shared edges and vertices, and vertical triangles (zero projected area) are never hit.
 * With the same convention along z (a crossing at exactly the cell's z counts as below it), a grid
 * point on a face, edge or vertex is classified as the point moved by (ε, εη, εζ): points on faces
 * whose outward normal has a negative component count as inside, the others as outside — the half-open
 * rule that makes a box of n·h contain exactly n cells.
 *
 * Cost: O(Σ over triangles of the columns in its projected bounding box), one ray per column (no
 * per-cell queries). Crossings are returned grouped by column (CSR) and sorted by z.
 */
import type { TriangleMesh } from './mesh.ts';
import { orientSign } from './predicates.ts';

export interface ColumnCrossings {
  nx: number;
  ny: number;
  /** [nx*ny + 1] offsets: crossings of column c = i*ny + j are start[c] .. start[c+1]-1. */
  start: Int32Array;
  /** Crossing heights, ascending within each column. */
  z: Float64Array;
  /** +1 where the ray enters the solid (surface facing -z), -1 where it leaves (for outward meshes). */
  sign: Int8Array;
}

/** First index k with axis[k] >= v (axis ascending). */
export function lowerBound(axis: Float64Array, v: number): number {
  let lo = 0, hi = axis.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (axis[m]! < v) lo = m + 1; else hi = m; }
  return lo;
}

/** Crossings of the columns (xs[i], ys[j]) with the mesh; xs, ys ascending. */
export function columnCrossings(mesh: TriangleMesh, xs: Float64Array, ys: Float64Array): ColumnCrossings {
  const nx = xs.length, ny = ys.length, p = mesh.positions, t = mesh.triangles, nt = t.length / 3;
  let cap = 1024, n = 0;
  let col = new Int32Array(cap), zs = new Float64Array(cap), sg = new Int8Array(cap);
  // Per-edge canonical data, reused for every triangle (no allocation in the loop).
  const ux = new Float64Array(3), uy = new Float64Array(3), vx = new Float64Array(3), vy = new Float64Array(3);
  const dx = new Float64Array(3), dy = new Float64Array(3), fl = new Float64Array(3);
  const vz = new Float64Array(3);
  for (let tri = 0; tri < nt; tri++) {
    let minx = Infinity, maxx = -Infinity, miny = Infinity, maxy = -Infinity, minz = Infinity, maxz = -Infinity;
    for (let e = 0; e < 3; e++) {
      const a = 3 * t[3 * tri + e]!, b = 3 * t[3 * tri + ((e + 1) % 3)]!;
      const ax = p[a]!, ay = p[a + 1]!, bx = p[b]!, by = p[b + 1]!;
      if (ax < bx || (ax === bx && ay < by)) { ux[e] = ax; uy[e] = ay; vx[e] = bx; vy[e] = by; fl[e] = 1; }
      else { ux[e] = bx; uy[e] = by; vx[e] = ax; vy[e] = ay; fl[e] = -1; }
      dx[e] = vx[e]! - ux[e]!; dy[e] = vy[e]! - uy[e]!;
      vz[e] = p[a + 2]!;
      if (ax < minx) minx = ax; if (ax > maxx) maxx = ax;
      if (ay < miny) miny = ay; if (ay > maxy) maxy = ay;
      if (vz[e]! < minz) minz = vz[e]!; if (vz[e]! > maxz) maxz = vz[e]!;
    }
    if (dx[0] === 0 && dy[0] === 0) continue; // repeated vertex in projection: no interior
    const i0 = lowerBound(xs, minx), j0 = lowerBound(ys, miny);
    for (let i = i0; i < nx && xs[i]! <= maxx; i++) {
      const px = xs[i]!;
      for (let j = j0; j < ny && ys[j]! <= maxy; j++) {
        const py = ys[j]!;
        // Edge e runs from vertex e to vertex e+1; its value is the weight of the opposite vertex e+2.
        let s0 = 0, s1 = 0, s2 = 0, w0 = 0, w1 = 0, w2 = 0;
        for (let e = 0; e < 3; e++) {
          const w = (dx[e]! * (py - uy[e]!) - dy[e]! * (px - ux[e]!)) * fl[e]!; // barycentric weight
          let v = orientSign(ux[e]!, uy[e]!, vx[e]!, vy[e]!, px, py);
          if (v === 0) v = dy[e] !== 0 ? -dy[e]! : dx[e]!; // on the edge line: sign of the perturbation term
          const s = v * fl[e]! > 0 ? 1 : -1;
          if (e === 0) { s0 = s; w0 = w; } else if (e === 1) { s1 = s; w1 = w; } else { s2 = s; w2 = w; }
        }
        if (s0 !== s1 || s1 !== s2) continue;
        // barycentric: weight of vertex 2 is edge 0's value, of vertex 0 is edge 1's, of vertex 1 is edge 2's
        const sum = w0 + w1 + w2;
        let z = sum !== 0 ? (w1 * vz[0]! + w2 * vz[1]! + w0 * vz[2]!) / sum : minz;
        if (z < minz) z = minz; else if (z > maxz) z = maxz;
        if (n === cap) {
          cap *= 2;
          const c2 = new Int32Array(cap); c2.set(col); col = c2;
          const z2 = new Float64Array(cap); z2.set(zs); zs = z2;
          const g2 = new Int8Array(cap); g2.set(sg); sg = g2;
        }
        col[n] = i * ny + j; zs[n] = z; sg[n] = -s0; // projected clockwise (s = -1) = facing -z = entering
        n++;
      }
    }
  }
  // Counting sort by column, then insertion sort by z within each column (ties: entering first, so a
  // column grazing an edge reads enter-leave at the same height — a zero-length span).
  const start = new Int32Array(nx * ny + 1);
  for (let k = 0; k < n; k++) start[col[k]! + 1]!++;
  for (let c = 0; c < nx * ny; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, nx * ny), z = new Float64Array(n), sign = new Int8Array(n);
  for (let k = 0; k < n; k++) { const at = fill[col[k]!]!++; z[at] = zs[k]!; sign[at] = sg[k]!; }
  for (let c = 0; c < nx * ny; c++) {
    for (let a = start[c]! + 1; a < start[c + 1]!; a++) {
      const zv = z[a]!, sv = sign[a]!;
      let b = a - 1;
      while (b >= start[c]! && (z[b]! > zv || (z[b] === zv && sign[b]! < sv))) { z[b + 1] = z[b]!; sign[b + 1] = sign[b]!; b--; }
      z[b + 1] = zv; sign[b + 1] = sv;
    }
  }
  return { nx, ny, start, z, sign };
}

export type InsideRule = 'parity' | 'nonzero';

/**
 * Calls `span(k0, k1)` for each maximal run k0 <= k < k1 of zs (ascending) inside the solid along
 * column c. Parity (default) tolerates flipped triangle orientation; nonzero winding tolerates a solid
 * meshed as overlapping closed shells.
 */
export function forEachInsideSpan(
  cr: ColumnCrossings, c: number, zs: Float64Array, rule: InsideRule,
  span: (k0: number, k1: number) => void,
): void {
  const a = cr.start[c]!, b = cr.start[c + 1]!;
  if (a === b) return;
  let wind = 0, count = 0, k = 0;
  for (let q = a; q < b; q++) {
    const inside = rule === 'parity' ? (count & 1) === 1 : wind !== 0;
    const k1 = lowerBound(zs, cr.z[q]!); // cells strictly below the crossing keep the current state
    if (inside && k1 > k) span(k, k1);
    if (k1 > k) k = k1;
    wind += cr.sign[q]!;
    count++;
  }
  const inside = rule === 'parity' ? (count & 1) === 1 : wind !== 0;
  if (inside && zs.length > k) span(k, zs.length);
}
