/**
 * Lennard-Jones pair potential over a Verlet neighbour list (energy, forces, virial in one pass).
 *
 *   u(r) = 4 ε [(σ/r)^12 - (σ/r)^6] - u_shift   for r < r_c, 0 beyond
 *
 * `shift: true` subtracts u(r_c) (truncated-and-shifted); otherwise truncated (LAMMPS `lj/cut`).
 * `tailCorrection: true` adds the analytic long-range correction for a homogeneous fluid
 * (Allen & Tildesley, 2nd ed., eq. 2.144), for a mixture summed over species pairs:
 *   E_tail = (2π/V) Σ_ab N_a N_b 4ε σ^3 [ (σ/r_c)^9/9 - (σ/r_c)^3/3 ]
 *   P_tail = (2π/(3V^2)) Σ_ab N_a N_b 4ε σ^3 [ (4/3)(σ/r_c)^9 - 2(σ/r_c)^3 ] ... added to the virial as P_tail V
 * (LAMMPS `pair_modify tail yes`). Units: ε in kJ/mol (or reduced), σ and r_c in nm (or reduced).
 * Multiple species use a mixing rule. Hot loop: SoA-free flat Float64Array, half list, no allocation.
 */
import { type Box, boxVolume, isOrthorhombic, makeBox } from '../space.ts';
import { neighborList, type Exclusions, type NeighborList, type NeighborListFns } from '../partition.ts';
import type { ForceProvider, ForceResult } from './provider.ts';
import { mixEpsilon, mixSigma, perSpecies, speciesCounts, type MixingRule } from './species.ts';

export interface LennardJonesOptions {
  /** Well depth per species (kJ/mol or ε). */
  epsilon: number | readonly number[];
  /** Size per species (nm or σ). */
  sigma: number | readonly number[];
  /** Absolute cutoff distance r_c (nm or σ). */
  cutoff: number;
  /** Subtract u(r_c) so the energy is continuous. Default false. */
  shift?: boolean;
  /** Add the analytic tail correction to energy and pressure. Default false. */
  tailCorrection?: boolean;
  /** Species index per atom, [n]; omit for one species. */
  species?: Int32Array;
  mixing?: MixingRule;
  /** Verlet skin (same length unit). Default 0.3. */
  skin?: number;
  exclusions?: Exclusions;
}

export interface LennardJonesProvider extends ForceProvider {
  /** The current neighbour list (null before the first call). */
  readonly neighborList: () => NeighborList | null;
  /** Pair parameters after mixing: σ_ab and ε_ab, [nSpecies^2]. */
  readonly pairSigma: Float64Array;
  readonly pairEpsilon: Float64Array;
  /** Tail energy and pressure of `nAtoms` atoms in `volume` (0 when tailCorrection is off). */
  tail(volume: number, nAtoms: number): { energy: number; pressure: number };
  saveState(): Record<string, Float64Array>;
  restoreState(state: Record<string, Float64Array>): void;
}

