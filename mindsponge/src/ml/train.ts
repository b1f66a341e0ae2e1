/**
 * Training neural potentials on energies and forces (SchNetPack's loss, with normalised terms):
 *   loss = w_E mean_s ((E_s - E_s^ref) / sigma_E)^2 + w_F mean_{i,a} ((F_ia - F_ia^ref) / sigma_F)^2
 * sigma_E = std of the training energies after the per-element shifts, sigma_F = RMS training force, so
 * the weights are dimensionless. Forces are -dE/dR through the network; the loss gradient w.r.t. the
 * weights differentiates that again (reverse over reverse in the core).
 * Adam with exponential learning-rate decay (core optim), minibatches reshuffled every epoch (seeded),
 * validation MAE/RMSE each epoch, best-validation parameters kept, early stopping after `patience` epochs
 * without improvement, checkpoints written atomically (core train). Units: nm, kJ/mol, kJ/mol/nm.
 */
import { adam, exponentialDecay, saveCheckpoint, loadCheckpoint, mean, square, sub, tensor, valueAndGrad, type Tensor } from '@mindscience/core';
import { seededPermutation } from '@mindscience/datasets';
import { moleculeBatchGraph, pairVectors, type AtomGraph } from './graph.ts';
import { elementIndices, energiesAndForces, evaluatePotential, fitElementReferences, type NeuralPotential, type PotentialConfig, type PotentialParams } from './model.ts';

/** A labelled structure (datasets' LabelledFrame fits): positions nm, energy kJ/mol, forces kJ/mol/nm. */
export interface TrainingFrame {
  readonly symbols: readonly string[];
  readonly positions: Float64Array;
  readonly energy: number | null;
  readonly forces: Float64Array | null;
  /** Periodic cell (datasets' frames carry one); training on periodic frames is not supported yet. */
  readonly cell?: Float64Array | null;
}

export interface Metrics {
  /** kJ/mol per structure. */
  energyMae: number;
  energyRmse: number;
  /** kJ/mol/nm per component. */
  forceMae: number;
  forceRmse: number;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  learningRate: number;
  validation: Metrics;
  seconds: number;
}

