/**
 * Fine-tunes the Claisen MolCT (output of `npx mindsponge train-ff datasets/scripts/claisen-molct.json`)
 * with two kinds of structures the main set (xtb MD, path and scan points) lacks:
 *  - conformers close to the optimised extended reactant and product (the CLI model put the extended
 *    reactant ~4 kcal/mol too high against the chair path);
 *  - twisted C=C double bonds: the CLI model's 600 K MD twisted the terminal CH2=CH by 70-90 degrees, which
 *    xtb puts 40-75 kcal/mol higher; xtb's own 600 K MD never twists a double bond, so nothing in the main
 *    set taught the model the pi-torsion wall.
 *
 *   npx tsx datasets/scripts/claisen-finetune.ts [--seconds 900] [--seed 2]
 *
 * 1. Extra set (datasets/data/claisen_extra_xtb.extxyz), seeded, labelled with GFN2-xTB (`labelWithXtb`),
 *    skipped if the file exists: 240 Gaussian displacements of the reactant and product
 *    (claisen_structures.extxyz; sigma 0.01-0.04 Angstrom per coordinate; origin near-reactant/product)
 *    and 300 twisted double bonds (origin twist): in the reactant (both C=C), the product (C4=C5) and the
 *    chair reactant (path start, both C=C), the terminal CH2 hydrogens rotated about the C=C axis by
 *    an angle uniform in +-[10, 90] degrees, then 0.02 Angstrom Gaussian noise; 60 per (structure, bond).
 * 2. Training: the main set's training split (seed 0, 1400, as in claisen-molct.json) plus 85 % of the
 *    extra set (seeded shuffle); validation = the main validation split plus 5 %; Adam from lr 3e-4
 *    (x0.5 per 1500 steps), batch 8, energy weight 0.5, force weight 0.5, no refit of the element
 *    references; best validation kept. Test: the main test split and the remaining 10 % of the extra set.
 * Reads datasets/data/models/claisen-molct.ckpt, writes claisen-molct-ft.ckpt and claisen-molct-ft.report.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { evaluateMetrics, loadPotential, savePotential, trainPotential } from '@mindscience/mindsponge';
import { labelWithXtb, randomSplit, readLabelledXyz, seededPermutation, seededUniform, writeFileAtomic, writeLabelledXyz, type LabelledFrame } from '../src/index.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1]! : fallback;
}
const seconds = Number(arg('seconds', '900'));
const seed = Number(arg('seed', '2'));
const t0 = performance.now();
const log = (s: string): void => console.log(`claisen-finetune [${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);
const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(`datasets/data/${f}`, 'utf8'), { source: f });

const extraPath = 'datasets/data/claisen_extra_xtb.extxyz';
if (!existsSync(extraPath)) {
  const [reactant, , product] = read('claisen_structures.extxyz') as [LabelledFrame, LabelledFrame, LabelledFrame];
  const chair = read('claisen_path.extxyz')[0]!;
  const u = seededUniform(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const out: LabelledFrame[] = [];
  const label = (f: LabelledFrame, positions: Float64Array, info: Record<string, string>): void => {
    const l = labelWithXtb(f.symbols, positions);
    out.push({ symbols: f.symbols.slice(), positions, energy: l.energy, forces: l.forces, cell: null, info });
  };
  for (let r = 0; r < 30; r++) for (const sigma of [0.01, 0.02, 0.03, 0.04]) for (const [name, f] of [['reactant', reactant], ['product', product]] as const) {
    label(f, f.positions.map((v) => v + 0.1 * sigma * gauss()), { origin: `near-${name}`, sigma: String(sigma) }); // nm
  }
  // Terminal =CH2 carbons: C with two H within 0.115 nm and a C neighbour within 0.138 nm (the C=C).
  const dist = (x: Float64Array, a: number, b: number): number => Math.hypot(x[3 * a]! - x[3 * b]!, x[3 * a + 1]! - x[3 * b + 1]!, x[3 * a + 2]! - x[3 * b + 2]!);
  for (const f of [reactant, product, chair]) {
    const x0 = f.positions, n = f.symbols.length;
    for (let c = 0; c < n; c++) {
      if (f.symbols[c] !== 'C') continue;
      const hs = Array.from({ length: n }, (_, i) => i).filter((i) => f.symbols[i] === 'H' && dist(x0, c, i) < 0.115);
      const partner = Array.from({ length: n }, (_, i) => i).find((i) => i !== c && f.symbols[i] === 'C' && dist(x0, c, i) < 0.138);
      if (hs.length !== 2 || partner === undefined) continue;
      const ax = [0, 1, 2].map((q) => x0[3 * c + q]! - x0[3 * partner + q]!), norm = Math.hypot(...ax);
      const k = ax.map((v) => v / norm);
      for (let r = 0; r < 60; r++) {
        const theta = ((10 + 80 * u()) * Math.PI / 180) * (u() < 0.5 ? -1 : 1), cs = Math.cos(theta), sn = Math.sin(theta);
        const x = x0.slice();
        for (const h of hs) { // Rodrigues rotation of H about the C=C axis through C
          const v = [0, 1, 2].map((q) => x0[3 * h + q]! - x0[3 * c + q]!);
          const kv = k[0]! * v[0]! + k[1]! * v[1]! + k[2]! * v[2]!;
          const cr = [k[1]! * v[2]! - k[2]! * v[1]!, k[2]! * v[0]! - k[0]! * v[2]!, k[0]! * v[1]! - k[1]! * v[0]!];
          for (let q = 0; q < 3; q++) x[3 * h + q] = x0[3 * c + q]! + v[q]! * cs + cr[q]! * sn + k[q]! * kv * (1 - cs);
        }
        label(f, x.map((v) => v + 0.1 * 0.02 * gauss()), { origin: 'twist', carbon: String(c), degrees: ((theta * 180) / Math.PI).toFixed(1) });
      }
    }
  }
  writeLabelledXyz(extraPath, out, { energyUnit: 'eV', lengthUnit: 'Angstrom', precision: 7 });
  log(`labelled ${out.length} extra frames -> ${extraPath}`);
}
const main = read('claisen_xtb.extxyz'), extraAll = read('claisen_extra_xtb.extxyz');
const perm = seededPermutation(extraAll.length, seed);
const extra = Array.from(perm, (i) => extraAll[i]!);
const nTrain = Math.round(0.85 * extra.length), nVal = Math.round(0.05 * extra.length);
const split = randomSplit(main.length, { train: 1400, validation: 150 }, 0);
const pick = (idx: Int32Array): LabelledFrame[] => Array.from(idx, (i) => main[i]!);
const train = [...pick(split.train), ...extra.slice(0, nTrain)];
const validation = [...pick(split.validation), ...extra.slice(nTrain, nTrain + nVal)];
const testMain = pick(split.test), testExtra = extra.slice(nTrain + nVal);

const ckpt = 'datasets/data/models/claisen-molct.ckpt';
const { model } = loadPotential(ckpt);
const before = { main: evaluateMetrics(model, testMain), extra: evaluateMetrics(model, testExtra) };
const r = trainPotential(model, train, validation, {
  learningRate: 3e-4, decayRate: 0.5, decaySteps: 1500, batchSize: 8, energyWeight: 0.5, forceWeight: 0.5, epochs: 100, patience: 10,
  maxSeconds: seconds, seed, fitReferences: false, log,
});
const after = { main: evaluateMetrics(r.model, testMain), extra: evaluateMetrics(r.model, testExtra) };
savePotential('datasets/data/models/claisen-molct-ft.ckpt', r.model, { validation: r.best, data: 'claisen_xtb.extxyz + claisen_extra_xtb.extxyz', finetunedFrom: 'npx mindsponge train-ff datasets/scripts/claisen-molct.json' });
writeFileAtomic('datasets/data/models/claisen-molct-ft.report.json', JSON.stringify({
  from: 'npx mindsponge train-ff datasets/scripts/claisen-molct.json (report: claisen-molct.report.json)',
  data: { train: train.length, validation: validation.length, testMain: testMain.length, testExtra: testExtra.length },
  options: { learningRate: 3e-4, decayRate: 0.5, decaySteps: 1500, batchSize: 8, energyWeight: 0.5, forceWeight: 0.5, maxSeconds: seconds, seed },
  epochs: r.history.length, steps: r.steps, seconds: (performance.now() - t0) / 1000,
  before, after,
  afterKcal: { testMainEnergyMae: after.main.energyMae / 4.184, testMainForceMae: after.main.forceMae / 41.84, testExtraEnergyMae: after.extra.energyMae / 4.184, testExtraForceMae: after.extra.forceMae / 41.84 },
}, null, 1) + '\n');
log(`test (main split): E MAE ${(before.main.energyMae / 4.184).toFixed(2)} -> ${(after.main.energyMae / 4.184).toFixed(2)} kcal/mol, F MAE ${(before.main.forceMae / 41.84).toFixed(2)} -> ${(after.main.forceMae / 41.84).toFixed(2)} kcal/mol/A; extra set: E MAE ${(before.extra.energyMae / 4.184).toFixed(2)} -> ${(after.extra.energyMae / 4.184).toFixed(2)}`);
