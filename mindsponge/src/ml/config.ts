/**
 * Field-validated JSON configuration for training a neural potential (`mindsponge train-ff`), and the
 * run it describes: read a labelled XYZ/extXYZ file (@mindscience/datasets), split it with a seed, fit
 * element references, train with energy+force loss, evaluate the held-out test split and write the best
 * model (core checkpoint format) and a JSON report, both atomically.
 *
 * {
 *   "data": "ethanol_xtb.extxyz",                    path, relative to the config file
 *   "energyUnit": "eV", "lengthUnit": "Angstrom",    units in the data file (defaults by format)
 *   "split": {"train": 1000, "validation": 200, "test": 1000, "seed": 0},   counts or fractions
 *   "model": {"kind": "schnet"|"molct", "features": 64, "rbf": 32, "interactions": 3, "cutoff": 0.5,
 *             "heads": 8, "seed": 0},                cutoff in nm
 *   "training": {"epochs": 100, "batchSize": 16, "learningRate": 1e-3, "decayRate": 0.5,
 *                "decaySteps": 2000, "energyWeight": 0.1, "forceWeight": 0.9, "patience": 10,
 *                "maxSeconds": 600, "seed": 0},
 *   "output": "model.ckpt", "report": "report.json"  paths relative to the config file
 * }
 * Unknown keys and wrong types are errors naming the field, the value and what was expected.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomSplit, readLabelledXyz, type LabelledFrame } from '@mindscience/datasets';
import { atomicNumber, initPotential, representationConfig, type NeuralPotential } from './model.ts';
import { evaluateMetrics, savePotential, trainPotential, type Metrics, type TrainOptions } from './train.ts';

/** A bad `train-ff` config: the message names the file, the field, the value and what was expected. */
export class TrainConfigError extends Error {
  override name = 'TrainConfigError';
}

export interface TrainConfig {
  data: string;
  energyUnit?: string;
  lengthUnit?: string;
  split: { train: number; validation: number; test?: number; seed: number };
  model: { kind: 'schnet' | 'molct'; features?: number; rbf?: number; interactions?: number; cutoff?: number; heads?: number; seed: number };
  training: Omit<TrainOptions, 'log' | 'checkpointPath' | 'fitReferences'>;
  output: string;
  report?: string;
}

type Spec = Record<string, 'string' | 'number' | 'object'>;
function checkFields(where: string, obj: unknown, spec: Spec, required: string[]): Record<string, unknown> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new TrainConfigError(`${where}: expected an object, got ${JSON.stringify(obj)}`);
  const rec = obj as Record<string, unknown>;
  for (const [k, v] of Object.entries(rec)) {
    const t = spec[k];
    if (!t) throw new TrainConfigError(`${where}.${k}: unknown field; expected one of ${Object.keys(spec).join(', ')}`);
    if (t === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw new TrainConfigError(`${where}.${k} = ${JSON.stringify(v)}, expected a finite number`);
    if (t === 'string' && typeof v !== 'string') throw new TrainConfigError(`${where}.${k} = ${JSON.stringify(v)}, expected a string`);
  }
  for (const k of required) if (rec[k] === undefined) throw new TrainConfigError(`${where}.${k}: missing (required)`);
  return rec;
}

function positive(where: string, v: number | undefined, integer = false): void {
  if (v === undefined) return;
  if (!(v > 0) || (integer && !Number.isInteger(v))) throw new TrainConfigError(`${where} = ${v}, expected a positive ${integer ? 'integer' : 'number'}`);
}

/** Validates a parsed JSON config; `source` names it in errors. */
export function parseTrainConfig(json: unknown, source = 'config'): TrainConfig {
  const top = checkFields(source, json, { data: 'string', energyUnit: 'string', lengthUnit: 'string', split: 'object', model: 'object', training: 'object', output: 'string', report: 'string' }, ['data', 'split', 'model', 'output']);
  const split = checkFields(`${source}: split`, top['split'], { train: 'number', validation: 'number', test: 'number', seed: 'number' }, ['train', 'validation']);
  const model = checkFields(`${source}: model`, top['model'], { kind: 'string', features: 'number', rbf: 'number', interactions: 'number', cutoff: 'number', heads: 'number', seed: 'number' }, ['kind']);
  if (model['kind'] !== 'schnet' && model['kind'] !== 'molct') throw new TrainConfigError(`${source}: model.kind = ${JSON.stringify(model['kind'])}, expected "schnet" or "molct"`);
  for (const k of ['features', 'rbf', 'interactions', 'heads']) positive(`${source}: model.${k}`, model[k] as number | undefined, true);
  positive(`${source}: model.cutoff`, model['cutoff'] as number | undefined);
  if (typeof model['cutoff'] === 'number' && model['cutoff'] > 2) throw new TrainConfigError(`${source}: model.cutoff = ${model['cutoff']} nm; expected nm (e.g. 0.5), not Angstrom`);
  const training = checkFields(`${source}: training`, top['training'] ?? {}, {
    epochs: 'number', batchSize: 'number', learningRate: 'number', decayRate: 'number', decaySteps: 'number', energyWeight: 'number',
    forceWeight: 'number', patience: 'number', maxSeconds: 'number', seed: 'number',
  }, []);
  for (const k of ['epochs', 'batchSize', 'decaySteps', 'patience']) positive(`${source}: training.${k}`, training[k] as number | undefined, true);
  for (const k of ['learningRate', 'decayRate', 'maxSeconds']) positive(`${source}: training.${k}`, training[k] as number | undefined);
  return {
    data: top['data'] as string,
    energyUnit: top['energyUnit'] as string | undefined,
    lengthUnit: top['lengthUnit'] as string | undefined,
    split: { train: split['train'] as number, validation: split['validation'] as number, test: split['test'] as number | undefined, seed: (split['seed'] as number | undefined) ?? 0 },
    model: { ...(model as TrainConfig['model']), seed: (model['seed'] as number | undefined) ?? 0 },
    training: training as TrainConfig['training'],
    output: top['output'] as string,
    report: top['report'] as string | undefined,
  };
}

