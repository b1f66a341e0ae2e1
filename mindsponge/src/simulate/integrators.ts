/**
 * Integrators as `{init, step}` simulators over `MDState` (jax-md `simulate.py`; OpenMM for units).
 *
 * Schemes (each a composition of kicks B, drifts A, friction O and force updates F):
 *  - 'verlet':   velocity Verlet            B(dt/2) A(dt) F B(dt/2)            (Swope et al. 1982)
 *  - 'leapfrog': leap-frog, v at half steps B(dt) A(dt) F
 *  - 'baoab':    Langevin BAOAB             B(dt/2) A(dt/2) O(dt) A(dt/2) F B(dt/2)
 *                (Leimkuhler & Matthews, AMRX 2013)
 *  - 'middle':   Langevin "middle" scheme, leap-frog form, v at half steps: B(dt) A(dt/2) O(dt) A(dt/2) F
 *                (Zhang, Liu, Tuckerman et al., JCP 147, 034109 (2017); MindSPONGE's default)
 *   Both sample configurations to O(dt^2) or better, but BAOAB's full-step velocities carry the known
 *   kinetic-temperature bias of order (ω dt / 2)^2 for the fastest modes: an Amber peptide with H-bond
 *   constraints at 2 fs reads ~286 K for a 300 K target (its configurations are still right), while the
 *   'middle' scheme's velocities give 302 K. Use 'middle' (OpenMM's LangevinMiddleIntegrator) where the
 *   kinetic temperature matters; the `mindsponge run` CLI defaults to it.
 * Thermostat operators wrap the Verlet scheme as Trotter half-steps (Nose-Hoover chain) or act after
 * the step (Berendsen, Bussi, Andersen); barostats act after the drift (Berendsen) or after the step
 * (Monte Carlo). Constraint hooks run after every drift and kick.
 *
 * Parameters use the unit system's display units: temperature K (or ε/k_B), pressure bar (or ε/σ^3),
 * compressibility 1/bar, dt/tau ps (or τ), friction/collision frequency 1/ps (or 1/τ).
 * After each force update the energy is checked; a non-finite value stops with `BlowUpError` naming
 * the step and the first atom with a non-finite position or force.
 */
import { createRng } from '../rng.ts';
import { spaceFor, wrapPositions } from '../space.ts';
import { clearForceResult, forceResult, type ForceProvider } from '../energy/provider.ts';
import { kineticEnergy, degreesOfFreedom } from '../quantities.ts';
import { molecularUnits, type UnitSystem } from '../units.ts';
import type { BarostatOp, StepContext, ThermostatOp } from './context.ts';
import { BlowUpError, type Constraints, type MDState, type Simulator, type SimulatorInit } from './state.ts';
import { andersenThermostat, berendsenThermostat, bussiThermostat, langevinThermostat, noseHooverChain } from './thermostats.ts';
import { berendsenBarostat, monteCarloBarostat } from './barostats.ts';

export type Scheme = 'verlet' | 'leapfrog' | 'baoab' | 'middle';

export interface SimulatorSpec {
  dt: number;
  scheme?: Scheme;
  thermostat?: ThermostatOp;
  barostat?: BarostatOp;
  constraints?: Constraints;
  units?: UnitSystem;
  name?: string;
}

