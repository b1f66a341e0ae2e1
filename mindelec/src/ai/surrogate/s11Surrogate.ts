/**
 * Parametric S11 surrogate (MindElec's parameterised-antenna network): design parameters -> complex S11
 * at every frequency of the dataset, with skipMlp (input layer, 5 hidden layers of 128 with cumulative
 * skips, linear head: 7 dense layers). Inputs are mapped to [-1, 1] by the parameter ranges; the
 * 2F outputs (Re S11 then Im S11) are standardised per output on the training split.
 * Metrics on a split: mean relative L2 of the complex S11 curve, mean |dB error| and the relative L2 of
 * the |S11| dB curve (the form MindElec quotes, 1.02% vs CST).
 */
import { mean, square, sub, tensor, valueAndGrad, randomKey, permutation, type Tensor } from '@mindscience/core';
import { compileSkipMlp, initSkipMlp, skipMlp, type SkipMlpParams } from '../nn.ts';
import { adam, exponentialDecay } from '../adam.ts';
import { writeFileAtomic } from '../../io/index.ts';
import type { ParameterInfo, S11Dataset } from './dataset.ts';
import { shuffledIndexStream } from '../indexStream.ts';

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
}

export interface SurrogateTrainOptions {
  width?: number;
  depth?: number;
  steps?: number;
  batch?: number;
  lr?: number;
  seed?: number;
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

export function normaliseDesign(parameters: readonly ParameterInfo[], design: readonly number[]): number[] {
  if (design.length !== parameters.length) throw new Error(`s11 surrogate: design has ${design.length} values, expected ${parameters.length} (${parameters.map((p) => p.name).join(', ')})`);
  return design.map((v, k) => {
    const p = parameters[k]!;
    if (!Number.isFinite(v)) throw new Error(`s11 surrogate: ${p.name} = ${v}; expected a finite number in ${p.min}..${p.max} ${p.unit}`);
    return (2 * (v - p.min)) / (p.max - p.min) - 1;
  });
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

export function trainS11Surrogate(ds: S11Dataset, trainIdx: readonly number[], o: SurrogateTrainOptions = {}): S11Model {
  const F = ds.freqs.length, P = ds.parameters.length, O = 2 * F, n = trainIdx.length;
  if (n < 2) throw new Error(`s11 surrogate: need at least 2 training designs, got ${n}`);
  const X = Float64Array.from(trainIdx.flatMap((i) => normaliseDesign(ds.parameters, ds.designs[i]!)));
  const Y = targets(ds, trainIdx);
  const mu = new Array<number>(O).fill(0), sd = new Array<number>(O).fill(0);
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) mu[c] += Y[r * O + c]! / n;
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) sd[c] += (Y[r * O + c]! - mu[c]!) ** 2 / n;
  for (let c = 0; c < O; c++) sd[c] = Math.sqrt(sd[c]!) || 1;
  const Z = new Float64Array(Y.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < O; c++) Z[r * O + c] = (Y[r * O + c]! - mu[c]!) / sd[c]!;
  const width = o.width ?? 128, depth = o.depth ?? 5, steps = o.steps ?? 3000, batch = Math.min(o.batch ?? 64, n);
  let params = initSkipMlp(randomKey(o.seed ?? 0), P, O, width, depth);
  const opt = adam({ lr: exponentialDecay(o.lr ?? 1e-3, 0.1, steps) });
  let state = opt.init(params);
  const loss = (xb: Tensor, zb: Tensor) => (p: SkipMlpParams) => mean(square(sub(skipMlp(p, xb), zb)));
  const xb = new Float64Array(batch * P), zb = new Float64Array(batch * O);
  const nextRow = shuffledIndexStream(n, o.seed ?? 0);
  for (let step = 0; step < steps; step++) {
    for (let b = 0; b < batch; b++) {
      const r = nextRow();
      xb.set(X.subarray(r * P, r * P + P), b * P);
      zb.set(Z.subarray(r * O, r * O + O), b * O);
    }
    const [value, g] = valueAndGrad(loss(tensor(xb, { shape: [batch, P] }), tensor(zb, { shape: [batch, O] })))(params);
    const v = value.item();
    if (!Number.isFinite(v)) throw new Error(`s11 surrogate: loss ${v} at step ${step}`);
    ({ params, state } = opt.step(params, g as SkipMlpParams, state));
    if (o.onLog && (step % (o.logEvery ?? 500) === 0 || step === steps - 1)) o.onLog(step, v);
  }
  return { format: 'mindscience-s11-surrogate/1', parameters: ds.parameters, freqs: ds.freqs, mu, sd, width, depth, params };
}

