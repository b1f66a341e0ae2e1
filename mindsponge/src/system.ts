/**
 * System builders: lattices at a number density, random packings, Maxwell-Boltzmann velocities.
 *
 * A `System` is the static description a simulator starts from: positions [n*3] (nm or σ), masses [n]
 * (amu or m), species [n], box (null = free space). Builders are pure; they return fresh arrays.
 */
import { type Box, makeBox } from './space.ts';
import { createRng, type Rng } from './rng.ts';

export interface System {
  readonly positions: Float64Array;
  readonly masses: Float64Array;
  readonly species: Int32Array;
  readonly box: Box | null;
  /** Optional element / type names per species index (for XYZ/PDB output). */
  readonly speciesNames?: readonly string[];
}

export type LatticeKind = 'sc' | 'bcc' | 'fcc';

const BASIS: Record<LatticeKind, readonly (readonly [number, number, number])[]> = {
  sc: [[0, 0, 0]],
  bcc: [[0, 0, 0], [0.5, 0.5, 0.5]],
  fcc: [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]],
};

/** Cubic lattice constant giving number density `density` (atoms per length^3). */
export function latticeConstant(kind: LatticeKind, density: number): number {
  if (!(density > 0) || !Number.isFinite(density)) throw new RangeError(`lattice: density = ${density}, expected a finite number > 0`);
  return Math.cbrt(BASIS[kind].length / density);
}

export interface LatticeOptions {
  kind: LatticeKind;
  /** Number density (atoms / nm^3 or reduced ρσ^3), as LAMMPS `lattice fcc 0.8442` in LJ units. */
  density: number;
  /** Unit cells along x, y, z (positive integers). */
  cells: readonly [number, number, number];
  /** Mass of every atom (amu or m). Default 1. */
  mass?: number;
  speciesName?: string;
}

/** Atoms on a cubic lattice filling a periodic box of cells[0] x cells[1] x cells[2] unit cells. */
export function lattice(options: LatticeOptions): System {
  const { kind, density, cells } = options;
  if (!(kind in BASIS)) throw new RangeError(`lattice: kind = '${String(kind)}', expected 'sc', 'bcc' or 'fcc'`);
  cells.forEach((c, d) => {
    if (!Number.isInteger(c) || c < 1) throw new RangeError(`lattice: cells[${d}] = ${c}, expected a positive integer`);
  });
  const a = latticeConstant(kind, density);
  const basis = BASIS[kind];
  const n = basis.length * cells[0] * cells[1] * cells[2];
  const positions = new Float64Array(3 * n);
  let k = 0;
  // LAMMPS `create_atoms` order: z slowest, then y, then x, then basis.
  for (let iz = 0; iz < cells[2]; iz++) for (let iy = 0; iy < cells[1]; iy++) for (let ix = 0; ix < cells[0]; ix++) {
    for (const b of basis) {
      positions[k++] = (ix + b[0]) * a;
      positions[k++] = (iy + b[1]) * a;
      positions[k++] = (iz + b[2]) * a;
    }
  }
  const mass = options.mass ?? 1;
  if (!(mass > 0)) throw new RangeError(`lattice: mass = ${mass}, expected > 0`);
  return {
    positions,
    masses: new Float64Array(n).fill(mass),
    species: new Int32Array(n),
    box: makeBox(cells[0] * a, cells[1] * a, cells[2] * a),
    speciesNames: [options.speciesName ?? 'Ar'],
  };
}

export interface RandomPackingOptions {
  n: number;
  box: Box;
  /** No two atoms closer than this (nm or σ). */
  minDistance: number;
  seed: number;
  mass?: number;
  /** Give up after this many rejected trials per atom. Default 1000. */
  maxTries?: number;
}

