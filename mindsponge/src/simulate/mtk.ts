/**
 * Isotropic NPT with the Martyna-Tobias-Klein barostat and Nose-Hoover chains on the particles and on
 * the barostat (MTK: J. Chem. Phys. 101, 4177 (1994); the reversible Trotter factorisation of
 * Tuckerman, Alejandre, López-Rendón, Jochim & Martyna, J. Phys. A 39, 5629 (2006); as LAMMPS fix npt
 * and jax-md `npt_nose_hoover`). Orthorhombic or triclinic boxes scale uniformly.
 *
 * Variables: ε = ln(V/V0)/3 with velocity v_ε (1/ps), barostat mass W = (N_f + 3) kT τ_P²,
 * particle chain masses Q_1 = N_f kT τ_T², Q_k = kT τ_T²; barostat chain Q_1 = kT τ_P², Q_k = kT τ_P².
 * Conserved: KE + U + W v_ε²/2 + P0 V + chain energies (`conserved`).
 * ext layout: [ξ (M), v_ξ (M), ξ_b (M), v_ξb (M), v_ε].
 */
import { createRng } from '../rng.ts';
import { boxVolume, makeBox, wrapPositions } from '../space.ts';
import { clearForceResult, type ForceProvider, type ForceResult } from '../energy/provider.ts';
import { degreesOfFreedom, kineticEnergy } from '../quantities.ts';
import { molecularUnits, type UnitSystem } from '../units.ts';
import { BlowUpError, type MDState, type Simulator, type SimulatorInit } from './state.ts';

const SY3 = [1 / (2 - 2 ** (1 / 3)), 1 - 2 / (2 - 2 ** (1 / 3)), 1 / (2 - 2 ** (1 / 3))];

/**
 * One Trotter half-step (length h) of a Nose-Hoover chain acting on a set of momenta whose kinetic
 * energy doubled is `ke2` with `nf` degrees of freedom. Updates ξ/v_ξ at ext[o..o+2M); returns the
 * factor by which the momenta must be scaled.
 */
export function chainHalfStep(ext: Float64Array, o: number, M: number, Q: Float64Array, ke2: number, nf: number, kT: number, h: number): number {
  const vx = o + M;
  let scale = 1;
  for (const w of SY3) {
    const d = w * h;
    const Gk = (k: number): number => (k === 0 ? (ke2 * scale * scale - nf * kT) / Q[0]! : (Q[k - 1]! * ext[vx + k - 1]! ** 2 - kT) / Q[k]!);
    ext[vx + M - 1] = ext[vx + M - 1]! + 0.5 * d * Gk(M - 1);
    for (let k = M - 2; k >= 0; k--) {
      const a = Math.exp(-0.25 * d * ext[vx + k + 1]!);
      ext[vx + k] = (ext[vx + k]! * a + 0.5 * d * Gk(k)) * a;
    }
    scale *= Math.exp(-d * ext[vx]!);
    for (let k = 0; k < M; k++) ext[o + k] = ext[o + k]! + d * ext[vx + k]!;
    for (let k = 0; k < M - 1; k++) {
      const a = Math.exp(-0.25 * d * ext[vx + k + 1]!);
      ext[vx + k] = (ext[vx + k]! * a + 0.5 * d * Gk(k)) * a;
    }
    ext[vx + M - 1] = ext[vx + M - 1]! + 0.5 * d * Gk(M - 1);
  }
  return scale;
}

export interface MtkOptions {
  dt: number;
  /** Target temperature (K or ε/k_B) and pressure (bar or ε/σ^3). */
  temperature: number;
  pressure: number;
  /** Thermostat and barostat coupling times (ps or τ); defaults 100 dt and 1000 dt (LAMMPS advice). */
  tau?: number;
  tauP?: number;
  chainLength?: number;
  units?: UnitSystem;
}

const sinhc = (x: number): number => (Math.abs(x) < 1e-4 ? 1 + (x * x) / 6 + (x * x * x * x) / 120 : Math.sinh(x) / x);

