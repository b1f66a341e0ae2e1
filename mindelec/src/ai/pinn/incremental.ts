/**
 * Incremental PINN training with a latent auto-decoder (MindElec's "incremental training" for
 * parametrised Maxwell problems; auto-decoder as in DeepSDF, Park et al. 2019):
 *   pretrain: one network u(x, t, z_s) over S media, a latent z_s [latentSize] per medium concatenated to
 *             the input; network weights and all z_s are optimised jointly on the summed PINN losses.
 *   fine-tune on a new medium: z starts at the mean of the pretrained latents (`latentInit: 'mean'`) or at
 *             the blend of two pretrained latents whose PINN loss on the new medium is lowest
 *             (`latentInit: 'search'`: no data, only the physics residual decides); first only z is
 *             optimised (`latentSteps`, the network frozen), then z and the network together.
 *   scratch: the same network from a fresh initialisation on the new medium, for comparison.
 * The network is core's multiScaleFC (MindElec's MultiScaleFCCell) with its latent input; the optimiser
 * is core's adam. Errors are relative L2 of E and H against the exact solution on a grid; time is the
 * process CPU time (user + system, s), which is what a loaded shared machine can compare fairly.
 */
import { adam, exponentialDecay, mean, multiScaleFC, randomKey, square, tensor, valueAndGrad, add, mul, type MultiScaleFCParams, type Optimizer, type AdamState, type Tensor } from '@mindscience/core';
import type { Constraint } from './problem.ts';
import { relativeL2 } from './solver.ts';
import { maxwell1DFamily, type Maxwell1DCounts, type Maxwell1DFamily, type Maxwell1DOptions, type Medium } from './maxwell1d.ts';

export interface AutoDecoderNetConfig {
  /** Dense layers per scale sub-network, input and output included (MindElec: 4+). */
  layers: number;
  neurons: number;
  numScales: number;
  scaleFactor: number;
  latentSize: number;
}

export interface IncrementalTrainOptions {
  counts: Maxwell1DCounts;
  /** Loss weights of the domain, boundary and initial constraints. */
  weights: readonly [number, number, number];
  steps: number;
  lr: number;
  /** Exponential decay: lr * decayRate^(step / decayEvery). */
  decayRate: number;
  decayEvery: number;
  resampleEvery: number;
  evalEvery: number;
  seed: number;
  /** Stop early once max(L2 E, L2 H) <= target (checked at evaluations); 0 = never. */
  target?: number;
}

export interface IncrementalRecord {
  step: number;
  /** Process CPU seconds since the phase started. */
  cpuSeconds: number;
  loss: number;
  /** Relative L2 [E, H], mean over the media being trained. */
  l2: [number, number];
}