const compiled = new WeakMap<SkipMlpParams, ReturnType<typeof compileSkipMlp>>();

/** designs [n][p] -> { re: [n][F], im: [n][F] }, through the compiled typed-array forward pass. */
export function predictS11(model: S11Model, designs: readonly (readonly number[])[]): { re: number[][]; im: number[][] } {
  const F = model.freqs.length;
  let fwd = compiled.get(model.params);
  if (!fwd) {
    fwd = compileSkipMlp(model.params);
    compiled.set(model.params, fwd);
  }
  const z = new Float64Array(2 * F);
  const re: number[][] = [], im: number[][] = [];
  for (const d of designs) {
    fwd(normaliseDesign(model.parameters, d), z);
    const a = new Array<number>(F), b = new Array<number>(F);
    for (let q = 0; q < F; q++) {
      a[q] = model.mu[q]! + model.sd[q]! * z[q]!;
      b[q] = model.mu[F + q]! + model.sd[F + q]! * z[F + q]!;
    }
    re.push(a);
    im.push(b);
  }
  return { re, im };
}

/** The same prediction through the differentiable tensor network (for gradients w.r.t. designs). */
export function predictS11Tensor(model: S11Model, designs: readonly (readonly number[])[]): Tensor {
  const P = model.parameters.length;
  const X = tensor(Float64Array.from(designs.flatMap((d) => normaliseDesign(model.parameters, d))), { shape: [designs.length, P] });
  return skipMlp(model.params, X).mul(tensor(model.sd)).add(tensor(model.mu));
}

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
  return { ...m, params: { input: toJson(m.params.input), hidden: m.params.hidden.map(toJson), head: toJson(m.params.head) } };
}

export function writeS11Model(file: string, m: S11Model): void {
  writeFileAtomic(file, JSON.stringify(s11ModelToJson(m)) + '\n');
}

export function parseS11Model(file: string, text: string): S11Model {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (v.format !== 'mindscience-s11-surrogate/1') throw new Error(`${file}: format = ${JSON.stringify(v.format)}; expected "mindscience-s11-surrogate/1"`);
  const p = v.params as { input: LayerJson; hidden: LayerJson[]; head: LayerJson };
  if (!p || !Array.isArray(p.hidden)) throw new Error(`${file}: params must be {input, hidden: [...], head}`);
  const freqs = v.freqs as number[], mu = v.mu as number[], sd = v.sd as number[];
  if (!Array.isArray(freqs) || !Array.isArray(mu) || !Array.isArray(sd) || mu.length !== 2 * freqs.length || sd.length !== mu.length) {
    throw new Error(`${file}: mu and sd must have 2 x ${Array.isArray(freqs) ? freqs.length : '?'} (frequency) entries`);
  }
  return {
    format: 'mindscience-s11-surrogate/1',
    parameters: v.parameters as ParameterInfo[],
    freqs, mu, sd,
    width: v.width as number,
    depth: v.depth as number,
    params: { input: fromJson(file, 'params.input', p.input), hidden: p.hidden.map((l, i) => fromJson(file, `params.hidden[${i}]`, l)), head: fromJson(file, 'params.head', p.head) },
  };
}