/**
 * Isotropic NPT with the Martyna-Tobias-Klein barostat and Nosé-Hoover chains (Tuckerman et al. 2006 Trotter
 * factorisation; LAMMPS fix npt). The box (orthorhombic or triclinic) scales uniformly.
 * @param o dt (ps or τ), temperature (K or ε/k_B), pressure (bar or ε/σ³), tau and tauP coupling times (default 100 dt and
 *   1000 dt), chainLength (3), units (molecular).
 * @throws RangeError on non-positive dt/temperature/tau/tauP or chain length, or at init without a periodic box;
 *   BlowUpError on a non-finite energy, naming the step and atom.
 */
export function nptMTK(provider: ForceProvider, o: MtkOptions): Simulator {
  const units = o.units ?? molecularUnits;
  const dt = o.dt, kT = units.kB * o.temperature, P0 = o.pressure / units.pressureFactor;
  const tauT = o.tau ?? 100 * dt, tauP = o.tauP ?? 1000 * dt, M = o.chainLength ?? 3;
  if (!(dt > 0) || !(kT > 0) || !(tauT > 0) || !(tauP > 0) || !Number.isInteger(M) || M < 1) {
    throw new RangeError(`nptMTK: dt ${dt}, temperature ${o.temperature}, tau ${tauT}, tauP ${tauP}, chainLength ${M}: expected positive values and an integer chain length`);
  }
  const extSize = 4 * M + 1, oT = 0, oB = 2 * M, oE = 4 * M;
  const Qt = new Float64Array(M), Qb = new Float64Array(M);
  let result: ForceResult | null = null;

  const masses = (nf: number): number => {
    Qt[0] = nf * kT * tauT * tauT;
    for (let k = 1; k < M; k++) Qt[k] = kT * tauT * tauT;
    for (let k = 0; k < M; k++) Qb[k] = kT * tauP * tauP;
    return (nf + 3) * kT * tauP * tauP;
  };

  function forces(s: { positions: Float64Array; box: MDState['box'] }, step: number): void {
    wrapPositions(s.box!, s.positions);
    clearForceResult(result!);
    provider.compute(s.positions, s.box, result!);
    if (!Number.isFinite(result!.energy)) {
      const f = result!.forces;
      let atom = 0;
      for (let i = 0; i < f.length / 3; i++) if (!Number.isFinite(f[3 * i]! + f[3 * i + 1]! + f[3 * i + 2]! + s.positions[3 * i]!)) { atom = i; break; }
      throw new BlowUpError(`blow-up at step ${step}: potential energy is ${result!.energy}; first bad atom ${atom}`, step, atom);
    }
  }

  function init(i: SimulatorInit): MDState {
    if (!i.box) throw new RangeError('nptMTK: needs a periodic box, got free space');
    const n = i.masses.length;
    const positions = i.positions.slice();
    result = { energy: 0, forces: new Float64Array(3 * n), virial: new Float64Array(6), terms: {} };
    forces({ positions, box: i.box }, i.step ?? 0);
    const extended = i.extended ? i.extended.slice() : new Float64Array(extSize);
    if (extended.length !== extSize) throw new RangeError(`nptMTK: extended has ${extended.length} values, expected ${extSize}`);
    return {
      positions, velocities: i.velocities ? i.velocities.slice() : new Float64Array(3 * n), forces: result.forces, masses: i.masses.slice(),
      species: i.species ? i.species.slice() : new Int32Array(n), box: i.box, step: i.step ?? 0, time: i.time ?? 0,
      potentialEnergy: result.energy, virial: result.virial, terms: { ...result.terms },
      rng: i.rng ? Uint32Array.from(i.rng) : createRng(i.seed ?? 0).state.slice(), extended,
    };
  }

  function step(s: MDState): MDState {
    const n = s.masses.length, nf = degreesOfFreedom(n), W = masses(nf), alpha = 1 + 3 / nf;
    const x = s.positions, v = s.velocities, m = s.masses, ext = s.extended;
    if (!result || result.forces !== s.forces) result = { energy: s.potentialEnergy, forces: s.forces, virial: s.virial, terms: { ...s.terms } };
    const f = result.forces;
    let box = s.box!;
    const h = 0.5 * dt;
    const scaleV = (c: number): void => { for (let k = 0; k < v.length; k++) v[k] = v[k]! * c; };
    const barostatForce = (): number => {
      const ke2 = 2 * kineticEnergy(v, m), w = result!.virial;
      return alpha * ke2 + w[0]! + w[1]! + w[2]! - 3 * boxVolume(box) * P0;
    };
    const thermostatHalf = (): void => {
      // barostat chain, then particle chain (and the reverse order at the end of the step)
      const sb = chainHalfStep(ext, oB, M, Qb, W * ext[oE]! ** 2, 1, kT, h);
      ext[oE] = ext[oE]! * sb;
      scaleV(chainHalfStep(ext, oT, M, Qt, 2 * kineticEnergy(v, m), nf, kT, h));
    };
    const kickHalf = (): void => {
      ext[oE] = ext[oE]! + (h * barostatForce()) / W;
      const ve = ext[oE]!, a = Math.exp(-alpha * ve * h), b = h * Math.exp(-0.5 * alpha * ve * h) * sinhc(0.5 * alpha * ve * h);
      for (let i = 0; i < n; i++) {
        const s1 = b / m[i]!, i3 = 3 * i;
        v[i3] = v[i3]! * a + s1 * f[i3]!; v[i3 + 1] = v[i3 + 1]! * a + s1 * f[i3 + 1]!; v[i3 + 2] = v[i3 + 2]! * a + s1 * f[i3 + 2]!;
      }
    };
    thermostatHalf();
    kickHalf();
    const ve = ext[oE]!, ex = Math.exp(ve * dt), c = dt * Math.exp(0.5 * ve * dt) * sinhc(0.5 * ve * dt);
    for (let k = 0; k < x.length; k++) x[k] = x[k]! * ex + c * v[k]!;
    box = makeBox(box.lx * ex, box.ly * ex, box.lz * ex, box.xy * ex, box.xz * ex, box.yz * ex);
    forces({ positions: x, box }, s.step + 1);
    // second half: particle kick then barostat kick (reverse of the first half)
    const ve2 = ext[oE]!, a = Math.exp(-alpha * ve2 * h), b = h * Math.exp(-0.5 * alpha * ve2 * h) * sinhc(0.5 * alpha * ve2 * h);
    for (let i = 0; i < n; i++) {
      const s1 = b / m[i]!, i3 = 3 * i;
      v[i3] = v[i3]! * a + s1 * f[i3]!; v[i3 + 1] = v[i3 + 1]! * a + s1 * f[i3 + 1]!; v[i3 + 2] = v[i3 + 2]! * a + s1 * f[i3 + 2]!;
    }
    ext[oE] = ext[oE]! + (h * barostatForce()) / W;
    scaleV(chainHalfStep(ext, oT, M, Qt, 2 * kineticEnergy(v, m), nf, kT, h));
    ext[oE] = ext[oE]! * chainHalfStep(ext, oB, M, Qb, W * ext[oE]! ** 2, 1, kT, h);
    return { ...s, box, step: s.step + 1, time: s.time + dt, potentialEnergy: result.energy, virial: result.virial, terms: { ...result.terms } };
  }

  return {
    name: 'npt-mtk', dt, init, step,
    dof: (s) => degreesOfFreedom(s.masses.length),
    conserved(s) {
      const nf = degreesOfFreedom(s.masses.length), W = masses(nf), e = s.extended;
      let h = kineticEnergy(s.velocities, s.masses) + s.potentialEnergy + 0.5 * W * e[oE]! ** 2 + P0 * boxVolume(s.box!);
      for (let k = 0; k < M; k++) {
        h += 0.5 * Qt[k]! * e[oT + M + k]! ** 2 + (k === 0 ? nf : 1) * kT * e[oT + k]!;
        h += 0.5 * Qb[k]! * e[oB + M + k]! ** 2 + kT * e[oB + k]!;
      }
      return h;
    },
  };
}
