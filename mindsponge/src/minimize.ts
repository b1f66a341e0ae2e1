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
  /** Initial time step (ps or τ); dtMax = 10 dt. Masses are taken as 1. */
  dt?: number;
  /** Largest displacement per step (nm or σ). Default 0.1. */
  maxMove?: number;
}

/** FIRE with N_min = 5, f_inc = 1.1, f_dec = 0.5, α_start = 0.1, f_α = 0.99. */
export function fire(provider: ForceProvider, options: FireOptions = {}): Minimizer {
  const ev = evaluator(provider);
  const dt0 = options.dt ?? 0.01, dtMax = 10 * dt0, maxMove = options.maxMove ?? 0.1;
  return {
    init(positions, box) {
      const x = positions.slice();
      if (box) spaceFor(box).wrap(x);
      const r = ev(x, box);
      return { positions: x, forces: r.forces.slice(), energy: r.energy, box, step: 0, maxForce: maxAbs(r.forces), stepSize: dt0, alpha: 0.1, sincePositive: 0, velocities: new Float64Array(x.length) };
    },
    step(s) {
      const { positions: x, velocities: v, forces: f } = s;
      let dt = s.stepSize, alpha = s.alpha, since = s.sincePositive;
      // MD half step (semi-implicit Euler, as in the original paper)
      for (let k = 0; k < v.length; k++) v[k] = v[k]! + dt * f[k]!;
      let P = 0, vv = 0, ff = 0;
      for (let k = 0; k < v.length; k++) { P += v[k]! * f[k]!; vv += v[k]! * v[k]!; ff += f[k]! * f[k]!; }
      const mix = Math.sqrt(vv / Math.max(ff, 1e-300));
      for (let k = 0; k < v.length; k++) v[k] = (1 - alpha) * v[k]! + alpha * mix * f[k]!;
      if (P > 0) {
        since++;
        if (since > 5) { dt = Math.min(dt * 1.1, dtMax); alpha *= 0.99; }
      } else {
        since = 0; dt *= 0.5; alpha = 0.1;
        v.fill(0);
      }
      let vmax = 0;
      for (let k = 0; k < v.length; k++) vmax = Math.max(vmax, Math.abs(v[k]!));
      const limit = vmax * dt > maxMove ? maxMove / (vmax * dt) : 1;
      for (let k = 0; k < x.length; k++) x[k] = x[k]! + limit * dt * v[k]!;
      if (s.box) spaceFor(s.box).wrap(x);
      const r = ev(x, s.box);
      f.set(r.forces);
      return { ...s, energy: r.energy, step: s.step + 1, maxForce: maxAbs(f), stepSize: dt, alpha, sincePositive: since };
    },
  };
}

export interface MinimizeOptions {
  method?: 'fire' | 'steepest-descent';
  forceTolerance?: number;
  maxSteps?: number;
}

/** Runs a minimiser to convergence; returns the final state (check `maxForce` against the tolerance). */
export function minimize(provider: ForceProvider, positions: Float64Array, box: Box | null, options: MinimizeOptions = {}): MinimizeState {
  const m = options.method === 'steepest-descent' ? steepestDescent(provider) : fire(provider);
  const tol = options.forceTolerance ?? 1e-3, maxSteps = options.maxSteps ?? 10_000;
  let s = m.init(positions, box);
  while (s.maxForce > tol && s.step < maxSteps) {
    s = m.step(s);
    if (!Number.isFinite(s.energy)) throw new RangeError(`minimize: energy became ${s.energy} at step ${s.step}`);
  }
  return s;
}