export interface TrainOutcome {
  params: MultiScaleFCParams;
  history: IncrementalRecord[];
  /** First evaluated step with max L2 <= target (null if never reached). */
  stepsToTarget: number | null;
  cpuSecondsToTarget: number | null;
  cpuSeconds: number;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * The auto-decoder network: core's multiScaleFC with sin activation and residual blocks, inputs (x, t)
 * ([N, 2], x in L0, t in L0/c) rescaled to [-1, 1] (t via centre tEnd/2, scale 2/tEnd), a learnable
 * latent [numScenarios, latentSize] concatenated per row (rows in numScenarios equal consecutive groups),
 * outputs [N, 2] = (E, H' = eta0 H), both in V/m.
 * @param config `layers` dense layers per scale sub-network (input and output included), `neurons`
 *   width, `numScales`, `scaleFactor` (sub-network s sees inputs x scaleFactor^s), `latentSize`.
 * @param numScenarios number of media S (latent rows).
 * @param tEnd end time of the family (L0/c), used only for the input scaling.
 * @returns `{init(key), apply(params, X), scaleCoefficients}` from core's multiScaleFC.
 * @throws RangeError from multiScaleFC if a layer/neuron/scale count is not an integer within range.
 */
export function autoDecoderNet(config: AutoDecoderNetConfig, numScenarios: number, tEnd: number) {
  return multiScaleFC({
    inChannels: 2, outChannels: 2, layers: config.layers, neurons: config.neurons,
    numScales: config.numScales, scaleFactor: config.scaleFactor, residual: true, activation: 'sin',
    // x in [-1, 1] already; t in [0, T] -> [-1, 1].
    inputScale: [1, 2 / tEnd], inputCenter: [0, tEnd / 2],
    latent: { numScenarios, size: config.latentSize },
  });
}

/** Relative L2 [E, H] of the network on a grid, averaged over the family's media. */
export function familyError(family: Maxwell1DFamily, net: ReturnType<typeof autoDecoderNet>, params: MultiScaleFCParams, nx = 81, nt = 41): [number, number] {
  const g = family.grid(nx, nt);
  const n = nx * nt, S = family.media.length;
  const X = new Float64Array(S * n * 2);
  for (let s = 0; s < S; s++) X.set(g, s * n * 2);
  const pred = net.apply(params, tensor(X, { shape: [S * n, 2] })).data();
  let e = 0, h = 0;
  for (let s = 0; s < S; s++) {
    const ref = family.exact(s, g);
    const p = Float64Array.from(pred.subarray(s * n * 2, (s + 1) * n * 2));
    const ps = [0, 1].map((c) => Float64Array.from({ length: n }, (_, i) => p[2 * i + c]!));
    const rs = [0, 1].map((c) => Float64Array.from({ length: n }, (_, i) => ref[2 * i + c]!));
    e += relativeL2(ps[0]!, rs[0]!, 1)[0]!;
    h += relativeL2(ps[1]!, rs[1]!, 1)[0]!;
  }
  return [e / S, h / S];
}

/** The weighted PINN loss sum_k w_k mean(residual_k^2) over the constraint sets (domain, boundary, initial). */
function weightedLoss(net: ReturnType<typeof autoDecoderNet>, p: MultiScaleFCParams, cs: readonly Constraint[], weights: readonly number[]): Tensor {
  return cs.map((c, i) => mul(mean(square(c.residual(net.apply, p, c.points))), weights[i]!)).reduce((a, b) => add(a, b));
}

/**
 * The Adam loop shared by every phase. `assemble(trainable)` rebuilds the full network params from the
 * trainable part (identity when everything trains, {frozen weights, z} when only the latent does). CPU
 * seconds are counted from `c0` (default: now), so work done before the loop can be charged to the phase.
 */
function trainPhase<T>(
  family: Maxwell1DFamily,
  net: ReturnType<typeof autoDecoderNet>,
  trainable: T,
  assemble: (t: T) => MultiScaleFCParams,
  options: IncrementalTrainOptions,
  onLog?: (r: IncrementalRecord) => void,
  stepOffset = 0,
  c0 = cpuNow(),
): TrainOutcome & { trainable: T } {
  const opt: Optimizer<AdamState> = adam(exponentialDecay(options.lr, options.decayRate, options.decayEvery));
  const lossOf = (cs: Constraint[]) => (t: T): Tensor => weightedLoss(net, assemble(t), cs, options.weights);
  let cs = family.constraints(options.counts, options.seed * 7919);
  let state = opt.init(trainable);
  let t = trainable;
  const history: IncrementalRecord[] = [];
  let stepsToTarget: number | null = null, cpuToTarget: number | null = null;
  const target = options.target ?? 0;
  let loss = NaN;
  const evaluate = (step: number) => {
    const l2 = familyError(family, net, assemble(t));
    const r: IncrementalRecord = { step: stepOffset + step, cpuSeconds: cpuNow() - c0, loss, l2 };
    history.push(r);
    onLog?.(r);
    if (stepsToTarget === null && target > 0 && Math.max(l2[0], l2[1]) <= target) {
      stepsToTarget = stepOffset + step;
      cpuToTarget = r.cpuSeconds;
    }
  };
  for (let step = 1; step <= options.steps; step++) {
    if (options.resampleEvery > 0 && step > 1 && (step - 1) % options.resampleEvery === 0) cs = family.constraints(options.counts, options.seed * 7919 + step);
    const [value, g] = valueAndGrad(lossOf(cs))(t);
    loss = value.item();
    if (!Number.isFinite(loss)) throw new Error(`incremental PINN: loss is ${loss} at step ${stepOffset + step}`);
    const next = opt.update(g as T, state, t);
    t = next.params;
    state = next.state;
    if (step % options.evalEvery === 0 || step === options.steps) {
      evaluate(step);
      if (stepsToTarget !== null) break;
    }
  }
  return { trainable: t, params: assemble(t), history, stepsToTarget, cpuSecondsToTarget: cpuToTarget, cpuSeconds: cpuNow() - c0 };
}

/** Pretrain the auto-decoder on several media at once (all weights and latents). */
export function pretrainAutoDecoder(media: readonly Medium[], netConfig: AutoDecoderNetConfig, options: IncrementalTrainOptions, problem: Maxwell1DOptions = {}, onLog?: (r: IncrementalRecord) => void): TrainOutcome {
  const family = maxwell1DFamily(media, problem);
  const net = autoDecoderNet(netConfig, media.length, family.tEnd);
  const params = net.init(randomKey(options.seed));
  const { trainable: _t, ...out } = trainPhase(family, net, params, (p) => p, options, onLog);
  return out;
}

export interface FineTuneOptions extends IncrementalTrainOptions {
  /** Latent-only steps before the network is unfrozen (counted within `steps`). */
  latentSteps: number;
  /** Learning rate of the latent-only phase. */
  latentLr: number;
  /** Learning rate once the pretrained network is unfrozen (default `lr`); smaller keeps what it learnt. */
  fineTuneLr?: number;
  /**
   * Starting latent: 'mean' of the pretrained latents (default), or 'search': the blend
   * (1 - a) z_i + a z_j over all pairs of pretrained latents and a = 0, 1/10, ..., 1 whose weighted PINN
   * loss on the new medium is lowest (see {@link searchLatent}); its CPU time counts in the outcome.
   */
  latentInit?: 'mean' | 'search';
}

/** The latent {@link searchLatent} chose: z [1, latentSize], the blend (i, j, a) and its PINN loss. */
export interface LatentChoice {
  z: Tensor;
  i: number;
  j: number;
  a: number;
  loss: number;
}

/**
 * Picks a starting latent for a new medium from the pretrained ones by the physics alone: every blend
 * (1 - a) z_i + a z_j (each pretrained latent, and all pairs i < j at a = 1/steps, ..., 1 - 1/steps) is scored by
 * the weighted PINN loss (domain, boundary, initial residuals of the new medium, no reference data) on one
 * fixed draw of points, with the pretrained network weights; the lowest wins. Cost: S + S(S-1)/2 (steps - 1)
 * loss evaluations (9 media, steps 10: 333), each a forward pass with first derivatives.
 * @param medium the new medium (relative eps, mu).
 * @param netConfig the auto-decoder's settings; `pretrained.latent` must be [S, latentSize].
 * @param counts, weights, seed as in training (points per draw, loss weights, draw seed).
 * @param problem tEnd (L0/c) and pulse width (L0) of the family.
 * @throws Error if the pretrained params have no latent of the configured size.
 */
export function searchLatent(medium: Medium, netConfig: AutoDecoderNetConfig, pretrained: MultiScaleFCParams, options: Pick<IncrementalTrainOptions, 'counts' | 'weights' | 'seed'>, problem: Maxwell1DOptions = {}, steps = 10): LatentChoice {
  const lat = pretrained.latent;
  if (!lat || lat.shape[1] !== netConfig.latentSize) throw new Error(`searchLatent: pretrained params have latent [${lat?.shape.join(', ') ?? 'none'}], expected [S, ${netConfig.latentSize}]`);
  const family = maxwell1DFamily([medium], problem);
  const net = autoDecoderNet(netConfig, 1, family.tEnd);
  const cs = family.constraints(options.counts, options.seed * 7919);
  const S = lat.shape[0]!, D = netConfig.latentSize, L = lat.data();
  // Candidates (i, j, a): every pure latent once, then the interior blends of every pair.
  const cands: [number, number, number][] = [];
  for (let i = 0; i < S; i++) cands.push([i, i, 0]);
  for (let i = 0; i < S; i++) for (let j = i + 1; j < S; j++) for (let k = 1; k < steps; k++) cands.push([i, j, k / steps]);
  let best: LatentChoice | null = null;
  for (const [i, j, a] of cands) {
    const zt = tensor(Float64Array.from({ length: D }, (_, d) => (1 - a) * L[i * D + d]! + a * L[j * D + d]!), { shape: [1, D] });
    const loss = weightedLoss(net, { scales: pretrained.scales, latent: zt }, cs, options.weights).item();
    if (best === null || loss < best.loss) best = { z: zt, i, j, a, loss };
  }
  return best!;
}

/**
 * Train on one new medium. With `pretrained` (the auto-decoder's params): z = mean of the pretrained
 * latents, `latentSteps` of latent-only Adam, then everything. Without: a fresh network (scratch).
 */
export function fineTuneAutoDecoder(medium: Medium, netConfig: AutoDecoderNetConfig, pretrained: MultiScaleFCParams | null, options: FineTuneOptions, problem: Maxwell1DOptions = {}, onLog?: (r: IncrementalRecord) => void): TrainOutcome {
  const family = maxwell1DFamily([medium], problem);
  const net = autoDecoderNet(netConfig, 1, family.tEnd);
  if (pretrained === null) {
    const { trainable: _t, ...out } = trainPhase(family, net, net.init(randomKey(options.seed + 1)), (p) => p, options, onLog);
    return out;
  }
  const lat = pretrained.latent;
  if (!lat || lat.shape[1] !== netConfig.latentSize) throw new Error(`fineTuneAutoDecoder: pretrained params have latent [${lat?.shape.join(', ') ?? 'none'}], expected [S, ${netConfig.latentSize}]`);
  const c0 = cpuNow(); // the latent search's CPU time is charged to the first phase
  const z0 = options.latentInit === 'search' ? searchLatent(medium, netConfig, pretrained, options, problem).z : mean(lat, 0).reshape([1, netConfig.latentSize]);
  const frozen = pretrained.scales;
  const latentSteps = Math.min(options.latentSteps, options.steps);
  const phase1 = trainPhase(family, net, z0, (z) => ({ scales: frozen, latent: z }), { ...options, steps: latentSteps, lr: options.latentLr, decayRate: 1 }, onLog, 0, c0);
  if (phase1.stepsToTarget !== null || latentSteps === options.steps) {
    const { trainable: _t, ...out } = phase1;
    return out;
  }
  const phase2 = trainPhase(family, net, phase1.params, (p) => p, { ...options, lr: options.fineTuneLr ?? options.lr, steps: options.steps - latentSteps, seed: options.seed + 17 }, onLog, latentSteps);
  const shift = (r: IncrementalRecord): IncrementalRecord => ({ ...r, cpuSeconds: r.cpuSeconds + phase1.cpuSeconds });
  return {
    params: phase2.params,
    history: [...phase1.history, ...phase2.history.map(shift)],
    stepsToTarget: phase2.stepsToTarget,
    cpuSecondsToTarget: phase2.cpuSecondsToTarget === null ? null : phase2.cpuSecondsToTarget + phase1.cpuSeconds,
    cpuSeconds: phase1.cpuSeconds + phase2.cpuSeconds,
  };
}