/** Random sequential insertion with a minimum separation (orthorhombic boxes). */
export function randomPacking(options: RandomPackingOptions): System {
  const { n, box, minDistance, seed } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomPacking: n = ${n}, expected a non-negative integer`);
  if (box.xy !== 0 || box.xz !== 0 || box.yz !== 0) throw new RangeError('randomPacking: triclinic boxes are not supported, expected an orthorhombic box');
  const rng = createRng(seed);
  const positions = new Float64Array(3 * n);
  const md2 = minDistance * minDistance;
  const maxTries = options.maxTries ?? 1000;
  // Uniform grid of cells >= minDistance so each trial checks 27 cells.
  const nc = [box.lx, box.ly, box.lz].map((l) => Math.max(1, Math.floor(l / Math.max(minDistance, 1e-12))));
  const [ncx, ncy, ncz] = [Math.min(nc[0]!, 256), Math.min(nc[1]!, 256), Math.min(nc[2]!, 256)];
  const heads = new Int32Array(ncx * ncy * ncz).fill(-1);
  const next = new Int32Array(n);
  const L = [box.lx, box.ly, box.lz];
  for (let i = 0; i < n; i++) {
    let placed = false;
    for (let t = 0; t < maxTries && !placed; t++) {
      const x = rng.uniform() * box.lx, y = rng.uniform() * box.ly, z = rng.uniform() * box.lz;
      const cx = Math.floor((x / box.lx) * ncx), cy = Math.floor((y / box.ly) * ncy), cz = Math.floor((z / box.lz) * ncz);
      let ok = true;
      for (let dz = -1; dz <= 1 && ok; dz++) for (let dy = -1; dy <= 1 && ok; dy++) for (let dx = -1; dx <= 1 && ok; dx++) {
        const c = (((cz + dz + ncz) % ncz) * ncy + ((cy + dy + ncy) % ncy)) * ncx + ((cx + dx + ncx) % ncx);
        for (let j = heads[c]!; j >= 0 && ok; j = next[j]!) {
          const d = [x - positions[3 * j]!, y - positions[3 * j + 1]!, z - positions[3 * j + 2]!];
          for (let k = 0; k < 3; k++) d[k]! -= L[k]! * Math.round(d[k]! / L[k]!);
          if (d[0]! * d[0]! + d[1]! * d[1]! + d[2]! * d[2]! < md2) ok = false;
        }
        if (ncx < 3 || ncy < 3 || ncz < 3) { /* tiny grid: cells repeat, still correct, just redundant */ }
      }
      if (ok) {
        positions[3 * i] = x; positions[3 * i + 1] = y; positions[3 * i + 2] = z;
        const c = (cz * ncy + cy) * ncx + cx;
        next[i] = heads[c]!; heads[c] = i;
        placed = true;
      }
    }
    if (!placed) throw new RangeError(`randomPacking: could not place atom ${i} of ${n} with minDistance ${minDistance} after ${maxTries} tries; lower the density or minDistance`);
  }
  return { positions, masses: new Float64Array(n).fill(options.mass ?? 1), species: new Int32Array(n), box, speciesNames: ['Ar'] };
}

/**
 * Maxwell-Boltzmann velocities at temperature T (K or reduced), zero total momentum, then rescaled so
 * the instantaneous temperature with `dof` degrees of freedom (default 3N-3) is exactly T — as LAMMPS
 * `velocity create` does. Returns [n*3] (nm/ps or σ/τ).
 */
export function maxwellBoltzmann(masses: Float64Array, temperature: number, kB: number, rng: Rng | number, dof?: number): Float64Array {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new RangeError(`velocities: temperature = ${temperature}, expected a finite number >= 0`);
  const r = typeof rng === 'number' ? createRng(rng) : rng;
  const n = masses.length;
  const v = new Float64Array(3 * n);
  if (n === 0 || temperature === 0) return v;
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt((kB * temperature) / masses[i]!);
    v[3 * i] = s * r.normal(); v[3 * i + 1] = s * r.normal(); v[3 * i + 2] = s * r.normal();
  }
  removeComMomentum(v, masses);
  const nDof = dof ?? Math.max(1, 3 * n - 3);
  let twoKe = 0;
  for (let i = 0; i < n; i++) twoKe += masses[i]! * (v[3 * i]! ** 2 + v[3 * i + 1]! ** 2 + v[3 * i + 2]! ** 2);
  if (twoKe > 0) {
    const scale = Math.sqrt((nDof * kB * temperature) / twoKe);
    for (let k = 0; k < v.length; k++) v[k] = v[k]! * scale;
  }
  return v;
}

/** Subtracts the centre-of-mass velocity in place. */
export function removeComMomentum(v: Float64Array, masses: Float64Array): void {
  const n = masses.length;
  let px = 0, py = 0, pz = 0, M = 0;
  for (let i = 0; i < n; i++) {
    const m = masses[i]!;
    px += m * v[3 * i]!; py += m * v[3 * i + 1]!; pz += m * v[3 * i + 2]!; M += m;
  }
  if (M === 0) return;
  px /= M; py /= M; pz /= M;
  for (let i = 0; i < n; i++) { v[3 * i] -= px; v[3 * i + 1] -= py; v[3 * i + 2] -= pz; }
}
