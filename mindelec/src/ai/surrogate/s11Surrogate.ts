/**
 * Parametric S11 surrogate (MindElec's parameterised-antenna network): design parameters -> complex S11
 * at every frequency of the dataset, with skipMlp (input layer, 5 hidden layers of 128 with cumulative
 * skips, linear head: 7 dense layers). Inputs are mapped to [-1, 1] by the parameter ranges; the
 * 2F outputs (Re S11 then Im S11) are standardised per output on the training split.
 * Metrics on a split: mean relative L2 of the complex S11 curve, mean |dB error| and the relative L2 of
 * the |S11| dB curve (the form MindElec quotes, 1.02% vs CST).
 * Options beyond MindElec's setup: `features: 'optical'` appends the electrical thickness sqrt(epsA) dA
 * of the first layer (normalised like the others) to the inputs of the layer family — the quantity the
 * reflection phase is linear in, so the network no longer has to build it; `features: 'fourier'` adds
 * sin/cos(pi m u), m = 1..8, of the normalised optical thickness u of each layer (Fourier features,
 * Tancik et al. 2020), since S11 oscillates in those phases; `features: 'patch'` (patch family, parameters
 * L, W, inset in mm) adds the cavity model's quantities the response is organised by: cos^2(pi inset / L)
 * (the probe's coupling to TM10, to which the edge-fed input resistance is proportional), and the TM10
 * and TM02 resonances f10(L, W), f02 = 2 f10(W, L) as (f - 2.75 GHz) / 1.25 GHz (an input resistance
 * feature ln(R_in / 50) from Balanis' R_edge cos^2 model was tried and added nothing); `ensemble: k` trains k
 * networks from seeds seed .. seed+k-1 and averages their (standardised) outputs.
 * `warp: 'cavity'` (patch family, parameters L and W): the network predicts S11 on a grid of normalised
 * frequency nu = f / f_r(L, W), f_r the cavity-model resonance (patchCavityResonance), so the resonance sits
 * near nu = 1 for every design and the network learns the curve's shape instead of chasing a moving dip;
 * training targets are the dataset curves resampled onto the nu grid (linear, entries outside a design's
 * band masked out of the loss), and predictions are read back at f / f_r by linear interpolation.
 * `warp: 'cavity2'` anchors two modes: nu = f / f10 up to the TM10 resonance f10, then
 * nu = 1 + (f - f10) / (f02 - f10), so the TM02 resonance of wide patches also sits at a fixed place (nu = 2)
 * instead of moving in nu as L / W changes.
 * `warp: 'mixed'` trains k/2 networks with each of the two warps and averages the S11 curves of all k
 * (the two warps err in different places: 'cavity' on wide patches whose TM02 dip enters the band,
 * 'cavity2' on long narrow ones); the second half lives in the model's `others`.
 * `anchors: 'fitted'` calibrates the warps' anchors on the training designs' own resonances (the peaks of
 * their input resistance; resonanceFit.ts): the cavity model misplaces TM10 by 5-9% on the 2 mm grid, a
 * cubic in the design parameters fitted to the ratios places held-out TM10 peaks to 3e-4.
 * `warp: 'blend'` trains the same two halves as 'mixed' with fitted anchors, and weights them per design
 * and frequency instead of equally: 'cavity' (nu = f / f10 holds TM20 ~ 1.98 f10 in place) near the TM20
 * resonance, 'cavity2' (TM02 held at nu = 2) near TM02, equally far from both ({@link blendWeight}).
 * `features: 'modes'` (with fitted anchors) tells the network where the fitted warp puts the modes: the
 * 'patch' inputs plus the probe's coupling to TM20, the fitted TM10 and TM20 and the detuning of TM20 from
 * TM02 (their crossing is where neither warp holds both still); `features: 'patch+modes'` (warps 'mixed' and
 * 'blend') trains half of every warp and scale's networks with each input set, whose errors differ.
 */
import { cast, mean, mul, square, sub, tensor, valueAndGrad, randomKey, permutation, type Tensor } from '@mindscience/core';
import { compileSkipMlp, initSkipMlp, skipMlp, type SkipMlpParams } from '../nn.ts';
import { adam, exponentialDecay } from '../adam.ts';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../../io/index.ts';
import type { ParameterInfo, S11Dataset } from './dataset.ts';
import { shuffledIndexStream } from '../indexStream.ts';
import { patchCavityResonance } from './patchFamily.ts';
import { evalRatio, fitRatio, resistancePeak } from './resonanceFit.ts';

export interface S11Model {
  format: 'mindscience-s11-surrogate/1';
  parameters: ParameterInfo[];
  freqs: number[];
  /** Output standardisation: y = mu + sd * net(x). */
  mu: number[];
  sd: number[];
  width: number;
  depth: number;
  params: SkipMlpParams;
  /** Input features: the normalised parameters ('raw') or those plus derived ones (see the file header). */
  features?: S11Features;
  /** Substrate of the 'patch' features (relative permittivity, height in mm; absent = PATCH_SUBSTRATE). */
  substrate?: { epsR?: number; hMm?: number };
  /** Further ensemble members (outputs averaged with params'). */
  members?: SkipMlpParams[];
  /** Frequency warp ('cavity' or 'cavity2', see the file header): the network's outputs live on `nu`. */
  warp?: { kind: WarpKind; nu: number[]; epsR?: number; hMm?: number; fit?: WarpFit };
  /**
   * Further sub-models (own warp and standardisation) whose S11 curves are averaged with this one's,
   * each weighted by its number of networks.
   */
  others?: S11Model[];
  /**
   * Blended halves (`warp: 'blend'`): instead of a network-count mean, the first ('cavity') half's weight
   * follows the design's TM20 and TM02 resonances ({@link blendWeight}; width relative, floor >= 0).
   */
  blend?: { width: number; floor: number };
}

export type S11Features = 'raw' | 'optical' | 'fourier' | 'patch' | 'modes';

/** Frequency warps (file header): one anchor (TM10), or TM10 and TM02. */
export type WarpKind = 'cavity' | 'cavity2';
const isWarpKind = (k: unknown): k is WarpKind => k === 'cavity' || k === 'cavity2';

/**
 * Calibration of the warp's anchors by the training designs' own resonances (`anchors: 'fitted'`, see
 * resonanceFit.ts): anchor = cavity model x polynomial in the normalised design parameters.
 */
export interface WarpFit {
  tm10: { degree: number; coef: number[] };
  tm02: { degree: number; coef: number[] };
  /** TM20 over the fitted TM10 (absent: 2, the cavity model's ratio). */
  tm20?: { degree: number; coef: number[] };
}

/** Harmonics per thickness in the 'fourier' features. */
export const FOURIER_HARMONICS = 8;

