// %% [markdown]
// # A reactive neural force field: the Claisen rearrangement of allyl vinyl ether
//
// MindSPONGE's Cybertron showcased a MolCT force field that simulates the Claisen rearrangement,
// CH2=CH-O-CH2-CH=CH2 (allyl vinyl ether) → OHC-CH2-CH2-CH=CH2 (4-pentenal), a [3,3]-sigmatropic shift
// through a chair transition state: the C1–C6 bond forms while the O3–C4 bond breaks. Here the reference
// method is GFN2-xTB (Bannwarth, Ehlert & Grimme 2019): the reaction path, the training set and the
// checks all come from it (`datasets/scripts/claisen-*.ts`). The model was trained with
// `npx mindsponge train-ff datasets/scripts/claisen-molct.json`; this notebook loads the shipped data and
// checkpoint and does not retrain. Units: nm, kJ/mol (kcal/mol and Å where named).
// %%
import * as tslab from 'tslab';
import { readFileSync } from 'node:fs';
import { randomSplit, readLabelledXyz, shippedDataPath, type LabelledFrame } from '@mindscience/datasets';
import {
  distanceCombination, evaluate, evaluateMetrics, kineticEnergy, loadPotential, maxwellBoltzmann, molecularUnits,
  neuralForceProvider, nve, nvtLangevin, reactionCoordinateRestraint, sumProviders, withFragmentGuard,
} from '@mindscience/mindsponge';
import { heatmap, linePlot } from '@mindscience/viz';
const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(shippedDataPath(f), 'utf8'), { source: f });
const KCAL = 4.184;
// xi = d(C1-C6) - d(O3-C4): atoms 0-5 form a bond, atoms 2-3 break one.
const XI = [{ i: 0, j: 5, c: 1 }, { i: 2, j: 3, c: -1 }];
// %% [markdown]
// ## The GFN2-xTB reaction surface
// A relaxed 2-D scan: every (d(C1–C6), d(O3–C4)) on a 0.1 Å grid is a constrained xtb optimisation.
// The minimum-energy path crosses it at the chair transition state (one imaginary frequency).
// %%
const scan = JSON.parse(readFileSync(shippedDataPath('claisen_scan.json'), 'utf8'));
const nA = scan.d16Angstrom.length, nB = scan.d34Angstrom.length;
// heatmap rows = d(C1-C6) (bottom: 1.5 Å), columns = d(O3-C4); energies in kcal/mol above the reactant, capped.
const surface = scan.energyHartree.map((e: number) => Math.min(60, (e - scan.reactantHartree) * 627.5095));
tslab.display.html(heatmap(surface, nB, nA, { title: 'GFN2 relaxed scan, kcal/mol (x: d(O3-C4) 1.4-3.3 Å, y: d(C1-C6) 1.5-3.4 Å)', cell: 16 }));
console.log(`TS: d(C1-C6) ${scan.ts.d16Angstrom} Å, d(O3-C4) ${scan.ts.d34Angstrom} Å, imaginary frequency ${scan.ts.imaginaryFrequenciesCm.join(', ')} cm^-1`);
console.log(`GFN2 barrier ${scan.barrierKcal} kcal/mol, reaction energy ${scan.reactionEnergyKcal} kcal/mol (experiment: Ea 30.6, ΔH -18)`);
// %% [markdown]
// ## The training set
// Conformers along and around the path: grid points, perturbed path points, restrained (umbrella) xtb MD
// along the path and free 500–600 K xtb MD of reactant and product, each labelled with GFN2 energy and forces.
// %%
const frames = read('claisen_xtb.extxyz');
const byOrigin: Record<string, number> = {};
for (const f of frames) byOrigin[f.info['origin']!] = (byOrigin[f.info['origin']!] ?? 0) + 1;
console.log(`${frames.length} frames`, byOrigin);
const xis = frames.map((f) => Number(f.info['xi']));
const bins = Array.from({ length: 30 }, (_, k) => -3.2 + 0.25 * k);
const hist = bins.map((b) => xis.filter((v) => v >= b && v < b + 0.25).length);
tslab.display.html(linePlot([{ label: 'frames', x: bins.map((b) => b + 0.125), y: hist, markers: true }], { title: 'coverage of the reaction coordinate', xLabel: 'xi = d(C1-C6) - d(O3-C4) (Å)', yLabel: 'frames per 0.25 Å' }));
// %% [markdown]
// ## The trained MolCT model: held-out errors and the energy profile
// Same split as the training config (seed 0, 1400 train / 150 validation / the rest test).
// %%
const { model } = loadPotential(shippedDataPath('models/claisen-molct.ckpt'));
const split = randomSplit(frames.length, { train: 1400, validation: 150 }, 0);
const test = Array.from(split.test, (i) => frames[i]!);
const m = evaluateMetrics(model, test);
console.log(`${model.config.representation.kind}, ${model.config.representation.features} features: test E MAE ${(m.energyMae / KCAL).toFixed(2)} kcal/mol, F MAE ${(m.forceMae / (10 * KCAL)).toFixed(2)} kcal/mol/Å on ${test.length} frames`);
const path = read('claisen_path.extxyz');
const [reactant, ts, product] = read('claisen_structures.extxyz') as [LabelledFrame, LabelledFrame, LabelledFrame];
const provider = () => neuralForceProvider(model, { atoms: reactant.symbols });
const energy = (f: LabelledFrame): number => evaluate(provider(), f.positions, null).energy;
const e0 = energy(path[0]!);
const pathXi = path.map((f) => 10 * distanceCombination(XI, f.positions));
tslab.display.html(linePlot([
  { label: 'GFN2-xTB', x: pathXi, y: path.map((f) => (f.energy! - path[0]!.energy!) / KCAL), markers: true },
  { label: 'MolCT', x: pathXi, y: path.map((f) => (energy(f) - e0) / KCAL) },
], { title: 'energy along the GFN2 minimum-energy path', xLabel: 'xi (Å): reactant → product', yLabel: 'kcal/mol' }));
const [mR, mT, mP] = [reactant, ts, product].map(energy) as [number, number, number];
console.log(`barrier: xtb ${((ts.energy! - reactant.energy!) / KCAL).toFixed(2)}, model ${((mT - mR) / KCAL).toFixed(2)} kcal/mol; reaction energy: xtb ${((product.energy! - reactant.energy!) / KCAL).toFixed(2)}, model ${((mP - mR) / KCAL).toFixed(2)} kcal/mol`);
// %% [markdown]
// ## NVE on the model
// Velocity Verlet, 0.5 fs, 300 K start velocities, with the fragment guard (a split or collapsed molecule
// stops the run with the step number).
// %%
const masses = Float64Array.from(reactant.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const sim = withFragmentGuard(nve(provider(), { dt: 0.0005 }), reactant.symbols);
let s = sim.init({ positions: reactant.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 300, molecularUnits.kB, 1) });
const E0 = sim.conserved(s);
const t: number[] = [], ke: number[] = [], tot: number[] = [];
try {
  for (let i = 0; i < 600; i++) { s = sim.step(s); t.push(s.time); ke.push(kineticEnergy(s.velocities, masses)); tot.push(sim.conserved(s) - E0); }
} catch (e) { console.log(`stopped by the guard: ${(e as Error).message}`); }
tslab.display.html(linePlot([{ label: 'kinetic', x: t, y: ke }, { label: 'total - E(0)', x: t, y: tot }], { title: 'allyl vinyl ether, NVE on MolCT', xLabel: 'time (ps)', yLabel: 'kJ/mol' }));
// %% [markdown]
// ## Driving the rearrangement
// Langevin dynamics at 300 K with a harmonic restraint k/2 (xi − xi0)² (k = 5·10⁴ kJ/mol/nm²) whose
// target moves from the chair reactant to the product side in 1 ps; then the restraint is released and
// the molecule should stay 4-pentenal.
// %%
const restraint = reactionCoordinateRestraint(XI, { forceConstant: 5e4, target: distanceCombination(XI, path[0]!.positions) });
const xiStart = restraint.target, xiEnd = distanceCombination(XI, path[path.length - 1]!.positions);
const drive = withFragmentGuard(nvtLangevin(sumProviders([provider(), restraint]), { dt: 0.0005, temperature: 300, gamma: 5 }), reactant.symbols);
let d = drive.init({ positions: path[0]!.positions.slice(), masses: masses, box: null, velocities: maxwellBoltzmann(masses, 300, molecularUnits.kB, 2), seed: 3 });
const nDrive = 2000, nFree = 300;
const td: number[] = [], xi: number[] = [], target: number[] = [], d16: number[] = [], d34: number[] = [];
const dist = (x: Float64Array, i: number, j: number) => 10 * Math.hypot(x[3 * i]! - x[3 * j]!, x[3 * i + 1]! - x[3 * j + 1]!, x[3 * i + 2]! - x[3 * j + 2]!);
try {
  for (let i = 0; i < nDrive + nFree; i++) {
    restraint.target = i < nDrive ? xiStart + ((xiEnd - xiStart) * (i + 1)) / nDrive : xiEnd;
    restraint.forceConstant = i < nDrive ? 5e4 : 0;
    d = drive.step(d);
    if (i % 5 === 4) { td.push(d.time); xi.push(10 * distanceCombination(XI, d.positions)); target.push(i < nDrive ? 10 * restraint.target : NaN); d16.push(dist(d.positions, 0, 5)); d34.push(dist(d.positions, 2, 3)); }
  }
} catch (e) { console.log(`stopped by the guard: ${(e as Error).message}`); }
tslab.display.html(linePlot([
  { label: 'xi', x: td, y: xi }, { label: 'restraint target', x: td, y: target, dashed: true },
  { label: 'd(C1-C6)', x: td, y: d16 }, { label: 'd(O3-C4)', x: td, y: d34 },
], { title: 'driven Claisen rearrangement on MolCT (restraint released at 1 ps)', xLabel: 'time (ps)', yLabel: 'Å' }));
console.log(`after release: d(C1-C6) ${d16.at(-1)!.toFixed(2)} Å, d(O3-C4) ${d34.at(-1)!.toFixed(2)} Å, d(C2-O3) ${dist(d.positions, 1, 2).toFixed(2)} Å`);
// %% [markdown]
// ## Longer runs (from `npx tsx datasets/scripts/claisen-md.ts`)
// NVE drift, guarded NVT at 300 and 600 K, a slower driven sweep and GFN2 single points on frames the model
// generated, from the shipped summary.
// %%
const summary = JSON.parse(readFileSync(shippedDataPath('models/claisen-molct.md.json'), 'utf8'));
console.log(JSON.stringify({ barrier: summary.barrier, reaction: summary.reaction, profileMaeKcal: summary.profile.maeKcal, nve: summary.nve, nvt: summary.nvt, driven: { ...summary.driven, trace: undefined }, relabel: summary.relabel }, null, 1));
tslab.display.html(linePlot([
  { label: 'xi', x: summary.driven.trace.t, y: summary.driven.trace.xi }, { label: 'target', x: summary.driven.trace.t, y: summary.driven.trace.target, dashed: true },
], { title: `driven run, ${summary.driven.drivePs} ps sweep + ${summary.driven.releasePs} ps free`, xLabel: 'time (ps)', yLabel: 'xi (Å)' }));
