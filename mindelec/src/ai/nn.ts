/**
 * Small networks for MindElec's AI pipelines, as pure functions of (params, x) over plain records of
 * core tensors (so grad, the optimiser and checkpoints handle them as pytrees):
 *   sinMlp:          x [N, in] -> [N, out]; sin between dense layers (SIREN-style init, Sitzmann 2020)
 *   multiScaleSinNet: MindElec's MultiScaleFCCell — K sub-networks see x scaled by 1, 2, 4, ... and
 *                    their outputs are summed (Wang, Wang & Perdikaris 2021, "eigenvector bias of
 *                    Fourier feature networks"); each sub-network is a sinMlp
 *   skipMlp:         MindElec's S-parameter MLP — dense layers of equal width where each hidden layer
 *                    takes the sum of all previous hidden outputs (cumulative skips), tanh-free leaky
 *                    ReLU, a linear head to the frequency points.
 * The core nn layers (issue 3) had not landed when this was written; these are the minimal pieces the
 * AI pipelines need, kept here so they can be swapped for the core's without changing callers.
 * Inputs and outputs are dimensionless (callers normalise coordinates and targets).
 */
import { add, matmul, mul, sin, normal, split, uniform, maximum, type RandomKey, type Tensor, zeros } from '@mindscience/core';

export interface DenseLayer {
  /** [in, out] */
  w: Tensor;
  /** [out] */
  b: Tensor;
}

export type SinMlpParams = DenseLayer[];

function checkWidths(what: string, sizes: readonly number[]): void {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s <= 0)) {
    throw new RangeError(`${what}: layer widths [${sizes.join(', ')}] must be >= 2 positive integers`);
  }
}

/**
 * SIREN initialisation: first layer U(-1/in, 1/in) * omega0 folded into the weights, later layers
 * U(-sqrt(6/in), sqrt(6/in)); biases U(-1/sqrt(in), 1/sqrt(in)).
 */
export function initSinMlp(key: RandomKey, sizes: readonly number[], omega0 = 1): SinMlpParams {
  checkWidths('initSinMlp', sizes);
  const keys = split(key, 2 * (sizes.length - 1));
  const layers: SinMlpParams = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l]!, nOut = sizes[l + 1]!;
    const last = l + 2 === sizes.length;
    // The output layer starts small so the initial field is near zero (the fields of interest are O(1)).
    const lim = l === 0 ? omega0 * Math.sqrt(3 / nIn) : last ? 0.1 * Math.sqrt(6 / (nIn + nOut)) : Math.sqrt(6 / (nIn + nOut)) * Math.sqrt(2);
    const w = uniform(keys[2 * l]!, [nIn, nOut], { minval: -lim, maxval: lim });
    const bl = 1 / Math.sqrt(nIn);
    const b = uniform(keys[2 * l + 1]!, [nOut], { minval: -bl, maxval: bl });
    layers.push({ w, b });
  }
  return layers;
}

/**
 * Forward pass of a sine MLP: h <- sin(h W_l + b_l) for every layer but the last, which is linear.
 * @param params layers from {@link initSinMlp} (`w` [in, out], `b` [out]).
 * @param x [N, in] points (dimensionless; callers normalise coordinates).
 * @returns [N, out], differentiable in both `params` and `x` (used for PDE residuals).
 */
export function sinMlp(params: SinMlpParams, x: Tensor): Tensor {
  let h = x;
  for (let l = 0; l < params.length; l++) {
    const { w, b } = params[l]!;
    h = add(matmul(h, w), b);
    if (l + 1 < params.length) h = sin(h);
  }
  return h;
}

export interface MultiScaleParams {
  nets: SinMlpParams[];
}

export interface MultiScaleOptions {
  /** Input scale of each sub-network (default [1, 2, 4]). */
  scales?: readonly number[];
  omega0?: number;
}

export interface MultiScaleSinNet {
  readonly scales: readonly number[];
  init(key: RandomKey): MultiScaleParams;
  apply(params: MultiScaleParams, x: Tensor): Tensor;
}

/** Builder: closes over widths and scales, returns {init, apply}. */
export function multiScaleSinNet(sizes: readonly number[], options: MultiScaleOptions = {}): MultiScaleSinNet {
  checkWidths('multiScaleSinNet', sizes);
  const scales = options.scales ?? [1, 2, 4];
  if (scales.length === 0 || scales.some((s) => !(s > 0))) throw new RangeError(`multiScaleSinNet: scales [${scales.join(', ')}] must be positive`);
  return {
    scales,
    init(key) {
      return { nets: split(key, scales.length).map((k) => initSinMlp(k, sizes, options.omega0 ?? 1)) };
    },
    apply(params, x) {
      let out: Tensor | null = null;
      params.nets.forEach((net, i) => {
        const y = sinMlp(net, scales[i] === 1 ? x : mul(x, scales[i]!));
        out = out === null ? y : add(out, y);
      });
      return out!;
    },
  };
}

export interface SkipMlpParams {
  input: DenseLayer;
  hidden: DenseLayer[];
  head: DenseLayer;
}

const leakyRelu = (x: Tensor): Tensor => maximum(x, mul(x, 0.01));

/**
 * MindElec's parameterised S-parameter network: in -> width, then `depth` hidden layers of `width`
 * whose input is the running sum of all earlier hidden outputs, then width -> out (linear).
 */
