/**
 * Executes a validated `RunConfig`: builds the system, the LJ provider and the simulator, optionally
 * minimises, runs equilibration then production with reporters, and writes a summary JSON (means and
 * block standard errors over production samples). Resumes from a checkpoint when `resume` is set
 * (bit-for-bit continuation; the thermo CSV is appended).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { lattice, maxwellBoltzmann, type System } from '../system.ts';
import type { ForceProvider } from '../energy/provider.ts';
import type { Constraints } from '../simulate/state.ts';
import { amberRunSetup, type AmberRunSetup } from '../forcefield/runSetup.ts';
import { lennardJones } from '../energy/lennardJones.ts';
import { unitSystem, type UnitSystem } from '../units.ts';
import { readXyz } from '../io/xyz.ts';
import { readCheckpoint } from '../io/checkpoint.ts';
import { checkpointReporter, dcdReporter, thermoCsvReporter, xyzReporter } from '../io/reporters.ts';
import { minimize } from '../minimize.ts';
import { simulator, barostatOp, type Scheme } from '../simulate/integrators.ts';
import { andersenThermostat, berendsenThermostat, bussiThermostat, langevinThermostat, noseHooverChain } from '../simulate/thermostats.ts';
import type { ThermostatOp } from '../simulate/context.ts';
import { nptMTK } from '../simulate/mtk.ts';
import { observe, runSimulation, type Reporter } from '../simulate/runner.ts';
import type { MDState, Simulator } from '../simulate/state.ts';
import { ConfigError, type RunConfig } from './runConfig.ts';

export interface RunSummary {
  units: string;
  ensemble: string;
  simulator: string;
  atoms: number;
  steps: { equilibration: number; production: number; final: number };
  /** Production averages: mean and standard error of 10 block means (display units). */
  averages: Record<string, { mean: number; stderr: number; samples: number }>;
  atomStepsPerSecond: number;
  wallSeconds: number;
}

export function blockAverage(values: number[], blocks = 10): { mean: number; stderr: number; samples: number } {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : NaN;
  const m = Math.floor(n / blocks);
  if (m < 1) return { mean, stderr: NaN, samples: n };
  const bm: number[] = [];
  for (let b = 0; b < blocks; b++) bm.push(values.slice(b * m, (b + 1) * m).reduce((s, v) => s + v, 0) / m);
  const mb = bm.reduce((s, v) => s + v, 0) / blocks;
  return { mean, stderr: Math.sqrt(bm.reduce((s, v) => s + (v - mb) ** 2, 0) / (blocks - 1) / blocks), samples: n };
}

function buildSystem(c: RunConfig, baseDir: string, units: UnitSystem): { system: System; names: string[]; velocities: Float64Array | null } {
  if (c.system.kind === 'lattice') {
    const s = lattice({ kind: c.system.lattice, density: c.system.density, cells: c.system.cells, mass: c.system.mass, speciesName: c.system.element });
    return { system: s, names: new Array<string>(s.masses.length).fill(c.system.element), velocities: null };
  }
  if (c.system.kind !== 'file') throw new ConfigError('buildSystem: Amber systems are built by amberRunSetup');
  const path = isAbsolute(c.system.file) ? c.system.file : join(baseDir, c.system.file);
  if (!existsSync(path)) throw new ConfigError(`system.file = '${c.system.file}': no such file (${path})`);
  const frames = readXyz(readFileSync(path, 'utf8'), { source: path, lengthScale: c.system.lengthScale ?? (units.name === 'molecular' ? 0.1 : 1) });
  const f = frames[frames.length - 1];
  if (!f) throw new ConfigError(`system.file = '${c.system.file}': holds no frames`);
  if (!f.box) throw new ConfigError(`system.file = '${c.system.file}': needs a periodic cell (extxyz Lattice="...")`);
  const speciesNames = [...new Set(f.names)];
  const species = Int32Array.from(f.names, (nm) => speciesNames.indexOf(nm));
  let masses = f.masses;
  if (!masses) {
    if (c.system.mass === null) throw new ConfigError(`system.mass is required: '${c.system.file}' has no mass column`);
    masses = new Float64Array(f.names.length).fill(c.system.mass);
  }
  return { system: { positions: f.positions, masses, species, box: f.box, speciesNames }, names: f.names, velocities: f.velocities };
}