export function lennardJones(options: LennardJonesOptions): LennardJonesProvider {
  const nSpecies = typeof options.epsilon === 'number' && typeof options.sigma === 'number'
    ? 1 : Math.max(typeof options.epsilon === 'number' ? 1 : options.epsilon.length, typeof options.sigma === 'number' ? 1 : options.sigma.length);
  const eps = perSpecies('lennardJones.epsilon', options.epsilon, nSpecies, false);
  const sig = perSpecies('lennardJones.sigma', options.sigma, nSpecies);
  const rc = options.cutoff;
  if (!(rc > 0) || !Number.isFinite(rc)) throw new RangeError(`lennardJones.cutoff = ${rc}, expected a finite distance > 0`);
  const mixing = options.mixing ?? 'lorentz-berthelot';
  const nt = nSpecies;
  const lj1 = new Float64Array(nt * nt), lj2 = new Float64Array(nt * nt), lj3 = new Float64Array(nt * nt), lj4 = new Float64Array(nt * nt);
  const offset = new Float64Array(nt * nt), pairSigma = new Float64Array(nt * nt), pairEpsilon = new Float64Array(nt * nt);
  for (let a = 0; a < nt; a++) for (let b = 0; b < nt; b++) {
    const s = mixSigma(mixing, sig[a]!, sig[b]!), e = mixEpsilon(mixing, eps[a]!, eps[b]!);
    const k = a * nt + b;
    pairSigma[k] = s; pairEpsilon[k] = e;
    const s6 = s ** 6, s12 = s6 * s6;
    lj1[k] = 48 * e * s12; lj2[k] = 24 * e * s6; lj3[k] = 4 * e * s12; lj4[k] = 4 * e * s6;
    if (options.shift) { const q = (s / rc) ** 6; offset[k] = 4 * e * (q * q - q); }
  }
  const species = options.species;
  const counts = species ? speciesCounts(species, nt) : null;
  const nlFns: NeighborListFns = neighborList({ cutoff: rc, skin: options.skin ?? 0.3, exclusions: options.exclusions });
  let nl: NeighborList | null = null;
  const rc2 = rc * rc;

  function tail(volume: number, nAtoms: number): { energy: number; pressure: number } {
    if (!options.tailCorrection) return { energy: 0, pressure: 0 };
    let e = 0, p = 0;
    for (let a = 0; a < nt; a++) for (let b = 0; b < nt; b++) {
      const k = a * nt + b;
      const s = pairSigma[k]!, ep = pairEpsilon[k]!;
      const x3 = (s / rc) ** 3, x9 = x3 * x3 * x3;
      const nn = counts ? counts[a]! * counts[b]! : nAtoms * nAtoms;
      e += nn * 4 * ep * s ** 3 * (x9 / 9 - x3 / 3);
      p += nn * 4 * ep * s ** 3 * ((4 / 3) * x9 - 2 * x3);
    }
    return { energy: (2 * Math.PI / volume) * e, pressure: (2 * Math.PI / (3 * volume * volume)) * p };
  }

  function compute(positions: Float64Array, box: Box | null, out: ForceResult): void {
    const n = positions.length / 3;
    if (species && species.length !== n) throw new RangeError(`lennardJones: species has ${species.length} entries, positions have ${n} atoms`);
    nl = nl ? nlFns.update(nl, positions, box) : nlFns.allocate(positions, box);
    const start = nl.start, pairs = nl.pairs, f = out.forces, x = positions;
    const v = out.virial;
    let energy: number;
    if (nt === 1 && (box === null || isOrthorhombic(box))) {
      energy = ljKernelOrthoSingle(n, x, f, v, start, pairs, box, lj1[0]!, lj2[0]!, lj3[0]!, lj4[0]!, offset[0]!, rc2);
    } else {
      energy = ljKernelGeneral(n, x, f, v, start, pairs, box, species ?? new Int32Array(n), nt, lj1, lj2, lj3, lj4, offset, rc2);
    }
    let eTail = 0;
    if (options.tailCorrection && box) {
      const V = boxVolume(box);
      const t = tail(V, n);
      eTail = t.energy;
      const w = t.pressure * V;
      v[0] += w; v[1] += w; v[2] += w;
    }
    out.energy += energy + eTail;
    out.terms['lj'] = (out.terms['lj'] ?? 0) + energy;
    if (options.tailCorrection) out.terms['lj_tail'] = (out.terms['lj_tail'] ?? 0) + eTail;
  }

  return {
    name: 'lennardJones',
    compute,
    neighborList: () => nl,
    pairSigma,
    pairEpsilon,
    tail,
    saveState(): Record<string, Float64Array> {
      if (!nl) return {};
      const b = nl.refBox;
      return { nlRefPositions: nl.refPositions.slice(), nlRefBox: new Float64Array(b ? [1, b.lx, b.ly, b.lz, b.xy, b.xz, b.yz] : [0]) };
    },
    restoreState(state) {
      const x = state['nlRefPositions'], b = state['nlRefBox'];
      if (!x || !b) { nl = null; return; }
      nl = nlFns.allocate(x, b[0] === 1 ? makeBox(b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!) : null);
    },
  };
}

/**
 * Fast path: one species, orthorhombic or free box. Adds forces and virial; returns the pair energy.
 * Positions are wrapped by the integrators, so one image correction per axis suffices (|d| < 1.5 L).
 */