/** Builds a simulator from a scheme and optional thermostat/barostat operators (the generic form). */
export function simulator(provider: ForceProvider, spec: SimulatorSpec): Simulator {
  const dt = spec.dt;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`simulator: dt = ${dt}, expected a finite time step > 0`);
  const scheme = spec.scheme ?? 'verlet';
  const thermostat = spec.thermostat ?? null;
  const barostat = spec.barostat ?? null;
  const constraints = spec.constraints ?? null;
  const kB = (spec.units ?? molecularUnits).kB;
  if ((scheme === 'baoab' || scheme === 'middle') && !thermostat?.friction) {
    throw new RangeError(`simulator: scheme '${scheme}' needs a Langevin thermostat`);
  }
  const tOff = 0, bOff = thermostat?.extSize ?? 0;
  const extSize = bOff + (barostat?.extSize ?? 0);

  const dofOf = (n: number): number => degreesOfFreedom(n, { removeCom: !thermostat?.stochasticMomentum, constraints: constraints?.count ?? 0 });

  // One context per simulator, re-pointed at the state's arrays on each step.
  let ctx: StepContext | null = null;
  let xRef: Float64Array | null = null;
  const bind = (s: MDState): StepContext => {
    const n = s.masses.length;
    if (!ctx || ctx.n !== n || ctx.x !== s.positions || ctx.f !== s.forces) {
      const result = { energy: s.potentialEnergy, forces: s.forces, virial: s.virial, terms: { ...s.terms } };
      const invM = new Float64Array(n);
      for (let i = 0; i < n; i++) invM[i] = 1 / s.masses[i]!;
      const c: StepContext = {
        x: s.positions, v: s.velocities, f: s.forces, m: s.masses, invM, n, box: s.box,
        rng: createRng(s.rng), ext: s.extended, result, dof: dofOf(n), kB, dt, step: s.step, provider, constraints,
        computeForces() {
          clearForceResult(c.result);
          provider.compute(c.x, c.box, c.result);
        },
        kinetic: () => kineticEnergy(c.v, c.m),
      };
      ctx = c;
    }
    const c = ctx;
    c.v = s.velocities; c.m = s.masses; c.box = s.box; c.ext = s.extended; c.step = s.step;
    c.rng.state.set(s.rng);
    c.result.energy = s.potentialEnergy;
    return c;
  };

  const kick = (c: StepContext, h: number): void => {
    const { v, f, invM, n } = c;
    for (let i = 0; i < n; i++) {
      const s = h * invM[i]!, i3 = 3 * i;
      v[i3] = v[i3]! + s * f[i3]!; v[i3 + 1] = v[i3 + 1]! + s * f[i3 + 1]!; v[i3 + 2] = v[i3 + 2]! + s * f[i3 + 2]!;
    }
    if (c.constraints) c.constraints.constrainVelocities(c.x, v, c.m, c.box);
  };
  const drift = (c: StepContext, h: number): void => {
    const { x, v } = c;
    if (c.constraints) {
      if (!xRef || xRef.length !== x.length) xRef = new Float64Array(x.length);
      xRef.set(x);
    }
    for (let k = 0; k < x.length; k++) x[k] = x[k]! + h * v[k]!;
    if (c.constraints) c.constraints.constrainPositions(xRef!, x, v, c.m, h, c.box);
  };
  const forces = (c: StepContext, stepNumber = c.step + 1): void => {
    if (c.box) wrapPositions(c.box, c.x);
    c.computeForces();
    checkFinite(c, stepNumber);
  };

  function checkFinite(c: StepContext, stepNumber: number): void {
    if (Number.isFinite(c.result.energy)) return;
    const { x, f, n } = c;
    let atom = 0;
    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      if (!(Number.isFinite(x[i3]! + x[i3 + 1]! + x[i3 + 2]!) && Number.isFinite(f[i3]! + f[i3 + 1]! + f[i3 + 2]!))) { atom = i; break; }
    }
    throw new BlowUpError(
      `blow-up at step ${stepNumber}: potential energy is ${c.result.energy}; first bad atom ${atom} at (${x[3 * atom]}, ${x[3 * atom + 1]}, ${x[3 * atom + 2]}) with force (${f[3 * atom]}, ${f[3 * atom + 1]}, ${f[3 * atom + 2]})`,
      stepNumber, atom,
    );
  }

  function init(i: SimulatorInit): MDState {
    const n = i.masses.length;
    if (i.positions.length !== 3 * n) throw new RangeError(`init: positions has ${i.positions.length} values, expected 3 x ${n} masses`);
    if (i.velocities && i.velocities.length !== 3 * n) throw new RangeError(`init: velocities has ${i.velocities.length} values, expected ${3 * n}`);
    i.masses.forEach((m, k) => { if (!(m > 0)) throw new RangeError(`init: masses[${k}] = ${m}, expected > 0`); });
    const positions = i.positions.slice();
    if (i.box) spaceFor(i.box).wrap(positions);
    const rng = i.rng ? Uint32Array.from(i.rng) : createRng(i.seed ?? 0).state.slice();
    const state0: MDState = {
      positions, velocities: i.velocities ? i.velocities.slice() : new Float64Array(3 * n), forces: new Float64Array(3 * n),
      masses: i.masses.slice(), species: i.species ? i.species.slice() : new Int32Array(n), box: i.box,
      step: i.step ?? 0, time: i.time ?? 0, potentialEnergy: 0, virial: new Float64Array(6), terms: {},
      rng, extended: i.extended ? i.extended.slice() : new Float64Array(extSize),
    };
    if (state0.extended.length !== extSize) throw new RangeError(`init: extended has ${state0.extended.length} values, this simulator needs ${extSize}`);
    const c = bind(state0);
    forces(c, state0.step);
    if (!i.extended) {
      thermostat?.initExt(c, tOff);
      barostat?.initExt(c, bOff);
    }
    return snapshot(c, state0.species, state0.step, state0.time);
  }

  function snapshot(c: StepContext, species: Int32Array, step: number, time: number): MDState {
    return {
      positions: c.x, velocities: c.v, forces: c.f, masses: c.m, species, box: c.box, step, time,
      potentialEnergy: c.result.energy, virial: c.result.virial, terms: { ...c.result.terms }, rng: c.rng.state.slice(), extended: c.ext,
    };
  }

  function step(s: MDState): MDState {
    const c = bind(s);
    switch (scheme) {
      case 'verlet':
        thermostat?.half?.(c, tOff, 0.5 * dt);
        kick(c, 0.5 * dt);
        drift(c, dt);
        barostat?.afterDrift?.(c, bOff);
        forces(c);
        kick(c, 0.5 * dt);
        thermostat?.half?.(c, tOff, 0.5 * dt);
        break;
      case 'leapfrog':
        kick(c, dt);
        drift(c, dt);
        barostat?.afterDrift?.(c, bOff);
        forces(c);
        break;
      case 'baoab':
        kick(c, 0.5 * dt);
        drift(c, 0.5 * dt);
        thermostat!.friction!(c, tOff, dt);
        drift(c, 0.5 * dt);
        barostat?.afterDrift?.(c, bOff);
        forces(c);
        kick(c, 0.5 * dt);
        break;
      case 'middle':
        kick(c, dt);
        drift(c, 0.5 * dt);
        thermostat!.friction!(c, tOff, dt);
        drift(c, 0.5 * dt);
        barostat?.afterDrift?.(c, bOff);
        forces(c);
        break;
    }
    thermostat?.end?.(c, tOff);
    barostat?.end?.(c, bOff);
    // (positions were wrapped before the force update and are not moved after it)
    return snapshot(c, s.species, s.step + 1, s.time + dt);
  }

  return {
    name: spec.name ?? `${scheme}${thermostat ? `+${thermostat.kind}` : ''}${barostat ? `+${barostat.kind}` : ''}`,
    dt,
    init,
    step,
    dof: (s) => dofOf(s.masses.length),
    conserved(s) {
      const c = bind(s);
      return kineticEnergy(s.velocities, s.masses) + s.potentialEnergy + (thermostat ? thermostat.energy(c, tOff) : 0) + (barostat ? barostat.energy(c, bOff) : 0);
    },
  };
}

