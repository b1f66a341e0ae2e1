/**
 * Bonds by distance, as VMD and Open Babel guess them: atoms i < j are bonded when
 *   0.04 nm < |r_i - r_j| < r_cov(i) + r_cov(j) + tolerance      (tolerance 0.045 nm by default).
 * positions: [n, 3] flattened, nm. elements: n symbols. Returns bonded pairs flattened as
 * [nBonds, 2] (i < j, sorted by i then j). Periodic images are not searched: a bond that crosses the box
 * wall in wrapped coordinates would be drawn across the whole box, so views leave it out.
 * Cost O(n) with a cell list (cells of the largest possible bond length).
 */
import { covalentRadiusNm } from './elements.ts';

export interface BondOptions {
  /** Added to the sum of covalent radii, nm (default 0.045, Open Babel's 0.45 Å). */
  tolerance?: number;
  /** Shorter distances are overlaps, not bonds, nm (default 0.04). */
  minDistance?: number;
}

/**
 * Bonded pairs of `positions` ([n, 3] flattened, nm) by the covalent-radius rule in the header;
 * returns [nBonds, 2] flattened atom indices, i < j, sorted. Throws on a length mismatch or a non-finite coordinate.
 */
export function bondsByDistance(positions: ArrayLike<number>, elements: readonly string[], opts: BondOptions = {}): Uint32Array {
  const n = elements.length;
  if (positions.length !== 3 * n) throw new Error(`bondsByDistance: ${positions.length} coordinates for ${n} atoms (expected ${3 * n})`);
  const tol = opts.tolerance ?? 0.045;
  const dmin = opts.minDistance ?? 0.04;
  if (n < 2) return new Uint32Array(0);
  const radius = new Float64Array(n);
  let rmax = 0;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    radius[i] = covalentRadiusNm(elements[i]!);
    if (radius[i]! > rmax) rmax = radius[i]!;
    for (let a = 0; a < 3; a++) {
      const v = positions[3 * i + a]!;
      if (!Number.isFinite(v)) throw new Error(`bondsByDistance: atom ${i} coordinate ${'xyz'[a]} is ${v} (expected a finite number, nm)`);
      if (v < lo[a]!) lo[a] = v;
      if (v > hi[a]!) hi[a] = v;
    }
  }
  // Cells at least one maximal bond long; grown until the grid has at most ~2n cells (sparse inputs).
  let cell = 2 * rmax + tol;
  const dims = [0, 0, 0];
  for (;;) {
    for (let a = 0; a < 3; a++) dims[a] = Math.floor((hi[a]! - lo[a]!) / cell) + 1;
    if (dims[0]! * dims[1]! * dims[2]! <= 2 * n + 27) break;
    cell *= 1.5;
  }
  const [nx, ny, nz] = dims as [number, number, number];
  const head = new Int32Array(nx * ny * nz).fill(-1);
  const next = new Int32Array(n);
  const cellOf = new Int32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const cx = Math.floor((positions[3 * i]! - lo[0]!) / cell);
    const cy = Math.floor((positions[3 * i + 1]! - lo[1]!) / cell);
    const cz = Math.floor((positions[3 * i + 2]! - lo[2]!) / cell);
    cellOf[3 * i] = cx; cellOf[3 * i + 1] = cy; cellOf[3 * i + 2] = cz;
    const c = (cx * ny + cy) * nz + cz;
    next[i] = head[c]!;
    head[c] = i;
  }
  const pairs: number[] = [];
  const dmin2 = dmin * dmin;
  for (let i = 0; i < n; i++) {
    const xi = positions[3 * i]!, yi = positions[3 * i + 1]!, zi = positions[3 * i + 2]!;
    const ri = radius[i]! + tol;
    for (let dx = -1; dx <= 1; dx++) {
      const cx = cellOf[3 * i]! + dx;
      if (cx < 0 || cx >= nx) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const cy = cellOf[3 * i + 1]! + dy;
        if (cy < 0 || cy >= ny) continue;
        for (let dz = -1; dz <= 1; dz++) {
          const cz = cellOf[3 * i + 2]! + dz;
          if (cz < 0 || cz >= nz) continue;
          for (let j = head[(cx * ny + cy) * nz + cz]!; j >= 0; j = next[j]!) {
            if (j <= i) continue;
            const ddx = positions[3 * j]! - xi, ddy = positions[3 * j + 1]! - yi, ddz = positions[3 * j + 2]! - zi;
            const d2 = ddx * ddx + ddy * ddy + ddz * ddz;
            const cut = ri + radius[j]!;
            if (d2 > dmin2 && d2 < cut * cut) pairs.push(i, j);
          }
        }
      }
    }
  }
  // Sort by (i, j) through one numeric key per pair (exact: n^2 < 2^53 for any n that fits in memory).
  const keys = new Float64Array(pairs.length / 2);
  for (let b = 0; b < keys.length; b++) keys[b] = pairs[2 * b]! * n + pairs[2 * b + 1]!;
  keys.sort();
  const out = new Uint32Array(pairs.length);
  for (let b = 0; b < keys.length; b++) {
    const i = Math.floor(keys[b]! / n);
    out[2 * b] = i;
    out[2 * b + 1] = keys[b]! - i * n;
  }
  return out;
}
