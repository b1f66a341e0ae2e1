/**
 * Reporters for `runSimulation`: thermo CSV, XYZ/extXYZ and DCD trajectories, restart checkpoints.
 * Each row/frame is written with a synchronous write (handed to the OS at once, so a crash loses at
 * most the frame being written); checkpoints are atomic (tmp + rename).
 *
 * Thermo CSV columns (display units, per-system totals in both unit systems):
 *   step,time,temperature,pressure,potential_energy,kinetic_energy,total_energy,conserved_energy,volume,density
 * plus one `energy_<term>` column per provider term (e.g. energy_lj, energy_lj_tail).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ForceProvider } from '../energy/provider.ts';
import type { MDState } from '../simulate/state.ts';
import type { Observables, Reporter } from '../simulate/runner.ts';
import { dcdWriter } from './dcd.ts';
import { formatXyzFrame } from './xyz.ts';
import { writeCheckpoint } from './checkpoint.ts';

export const THERMO_COLUMNS = ['step', 'time', 'temperature', 'pressure', 'potential_energy', 'kinetic_energy', 'total_energy', 'conserved_energy', 'volume', 'density'] as const;

const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(12));

/**
 * Reporter writing one thermo CSV row every `every` steps: step, time, temperature, pressure, potential/kinetic/
 * total/conserved energy, volume, density (display units), plus one energy_<term> column per provider term.
 * Rows are written synchronously; with options.append the header is not repeated.
 */
export function thermoCsvReporter(path: string, every: number, options: { append?: boolean } = {}): Reporter {
  const fd = openSync(path, options.append ? 'a' : 'w');
  let terms: string[] | null = null;
  return {
    every,
    report(_s: MDState, o: Observables) {
      if (!terms) {
        terms = Object.keys(o.terms).sort();
        if (!options.append) writeSync(fd, [...THERMO_COLUMNS, ...terms.map((t) => `energy_${t}`)].join(',') + '\n');
      }
      const row = [o.step, o.time, o.temperature, o.pressure, o.potentialEnergy, o.kineticEnergy, o.totalEnergy, o.conserved, o.volume, o.density, ...terms.map((t) => o.terms[t] ?? 0)];
      writeSync(fd, row.map(num).join(',') + '\n');
    },
    close: () => closeSync(fd),
  };
}

/**
 * Reporter appending an XYZ (or extended XYZ, the default) frame every `every` steps, with step, time and energy in
 * the comment line and optionally velocities.
 * @param names Element/atom name per atom [N].
 * @param options.lengthScale File length per internal length, as in formatXyzFrame (0.1 for molecular units: file Å,
 *   internal nm; 1 for reduced).
 */
export function xyzReporter(path: string, every: number, names: readonly string[], options: { lengthScale: number; extended?: boolean; velocities?: boolean; append?: boolean }): Reporter {
  const fd = openSync(path, options.append ? 'a' : 'w');
  return {
    every,
    report(s, o) {
      writeSync(fd, formatXyzFrame(names, s.positions, s.box, {
        lengthScale: options.lengthScale, extended: options.extended ?? true, velocities: options.velocities ? s.velocities : null,
        info: { step: s.step, time: s.time, energy: o.potentialEnergy },
      }));
    },
    close: () => closeSync(fd),
  };
}

/**
 * Reporter writing a DCD frame (positions and box) every `every` steps; see dcdWriter for lengthScale (internal →
 * file length) and molecularTime. dt in ps or τ.
 */
export function dcdReporter(path: string, every: number, nAtoms: number, dt: number, options: { lengthScale: number; molecularTime: boolean; firstStep?: number }): Reporter {
  const w = dcdWriter(path, { nAtoms, every, dt, lengthScale: options.lengthScale, molecularTime: options.molecularTime, firstStep: options.firstStep });
  return { every, report: (s) => w.write(s.positions, s.box), close: () => w.close() };
}

/** Reporter writing a restart checkpoint (state, provider.saveState(), meta()) atomically to `path` every `every` steps. */
export function checkpointReporter(path: string, every: number, provider: ForceProvider, meta: () => Record<string, unknown>): Reporter {
  return {
    every,
    report(s) {
      writeCheckpoint(path, { state: s, provider: provider.saveState?.() ?? {}, meta: meta() });
    },
    close() {},
  };
}