interface Common {
  dt: number;
  units?: UnitSystem;
  constraints?: Constraints;
}

/** Microcanonical velocity Verlet. */
export const nve = (provider: ForceProvider, o: Common): Simulator => simulator(provider, { ...o, scheme: 'verlet', name: 'nve' });

/** Leap-frog (velocities at half steps). */
export const leapfrog = (provider: ForceProvider, o: Common): Simulator => simulator(provider, { ...o, scheme: 'leapfrog', name: 'leapfrog' });

export interface LangevinOptions extends Common {
  temperature: number;
  /** Friction γ (1/ps or 1/τ). */
  gamma: number;
  scheme?: 'baoab' | 'middle';
}
/**
 * NVT Langevin dynamics: BAOAB (default, Leimkuhler & Matthews 2013) or the "middle" scheme (Zhang et al. 2017).
 * Prefer `scheme: 'middle'` for stiff molecular systems at 2 fs: BAOAB's full-step velocities read a few
 * per cent below the target temperature there (see the header), although its configurations are right.
 * @param o dt (ps or τ), temperature (K or ε/k_B), gamma friction (1/ps or 1/τ), units (default molecular), constraints.
 * @throws RangeError when gamma ≤ 0.
 */
export function nvtLangevin(provider: ForceProvider, o: LangevinOptions): Simulator {
  const kT = (o.units ?? molecularUnits).kB * o.temperature;
  return simulator(provider, { ...o, scheme: o.scheme ?? 'baoab', thermostat: langevinThermostat(kT, o.gamma), name: `nvt-langevin-${o.scheme ?? 'baoab'}` });
}

