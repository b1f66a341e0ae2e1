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
import { LjThreadPool } from './ljThreads.ts';
import { ljKernelGeneral, ljKernelOrthoSingle } from './ljKernels.ts';

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
  /** Threads for the force loop (worker_threads over shared memory). Default 1 (serial). */
  threads?: number;
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
  /** Stops the worker threads (if any); the provider stays usable serially. */
  close(): void;
}

/**
 * Lennard-Jones provider over a Verlet neighbour list: u(r) = 4ε[(σ/r)¹² - (σ/r)⁶] for r < r_c, truncated
 * (LAMMPS lj/cut) or shifted (`shift`), with the optional homogeneous tail correction (Allen & Tildesley eq. 2.144).
 * Energy, forces and virial in one pass; term keys 'lj' and, with tailCorrection, 'lj_tail'.
 * @param options epsilon (kJ/mol or ε) and sigma (nm or σ) per species; cutoff r_c and skin (default 0.3) in the same
 *   length unit; species [n] Int32Array for mixtures (mixing default Lorentz-Berthelot); exclusions; threads (default 1).
 * @returns The provider, with its neighbour list, mixed pair tables [nSpecies²], `tail(volume, nAtoms)` and
 *   save/restoreState for bit-exact restarts; `close()` stops worker threads.
 * @throws RangeError on a non-positive cutoff or sigma, a negative epsilon, a wrong number of per-species values, or a
 *   species array of the wrong length; BoxError when cutoff + skin exceeds half the box.
 */
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
  let pool: LjThreadPool | null = (options.threads ?? 1) > 1 ? new LjThreadPool(options.threads!) : null;

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
    if (pool) {
      energy = pool.compute(x, box, start, pairs, start[n]!, species ?? null, { nt, lj1, lj2, lj3, lj4, offset, rc2 }, f, v);
    } else if (nt === 1 && (box === null || isOrthorhombic(box))) {
      energy = ljKernelOrthoSingle(0, n, x, f, v, start, pairs, box, lj1[0]!, lj2[0]!, lj3[0]!, lj4[0]!, offset[0]!, rc2);
    } else {
      energy = ljKernelGeneral(0, n, x, f, v, start, pairs, box, species ?? new Int32Array(n), nt, lj1, lj2, lj3, lj4, offset, rc2);
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
    close() { pool?.close(); pool = null; },
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
