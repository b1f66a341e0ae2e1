/**
 * MD with a trained neural force field (output of `mindsponge train-ff datasets/scripts/ethanol-<kind>.json`):
 *  1. NVE, velocity Verlet, 0.5 fs, from a held-out conformer with 300 K Maxwell-Boltzmann velocities:
 *     total-energy drift (linear fit, kJ/mol/ps) and RMS fluctuation next to the kinetic-energy RMS.
 *  2. NVT Langevin (BAOAB, 500 K, 5/ps): mean temperature, and xtb relabelling of sampled frames (model
 *     error on configurations the model generated itself, when xtb is installed).
 *   npx tsx datasets/scripts/ethanol-md.ts datasets/data/models/ethanol-schnet.ckpt [steps=2000]
 * Prints one JSON object (units: kJ/mol, ps, K, kJ/mol/nm).
 */
import { kineticEnergy, loadPotential, maxwellBoltzmann, molecularUnits, neuralForceProvider, nve, nvtLangevin, temperature } from '@mindscience/mindsponge';
import { ethanolXtb, labelWithXtb, randomSplit, xtbAvailable } from '../src/index.ts';

const path = process.argv[2] ?? 'datasets/data/models/ethanol-schnet.ckpt';
const steps = Number(process.argv[3] ?? 2000);
const { model } = loadPotential(path);
const frames = ethanolXtb();
const split = randomSplit(frames.length, { train: 1000, validation: 200 }, 0);
const start = frames[split.test[0]!]!;
const masses = Float64Array.from(start.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const dt = 0.0005;

const sim = nve(neuralForceProvider(model, { atoms: start.symbols }), { dt });
let s = sim.init({ positions: start.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 300, molecularUnits.kB, 1) });
const t: number[] = [], e: number[] = [], k: number[] = [];
for (let i = 0; i < steps; i++) {
  s = sim.step(s);
  t.push(s.time); e.push(sim.conserved(s)); k.push(kineticEnergy(s.velocities, masses));
}
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
const rms = (a: number[]): number => { const m = mean(a); return Math.sqrt(mean(a.map((v) => (v - m) ** 2))); };
const tm = mean(t), em = mean(e);
const slope = t.reduce((acc, ti, i) => acc + (ti - tm) * (e[i]! - em), 0) / t.reduce((acc, ti) => acc + (ti - tm) ** 2, 0);

const lang = nvtLangevin(neuralForceProvider(model, { atoms: start.symbols }), { dt, temperature: 500, gamma: 5 });
let l = lang.init({ positions: start.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 500, molecularUnits.kB, 2), seed: 3 });
const temps: number[] = [];
const sampled: { x: Float64Array; e: number }[] = [];
for (let i = 0; i < steps; i++) {
  l = lang.step(l);
  if (i >= steps / 4) temps.push(temperature(kineticEnergy(l.velocities, masses), lang.dof(l), molecularUnits.kB));
  if (i >= steps / 4 && i % Math.max(1, Math.floor(steps / 40)) === 0) sampled.push({ x: l.positions.slice(), e: l.potentialEnergy });
}
let relabel: { frames: number; xtbFailures: number; energyMae: number; energyMaeAfterOffset: number; note: string } | null = null;
if (xtbAvailable()) {
  const d: number[] = [];
  let failures = 0;
  for (const f of sampled) {
    try { d.push(f.e - labelWithXtb(start.symbols, f.x).energy); } catch { failures++; }
  }
  const off = mean(d);
  relabel = { frames: d.length, xtbFailures: failures, energyMae: mean(d.map(Math.abs)), energyMaeAfterOffset: mean(d.map((v) => Math.abs(v - off))), note: 'model - xtb on frames from the model NVT run (kJ/mol), raw and with the mean offset removed' };
}
// Geometry sanity over the sampled NVT frames: shortest and longest heavy-atom bond (C-C, C-O), nm.
let shortest = Infinity, longest = 0;
for (const f of sampled) {
  const d = (i: number, j: number): number => Math.hypot(f.x[3 * i]! - f.x[3 * j]!, f.x[3 * i + 1]! - f.x[3 * j + 1]!, f.x[3 * i + 2]! - f.x[3 * j + 2]!);
  for (const [i, j] of [[0, 1], [0, 2]] as const) { shortest = Math.min(shortest, d(i, j)); longest = Math.max(longest, d(i, j)); }
}
console.log(JSON.stringify({
  model: path, kind: model.config.representation.kind, steps, dtPs: dt,
  nve: { driftKJPerMolPerPs: slope, totalEnergyRms: rms(e), kineticEnergyRms: rms(k), ratio: rms(e) / rms(k) },
  nvt: { targetK: 500, meanK: mean(temps), heavyBondRangeNm: [shortest, longest], relabel },
}, null, 2));