export interface CouplingOptions extends Common {
  temperature: number;
  /** Coupling time τ (ps or τ). */
  tau: number;
}
/**
 * NVT velocity Verlet with the Berendsen weak-coupling thermostat (not canonical). o: dt, temperature (K or ε/k_B),
 * tau coupling time (ps or τ), units, constraints.
 */
export const nvtBerendsen = (p: ForceProvider, o: CouplingOptions): Simulator =>
  simulator(p, { ...o, thermostat: berendsenThermostat((o.units ?? molecularUnits).kB * o.temperature, o.tau), name: 'nvt-berendsen' });
/**
 * NVT velocity Verlet with Bussi-Donadio-Parrinello stochastic velocity rescaling (canonical). o: dt, temperature,
 * tau coupling time (ps or τ), units, constraints.
 */
export const nvtBussi = (p: ForceProvider, o: CouplingOptions): Simulator =>
  simulator(p, { ...o, thermostat: bussiThermostat((o.units ?? molecularUnits).kB * o.temperature, o.tau), name: 'nvt-bussi' });
/**
 * NVT velocity Verlet with a Nosé-Hoover chain (Martyna et al. 1996), chainLength default 3; o.tau (ps or τ) sets the
 * thermostat masses Q_1 = N_dof kT τ², Q_k = kT τ². Its conserved quantity includes the chain energy.
 */
export const nvtNoseHoover = (p: ForceProvider, o: CouplingOptions & { chainLength?: number }): Simulator =>
  simulator(p, { ...o, thermostat: noseHooverChain((o.units ?? molecularUnits).kB * o.temperature, o.tau, o.chainLength ?? 3), name: 'nvt-nose-hoover' });
/**
 * NVT velocity Verlet with the Andersen thermostat: each atom's velocity is redrawn from Maxwell-Boltzmann with
 * probability 1 - exp(-ν dt) per step, ν = collisionFrequency (1/ps or 1/τ).
 */
export const nvtAndersen = (p: ForceProvider, o: Common & { temperature: number; collisionFrequency: number }): Simulator =>
  simulator(p, { ...o, thermostat: andersenThermostat((o.units ?? molecularUnits).kB * o.temperature, o.collisionFrequency), name: 'nvt-andersen' });

export interface BarostatOptions {
  kind: 'berendsen' | 'monte-carlo';
  /** Target pressure (bar or ε/σ^3). */
  pressure: number;
  anisotropic?: boolean;
  /** Berendsen: coupling time (ps or τ) and compressibility (1/bar or σ^3/ε). */
  tau?: number;
  compressibility?: number;
  /** Monte Carlo: attempt every `frequency` steps (default 25). */
  frequency?: number;
}

/** Barostat operator in internal units from display-unit options; `temperature` needed for MC. */
export function barostatOp(o: BarostatOptions, temperature: number, units: UnitSystem = molecularUnits): BarostatOp {
  const p = o.pressure / units.pressureFactor;
  if (!Number.isFinite(p)) throw new RangeError(`barostat: pressure = ${o.pressure}, expected a finite number`);
  if (o.kind === 'berendsen') {
    return berendsenBarostat(p, o.tau ?? 1, (o.compressibility ?? (units.name === 'molecular' ? 4.5e-5 : 1)) * units.pressureFactor, o.anisotropic ?? false);
  }
  return monteCarloBarostat(p, units.kB * temperature, o.frequency ?? 25, o.anisotropic ?? false);
}
