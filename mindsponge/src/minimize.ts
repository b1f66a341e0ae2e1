/**
 * Energy minimisation over any ForceProvider: steepest descent with an adaptive step, and FIRE
 * (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201 (2006), standard parameters).
 * Both are `{init, step}` pairs over a `MinimizeState`; `minimize()` loops until the largest force
 * component is below `forceTolerance` (kJ/mol/nm or ε/σ) or `maxSteps` is reached.
 * Positions are advanced in place (the returned state shares arrays with its input), wrapped in the box.
 */
import { spaceFor, type Box } from './space.ts';
import { evaluate, forceResult, type ForceProvider, type ForceResult } from './energy/provider.ts';

export interface MinimizeState {
  readonly positions: Float64Array;
  readonly forces: Float64Array;
  readonly energy: number;
  readonly box: Box | null;
  readonly step: number;
  /** Largest |force component| at `positions`. */
  readonly maxForce: number;
  /** Steepest descent: step length (nm). FIRE: time step, mixing α, steps since P < 0, velocities. */
  readonly stepSize: number;
  readonly alpha: number;
  readonly sincePositive: number;
  readonly velocities: Float64Array;
}

export interface Minimizer {
  init(positions: Float64Array, box: Box | null): MinimizeState;
  step(state: MinimizeState): MinimizeState;
}

const maxAbs = (a: Float64Array): number => { let m = 0; for (let k = 0; k < a.length; k++) { const v = Math.abs(a[k]!); if (v > m || Number.isNaN(v)) m = v; } return m; };

function evaluator(provider: ForceProvider): (x: Float64Array, box: Box | null) => ForceResult {
  let out: ForceResult | null = null;
  return (x, box) => {
    if (!out || out.forces.length !== x.length) out = forceResult(x.length / 3);
    return evaluate(provider, x, box, out);
  };
}

/** Steepest descent: move along F with a max displacement `stepSize`; grow 1.2x on success, halve on failure. */
export function steepestDescent(provider: ForceProvider, options: { stepSize?: number } = {}): Minimizer {
  const ev = evaluator(provider);
  return {
    init(positions, box) {
      const x = positions.slice();
      if (box) spaceFor(box).wrap(x);
      const r = ev(x, box);
      return { positions: x, forces: r.forces.slice(), energy: r.energy, box, step: 0, maxForce: maxAbs(r.forces), stepSize: options.stepSize ?? 0.01, alpha: 0, sincePositive: 0, velocities: new Float64Array(0) };
    },
    step(s) {
      const trial = s.positions.slice();
      const scale = s.stepSize / Math.max(s.maxForce, 1e-300);
      for (let k = 0; k < trial.length; k++) trial[k] = trial[k]! + scale * s.forces[k]!;
      if (s.box) spaceFor(s.box).wrap(trial);
      const r = ev(trial, s.box);
      if (r.energy < s.energy) {
        s.positions.set(trial);
        return { ...s, forces: r.forces.slice(), energy: r.energy, step: s.step + 1, maxForce: maxAbs(r.forces), stepSize: s.stepSize * 1.2 };
      }
      return { ...s, step: s.step + 1, stepSize: s.stepSize * 0.5 };
    },
  };
}

export interface FireOptions {
  /**
   * Initial time step (ps or τ; masses are taken as 1); dtMax = 10 dt, dtMin = dt / 50. Default: 0.01,
   * lowered at start so the first move of the atom with the largest force is at most maxMove / 10.
   */
  dt?: number;
  /** Largest displacement per step (nm or σ). Default 0.1 in reduced units; pass ~0.005 nm for molecules. */
  maxMove?: number;
}

/**
 * FIRE with N_min = 5, f_inc = 1.1, f_dec = 0.5, α_start = 0.1, f_α = 0.99, plus FIRE 2.0's safeguards
 * (Guénolé et al., Comput. Mater. Sci. 175, 109584 (2020)): on an uphill step (P = F·v ≤ 0) the positions
 * go back half a step before the velocities are zeroed, dt never drops below dtMin, and dt only grows
 * after N_min downhill steps.
 */