export interface SurrogateTrainOptions {
  width?: number;
  depth?: number;
  steps?: number;
  batch?: number;
  lr?: number;
  /** Learning-rate factor reached at the last step (default 0.1): lr * lrDecay^(step/steps). */
  lrDecay?: number;
  seed?: number;
  /**
   * Input features (default 'raw'); 'patch+modes' (warps 'mixed' and 'blend') trains half of the networks of
   * each warp and scale with 'patch' features and half with 'modes' (their errors differ, so the mean gains).
   */
  features?: S11Features | 'patch+modes';
  /** Networks in the ensemble (default 1). */
  ensemble?: number;
  /** Frequency warp (default 'none'); 'cavity' and 'cavity2' need parameters L and W (mm), see the file header. */
  warp?: 'none' | WarpKind | 'mixed' | 'blend';
  /** Points of the normalised-frequency grid with warp 'cavity' (default 1601). */
  warpPoints?: number;
  /**
   * Where the warp's anchors come from: 'model' (default) the cavity model's f10 and f02; 'fitted' those
   * times a polynomial fitted to the training designs' input-resistance peaks (resonanceFit.ts).
   */
  anchors?: 'model' | 'fitted';
  /**
   * Output scaling: 'output' (default) divides each output by its own spread over the training designs;
   * 'global' by one common spread (the RMS of those), so the loss weighs absolute S11 errors, as the metric does;
   * 'both' (warps 'mixed' and 'blend') trains a quarter of the networks per warp and scale.
   */
  scale?: 'output' | 'global' | 'both';
  /**
   * Relative width and floor of the 'blend' weights (default 0.08 and 0.01, chosen on a validation split of
   * the patch set's training designs; see blendWeight).
   */
  blendWidth?: number;
  blendFloor?: number;
  onLog?: (step: number, loss: number) => void;
  logEvery?: number;
}

export interface S11Metrics {
  /** mean_i ||S_pred - S||_2 / ||S||_2 over the complex curve. */
  relativeComplex: number;
  /** mean over designs and frequencies of |dB(S_pred) - dB(S)|. */
  meanAbsDb: number;
  /** mean_i ||dB_pred - dB||_2 / ||dB||_2. */
  relativeDb: number;
  n: number;
}

/**
 * Maps one design to the network's input box: each value v of parameter p becomes
 * 2 (v - p.min) / (p.max - p.min) - 1 (so the parameter range maps to [-1, 1]; values outside the range
 * are extrapolated, not rejected).
 * @param parameters the dataset's parameters (name, unit, min, max).
 * @param design one value per parameter, in that parameter's unit (e.g. [epsA (1), dA (mm), dB (mm)]).
 * @returns [p] dimensionless inputs.
 * @throws Error if the design length differs from the parameter count or a value is not finite.
 */
export function normaliseDesign(parameters: readonly ParameterInfo[], design: readonly number[]): number[] {
  if (design.length !== parameters.length) throw new Error(`s11 surrogate: design has ${design.length} values, expected ${parameters.length} (${parameters.map((p) => p.name).join(', ')})`);
  return design.map((v, k) => {
    const p = parameters[k]!;
    if (!Number.isFinite(v)) throw new Error(`s11 surrogate: ${p.name} = ${v}; expected a finite number in ${p.min}..${p.max} ${p.unit}`);
    return (2 * (v - p.min)) / (p.max - p.min) - 1;
  });
}

/**
 * The network input of one design: normalised parameters, plus for 'optical' the optical thickness
 * sqrt(epsA) dA mapped from its range over the parameter box to [-1, 1] (needs parameters epsA and dA);
 * for 'fourier' also its sin/cos harmonics; for 'patch' 2 cos^2(pi inset / L) - 1, (f10 - 2.75e9) / 1.25e9
 * and (f02 - 2.75e9) / 1.25e9 with f10 = patchCavityResonance(L, W) and f02 = 2 patchCavityResonance(W, L)
 * in Hz on `substrate` (absent fields: PATCH_SUBSTRATE's; needs parameters L, W, inset in mm); for 'modes'
 * the 'patch' features, then the resonances as the fitted warp places them (`fit`, Hz): 2 cos^2(2 pi inset / L) - 1
 * (the probe's coupling to TM20), (F10 - 2.75e9) / 1.25e9, (F20 - 2.75e9) / 1.25e9 and the detuning
 * (F20 - F02) / F10 (where TM20 and TM02 cross, the two warps each hold one of them still).
 * @throws Error if the parameters the features need are missing (naming those the dataset has), or 'modes'
 *   without `fit`.
 */
export function designFeatures(parameters: readonly ParameterInfo[], features: S11Features, design: readonly number[], substrate: { epsR?: number; hMm?: number } = {}, fit?: WarpFit): number[] {
  const x = normaliseDesign(parameters, design);
  if (features === 'raw') return x;
  if (features === 'modes') {
    if (!fit) throw new Error("s11 surrogate: features 'modes' need the fitted warp anchors (anchors 'fitted' with a warp)");
    const xs = designFeatures(parameters, 'patch', design, substrate);
    const iL = parameters.findIndex((p) => p.name === 'L'), iI = parameters.findIndex((p) => p.name === 'inset');
    const { f10, f20, f02 } = modeFrequencies(parameters, { kind: 'cavity', nu: [], ...substrate, fit }, design);
    xs.push(2 * Math.cos((2 * Math.PI * design[iI]!) / design[iL]!) ** 2 - 1, (f10 - 2.75e9) / 1.25e9, (f20 - 2.75e9) / 1.25e9, (f20 - f02) / f10);
    return xs;
  }
  if (features === 'patch') {
    const [iL, iW, iI] = ['L', 'W', 'inset'].map((n) => parameters.findIndex((p) => p.name === n)) as [number, number, number];
    if (iL < 0 || iW < 0 || iI < 0) throw new Error(`s11 surrogate: features 'patch' needs parameters L, W and inset (mm), the dataset has ${parameters.map((p) => p.name).join(', ')}`);
    const L = design[iL]!, W = design[iW]!, y0 = design[iI]!;
    const f10 = patchCavityResonance(L, W, substrate.epsR, substrate.hMm), f02 = 2 * patchCavityResonance(W, L, substrate.epsR, substrate.hMm);
    x.push(2 * Math.cos((Math.PI * y0) / L) ** 2 - 1, (f10 - 2.75e9) / 1.25e9, (f02 - 2.75e9) / 1.25e9);
    return x;
  }
  const ie = parameters.findIndex((p) => p.name === 'epsA'), id = parameters.findIndex((p) => p.name === 'dA');
  if (ie < 0 || id < 0) throw new Error(`s11 surrogate: features '${features}' needs parameters epsA and dA, the dataset has ${parameters.map((p) => p.name).join(', ')}`);
  const pe = parameters[ie]!, pd = parameters[id]!;
  const lo = Math.sqrt(pe.min) * pd.min, hi = Math.sqrt(pe.max) * pd.max;
  const uA = (2 * (Math.sqrt(design[ie]!) * design[id]! - lo)) / (hi - lo) - 1;
  x.push(uA);
  if (features === 'fourier') {
    // Layer B has a fixed permittivity, so its normalised thickness is its normalised optical thickness.
    const ib = parameters.findIndex((p) => p.name === 'dB');
    const us = ib >= 0 ? [uA, x[ib]!] : [uA];
    for (const u of us) {
      for (let m = 1; m <= FOURIER_HARMONICS; m++) x.push(Math.sin(Math.PI * m * u), Math.cos(Math.PI * m * u));
    }
  }
  return x;
}

