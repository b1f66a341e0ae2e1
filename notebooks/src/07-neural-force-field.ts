// %% [markdown]
// # Neural force fields: SchNet and MolCT trained on GFN2-xTB ethanol, driving MD
//
// MindSPONGE-TS's neural potentials follow SchNetPack's layering: a representation (SchNet's
// continuous-filter convolutions or MolCT's distance-filtered attention) over a flat pair list,
// an atom-wise head with per-element scale and shift, and responses — energy, forces = -dE/dR and the
// virial — from one reverse pass over the pair vectors. Training on forces differentiates that
// gradient again with respect to the weights. Units: nm, kJ/mol, kJ/mol/nm.
// %%
import * as tslab from 'tslab';
import { ethanolXtb, randomSplit, shippedDataPath } from '@mindscience/datasets';
import {
  evaluateMetrics, initPotential, kineticEnergy, loadPotential, maxwellBoltzmann, molecularUnits, neuralForceProvider,
  nve, representationConfig, trainPotential, evaluatePotential, moleculeBatchGraph, elementIndices,
} from '@mindscience/mindsponge';
import { linePlot } from '@mindscience/viz';
// %% [markdown]
// ## The shipped data set
// 3000 ethanol conformers from 500 K GFN2-xTB molecular dynamics, each labelled with the xtb energy and
// forces (`datasets/scripts/label-xtb.ts`; provenance in `datasets/data/README.md`).
// %%
const frames = ethanolXtb();
const split = randomSplit(frames.length, { train: 1000, validation: 200 }, 0);
const pick = (idx: Int32Array) => Array.from(idx, (i) => frames[i]!);
const [train, validation, test] = [pick(split.train), pick(split.validation), pick(split.test)];
console.log(`${frames.length} frames: ${train.length} train, ${validation.length} validation, ${test.length} test`);
// %% [markdown]
// ## Training a small SchNet for a few epochs
// Loss = w_E MSE(E)/σ_E² + w_F MSE(F)/σ_F², Adam with exponential decay; the per-element shifts start
// from a least-squares fit to the training energies.
// %%
const small = initPotential({ elements: [1, 6, 8], representation: representationConfig('schnet', { features: 16, rbf: 16, interactions: 2 }) }, 0);
const run = trainPotential(small, train.slice(0, 200), validation.slice(0, 100), { epochs: 5, batchSize: 16, learningRate: 3e-3 });
tslab.display.html(linePlot([
  { label: 'validation force MAE', x: run.history.map((h) => h.epoch), y: run.history.map((h) => h.validation.forceMae), markers: true },
], { title: 'a few epochs of training (200 structures)', xLabel: 'epoch', yLabel: 'kJ/mol/nm' }));
// %% [markdown]
// ## The model trained with `npx mindsponge train-ff datasets/scripts/ethanol-schnet.json`
// Force parity on held-out conformers (x: GFN2-xTB, y: SchNet).
// %%
const { model } = loadPotential(shippedDataPath('models/ethanol-schnet.ckpt'));
const sample = test.slice(0, 100);
const m = evaluateMetrics(model, sample);
console.log(`held-out: E MAE ${(m.energyMae / 4.184).toFixed(3)} kcal/mol, F MAE ${(m.forceMae / 41.84).toFixed(3)} kcal/mol/Å`);
const ref: number[] = [], pred: number[] = [];
for (const f of sample.slice(0, 40)) {
  const out = evaluatePotential(model, moleculeBatchGraph([f.positions], [elementIndices(model.config, f.symbols)], model.config.representation.cutoff), f.positions);
  f.forces!.forEach((v, k) => { ref.push(v); pred.push(out.forces[k]!); });
}
tslab.display.html(linePlot([
  { label: 'force components', x: ref, y: pred, markers: true },
  { label: 'y = x', x: [-3000, 3000], y: [-3000, 3000], dashed: true },
], { title: 'SchNet vs GFN2-xTB forces', xLabel: 'xtb (kJ/mol/nm)', yLabel: 'SchNet (kJ/mol/nm)' }));
// %% [markdown]
// ## NVE molecular dynamics on the neural potential
// The model is an ordinary engine `ForceProvider`, so `nve` (velocity Verlet) runs on it unchanged.
// The total energy should stay flat while kinetic and potential energy exchange.
// %%
const start = test[0]!;
const masses = Float64Array.from(start.symbols, (s) => ({ H: 1.008, C: 12.011, O: 15.999 })[s]!);
const sim = nve(neuralForceProvider(model, { atoms: start.symbols }), { dt: 0.0005 });
let s = sim.init({ positions: start.positions.slice(), masses, box: null, velocities: maxwellBoltzmann(masses, 300, molecularUnits.kB, 1) });
const t: number[] = [], ke: number[] = [], pe: number[] = [], tot: number[] = [];
const e0 = sim.conserved(s);
for (let i = 0; i < 600; i++) {
  s = sim.step(s);
  t.push(s.time); ke.push(kineticEnergy(s.velocities, masses)); pe.push(s.potentialEnergy - e0); tot.push(sim.conserved(s) - e0);
}
tslab.display.html(linePlot([
  { label: 'kinetic', x: t, y: ke }, { label: 'potential - E(0)', x: t, y: pe }, { label: 'total - E(0)', x: t, y: tot },
], { title: 'ethanol NVE on SchNet, 0.5 fs', xLabel: 'time (ps)', yLabel: 'kJ/mol' }));