export interface TrainOptions {
  /** Weight of the energy term (default 0.1). */
  energyWeight?: number;
  /** Weight of the force term (default 0.9). */
  forceWeight?: number;
  /** Initial Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Multiply the learning rate by this every `decaySteps` steps (default 0.5 per 2000 steps). */
  decayRate?: number;
  decaySteps?: number;
  /** Structures per step (default 16). */
  batchSize?: number;
  /** Maximum epochs (default 100). */
  epochs?: number;
  /** Stop after this many epochs without validation improvement (default 10). */
  patience?: number;
  /** Stop after this much wall time, s (default unlimited). */
  maxSeconds?: number;
  /** Shuffle seed (default 0). */
  seed?: number;
  /** Fit the per-element shift/scale from the training energies first (default true). */
  fitReferences?: boolean;
  /** Where to write the best model after each improvement (atomic). */
  checkpointPath?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface TrainResult {
  /** The best-validation model. */
  model: NeuralPotential;
  history: EpochRecord[];
  best: Metrics;
  steps: number;
  stepsPerSecond: number;
}

interface Batch { graph: AtomGraph; D: Tensor; energies: Tensor; forces: Tensor }

function makeBatch(config: PotentialConfig, frames: readonly TrainingFrame[], idx: ArrayLike<number>): Batch {
  const xs: Float64Array[] = [], sp: Int32Array[] = [];
  let nAtoms = 0;
  for (let k = 0; k < idx.length; k++) {
    const f = frames[idx[k]!]!;
    xs.push(f.positions); sp.push(elementIndices(config, f.symbols)); nAtoms += f.symbols.length;
  }
  const graph = moleculeBatchGraph(xs, sp, config.representation.cutoff);
  const all = new Float64Array(3 * nAtoms), F = new Float64Array(3 * nAtoms), E = new Float64Array(idx.length);
  let off = 0;
  for (let k = 0; k < idx.length; k++) {
    const f = frames[idx[k]!]!;
    if (f.cell) throw new RangeError(`trainPotential: frame ${idx[k]} is periodic (has a cell); training handles molecules in free space only (periodic systems are supported for inference through neuralForceProvider)`);
    if (f.energy === null || f.forces === null) throw new RangeError(`trainPotential: frame ${idx[k]} lacks ${f.energy === null ? 'an energy' : 'forces'}; training needs both`);
    all.set(f.positions, off); F.set(f.forces, off); E[k] = f.energy; off += f.positions.length;
  }
  return { graph, D: tensor(pairVectors(graph, all), { shape: [graph.idxI.length, 3] }), energies: tensor(E), forces: tensor(F, { shape: [nAtoms, 3] }) };
}

/** Energy and force errors of `model` on frames (batched evaluation). */
export function evaluateMetrics(model: NeuralPotential, frames: readonly TrainingFrame[], batchSize = 64): Metrics {
  let eAbs = 0, eSq = 0, fAbs = 0, fSq = 0, nE = 0, nF = 0;
  for (let s = 0; s < frames.length; s += batchSize) {
    const chunk = frames.slice(s, s + batchSize);
    const sp = chunk.map((f) => elementIndices(model.config, f.symbols));
    const graph = moleculeBatchGraph(chunk.map((f) => f.positions), sp, model.config.representation.cutoff);
    const all = new Float64Array(graph.nAtoms * 3);
    let off = 0;
    for (const f of chunk) { all.set(f.positions, off); off += f.positions.length; }
    const out = evaluatePotential(model, graph, all);
    off = 0;
    chunk.forEach((f, k) => {
      if (f.energy !== null) { const e = out.energies[k]! - f.energy; eAbs += Math.abs(e); eSq += e * e; nE++; }
      if (f.forces) for (let q = 0; q < f.forces.length; q++) { const e = out.forces[off + q]! - f.forces[q]!; fAbs += Math.abs(e); fSq += e * e; nF++; }
      off += f.positions.length;
    });
  }
  return { energyMae: eAbs / Math.max(nE, 1), energyRmse: Math.sqrt(eSq / Math.max(nE, 1)), forceMae: fAbs / Math.max(nF, 1), forceRmse: Math.sqrt(fSq / Math.max(nF, 1)) };
}


/** Sets the per-element shift/scale of `model` from the energies and forces of `frames`. */
export function withFittedReferences(model: NeuralPotential, frames: readonly TrainingFrame[]): NeuralPotential {
  const species = frames.map((f) => elementIndices(model.config, f.symbols));
  let fs = 0, fn = 0;
  for (const f of frames) if (f.forces) for (const v of f.forces) { fs += v * v; fn++; }
  const { shift, scale } = fitElementReferences(model.config.elements.length, species, frames.map((f) => f.energy ?? 0), Math.sqrt(fs / Math.max(fn, 1)));
  return { config: model.config, params: { ...model.params, shift: tensor(shift), scale: tensor(scale) } };
}

/** Trains `model` on `train`, selecting on `validation`. */
export function trainPotential(model: NeuralPotential, train: readonly TrainingFrame[], validation: readonly TrainingFrame[], options: TrainOptions = {}): TrainResult {
  const {
    energyWeight = 0.1, forceWeight = 0.9, learningRate = 1e-3, decayRate = 0.5, decaySteps = 2000, batchSize = 16,
    epochs = 100, patience = 10, maxSeconds = Infinity, seed = 0, fitReferences = true, checkpointPath, log,
  } = options;
  if (train.length === 0) throw new RangeError('trainPotential: the training set is empty');
  if (validation.length === 0) throw new RangeError('trainPotential: the validation set is empty (needed for model selection and early stopping)');
  if (!(batchSize >= 1)) throw new RangeError(`trainPotential: batchSize = ${batchSize}, expected >= 1`);
  let current = fitReferences ? withFittedReferences(model, train) : model;
  const config = current.config;
  // Normalisers from the training set (after the fitted shifts).
  const shift = current.params.shift.data();
  let eMean = 0, eSq = 0, fSq = 0, fN = 0;
  const resid = train.map((f) => { let s = f.energy ?? 0; for (const k of elementIndices(config, f.symbols)) s -= shift[k]!; return s; });
  for (const r of resid) eMean += r / resid.length;
  for (const r of resid) eSq += (r - eMean) ** 2 / resid.length;
  for (const f of train) if (f.forces) for (const v of f.forces) { fSq += v * v; fN++; }
  const sigmaE = Math.max(Math.sqrt(eSq), 1e-3), sigmaF = Math.max(Math.sqrt(fSq / Math.max(fN, 1)), 1e-3);
  const wE = energyWeight / (sigmaE * sigmaE), wF = forceWeight / (sigmaF * sigmaF);

  const lossFn = (params: PotentialParams, batch: Batch): Tensor => {
    const { energies, forces } = energiesAndForces(config, params, batch.graph, batch.D);
    return mean(square(sub(energies, batch.energies))).mul(wE).add(mean(square(sub(forces, batch.forces))).mul(wF));
  };
  const vg = valueAndGrad(lossFn);
  const schedule = exponentialDecay(learningRate, decayRate, decaySteps);
  const opt = adam(schedule);
  let params = current.params;
  let state = opt.init(params);
  const history: EpochRecord[] = [];
  let best = evaluateMetrics(current, validation);
  let bestScore = energyWeight * (best.energyRmse / sigmaE) ** 2 + forceWeight * (best.forceRmse / sigmaF) ** 2;
  let bestParams = params, sinceBest = 0, steps = 0;
  const t0 = performance.now();
  let trainSeconds = 0;
  log?.(`epoch 0: validation E MAE ${best.energyMae.toFixed(3)} kJ/mol, F MAE ${best.forceMae.toFixed(2)} kJ/mol/nm (sigma_E ${sigmaE.toFixed(2)}, sigma_F ${sigmaF.toFixed(1)})`);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = seededPermutation(train.length, seed * 100003 + epoch);
    let lossSum = 0, nb = 0;
    const te = performance.now();
    for (let s = 0; s < order.length; s += batchSize) {
      const batch = makeBatch(config, train, order.subarray(s, Math.min(s + batchSize, order.length)));
      const [loss, g] = vg(params, batch);
      const l = loss.item();
      if (!Number.isFinite(l)) throw new RangeError(`trainPotential: loss became ${l} at epoch ${epoch}, step ${steps}; lower the learning rate`);
      ({ params, state } = opt.update(g, state, params));
      lossSum += l; nb++; steps++;
      if ((performance.now() - t0) / 1000 > maxSeconds) break;
    }
    trainSeconds += (performance.now() - te) / 1000;
    current = { config, params };
    const val = evaluateMetrics(current, validation);
    const score = energyWeight * (val.energyRmse / sigmaE) ** 2 + forceWeight * (val.forceRmse / sigmaF) ** 2;
    const seconds = (performance.now() - t0) / 1000;
    history.push({ epoch, trainLoss: lossSum / nb, learningRate: schedule(steps), validation: val, seconds });
    if (score < bestScore) {
      bestScore = score; best = val; bestParams = params; sinceBest = 0;
      if (checkpointPath) savePotential(checkpointPath, current, { epoch, validation: val });
    } else sinceBest++;
    log?.(`epoch ${epoch}: loss ${(lossSum / nb).toExponential(3)}, validation E MAE ${val.energyMae.toFixed(3)} kJ/mol, F MAE ${val.forceMae.toFixed(2)} kJ/mol/nm, lr ${schedule(steps).toExponential(2)}, ${seconds.toFixed(0)} s${sinceBest === 0 ? ' *' : ''}`);
    if (sinceBest >= patience) { log?.(`early stop: no improvement for ${patience} epochs`); break; }
    if (seconds > maxSeconds) { log?.(`time limit ${maxSeconds} s reached`); break; }
  }
  return { model: { config, params: bestParams }, history, best, steps, stepsPerSecond: steps / Math.max(trainSeconds, 1e-9) };
}

/** Saves a model (config + params + JSON metadata) atomically in the core checkpoint format. */
export function savePotential(path: string, model: NeuralPotential, meta: unknown = null): void {
  saveCheckpoint(path, { format: 'mindsponge-neural-potential', version: 1, config: model.config, params: model.params }, meta);
}

/** Loads a model written by `savePotential`; errors name the file and what is wrong. */
export function loadPotential(path: string): { model: NeuralPotential; meta: unknown } {
  const { tree, meta } = loadCheckpoint<{ format?: string; config?: PotentialConfig; params?: PotentialParams }>(path);
  if (!tree || tree.format !== 'mindsponge-neural-potential' || !tree.config || !tree.params) {
    throw new RangeError(`loadPotential: ${path} is a checkpoint but not a neural potential (format '${String(tree?.format)}')`);
  }
  return { model: { config: tree.config, params: tree.params }, meta };
}