/** Deterministic train/test split: a seeded permutation, the first `testFraction` held out. */
export function splitIndices(n: number, testFraction: number, seed: number): { train: number[]; test: number[] } {
  const perm = Array.from(permutation(randomKey(seed), n));
  const nTest = Math.max(1, Math.round(n * testFraction));
  return { test: perm.slice(0, nTest).sort((a, b) => a - b), train: perm.slice(nTest).sort((a, b) => a - b) };
}

function targets(ds: S11Dataset, idx: readonly number[]): Float64Array {
  const F = ds.freqs.length, Y = new Float64Array(idx.length * 2 * F);
  idx.forEach((i, r) => {
    for (let q = 0; q < F; q++) {
      Y[r * 2 * F + q] = ds.s11.re[i]![q]!;
      Y[r * 2 * F + F + q] = ds.s11.im[i]![q]!;
    }
  });
  return Y;
}

/**
 * Per design, the warp's anchors (Hz): the TM10 cavity resonance of its L and W, and for 'cavity2' the
 * TM02 resonance (twice the half-wave resonance across W, fringing width L); b = Infinity for 'cavity'.
 */
export function warpAnchors(parameters: readonly ParameterInfo[], warp: NonNullable<S11Model['warp']>, design: readonly number[]): [number, number] {
  const { f10: a, f02: b } = modeFrequencies(parameters, warp, design);
  if (warp.kind === 'cavity') return [a, Infinity];
  if (!(b > a)) throw new Error(`s11 surrogate: warp 'cavity2' needs the TM02 resonance above TM10, got ${b} <= ${a} Hz for design ${design.join(', ')}`);
  return [a, b];
}

/**
 * The TM10, TM20 and TM02 frequencies (Hz) of a design as the warp sees them: the cavity model's
 * (f10, 2 f10 and f02 = 2 f10(W, L)) on the warp's substrate, times the fitted ratios when the warp has a fit.
 */
function modeFrequencies(parameters: readonly ParameterInfo[], warp: NonNullable<S11Model['warp']>, design: readonly number[]): { f10: number; f20: number; f02: number } {
  const iL = parameters.findIndex((p) => p.name === 'L'), iW = parameters.findIndex((p) => p.name === 'W');
  if (iL < 0 || iW < 0) throw new Error(`s11 surrogate: warp '${warp.kind}' needs parameters L and W (mm), the dataset has ${parameters.map((p) => p.name).join(', ')}`);
  const u = warp.fit ? normaliseDesign(parameters, design) : [];
  const m10 = patchCavityResonance(design[iL]!, design[iW]!, warp.epsR, warp.hMm), m02 = 2 * patchCavityResonance(design[iW]!, design[iL]!, warp.epsR, warp.hMm);
  if (!warp.fit) return { f10: m10, f20: 2 * m10, f02: m02 };
  const f10 = m10 * evalRatio(warp.fit.tm10, u);
  return { f10, f20: f10 * (warp.fit.tm20 ? evalRatio(warp.fit.tm20, u) : 2), f02: m02 * evalRatio(warp.fit.tm02, u) };
}

/** Frequency (Hz) -> normalised frequency of a design with anchors [a, b] (file header). */
export const toNu = ([a, b]: [number, number], f: number) => (f <= a || b === Infinity ? f / a : 1 + (f - a) / (b - a));
/** Normalised frequency -> frequency (Hz), the inverse of toNu. */
const fromNu = ([a, b]: [number, number], nu: number) => (nu <= 1 || b === Infinity ? nu * a : a + (nu - 1) * (b - a));

/**
 * Linear interpolation of the curve y (on increasing grid xs) at x; clamps outside the grid. Returns the
 * index of the left node and the weight of the right one.
 */
export function bracket(xs: readonly number[], x: number): [number, number] {
  const n = xs.length;
  if (x <= xs[0]!) return [0, 0];
  if (x >= xs[n - 1]!) return [n - 2, 1];
  let lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return [lo, (x - xs[lo]!) / (xs[lo + 1]! - xs[lo]!)];
}

/**
 * Maps one design's network output (2K standardised values on the model's output grid) to S11 at the
 * model's F frequencies: un-standardise, and with a warp interpolate at nu = f / f_r(design).
 */
function outputToS11(model: S11Model, design: readonly number[], z: ArrayLike<number>, scale: number, re: number[] | Float32Array, im: number[] | Float32Array, off: number): void {
  const F = model.freqs.length;
  if (!model.warp) {
    for (let q = 0; q < F; q++) {
      re[off + q] = model.mu[q]! + model.sd[q]! * z[q]! * scale;
      im[off + q] = model.mu[F + q]! + model.sd[F + q]! * z[F + q]! * scale;
    }
    return;
  }
  const nu = model.warp.nu, K = nu.length;
  const anchors = warpAnchors(model.parameters, model.warp, design);
  for (let q = 0; q < F; q++) {
    const [k, w] = bracket(nu, toNu(anchors, model.freqs[q]!));
    const a = model.mu[k]! + model.sd[k]! * z[k]! * scale, b = model.mu[k + 1]! + model.sd[k + 1]! * z[k + 1]! * scale;
    const c = model.mu[K + k]! + model.sd[K + k]! * z[K + k]! * scale, d = model.mu[K + k + 1]! + model.sd[K + k + 1]! * z[K + k + 1]! * scale;
    re[off + q] = a + w * (b - a);
    im[off + q] = c + w * (d - c);
  }
}

/**
 * Trains the S11 surrogate (see the file header): {@link skipMlp} from {@link designFeatures} of each
 * design to the 2F standardised outputs (Re S11 at the F frequencies, then Im S11), mean squared error,
 * Adam with lr decaying by `lrDecay` (0.1) over the run (lr * lrDecay^(step/steps)), minibatches drawn by a seeded
 * shuffled index stream.
 * @param ds the dataset (designs [n][p] in the parameters' units, S11 dimensionless).
 * @param trainIdx rows of `ds` to train on (>= 2); the per-output mean/sd are computed on these.
 * @param o `width` (default 128), `depth` hidden layers (5), `steps` per network (3000), `batch` (64,
 *   capped at the training size), `lr` (1e-3), `seed` (0), `features` ('raw'), `ensemble` k networks
 *   from seeds seed..seed+k-1 (1), `onLog(step, loss)` every `logEvery` steps (500) and at the last
 *   step of each member (step counted across members).
 * @returns the model (format 'mindscience-s11-surrogate/1'): parameters, freqs (Hz), output
 *   standardisation mu/sd [2F], width, depth, first network in `params`, the others in `members`.
 * @throws Error if fewer than 2 training designs, a non-finite loss (naming step and member) or a bad
 *   design ({@link designFeatures}); RangeError if ensemble is not a positive integer.
 */
