/**
 * Simulation state and the contract shared by all integrators (jax-md `simulate.py`).
 *
 * Every simulator is an `{init, step}` pair over a plain `MDState` record. `step(state)` returns the
 * next state. For speed the per-atom arrays are advanced in place: the returned record shares them
 * with its input, so the input must not be used afterwards (call `cloneState` to keep a snapshot).
 *
 * Units (molecular | reduced): positions nm|σ, velocities nm/ps|σ/τ, forces kJ/mol/nm|ε/σ,
 * masses amu|m, energies kJ/mol|ε, virial kJ/mol|ε as [xx,yy,zz,xy,xz,yz], time ps|τ.
 * `extended` holds thermostat/barostat variables (layout owned by the simulator that made the state).
 * `rng` is the full random stream state, so checkpoints resume bit-for-bit.
 */
import type { Box } from '../space.ts';

export interface MDState {
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  readonly masses: Float64Array;
  readonly species: Int32Array;
  readonly box: Box | null;
  readonly step: number;
  readonly time: number;
  readonly potentialEnergy: number;
  readonly virial: Float64Array;
  readonly terms: Readonly<Record<string, number>>;
  readonly rng: Uint32Array;
  readonly extended: Float64Array;
}

/** A deep copy of an MDState (every typed array and the terms), for keeping a snapshot across in-place steps. */
export function cloneState(s: MDState): MDState {
  return {
    ...s,
    positions: s.positions.slice(), velocities: s.velocities.slice(), forces: s.forces.slice(), masses: s.masses.slice(),
    species: s.species.slice(), virial: s.virial.slice(), terms: { ...s.terms }, rng: s.rng.slice(), extended: s.extended.slice(),
  };
}

/**
 * Holonomic constraint hooks (SHAKE/RATTLE/SETTLE slot in here).
 * `constrainPositions` is called after each drift with the positions before the drift (`reference`);
 * it must make `positions` satisfy the constraints and apply the matching correction to `velocities`
 * (displacement correction / dt), as RATTLE's first half. `constrainVelocities` removes velocity
 * components along the constraints after each final kick. `count` degrees of freedom are removed.
 */
export interface Constraints {
  readonly count: number;
  constrainPositions(reference: Float64Array, positions: Float64Array, velocities: Float64Array, masses: Float64Array, dt: number, box: Box | null): void;
  constrainVelocities(positions: Float64Array, velocities: Float64Array, masses: Float64Array, box: Box | null): void;
}

/** A simulation blew up (non-finite energy or runaway kinetic energy); carries the `step` and the first offending `atom`. */
export class BlowUpError extends Error {
  override name = 'BlowUpError';
  constructor(message: string, readonly step: number, readonly atom: number) {
    super(message);
  }
}

export interface Simulator {
  readonly name: string;
  /** Time step (ps or τ). */
  readonly dt: number;
  init(init: SimulatorInit): MDState;
  step(state: MDState): MDState;
  /** Degrees of freedom used for the temperature of `state`. */
  dof(state: MDState): number;
  /** The quantity the integrator conserves (energy units): total energy plus thermostat/barostat terms. */
  conserved(state: MDState): number;
}

export interface SimulatorInit {
  positions: Float64Array;
  masses: Float64Array;
  box: Box | null;
  species?: Int32Array;
  /** Initial velocities [n*3]; zero if omitted. */
  velocities?: Float64Array;
  /** Seed for the simulator's random stream (stochastic thermostats/barostats). Default 0. */
  seed?: number;
  /** Resume: start from this step/time/rng/extended instead of fresh values. */
  step?: number;
  time?: number;
  rng?: Uint32Array;
  extended?: Float64Array;
}