function ljKernelOrthoSingle(
  n: number, x: Float64Array, f: Float64Array, v: Float64Array, start: Int32Array, pairs: Int32Array, box: Box | null,
  c1: number, c2: number, c3: number, c4: number, off: number, rc2: number,
): number {
  const periodicBox = box !== null ? 1 : 0;
  const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0;
  const hx = periodicBox ? 0.5 * lx : Infinity, hy = periodicBox ? 0.5 * ly : Infinity, hz = periodicBox ? 0.5 * lz : Infinity;
  let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = 0; i < n; i++) {
    const i3 = 3 * i;
    const xi = x[i3]!, yi = x[i3 + 1]!, zi = x[i3 + 2]!;
    let fxi = 0, fyi = 0, fzi = 0;
    const p1 = start[i + 1]!;
    for (let p = start[i]!; p < p1; p++) {
      const j3 = 3 * pairs[p]!;
      let dx = xi - x[j3]!, dy = yi - x[j3 + 1]!, dz = zi - x[j3 + 2]!;
      if (dx > hx) dx -= lx; else if (dx < -hx) dx += lx;
      if (dy > hy) dy -= ly; else if (dy < -hy) dy += ly;
      if (dz > hz) dz -= lz; else if (dz < -hz) dz += lz;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const r2i = 1 / r2;
      const r6i = r2i * r2i * r2i;
      const fpair = r6i * (c1 * r6i - c2) * r2i;
      energy += r6i * (c3 * r6i - c4) - off;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
      wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
    }
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  v[0] += wxx; v[1] += wyy; v[2] += wzz; v[3] += wxy; v[4] += wxz; v[5] += wyz;
  return energy;
}

/** General path: several species (type-pair tables), triclinic or free box. */
function ljKernelGeneral(
  n: number, x: Float64Array, f: Float64Array, v: Float64Array, start: Int32Array, pairs: Int32Array, box: Box | null,
  species: Int32Array, nt: number, lj1: Float64Array, lj2: Float64Array, lj3: Float64Array, lj4: Float64Array, offset: Float64Array, rc2: number,
): number {
  const periodicBox = box !== null;
  const lx = box?.lx ?? 0, ly = box?.ly ?? 0, lz = box?.lz ?? 0, xy = box?.xy ?? 0, xz = box?.xz ?? 0, yz = box?.yz ?? 0;
  const hx = 0.5 * lx, hy = 0.5 * ly, hz = 0.5 * lz;
  let energy = 0, wxx = 0, wyy = 0, wzz = 0, wxy = 0, wxz = 0, wyz = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[3 * i]!, yi = x[3 * i + 1]!, zi = x[3 * i + 2]!;
    let fxi = 0, fyi = 0, fzi = 0;
    const ti = species[i]! * nt;
    const p1 = start[i + 1]!;
    for (let p = start[i]!; p < p1; p++) {
      const j = pairs[p]!;
      const j3 = 3 * j;
      let dx = xi - x[j3]!, dy = yi - x[j3 + 1]!, dz = zi - x[j3 + 2]!;
      if (periodicBox) {
        while (dz > hz) { dz -= lz; dy -= yz; dx -= xz; }
        while (dz < -hz) { dz += lz; dy += yz; dx += xz; }
        while (dy > hy) { dy -= ly; dx -= xy; }
        while (dy < -hy) { dy += ly; dx += xy; }
        while (dx > hx) dx -= lx;
        while (dx < -hx) dx += lx;
      }
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const k = ti + species[j]!;
      const r2i = 1 / r2;
      const r6i = r2i * r2i * r2i;
      const fpair = r6i * (lj1[k]! * r6i - lj2[k]!) * r2i;
      energy += r6i * (lj3[k]! * r6i - lj4[k]!) - offset[k]!;
      const fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
      fxi += fx; fyi += fy; fzi += fz;
      f[j3] -= fx; f[j3 + 1] -= fy; f[j3 + 2] -= fz;
      wxx += dx * fx; wyy += dy * fy; wzz += dz * fz; wxy += dx * fy; wxz += dx * fz; wyz += dy * fz;
    }
    f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
  }
  v[0] += wxx; v[1] += wyy; v[2] += wzz; v[3] += wxy; v[4] += wxz; v[5] += wyz;
  return energy;
}