export function trainS11Surrogate(ds: S11Dataset, trainIdx: readonly number[], o: SurrogateTrainOptions = {}): S11Model {
  if (o.warp === 'mixed' || o.warp === 'blend') {
    const k = o.ensemble ?? 2;
    const both = o.scale === 'both';
    if (!Number.isInteger(k) || k < 2 || k % 2 !== 0) throw new RangeError(`s11 surrogate: warp '${o.warp}' needs an even ensemble >= 2 (half per warp), got ${k}`);
    if (both && k % 4 !== 0) throw new RangeError(`s11 surrogate: scale 'both' needs an ensemble divisible by 4 (a quarter per warp and scale), got ${k}`);
    const featureSets: (S11Features | undefined)[] = o.features === 'patch+modes' ? ['patch', 'modes'] : [o.features];
    if (featureSets.length > 1 && k % (2 * (both ? 4 : 2)) !== 0) throw new RangeError(`s11 surrogate: features 'patch+modes' with scale '${o.scale ?? 'output'}' needs an ensemble divisible by ${2 * (both ? 4 : 2)} (the same count per warp, scale and features), got ${k}`);
    const steps = o.steps ?? 3000;
    // the blend weights need the fitted mode frequencies
    const anchors = o.warp === 'blend' ? 'fitted' : o.anchors;
    const blend = o.warp === 'blend' ? { width: o.blendWidth ?? 0.08, floor: o.blendFloor ?? 0.01 } : undefined;
    if (blend && !(blend.width > 0 && blend.floor >= 0)) throw new RangeError(`s11 surrogate: blendWidth = ${blend.width}, blendFloor = ${blend.floor}; expected width > 0 and floor >= 0`);
    const warpScales: [WarpKind, 'output' | 'global' | undefined][] = both
      ? [['cavity', 'output'], ['cavity2', 'output'], ['cavity', 'global'], ['cavity2', 'global']]
      : [['cavity', o.scale as 'output' | 'global' | undefined], ['cavity2', o.scale as 'output' | 'global' | undefined]];
    const groups = featureSets.flatMap((features) => warpScales.map(([warp, scale]) => ({ warp, scale, features })));
    const per = k / groups.length, onLog = o.onLog;
    const parts = groups.map(({ warp, scale, features }, g) => trainS11Surrogate(ds, trainIdx, { ...o, anchors, warp, scale, features, ensemble: per, onLog: onLog && ((s, v) => onLog(s + g * per * steps, v)) }));
    return { ...parts[0]!, others: parts.slice(1), ...(blend ? { blend } : {}) };
  }
  if (o.scale === 'both') throw new RangeError(`s11 surrogate: scale 'both' needs warp 'mixed' or 'blend', got '${o.warp ?? 'none'}'`);
  if (o.features === 'patch+modes') throw new RangeError(`s11 surrogate: features 'patch+modes' needs warp 'mixed' or 'blend', got '${o.warp ?? 'none'}'`);
  const n = trainIdx.length;
  if (n < 2) throw new Error(`s11 surrogate: need at least 2 training designs, got ${n}`);
  const features = o.features ?? 'raw';
  const substrate = features === 'patch' || features === 'modes' ? datasetSubstrate(ds) : undefined;
  const warp = isWarpKind(o.warp) ? warpGrid(ds, trainIdx, o.warp, o.warpPoints ?? 1601, o.anchors ?? 'model') : undefined;
  const rows = trainIdx.map((i) => designFeatures(ds.parameters, features, ds.designs[i]!, substrate, warp?.fit));
  const P = rows[0]!.length;
  const X = Float64Array.from(rows.flat());
  const { Y, M } = warp ? warpedTargets(ds, trainIdx, warp) : { Y: targets(ds, trainIdx), M: null };
  const O = Y.length / n;
  const mu = new Array<number>(O).fill(0), sd = new Array<number>(O).fill(0), cnt = new Array<number>(O).fill(0);
  const valid = (r: number, c: number) => M === null || M[r * O + c] === 1;
  // valid entries per training row (for the masked loss's normalisation)
  const rowValid = M ? Array.from({ length: n }, (_, r) => M.subarray(r * O, r * O + O).reduce((a, v) => a + v, 0)) : null;
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) if (valid(r, c)) { mu[c] += Y[r * O + c]!; cnt[c]++; }
  for (let c = 0; c < O; c++) mu[c] = cnt[c]! > 0 ? mu[c]! / cnt[c]! : 0;
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) if (valid(r, c)) sd[c] += (Y[r * O + c]! - mu[c]!) ** 2;
  for (let c = 0; c < O; c++) sd[c] = Math.sqrt(sd[c]! / Math.max(cnt[c]!, 1)) || 1;
  if (o.scale === 'global') sd.fill(Math.sqrt(sd.reduce((a, v) => a + v * v, 0) / O));
  const Z = new Float64Array(Y.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) Z[r * O + c] = valid(r, c) ? (Y[r * O + c]! - mu[c]!) / sd[c]! : 0;
  const width = o.width ?? 128, depth = o.depth ?? 5, steps = o.steps ?? 3000, batch = Math.min(o.batch ?? 64, n);
  const k = o.ensemble ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`s11 surrogate: ensemble = ${k}; expected a positive integer`);
  // Masked loss with a warp: invalid entries have z = 0 and weight 0; the weights are scaled so that the
  // loss is the mean over the valid entries of the batch.
  const loss = (xb: Tensor, zb: Tensor, mb: Tensor | null) => (p: SkipMlpParams) => (mb === null ? mean(square(sub(skipMlp(p, xb), zb))) : mean(mul(square(sub(skipMlp(p, xb), zb)), mb)));
  const xb = new Float64Array(batch * P), zb = new Float64Array(batch * O), mb = M ? new Float64Array(batch * O) : null;
  let validInBatch = 0;
  const members: SkipMlpParams[] = [];
  for (let m = 0; m < k; m++) {
    const seed = (o.seed ?? 0) + m;
    let params = initSkipMlp(randomKey(seed), P, O, width, depth);
    const opt = adam({ lr: exponentialDecay(o.lr ?? 1e-3, o.lrDecay ?? 0.1, steps) });
    let state = opt.init(params);
    const nextRow = shuffledIndexStream(n, seed);
    for (let step = 0; step < steps; step++) {
      for (let b = 0; b < batch; b++) {
        const r = nextRow();
        xb.set(X.subarray(r * P, r * P + P), b * P);
        zb.set(Z.subarray(r * O, r * O + O), b * O);
        if (mb && M) {
          mb.set(M.subarray(r * O, r * O + O), b * O);
          validInBatch += rowValid![r]!;
        }
      }
      let mt: Tensor | null = null;
      if (mb) {
        // weight mb.length / (valid entries) on the valid ones: the loss is their mean
        const w = mb.length / Math.max(validInBatch, 1);
        for (let i = 0; i < mb.length; i++) if (mb[i] !== 0) mb[i] = w;
        mt = tensor(mb, { shape: [batch, O] });
        validInBatch = 0;
      }
      const [value, g] = valueAndGrad(loss(tensor(xb, { shape: [batch, P] }), tensor(zb, { shape: [batch, O] }), mt))(params);
      const v = value.item();
      if (!Number.isFinite(v)) throw new Error(`s11 surrogate: loss ${v} at step ${step}${k > 1 ? ` of ensemble member ${m}` : ''}`);
      ({ params, state } = opt.step(params, g as SkipMlpParams, state));
      if (o.onLog && (step % (o.logEvery ?? 500) === 0 || step === steps - 1)) o.onLog(m * steps + step, v);
    }
    members.push(params);
  }
  const model: S11Model = { format: 'mindscience-s11-surrogate/1', parameters: ds.parameters, freqs: ds.freqs, mu, sd, width, depth, params: members[0]! };
  if (features !== 'raw') model.features = features;
  if (substrate) model.substrate = substrate;
  if (k > 1) model.members = members.slice(1);
  if (warp) model.warp = warp;
  return model;
}