function thermostatFor(c: RunConfig, kB: number): ThermostatOp | undefined {
  const t = c.thermostat;
  if (!t) return undefined;
  const kT = kB * t.temperature;
  switch (t.kind) {
    case 'langevin': return langevinThermostat(kT, t.gamma);
    case 'berendsen': return berendsenThermostat(kT, t.tau);
    case 'bussi': return bussiThermostat(kT, t.tau);
    case 'andersen': return andersenThermostat(kT, t.collisionFrequency);
    case 'nose-hoover': return noseHooverChain(kT, t.tau, t.chainLength);
  }
}

export interface ExecuteOptions {
  /** Directory relative paths in the config resolve against (the config file's folder). */
  baseDir: string;
  progress?: boolean | 'auto';
  log?: (line: string) => void;
}

export function executeRun(c: RunConfig, o: ExecuteOptions): RunSummary {
  const log = o.log ?? (() => {});
  const units = unitSystem(c.units);
  const outDir = resolve(o.baseDir, c.outputs.directory);
  mkdirSync(outDir, { recursive: true });
  let system: System, names: string[], fileVelocities: Float64Array | null;
  let provider: ForceProvider & { close?(): void };
  let constraints: Constraints | undefined;
  let amberBarostat: AmberRunSetup['barostat'] | null = null;
  if (c.system.kind === 'amber') {
    const a = c.system;
    const at = (p: string): string => (isAbsolute(p) ? p : join(o.baseDir, p));
    const setup = amberRunSetup({
      prmtop: at(a.prmtop), rst7: at(a.rst7), nonbondedMethod: a.nonbondedMethod ?? undefined, cutoff: a.cutoff ?? undefined,
      constraints: a.constraints, rigidWater: a.rigidWater, hydrogenMass: a.hydrogenMass ?? undefined,
    });
    system = { positions: setup.positions, masses: setup.masses, species: setup.species, box: setup.box };
    names = setup.system.params.atomNames.map((nm) => nm.replace(/[^A-Za-z]/g, '').slice(0, 1) || 'X');
    fileVelocities = setup.velocities;
    provider = setup.provider;
    constraints = setup.constraints;
    amberBarostat = setup.barostat;
  } else {
    ({ system, names, velocities: fileVelocities } = buildSystem(c, o.baseDir, units));
    const nSpecies = Math.max(1, ...Array.from(system.species, (s) => s + 1));
    provider = lennardJones({ ...c.potential!.lj, species: nSpecies > 1 ? system.species : undefined, threads: c.threads });
  }
  const n = system.masses.length;
  // Langevin defaults to the middle scheme (as OpenMM): BAOAB's full-step velocities under-read T at 2 fs.
  const scheme: Scheme = c.integrator ?? (c.thermostat?.kind === 'langevin' ? 'middle' : 'verlet');
  const thermostat = thermostatFor(c, units.kB);
  const barostat = !c.barostat || c.barostat.kind === 'mtk' ? undefined
    : c.barostat.kind === 'monte-carlo' && amberBarostat ? amberBarostat(c.barostat.pressure, c.thermostat!.temperature, c.barostat.frequency)
    : barostatOp({ ...c.barostat, kind: c.barostat.kind, compressibility: c.barostat.compressibility ?? undefined }, c.thermostat!.temperature, units);
  if (scheme === 'leapfrog' && thermostat?.half) throw new ConfigError(`integrator 'leapfrog' cannot take a Nose-Hoover thermostat; use 'verlet'`);
  if (c.barostat?.kind === 'mtk' && constraints) throw new ConfigError(`barostat.kind 'mtk' does not support constraints yet; use 'monte-carlo' or system.amber.constraints 'none' with rigidWater false`);
  const sim: Simulator = c.barostat?.kind === 'mtk'
    ? nptMTK(provider, { dt: c.dt, temperature: c.thermostat!.temperature, pressure: c.barostat.pressure, tau: c.thermostat!.tau, tauP: c.barostat.tau, chainLength: c.thermostat!.chainLength, units })
    : simulator(provider, { dt: c.dt, scheme, thermostat, barostat, units, constraints, name: `${c.ensemble}-${scheme}${thermostat ? `-${thermostat.kind}` : ''}${barostat ? `-${barostat.kind}` : ''}` });
  const total = c.steps.equilibration + c.steps.production;

  let state: MDState;
  if (c.resume) {
    const path = isAbsolute(c.resume) ? c.resume : join(o.baseDir, c.resume);
    const ck = readCheckpoint(path);
    if (ck.state.masses.length !== n) throw new ConfigError(`resume: checkpoint '${c.resume}' has ${ck.state.masses.length} atoms, the system has ${n}`);
    provider.restoreState?.(ck.provider);
    const s = ck.state;
    state = sim.init({ positions: s.positions, masses: s.masses, box: s.box, species: s.species, velocities: s.velocities, rng: s.rng, extended: s.extended, step: s.step, time: s.time });
    log(`resumed from ${c.resume} at step ${s.step}`);
  } else {
    let x = system.positions;
    if (c.minimize) {
      const m = minimize(provider, x, system.box, c.minimize);
      log(`minimised: ${m.step} steps, energy ${m.energy.toPrecision(8)}, max force ${m.maxForce.toExponential(3)}`);
      x = m.positions;
    }
    const T0 = c.temperature ?? c.thermostat?.temperature ?? null;
    const v = T0 !== null ? maxwellBoltzmann(system.masses, T0, units.kB, c.seed) : fileVelocities;
    state = sim.init({ positions: x, masses: system.masses, box: system.box, species: system.species, velocities: v ?? undefined, seed: c.seed + 1 });
  }
  const appendOutputs = c.resume !== null;
  const reporters: Reporter[] = [];
  if (c.outputs.thermo) reporters.push(thermoCsvReporter(join(outDir, c.outputs.thermo.file), c.outputs.thermo.every, { append: appendOutputs }));
  const tr = c.outputs.trajectory;
  if (tr) {
    const path = join(outDir, tr.file);
    const lengthScale = units.name === 'molecular' ? 0.1 : 1;
    if (tr.format === 'dcd') {
      if (appendOutputs) throw new ConfigError(`resume: DCD trajectories cannot be appended; give outputs.trajectory.file a new name`);
      reporters.push(dcdReporter(path, tr.every, n, c.dt, { lengthScale: 1 / lengthScale, molecularTime: units.name === 'molecular', firstStep: state.step }));
    } else reporters.push(xyzReporter(path, tr.every, names, { lengthScale, extended: tr.format === 'extxyz', velocities: tr.velocities, append: appendOutputs }));
  }
  if (c.outputs.checkpoint) reporters.push(checkpointReporter(join(outDir, c.outputs.checkpoint.file), c.outputs.checkpoint.every, provider, () => ({ simulator: sim.name, totalSteps: total })));

  const samples: Record<string, number[]> = { temperature: [], pressure: [], potential_energy_per_atom: [], density: [], volume: [], conserved_energy_per_atom: [] };
  const maxKe = c.maxKineticPerAtom ?? 100 * 1.5 * units.kB * Math.max(c.thermostat?.temperature ?? 0, c.temperature ?? 0, 1e-300 + (c.units === 'reduced' ? 1 : 100));
  const t0 = Date.now();
  const startStep = state.step;
  try {
    const eqLeft = Math.max(0, c.steps.equilibration - state.step);
    if (eqLeft > 0) state = runSimulation(sim, state, { steps: eqLeft, units, reporters, progress: o.progress, label: 'equilibration', maxKineticPerAtom: maxKe, reportInitial: !appendOutputs });
    const prodLeft = Math.max(0, total - state.step);
    state = runSimulation(sim, state, {
      steps: prodLeft, units, reporters, progress: o.progress, label: 'production', maxKineticPerAtom: maxKe, reportInitial: eqLeft === 0 && !appendOutputs,
      onStep: (s) => {
        if (s.step % c.outputs.sampleEvery !== 0) return;
        const ob = observe(sim, s, units);
        samples['temperature']!.push(ob.temperature); samples['pressure']!.push(ob.pressure);
        samples['potential_energy_per_atom']!.push(ob.potentialEnergy / n); samples['density']!.push(ob.density);
        samples['volume']!.push(ob.volume); samples['conserved_energy_per_atom']!.push(ob.conserved / n);
      },
    });
  } finally {
    for (const r of reporters) r.close();
    provider.close?.();
  }
  const wall = (Date.now() - t0) / 1000;
  const summary: RunSummary = {
    units: c.units, ensemble: c.ensemble, simulator: sim.name, atoms: n,
    steps: { equilibration: c.steps.equilibration, production: c.steps.production, final: state.step },
    averages: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, blockAverage(v)])),
    atomStepsPerSecond: ((state.step - startStep) * n) / Math.max(wall, 1e-9), wallSeconds: wall,
  };
  if (c.outputs.summary) {
    const p = join(outDir, c.outputs.summary);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(`${p}.tmp`, JSON.stringify(summary, null, 2) + '\n');
    renameSync(`${p}.tmp`, p);
  }
  return summary;
}