export function fire(provider: ForceProvider, options: FireOptions = {}): Minimizer {
  const ev = evaluator(provider);
  const maxMove = options.maxMove ?? 0.1;
  if (!(maxMove > 0)) throw new RangeError(`fire: maxMove = ${maxMove}, expected > 0 (nm or σ)`);
  if (options.dt !== undefined && !(options.dt > 0)) throw new RangeError(`fire: dt = ${options.dt}, expected > 0`);
  let dt0 = options.dt ?? 0.01, dtMax = 10 * dt0, dtMin = dt0 / 50;
  return {
    init(positions, box) {
      const x = positions.slice();
      if (box) spaceFor(box).wrap(x);
      const r = ev(x, box);
      const fmax = maxAbs(r.forces);
      if (options.dt === undefined && fmax > 0) {
        // First move dt^2 F <= maxMove / 10 (unit masses), so stiff molecules in nm do not overshoot.
        dt0 = Math.min(0.01, Math.sqrt((0.1 * maxMove) / fmax));
        dtMax = 10 * dt0; dtMin = dt0 / 50;
      }
      return { positions: x, forces: r.forces.slice(), energy: r.energy, box, step: 0, maxForce: fmax, stepSize: dt0, alpha: 0.1, sincePositive: 0, velocities: new Float64Array(x.length) };
    },
    step(s) {
      const { positions: x, velocities: v, forces: f } = s;
      let dt = s.stepSize, alpha = s.alpha, since = s.sincePositive;
      let P = 0;
      for (let k = 0; k < v.length; k++) P += v[k]! * f[k]!;
      if (P > 0) {
        since++;
        if (since > 5) { dt = Math.min(dt * 1.1, dtMax); alpha *= 0.99; }
      } else {
        since = 0; dt = Math.max(dt * 0.5, dtMin); alpha = 0.1;
        for (let k = 0; k < x.length; k++) x[k] = x[k]! - 0.5 * s.stepSize * v[k]!;
        v.fill(0);
      }
      // Semi-implicit Euler with the velocity mixed toward the force direction.
      for (let k = 0; k < v.length; k++) v[k] = v[k]! + dt * f[k]!;
      let vv = 0, ff = 0;
      for (let k = 0; k < v.length; k++) { vv += v[k]! * v[k]!; ff += f[k]! * f[k]!; }
      const mix = Math.sqrt(vv / Math.max(ff, 1e-300));
      for (let k = 0; k < v.length; k++) v[k] = (1 - alpha) * v[k]! + alpha * mix * f[k]!;
      let vmax = 0;
      for (let k = 0; k < v.length; k++) vmax = Math.max(vmax, Math.abs(v[k]!));
      if (vmax * dt > maxMove) {
        const c = maxMove / (vmax * dt);
        for (let k = 0; k < v.length; k++) v[k] = c * v[k]!;
      }
      for (let k = 0; k < x.length; k++) x[k] = x[k]! + dt * v[k]!;
      if (s.box) spaceFor(s.box).wrap(x);
      const r = ev(x, s.box);
      f.set(r.forces);
      return { ...s, energy: r.energy, step: s.step + 1, maxForce: maxAbs(f), stepSize: dt, alpha, sincePositive: since };
    },
  };
}

export interface MinimizeOptions {
  method?: 'fire' | 'steepest-descent';
  /** Stop when the largest force component is below this (kJ/mol/nm or ε/σ). Default 1e-3. */
  forceTolerance?: number;
  /** Default 10000. */
  maxSteps?: number;
  /** FIRE's dt and maxMove (see `FireOptions`). */
  fire?: FireOptions;
  /** Steepest descent's initial step length (nm or σ). Default 0.01. */
  stepSize?: number;
}

/** Runs a minimiser to convergence; returns the final state (check `maxForce` against the tolerance). */
export function minimize(provider: ForceProvider, positions: Float64Array, box: Box | null, options: MinimizeOptions = {}): MinimizeState {
  const m = options.method === 'steepest-descent' ? steepestDescent(provider, { stepSize: options.stepSize }) : fire(provider, options.fire);
  const tol = options.forceTolerance ?? 1e-3, maxSteps = options.maxSteps ?? 10_000;
  let s = m.init(positions, box);
  while (s.maxForce > tol && s.step < maxSteps) {
    s = m.step(s);
    if (!Number.isFinite(s.energy)) throw new RangeError(`minimize: energy became ${s.energy} at step ${s.step}`);
  }
  return s;
}