/** The substrate a patch dataset records in its provenance ({epsR, hMm}, only the fields it has; {} if none). */
function datasetSubstrate(ds: S11Dataset): { epsR?: number; hMm?: number } {
  const sub = (ds.provenance.substrate ?? {}) as { epsR?: number; hMm?: number };
  return { ...(sub.epsR ? { epsR: sub.epsR } : {}), ...(sub.hMm ? { hMm: sub.hMm } : {}) };
}

/**
 * The normalised-frequency grid of a warp: `points` values of nu evenly spanning the union over the
 * training designs of [nu(f_min), nu(f_max)].
 */
function warpGrid(ds: S11Dataset, trainIdx: readonly number[], kind: WarpKind, points: number, anchors: 'model' | 'fitted'): NonNullable<S11Model['warp']> {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`s11 surrogate: warpPoints = ${points}; expected an integer >= 2`);
  const warp: NonNullable<S11Model['warp']> = { kind, nu: [], ...datasetSubstrate(ds) };
  if (anchors === 'fitted') warp.fit = fitWarpAnchors(ds, trainIdx, warp);
  let lo = Infinity, hi = -Infinity;
  const f0 = ds.freqs[0]!, f1 = ds.freqs[ds.freqs.length - 1]!;
  for (const i of trainIdx) {
    const an = warpAnchors(ds.parameters, warp, ds.designs[i]!);
    lo = Math.min(lo, toNu(an, f0));
    hi = Math.max(hi, toNu(an, f1));
  }
  warp.nu = Array.from({ length: points }, (_, k) => lo + ((hi - lo) * k) / (points - 1));
  return warp;
}

/**
 * The fitted anchors (resonanceFit.ts) from the training designs: TM10 ratio = R_in peak in
 * [0.8, 1.1] x f10 over f10, a cubic in the normalised parameters; TM02 ratio = R_in peak in
 * [max(0.85 f02, 1.15 x fitted TM10), 1.1 f02] (inside the band) over f02, a constant (the
 * median; few designs show TM02 in the band, too few and too clustered in W for a slope to be trusted, and
 * other modes' peaks then pull a linear fit), or the mean TM10 ratio when no training design shows TM02
 * in the band; TM20 = R_in peak in [1.85, 2.1] x fitted TM10 (inside the band) over the fitted TM10
 * (1.971-1.988 on the shipped set), linear (2 when no training design shows TM20 in the band). The fits
 * reject peaks of other modes.
 */
export function fitWarpAnchors(ds: S11Dataset, trainIdx: readonly number[], substrate: { epsR?: number; hMm?: number }): WarpFit {
  const iL = ds.parameters.findIndex((p) => p.name === 'L'), iW = ds.parameters.findIndex((p) => p.name === 'W');
  if (iL < 0 || iW < 0) throw new Error(`s11 surrogate: anchors 'fitted' need parameters L and W (mm), the dataset has ${ds.parameters.map((p) => p.name).join(', ')}`);
  const f = ds.freqs, fMax = f[f.length - 1]!;
  // per training design, once: normalised parameters, the cavity model's f10 and f02 (Hz), and (after the
  // TM10 fit) the fitted TM10 a10 (Hz)
  const rows = trainIdx.map((i) => {
    const d = ds.designs[i]!;
    return { i, u: normaliseDesign(ds.parameters, d), m10: patchCavityResonance(d[iL]!, d[iW]!, substrate.epsR, substrate.hMm), m02: 2 * patchCavityResonance(d[iW]!, d[iL]!, substrate.epsR, substrate.hMm), a10: NaN };
  });
  type Row = (typeof rows)[number];
  // the training designs' R_in peaks in a window [lo, hi] (clipped to the band), each over a reference frequency
  const peaks = (window: (r: Row) => [lo: number, hi: number, ref: number]) => {
    const us: number[][] = [], ys: number[] = [];
    for (const r of rows) {
      const [lo, hi, ref] = window(r);
      const p = Math.min(hi, fMax) > lo ? resistancePeak(f, ds.s11.re[r.i]!, ds.s11.im[r.i]!, lo, Math.min(hi, fMax)) : NaN;
      if (Number.isFinite(p)) {
        us.push(r.u);
        ys.push(p / ref);
      }
    }
    return { us, ys };
  };
  const p10 = peaks((r) => [0.8 * r.m10, 1.1 * r.m10, r.m10]);
  const tm10 = fitRatio(p10.us, p10.ys, 3, 1);
  for (const r of rows) r.a10 = r.m10 * evalRatio(tm10, r.u);
  const p02 = peaks((r) => [Math.max(0.85 * r.m02, 1.15 * r.a10), 1.1 * r.m02, r.m02]);
  const mean10 = p10.ys.length ? p10.ys.reduce((a, v) => a + v, 0) / p10.ys.length : 1;
  const tm02 = fitRatio(p02.us, p02.ys, 0, mean10);
  const p20 = peaks((r) => [1.85 * r.a10, 2.1 * r.a10, r.a10]);
  const tm20 = fitRatio(p20.us, p20.ys, 1, 2);
  return { tm10: { degree: tm10.degree, coef: tm10.coef }, tm02: { degree: tm02.degree, coef: tm02.coef }, tm20: { degree: tm20.degree, coef: tm20.coef } };
}

/** Training targets on the warp grid: Y [n, 2K] (Re then Im), mask M [n, 2K] (1 inside the design's band). */
function warpedTargets(ds: S11Dataset, idx: readonly number[], warp: NonNullable<S11Model['warp']>): { Y: Float64Array; M: Uint8Array } {
  const K = warp.nu.length, O = 2 * K, f = ds.freqs, F = f.length;
  const Y = new Float64Array(idx.length * O), M = new Uint8Array(idx.length * O);
  idx.forEach((i, r) => {
    const an = warpAnchors(ds.parameters, warp, ds.designs[i]!);
    for (let k = 0; k < K; k++) {
      const x = fromNu(an, warp.nu[k]!);
      if (x < f[0]! || x > f[F - 1]!) continue;
      const [q, w] = bracket(f, x);
      Y[r * O + k] = ds.s11.re[i]![q]! + w * (ds.s11.re[i]![q + 1]! - ds.s11.re[i]![q]!);
      Y[r * O + K + k] = ds.s11.im[i]![q]! + w * (ds.s11.im[i]![q + 1]! - ds.s11.im[i]![q]!);
      M[r * O + k] = M[r * O + K + k] = 1;
    }
  });
  return { Y, M };
}