export function initSkipMlp(key: RandomKey, nIn: number, nOut: number, width = 128, depth = 5): SkipMlpParams {
  checkWidths('initSkipMlp', [nIn, width, nOut]);
  const keys = split(key, depth + 2);
  const dense = (k: RandomKey, a: number, b: number, std: number): DenseLayer => ({ w: normal(k, [a, b], { std }), b: zeros([b]) });
  // Each skip adds a branch to the running sum, so branches start at 1/sqrt(depth) of He scale to keep
  // the sum O(1); the head starts small so the initial output is the (standardised) mean.
  return {
    input: dense(keys[0]!, nIn, width, Math.sqrt(2 / nIn)),
    hidden: Array.from({ length: depth }, (_, i) => dense(keys[i + 1]!, width, width, Math.sqrt(2 / width / Math.max(1, depth)))),
    head: dense(keys[depth + 1]!, width, nOut, 0.1 * Math.sqrt(1 / width)),
  };
}

/**
 * Forward pass of MindElec's S-parameter network ({@link initSkipMlp}): leaky ReLU (slope 0.01) after
 * the input layer and every hidden layer, each hidden layer reading the running sum of all earlier
 * hidden outputs, then a linear head.
 * @param params weights from {@link initSkipMlp} (`input.w` [in, width], `hidden[i].w` [width, width],
 *   `head.w` [width, out]).
 * @param x [N, in] normalised inputs (dimensionless).
 * @returns [N, out] outputs in the caller's (standardised) target units; differentiable.
 *   {@link compileSkipMlp} is the typed-array inference equivalent.
 */
export function skipMlp(params: SkipMlpParams, x: Tensor): Tensor {
  const h0 = leakyRelu(add(matmul(x, params.input.w), params.input.b));
  let acc = h0;
  for (const layer of params.hidden) {
    const h = leakyRelu(add(matmul(acc, layer.w), layer.b));
    acc = add(acc, h);
  }
  return add(matmul(acc, params.head.w), params.head.b);
}

/**
 * A dense layer with its weights transposed to [out][in] (each output one dot product, no stores in the
 * inner loop), stored in float32 or float64; biases float64.
 */
function transposedLayer(l: DenseLayer, precision: 'float32' | 'float64'): { t: Float32Array | Float64Array; b: Float64Array; nIn: number; nOut: number } {
  const w = l.w.data(), nIn = l.w.shape[0]!, nOut = l.w.shape[1]!;
  const t = precision === 'float32' ? new Float32Array(nIn * nOut) : new Float64Array(nIn * nOut);
  for (let i = 0; i < nIn; i++) for (let o = 0; o < nOut; o++) t[o * nIn + i] = w[i * nOut + o]!;
  return { t, b: Float64Array.from(l.b.data()), nIn, nOut };
}

/**
 * The trained skipMlp up to its head, as a typed-array forward pass: x [in] -> the running sum of the
 * hidden outputs [width] (what the head reads), written into `out`. For inference that evaluates only some
 * of the head's outputs (s11Fast.ts). `precision: 'float32'` stores the weights in float32 (half the memory
 * traffic; sums stay float64, so results move by ~1e-7 relative).
 */
export function compileSkipMlpTrunk(params: SkipMlpParams, precision: 'float32' | 'float64' = 'float64'): (x: ArrayLike<number>, out: Float64Array) => Float64Array {
  const input = transposedLayer(params.input, precision), hidden = params.hidden.map((l) => transposedLayer(l, precision));
  const width = input.nOut;
  const x0 = new Float64Array(input.nIn), h = new Float64Array(width);
  return (x, acc) => {
    if (x.length !== input.nIn) throw new Error(`compileSkipMlp: input has ${x.length} values, expected ${input.nIn}`);
    for (let i = 0; i < input.nIn; i++) x0[i] = x[i]!;
    for (let o = 0; o < width; o++) {
      const v = input.b[o]! + dotRow(input.t, o * input.nIn, x0, input.nIn);
      acc[o] = v > 0 ? v : 0.01 * v;
    }
    for (const L of hidden) {
      for (let o = 0; o < width; o++) h[o] = L.b[o]! + dotRow(L.t, o * width, acc, width);
      for (let o = 0; o < width; o++) acc[o] += h[o]! > 0 ? h[o]! : 0.01 * h[o]!;
    }
    return acc;
  };
}

/**
 * sum_i a[row + i] h[i], i < n, in float64 (four partial sums); `a` float32 or float64 (two element kinds keep
 * the loads polymorphic, not megamorphic: measured no slower than one function per kind).
 */
export function dotRow(a: Float32Array | Float64Array, row: number, h: Float64Array, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[row + i]! * h[i]!;
    s1 += a[row + i + 1]! * h[i + 1]!;
    s2 += a[row + i + 2]! * h[i + 2]!;
    s3 += a[row + i + 3]! * h[i + 3]!;
  }
  for (; i < n; i++) s0 += a[row + i]! * h[i]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * The trained skipMlp as a plain typed-array forward pass for inference (no tensor graph, buffers
 * allocated once): x [in] -> y [out]. Must equal skipMlp to rounding (tested).
 */
export function compileSkipMlp(params: SkipMlpParams): (x: ArrayLike<number>, out?: Float64Array) => Float64Array {
  const trunk = compileSkipMlpTrunk(params), head = transposedLayer(params.head, 'float64');
  const acc = new Float64Array(head.nIn);
  return (x, out = new Float64Array(head.nOut)) => {
    trunk(x, acc);
    for (let o = 0; o < head.nOut; o++) out[o] = head.b[o]! + dotRow(head.t, o * head.nIn, acc, head.nIn);
    return out;
  };
}