export interface TrainRunReport {
  data: string;
  sizes: { train: number; validation: number; test: number };
  model: NeuralPotential['config'];
  parameters: number;
  epochs: number;
  steps: number;
  stepsPerSecond: number;
  seconds: number;
  validation: Metrics;
  test: Metrics;
  /** Test MAEs in kcal/mol and kcal/mol/Angstrom (MD17 convention). */
  testKcal: { energyMae: number; forceMae: number };
}

/** Runs the training described by `config`; relative paths resolve against `baseDir`. */
export function runTrainConfig(config: TrainConfig, baseDir: string, log: (line: string) => void = () => {}): { model: NeuralPotential; report: TrainRunReport } {
  const t0 = performance.now();
  const dataPath = resolve(baseDir, config.data);
  let text: string;
  try { text = readFileSync(dataPath, 'utf8'); } catch (e) { throw new TrainConfigError(`data: cannot read ${dataPath}: ${(e as Error).message}`); }
  const frames: LabelledFrame[] = readLabelledXyz(text, { source: dataPath, energyUnit: config.energyUnit, lengthUnit: config.lengthUnit });
  const split = randomSplit(frames.length, config.split, config.split.seed);
  const pick = (idx: Int32Array): LabelledFrame[] => Array.from(idx, (i) => frames[i]!);
  const train = pick(split.train), validation = pick(split.validation), test = pick(split.test);
  const elements = [...new Set(frames.flatMap((f) => f.symbols.map(atomicNumber)))].sort((a, b) => a - b);
  const { kind, seed, ...overrides } = config.model;
  const model = initPotential({ elements, representation: representationConfig(kind, overrides) }, seed);
  const parameters = countParameters(model);
  log(`train-ff: ${frames.length} frames (${train.length} train, ${validation.length} validation, ${test.length} test), ${kind} with ${parameters} parameters, elements Z = ${elements.join(', ')}`);
  const output = resolve(baseDir, config.output);
  const result = trainPotential(model, train, validation, { ...config.training, checkpointPath: output, log });
  savePotential(output, result.model, { validation: result.best, data: config.data });
  const testMetrics = test.length ? evaluateMetrics(result.model, test) : result.best;
  const report: TrainRunReport = {
    data: config.data, sizes: { train: train.length, validation: validation.length, test: test.length }, model: result.model.config, parameters,
    epochs: result.history.length, steps: result.steps, stepsPerSecond: result.stepsPerSecond, seconds: (performance.now() - t0) / 1000,
    validation: result.best, test: testMetrics,
    testKcal: { energyMae: testMetrics.energyMae / 4.184, forceMae: testMetrics.forceMae / 41.84 },
  };
  log(`train-ff: test E MAE ${testMetrics.energyMae.toFixed(3)} kJ/mol (${report.testKcal.energyMae.toFixed(3)} kcal/mol), F MAE ${testMetrics.forceMae.toFixed(2)} kJ/mol/nm (${report.testKcal.forceMae.toFixed(3)} kcal/mol/A); model written to ${output}`);
  if (config.report) {
    const path = resolve(baseDir, config.report);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
    renameSync(tmp, path);
  }
  return { model: result.model, report };
}

/** Reads, validates and runs a config file. */
export function runTrainConfigFile(path: string, log?: (line: string) => void): { model: NeuralPotential; report: TrainRunReport } {
  let json: unknown;
  try { json = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { throw new TrainConfigError(`${path}: ${(e as Error).message}`); }
  return runTrainConfig(parseTrainConfig(json, path), dirname(resolve(path)), log);
}

function countParameters(model: NeuralPotential): number {
  let n = 0;
  const walk = (x: unknown): void => {
    if (x && typeof x === 'object' && 'shape' in x && 'size' in x) n += (x as { size: number }).size;
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(model.params);
  return n;
}