const compiled = new WeakMap<SkipMlpParams, ReturnType<typeof compileSkipMlp>>();

/** designs [n][p] -> { re: [n][F], im: [n][F] }, through the compiled typed-array forward pass. */
export function predictS11(model: S11Model, designs: readonly (readonly number[])[]): { re: number[][]; im: number[][] } {
  if (model.others) return averageOthers(model, designs, (m) => predictS11(m, designs));
  const F = model.freqs.length, O = model.mu.length;
  const nets = [model.params, ...(model.members ?? [])];
  const fwds = nets.map((p) => {
    let fwd = compiled.get(p);
    if (!fwd) {
      fwd = compileSkipMlp(p);
      compiled.set(p, fwd);
    }
    return fwd;
  });
  const z = new Float64Array(O), zm = new Float64Array(O);
  const features = model.features ?? 'raw';
  const re: number[][] = [], im: number[][] = [];
  for (const d of designs) {
    const x = designFeatures(model.parameters, features, d, model.substrate, model.warp?.fit);
    if (fwds.length === 1) fwds[0]!(x, z);
    else {
      z.fill(0);
      for (const fwd of fwds) {
        fwd(x, zm);
        for (let q = 0; q < O; q++) z[q] += zm[q]! / fwds.length;
      }
    }
    const a = new Array<number>(F), b = new Array<number>(F);
    outputToS11(model, d, z, 1, a, b, 0);
    re.push(a);
    im.push(b);
  }
  return { re, im };
}

/** Networks in a model, counting its `others`. */
const networkCount = (m: S11Model): number => 1 + (m.members?.length ?? 0) + (m.others ?? []).reduce((a, o) => a + networkCount(o), 0);

/**
 * The parts a model's prediction combines: the model without its others, then each of its others, with
 * each part's share: of all networks, or with `blend` of its kind's networks (the 'cavity' parts together
 * weigh {@link blendWeight} per design and frequency, the 'cavity2' parts the rest); `tm20` marks the
 * 'cavity' parts. Shared by predictS11 / predictS11Batch and the compiled predictor (s11Fast.ts).
 * @throws Error if a blended model is not a 'cavity' model with 'cavity' and 'cavity2' sub-models only.
 */
export function modelParts(model: S11Model): { m: S11Model; share: number; tm20: boolean }[] {
  const parts = [{ ...model, others: undefined }, ...(model.others ?? [])];
  const kindOf = (m: S11Model) => m.warp?.kind;
  const tm20 = (m: S11Model) => kindOf(m) === 'cavity';
  if (model.blend && (parts.some((m) => !tm20(m) && kindOf(m) !== 'cavity2') || !parts.some((m) => kindOf(m) === 'cavity2') || !tm20(model))) {
    throw new Error(`s11 surrogate: a blended model needs a 'cavity' model with 'cavity' and 'cavity2' sub-models, got ${parts.map(kindOf).join(', ')}`);
  }
  const count = (pred: (m: S11Model) => boolean) => parts.filter(pred).reduce((a, m) => a + networkCount(m), 0);
  return parts.map((m) => ({ m, share: networkCount(m) / (model.blend ? count((o) => tm20(o) === tm20(m)) : count(() => true)), tm20: tm20(m) }));
}

/**
 * Combines the predictions of a model's parts ({@link modelParts}): share-weighted sums, with `blend` times
 * the per-design, per-frequency {@link blendWeight} of the 'cavity' kind (1 minus it for 'cavity2').
 */
function averageOthers<T extends { re: number[][] | Float32Array; im: number[][] | Float32Array }>(model: S11Model, designs: readonly (readonly number[])[], predict: (m: S11Model) => T): T {
  const preds = modelParts(model).map(({ m, share, tm20 }) => ({ w: share, a: tm20, p: predict(m) }));
  const F = model.freqs.length;
  const wA = model.blend ? designs.map((d) => blendWeight(model, d)) : null;
  const mix = (r: number, rows: (p: T) => ArrayLike<number>, off: number, into: number[] | Float32Array) => {
    preds.forEach(({ w, a, p }, k) => {
      const src = rows(p);
      for (let q = 0; q < F; q++) {
        const wq = wA ? w * (a ? wA[r]![q]! : 1 - wA[r]![q]!) : w;
        into[off + q] = (k === 0 ? 0 : into[off + q]!) + wq * src[off + q]!;
      }
    });
  };
  const out = preds[0]!.p;
  for (const key of ['re', 'im'] as const) {
    const dst = out[key];
    if (dst instanceof Float32Array) {
      const into = new Float32Array(dst.length);
      for (let r = 0; r < dst.length / F; r++) mix(r, (p) => p[key] as Float32Array, r * F, into);
      out[key] = into as T[typeof key];
    } else {
      out[key] = dst.map((_, r) => {
        const into = new Array<number>(F);
        mix(r, (p) => (p[key] as number[][])[r]!, 0, into);
        return into;
      }) as T[typeof key];
    }
  }
  return out;
}

/**
 * Per-frequency weight [F] of a blended model's 'cavity' parts (TM20 anchored) for one design:
 * (p20 + floor) / (p20 + p02 + 2 floor), with p20 = cos^2(2 pi inset / L) exp(-((f - f20) / (width f20))^2)
 * (the probe's coupling to TM20 times the proximity to its fitted frequency) and p02 = exp(-((f - f02) /
 * (width f02))^2) (a centred probe couples fully to TM02); the 'cavity2' parts get the rest. Far from both
 * modes the two kinds share equally.
 */
export function blendWeight(model: S11Model, design: readonly number[]): number[] {
  const b = model.blend!, warp = model.warp!;
  const iL = model.parameters.findIndex((p) => p.name === 'L'), iI = model.parameters.findIndex((p) => p.name === 'inset');
  if (iI < 0) throw new Error(`s11 surrogate: a blended model needs parameter inset (mm), the model has ${model.parameters.map((p) => p.name).join(', ')}`);
  const { f20, f02 } = modeFrequencies(model.parameters, warp, design);
  const c20 = Math.cos((2 * Math.PI * design[iI]!) / design[iL]!) ** 2;
  return model.freqs.map((f) => {
    const p20 = c20 * Math.exp(-(((f - f20) / (b.width * f20)) ** 2)), p02 = Math.exp(-(((f - f02) / (b.width * f02)) ** 2));
    return (p20 + b.floor) / (p20 + p02 + 2 * b.floor);
  });
}

