/**
 * Trains the Claisen MolCT FROM SCRATCH on the main set and the twisted-C=C/near-minimum extra set together
 * (issue 7), so the pi-torsion wall is learned with the path instead of fine-tuned on afterwards.
 *
 *   npx tsx datasets/scripts/claisen-train-all.ts [datasets/scripts/claisen-molct-all.json]
 *
 * Config (paths relative to it): same model/training fields as `mindsponge train-ff` configs, but
 * `data` is [main, extra] and `split` is {main: {train, validation, seed}, extra: {train, validation, seed}}:
 *  - main (claisen_xtb.extxyz): `randomSplit` with the SAME counts and seed as claisen-molct.json, so the old
 *    377 test frames stay out of training and the test MAEs compare with claisen-molct.report.json;
 *  - extra (claisen_extra_xtb.extxyz): `seededPermutation(n, seed)`, first fraction train, next validation,
 *    the rest test (the same split as claisen-finetune.ts, so its extra-test numbers compare too).
 * Units: files in eV / Angstrom, model nm / kJ/mol. Writes the best-validation checkpoint (also during
 * training, atomically) and a JSON report with test MAEs on both test sets (kJ/mol and kcal/mol).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { atomicNumber, evaluateMetrics, initPotential, representationConfig, savePotential, trainPotential } from '@mindscience/mindsponge';
import { randomSplit, readLabelledXyz, seededPermutation, writeFileAtomic, type LabelledFrame } from '../src/index.ts';

interface Config {
  data: [string, string]; energyUnit: string; lengthUnit: string;
  split: { main: { train: number; validation: number; seed: number }; extra: { train: number; validation: number; seed: number } };
  model: { kind: 'molct' | 'schnet'; seed: number; [k: string]: unknown };
  training: Record<string, number>;
  output: string; report: string;
}
const configPath = process.argv[2] ?? 'datasets/scripts/claisen-molct-all.json';
const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as Config;
if (!Array.isArray(cfg.data) || cfg.data.length !== 2) throw new Error(`${configPath}: data: expected [main, extra] file names, got ${JSON.stringify(cfg.data)}`);
for (const k of ['main', 'extra'] as const) {
  const s = cfg.split?.[k];
  if (!s || !(s.train > 0) || !(s.validation >= 0) || !Number.isInteger(s.seed)) throw new Error(`${configPath}: split.${k}: expected {train > 0, validation >= 0, seed integer}, got ${JSON.stringify(s)}`);
}
const base = dirname(resolve(configPath));
const t0 = performance.now();
const log = (s: string): void => console.log(`claisen-train-all [${((performance.now() - t0) / 1000).toFixed(0)} s] ${s}`);
const read = (f: string): LabelledFrame[] => readLabelledXyz(readFileSync(resolve(base, f), 'utf8'), { source: f, energyUnit: cfg.energyUnit, lengthUnit: cfg.lengthUnit });

const main = read(cfg.data[0]), extraAll = read(cfg.data[1]);
const ms = randomSplit(main.length, { train: cfg.split.main.train, validation: cfg.split.main.validation }, cfg.split.main.seed);
const pick = (idx: Int32Array): LabelledFrame[] => Array.from(idx, (i) => main[i]!);
const extra = Array.from(seededPermutation(extraAll.length, cfg.split.extra.seed), (i) => extraAll[i]!);
const nTrain = Math.round(cfg.split.extra.train * extra.length), nVal = Math.round(cfg.split.extra.validation * extra.length);
const train = [...pick(ms.train), ...extra.slice(0, nTrain)];
const validation = [...pick(ms.validation), ...extra.slice(nTrain, nTrain + nVal)];
const testMain = pick(ms.test), testExtra = extra.slice(nTrain + nVal);

const elements = [...new Set([...main, ...extraAll].flatMap((f) => f.symbols.map(atomicNumber)))].sort((a, b) => a - b);
const { kind, seed, ...overrides } = cfg.model;
const model = initPotential({ elements, representation: representationConfig(kind, overrides) }, seed);
const output = resolve(base, cfg.output);
log(`${train.length} train, ${validation.length} validation, test ${testMain.length} main + ${testExtra.length} extra; output ${output}`);
const r = trainPotential(model, train, validation, { ...cfg.training, checkpointPath: output, log });
savePotential(output, r.model, { validation: r.best, data: cfg.data.join(' + '), config: configPath });
const m = { main: evaluateMetrics(r.model, testMain), extra: evaluateMetrics(r.model, testExtra) };
const kcal = (x: typeof m.main): { energyMae: number; forceMae: number } => ({ energyMae: x.energyMae / 4.184, forceMae: x.forceMae / 41.84 });
writeFileAtomic(resolve(base, cfg.report), JSON.stringify({
  config: configPath, data: cfg.data, model: r.model.config,
  sizes: { train: train.length, validation: validation.length, testMain: testMain.length, testExtra: testExtra.length },
  epochs: r.history.length, steps: r.steps, stepsPerSecond: r.stepsPerSecond, seconds: (performance.now() - t0) / 1000,
  validation: r.best, testMain: m.main, testExtra: m.extra, testMainKcal: kcal(m.main), testExtraKcal: kcal(m.extra),
}, null, 1) + '\n');
log(`test main E ${kcal(m.main).energyMae.toFixed(2)} kcal/mol F ${kcal(m.main).forceMae.toFixed(2)} kcal/mol/A; extra E ${kcal(m.extra).energyMae.toFixed(2)} F ${kcal(m.extra).forceMae.toFixed(2)}`);
