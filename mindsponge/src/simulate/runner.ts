/**
 * Run loop: steps a simulator, computes observables for reporters, shows a progress bar on a terminal
 * (stderr TTY only), and stops a runaway run with the step and the atom responsible.
 *
 * Observables are in the unit system's display units: energies kJ/mol | ε (per-system totals),
 * temperature K | ε/k_B, pressure bar | ε/σ^3, volume nm^3 | σ^3, density g/cm^3 | N σ^3/V, time ps | τ.
 */
import { boxVolume } from '../space.ts';
import { densities, kineticEnergy, pressureTensor } from '../quantities.ts';
import type { UnitSystem } from '../units.ts';
import { BlowUpError, type MDState, type Simulator } from './state.ts';

export interface Observables {
  step: number;
  time: number;
  temperature: number;
  pressure: number;
  potentialEnergy: number;
  kineticEnergy: number;
  totalEnergy: number;
  conserved: number;
  volume: number;
  density: number;
  /** Pressure tensor [xx,yy,zz,xy,xz,yz], display units. */
  pressureTensor: Float64Array;
  terms: Readonly<Record<string, number>>;
}

/**
 * Observables of a state in display units: temperature (K or ε/k_B, from the simulator's dof), pressure and pressure
 * tensor (bar or ε/σ³; NaN without a box), energies (kJ/mol or ε), conserved quantity, volume (nm³ or σ³), density
 * (g/cm³ or N σ³/V) and the provider's energy terms.
 */
export function observe(sim: Simulator, s: MDState, units: UnitSystem): Observables {
  const ke = kineticEnergy(s.velocities, s.masses);
  const V = s.box ? boxVolume(s.box) : NaN;
  const pt = s.box ? pressureTensor(s.velocities, s.masses, s.virial, V) : new Float64Array(6).fill(NaN);
  for (let k = 0; k < 6; k++) pt[k] = pt[k]! * units.pressureFactor;
  const d = densities(s.masses, V);
  return {
    step: s.step, time: s.time,
    temperature: (2 * ke) / (sim.dof(s) * units.kB),
    pressure: (pt[0]! + pt[1]! + pt[2]!) / 3,
    potentialEnergy: s.potentialEnergy, kineticEnergy: ke, totalEnergy: ke + s.potentialEnergy,
    conserved: sim.conserved(s), volume: V,
    density: units.name === 'molecular' ? d.mass * units.massDensityFactor : d.number,
    pressureTensor: pt, terms: s.terms,
  };
}

export interface Reporter {
  /** Report every `every` steps (and at step 0 of the run). */
  readonly every: number;
  report(state: MDState, obs: Observables): void;
  close(): void;
}

export interface RunOptions {
  steps: number;
  units: UnitSystem;
  reporters?: readonly Reporter[];
  /** Report at the first state too (default true). */
  reportInitial?: boolean;
  /** 'auto' (default): a bar on stderr only when it is a TTY. */
  progress?: boolean | 'auto';
  label?: string;
  /** Stop when the kinetic energy per atom exceeds this (energy units); default: no limit. */
  maxKineticPerAtom?: number;
  /** Called after every step (e.g. for on-line averages). */
  onStep?: (state: MDState) => void;
}

/**
 * Advance `state` by o.steps steps of `sim`, calling each reporter every `every` steps (and at the first state unless
 * reportInitial is false) and o.onStep after each step; a progress bar goes to stderr when it is a TTY. Reporters are
 * not closed here.
 * @returns The final state (the input state's arrays are advanced in place).
 * @throws BlowUpError when the kinetic energy becomes non-finite or exceeds o.maxKineticPerAtom per atom, naming the
 *   step and the fastest atom.
 */
export function runSimulation(sim: Simulator, state: MDState, o: RunOptions): MDState {
  const reporters = o.reporters ?? [];
  const tty = o.progress === 'auto' || o.progress === undefined ? Boolean(process.stderr.isTTY) : o.progress;
  const n = state.masses.length;
  let s = state;
  const report = (force: boolean): void => {
    const due = reporters.filter((r) => force || s.step % r.every === 0);
    if (due.length === 0) return;
    const obs = observe(sim, s, o.units);
    for (const r of due) r.report(s, obs);
  };
  if (o.reportInitial ?? true) report(true);
  const t0 = Date.now();
  let lastBar = 0;
  for (let k = 0; k < o.steps; k++) {
    s = sim.step(s);
    const ke = kineticEnergy(s.velocities, s.masses);
    if (!Number.isFinite(ke) || (o.maxKineticPerAtom !== undefined && ke / n > o.maxKineticPerAtom)) {
      let worst = 0, vmax = -1;
      for (let i = 0; i < n; i++) {
        const v2 = s.velocities[3 * i]! ** 2 + s.velocities[3 * i + 1]! ** 2 + s.velocities[3 * i + 2]! ** 2;
        if (!(v2 <= vmax)) { vmax = v2; worst = i; if (!Number.isFinite(v2)) break; }
      }
      throw new BlowUpError(
        `runaway at step ${s.step}: kinetic energy per atom ${ke / n} ${Number.isFinite(ke) ? `exceeds the limit ${o.maxKineticPerAtom}` : 'is not finite'}; fastest atom ${worst} with speed ${Math.sqrt(vmax)}`,
        s.step, worst,
      );
    }
    o.onStep?.(s);
    report(false);
    if (tty) {
      const now = Date.now();
      if (now - lastBar > 250 || k === o.steps - 1) {
        lastBar = now;
        const frac = (k + 1) / o.steps, width = 30, filled = Math.round(frac * width);
        const rate = ((k + 1) * n) / Math.max(1e-3, (now - t0) / 1000);
        process.stderr.write(`\r${o.label ?? 'run'} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * frac).toFixed(0)}% step ${s.step} ${(rate / 1e6).toFixed(2)} M atom-steps/s`);
        if (k === o.steps - 1) process.stderr.write('\n');
      }
    }
  }
  return s;
}