const f32Nets = new WeakMap<SkipMlpParams, SkipMlpParams>();
const toF32 = (p: SkipMlpParams): SkipMlpParams => {
  let q = f32Nets.get(p);
  if (!q) {
    const c = (l: { w: Tensor; b: Tensor }) => ({ w: cast(l.w, 'float32'), b: cast(l.b, 'float32') });
    q = { input: c(p.input), hidden: p.hidden.map(c), head: c(p.head) };
    f32Nets.set(p, q);
  }
  return q;
};

/**
 * Batched inference for throughput: all designs in one [n, in] float32 matrix through the core's GEMM
 * (the wasm SIMD backend where it loads), members averaged. Same result as predictS11 to float32
 * rounding (~1e-6 relative); use predictS11 for float64.
 */
export function predictS11Batch(model: S11Model, designs: readonly (readonly number[])[]): { re: Float32Array; im: Float32Array } {
  if (model.others) return averageOthers(model, designs, (m) => predictS11Batch(m, designs));
  const F = model.freqs.length, n = designs.length;
  const rows = designs.map((d) => designFeatures(model.parameters, model.features ?? 'raw', d, model.substrate, model.warp?.fit));
  const X = tensor(Float32Array.from(rows.flat()), { dtype: 'float32', shape: [n, rows[0]?.length ?? model.parameters.length] });
  const nets = [model.params, ...(model.members ?? [])];
  const O = model.mu.length;
  const acc = new Float32Array(n * O);
  for (const p of nets) {
    const z = skipMlp(toF32(p), X).data();
    for (let i = 0; i < acc.length; i++) acc[i] += z[i]!;
  }
  const re = new Float32Array(n * F), im = new Float32Array(n * F);
  const inv = 1 / nets.length;
  for (let r = 0; r < n; r++) outputToS11(model, designs[r]!, acc.subarray(r * O, r * O + O), inv, re, im, r * F);
  return { re, im };
}

/** The same prediction through the differentiable tensor network (for gradients w.r.t. designs). */
export function predictS11Tensor(model: S11Model, designs: readonly (readonly number[])[]): Tensor {
  if (model.others) throw new Error('s11 surrogate: predictS11Tensor does not support mixed-warp ensembles (others); use predictS11');
  if (model.warp) throw new Error(`s11 surrogate: predictS11Tensor does not support the '${model.warp.kind}' frequency warp (its output grid moves with the design); use predictS11`);
  const rows = designs.map((d) => designFeatures(model.parameters, model.features ?? 'raw', d, model.substrate, model.warp?.fit));
  const X = tensor(Float64Array.from(rows.flat()), { shape: [designs.length, rows[0]?.length ?? model.parameters.length] });
  const nets = [model.params, ...(model.members ?? [])];
  let z = skipMlp(nets[0]!, X);
  for (const p of nets.slice(1)) z = z.add(skipMlp(p, X));
  if (nets.length > 1) z = z.mul(1 / nets.length);
  return z.mul(tensor(model.sd)).add(tensor(model.mu));
}

/**
 * Accuracy of predicted S11 curves against references, per design i over its F frequencies:
 * relativeComplex = mean_i ||S_pred - S||_2 / ||S||_2 (complex), meanAbsDb = mean over all (i, f) of
 * |dB(S_pred) - dB(S)| with dB = 20 log10 |S11|, relativeDb = mean_i ||dB_pred - dB||_2 / ||dB||_2.
 * @param pred predicted `{re, im}`, each [n][F] (dimensionless S11); at least the rows and columns of
 *   `ref` (not checked).
 * @param ref reference `{re, im}`, each [n][F].
 * @returns the three errors (relative ones as fractions, meanAbsDb in dB) and n = ref row count.
 */
export function s11Metrics(pred: { re: number[][]; im: number[][] }, ref: { re: number[][]; im: number[][] }): S11Metrics {
  let relC = 0, absDb = 0, relDb = 0, count = 0;
  const n = ref.re.length;
  for (let i = 0; i < n; i++) {
    let num = 0, den = 0, nd = 0, dd = 0;
    const F = ref.re[i]!.length;
    for (let q = 0; q < F; q++) {
      const [pr, pi, rr, ri] = [pred.re[i]![q]!, pred.im[i]![q]!, ref.re[i]![q]!, ref.im[i]![q]!];
      num += (pr - rr) ** 2 + (pi - ri) ** 2;
      den += rr * rr + ri * ri;
      const dbP = 10 * Math.log10(pr * pr + pi * pi), dbR = 10 * Math.log10(rr * rr + ri * ri);
      absDb += Math.abs(dbP - dbR);
      nd += (dbP - dbR) ** 2;
      dd += dbR * dbR;
      count++;
    }
    relC += Math.sqrt(num / den) / n;
    relDb += Math.sqrt(nd / dd) / n;
  }
  return { relativeComplex: relC, meanAbsDb: absDb / count, relativeDb: relDb, n };
}

/**
 * The reference S11 curves of some designs: `{re, im}` [idx.length][F] rows of `ds.s11` (shared, not
 * copied), in the order of `idx` (exported as `s11Subset`).
 */
export function subset(ds: S11Dataset, idx: readonly number[]): { re: number[][]; im: number[][] } {
  return { re: idx.map((i) => ds.s11.re[i]!), im: idx.map((i) => ds.s11.im[i]!) };
}

// ---- model files (JSON, atomic) ----

interface LayerJson { w: number[]; b: number[]; shape: [number, number] }
const toJson = (l: { w: Tensor; b: Tensor }): LayerJson => ({ w: Array.from(l.w.data()), b: Array.from(l.b.data()), shape: [l.w.shape[0]!, l.w.shape[1]!] });
const fromJson = (file: string, field: string, l: LayerJson) => {
  if (!l || !Array.isArray(l.w) || !Array.isArray(l.b) || !Array.isArray(l.shape) || l.w.length !== l.shape[0] * l.shape[1] || l.b.length !== l.shape[1]) {
    throw new Error(`${file}: ${field} is not a dense layer {w, b, shape: [in, out]} with matching sizes`);
  }
  return { w: tensor(l.w, { shape: l.shape }), b: tensor(l.b, { shape: [l.shape[1]] }) };
};

/** The model as plain JSON data (what writeS11Model writes). */
export function s11ModelToJson(m: S11Model): object {
  const net = (p: SkipMlpParams) => ({ input: toJson(p.input), hidden: p.hidden.map(toJson), head: toJson(p.head) });
  return { ...m, params: net(m.params), ...(m.members ? { members: m.members.map(net) } : {}), ...(m.others ? { others: m.others.map(s11ModelToJson) } : {}) };
}

/**
 * Writes a trained surrogate as JSON ({@link s11ModelToJson}: dense layers as flat row-major `w` with
 * `shape` [in, out] and `b`), atomically (tmp file + rename). A model too large for one JSON text (V8's
 * string limit, ~64 networks of 3202 outputs), or any model with `splitOthers`, is written with each
 * sub-model (`others[i]`) in `<file>.others-<i>.json` beside it, referenced as `{"file": name}`;
 * parseS11Model reads those back.
 * @throws Error naming the file if even the model without its sub-models does not fit in one text.
 */
