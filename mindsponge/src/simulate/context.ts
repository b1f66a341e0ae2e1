/**
 * Internal working context of a simulator step: the arrays of the state being advanced plus scratch.
 * Thermostat and barostat operators (thermostats.ts, barostats.ts) act on it between sub-steps.
 * Not part of the public API beyond the operator interfaces.
 */
import type { Box } from '../space.ts';
import type { Rng } from '../rng.ts';
import type { ForceProvider, ForceResult } from '../energy/provider.ts';
import type { Constraints } from './state.ts';

export interface StepContext {
  x: Float64Array;
  v: Float64Array;
  f: Float64Array;
  m: Float64Array;
  invM: Float64Array;
  n: number;
  box: Box | null;
  rng: Rng;
  ext: Float64Array;
  result: ForceResult;
  dof: number;
  kB: number;
  dt: number;
  step: number;
  provider: ForceProvider;
  constraints: Constraints | null;
  /** Recomputes forces/energy/virial at the current x, box into `result` (and `f`). */
  computeForces(): void;
  /** Kinetic energy of the current velocities. */
  kinetic(): number;
}

/** Thermostat operator; `offset` is where its variables start in `ext`. */
export interface ThermostatOp {
  readonly kind: string;
  readonly extSize: number;
  /** True if it does not conserve total momentum (then 3N dof, not 3N-3). */
  readonly stochasticMomentum: boolean;
  initExt(ctx: StepContext, offset: number): void;
  /** Trotter half-step on velocities (NHC), called before the first and after the last kick. */
  half?(ctx: StepContext, offset: number, h: number): void;
  /** Ornstein-Uhlenbeck step for the Langevin (BAOAB/middle) schemes. */
  friction?(ctx: StepContext, offset: number, h: number): void;
  /** After the full step (Berendsen, Bussi, Andersen). */
  end?(ctx: StepContext, offset: number): void;
  /** Energy of the extended variables / heat exchanged, for the conserved quantity. */
  energy(ctx: StepContext, offset: number): number;
}

export interface BarostatOp {
  readonly kind: string;
  readonly extSize: number;
  initExt(ctx: StepContext, offset: number): void;
  /** After the drift, before forces: may rescale x and box (Berendsen). */
  afterDrift?(ctx: StepContext, offset: number): void;
  /** After the full step: may attempt a move and recompute forces (Monte Carlo). */
  end?(ctx: StepContext, offset: number): void;
  energy(ctx: StepContext, offset: number): number;
}