export function writeS11Model(file: string, m: S11Model, o: { splitOthers?: boolean } = {}): void {
  let text: string | null = null;
  if (!o.splitOthers || !m.others?.length) {
    try {
      text = JSON.stringify(s11ModelToJson(m)) + '\n';
    } catch (e) {
      // V8 strings end near 2^29 characters (~64 networks of 3202 outputs): split the sub-models off
      if (!(e instanceof RangeError)) throw e;
      if (!m.others?.length) throw new Error(`${file}: the model does not fit in one JSON text (${e.message}); split its networks into sub-models (others)`);
    }
  }
  if (text !== null) return writeFileAtomic(file, text);
  const refs = m.others!.map((sub, i) => {
    const name = `${basename(file)}.others-${i}.json`;
    writeS11Model(join(dirname(file), name), sub);
    return { file: name };
  });
  writeFileAtomic(file, JSON.stringify({ ...s11ModelToJson({ ...m, others: undefined }), others: refs }) + '\n');
}

/**
 * Parses a surrogate model file written by {@link writeS11Model}.
 * @param file the name used in error messages.
 * @param text the JSON text.
 * @returns the model, with tensors rebuilt from the stored shapes. `parameters`, `width` and `depth`
 *   are taken as stored (not validated).
 * @throws Error naming the file (and field): invalid JSON, wrong format, a network that is not
 *   {input, hidden[], head}, a layer whose w/b sizes do not match its shape, unknown `features`,
 *   `members` not an array, or mu/sd not of length 2 x freqs.
 */
export function parseS11Model(file: string, text: string): S11Model {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return modelFromJson(file, v);
}

/** The model from parsed JSON (parseS11Model's checks; `others` recursively, named "<file> others[i]"). */
function modelFromJson(file: string, v: Record<string, unknown>): S11Model {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${file}: expected a JSON object (an S11 surrogate model), got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  if (v.format !== 'mindscience-s11-surrogate/1') throw new Error(`${file}: format = ${JSON.stringify(v.format)}; expected "mindscience-s11-surrogate/1"`);
  type NetJson = { input: LayerJson; hidden: LayerJson[]; head: LayerJson };
  const net = (field: string, p: NetJson | undefined): SkipMlpParams => {
    if (!p || typeof p !== 'object' || !Array.isArray(p.hidden)) throw new Error(`${file}: ${field} must be {input, hidden: [...], head}`);
    return { input: fromJson(file, `${field}.input`, p.input), hidden: p.hidden.map((l, i) => fromJson(file, `${field}.hidden[${i}]`, l)), head: fromJson(file, `${field}.head`, p.head) };
  };
  const features = v.features ?? 'raw';
  if (features !== 'raw' && features !== 'optical' && features !== 'fourier' && features !== 'patch' && features !== 'modes') throw new Error(`${file}: features = ${JSON.stringify(v.features)}; expected "raw", "optical", "fourier", "patch" or "modes"`);
  const substrate = v.substrate as S11Model['substrate'] | undefined;
  if (substrate !== undefined && (substrate === null || typeof substrate !== 'object' || Object.values(substrate).some((x) => typeof x !== 'number' || !(x > 0)))) throw new Error(`${file}: substrate = ${JSON.stringify(substrate)?.slice(0, 80)}; expected {epsR?, hMm?} positive numbers`);
  if (v.members !== undefined && !Array.isArray(v.members)) throw new Error(`${file}: members = ${JSON.stringify(v.members)}; expected an array of networks`);
  const freqs = v.freqs as number[], mu = v.mu as number[], sd = v.sd as number[];
  const warp = v.warp as S11Model['warp'] | undefined;
  if (warp !== undefined && (warp === null || !isWarpKind(warp.kind) || !Array.isArray(warp.nu) || warp.nu.length < 2)) throw new Error(`${file}: warp = ${JSON.stringify(warp)?.slice(0, 80)}; expected {kind: "cavity" | "cavity2", nu: [at least 2 numbers]}`);
  if (warp?.fit !== undefined) {
    const okFit = (r: unknown) => r !== null && typeof r === 'object' && Number.isInteger((r as { degree: unknown }).degree) && Array.isArray((r as { coef: unknown }).coef) && (r as { coef: unknown[] }).coef.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (warp.fit === null || typeof warp.fit !== 'object' || !okFit(warp.fit.tm10) || !okFit(warp.fit.tm02) || (warp.fit.tm20 !== undefined && !okFit(warp.fit.tm20))) throw new Error(`${file}: warp.fit = ${JSON.stringify(warp.fit)?.slice(0, 80)}; expected {tm10: {degree, coef: [numbers]}, tm02: {degree, coef: [numbers]}}`);
  }
  const blend = v.blend as S11Model['blend'] | undefined;
  if (blend !== undefined && (blend === null || typeof blend !== 'object' || !(typeof blend.width === 'number' && blend.width > 0) || !(typeof blend.floor === 'number' && blend.floor >= 0) || !warp?.fit || !Array.isArray(v.others) || v.others.length < 1)) {
    throw new Error(`${file}: blend = ${JSON.stringify(blend)?.slice(0, 80)}; expected {width > 0, floor >= 0} on a model with a fitted warp and sub-models (others)`);
  }
  const outs = warp ? warp.nu.length : Array.isArray(freqs) ? freqs.length : NaN;
  if (!Array.isArray(freqs) || !Array.isArray(mu) || !Array.isArray(sd) || mu.length !== 2 * outs || sd.length !== mu.length) {
    throw new Error(`${file}: mu and sd must have 2 x ${outs} (${warp ? 'warp grid' : 'frequency'}) entries`);
  }
  return {
    format: 'mindscience-s11-surrogate/1',
    parameters: v.parameters as ParameterInfo[],
    freqs, mu, sd,
    width: v.width as number,
    depth: v.depth as number,
    params: net('params', v.params as NetJson),
    ...(features !== 'raw' ? { features: features as S11Features } : {}),
    ...(substrate ? { substrate } : {}),
    ...(v.members ? { members: (v.members as NetJson[]).map((p, i) => net(`members[${i}]`, p)) } : {}),
    ...(warp ? { warp } : {}),
    ...(v.others !== undefined ? { others: othersFromJson(file, v.others) } : {}),
    ...(blend ? { blend } : {}),
  };
}

function othersFromJson(file: string, others: unknown): S11Model[] {
  if (!Array.isArray(others)) throw new Error(`${file}: others = ${JSON.stringify(others)?.slice(0, 80)}; expected an array of models`);
  return others.map((o, i) => {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${file}: others[${i}] is not a model object`);
    const ref = (o as { file?: unknown }).file;
    if (typeof ref === 'string' && Object.keys(o).length === 1) {
      // a sub-model in a file of its own (writeS11Model splits models too large for one JSON text)
      const path = join(dirname(file), ref);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new Error(`${file}: others[${i}] refers to ${path}, which cannot be read (${(e as Error).message})`);
      }
      return parseS11Model(path, text);
    }
    return modelFromJson(`${file} others[${i}]`, o as Record<string, unknown>);
  });
}
