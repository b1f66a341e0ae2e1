/**
 * Basic layers as pure functions of (params, inputs), with `init*` functions that take an explicit key.
 * Params are plain records of tensors (pytrees), so grad/optimizers/checkpoints handle them directly.
 *   dense:      x [..., in] -> x @ w + b, w [in, out], b [out]
 *   mlp:        a list of dense layers with an activation between them (none after the last)
 *   layerNorm:  over the last axis, (x - mean)/sqrt(var + eps) * gamma + beta   (Ba et al. 2016)
 *   dropout:    inverted dropout: keep with prob 1 - rate, scale by 1/(1 - rate); explicit key
 *   residual:   x + f(x) around any layer function (He et al. 2016)
 *   embedding:  table [n, d] gathered by integer ids -> [ids.length, d]
 * Shapes are checked up front and errors name the layer, the shapes and what was expected.
 */
import {
  add, div, gather, greaterEqual, normal, matmul, mean, mul, ShapeError, split, sqrt, square, sub, uniform, where, zeros, ones,
  type DType, type IndexLike, type RandomKey, type Tensor,
} from './deps.ts';
import { activation as resolveActivation, type ActivationFn, type ActivationName } from './activations.ts';
import { resolveInit, zerosInit, type InitFn, type InitName } from './init.ts';

export interface DenseParams {
  /** Kernel [in, out]. */
  w: Tensor;
  /** Bias [out] (absent for a bias-free layer). */
  b?: Tensor;
}

export interface DenseInitOptions {
  init?: InitName | InitFn;
  biasInit?: InitName | InitFn;
  bias?: boolean;
  dtype?: DType;
}

const shp = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Parameters of a dense layer: kernel w [nIn, nOut] from `options.init` (default glorotUniform) and, unless
 * `options.bias` is false, bias b [nOut] from `options.biasInit` (default zeros).
 * @throws RangeError when nIn or nOut is not a positive integer.
 */
export function initDense(key: RandomKey, nIn: number, nOut: number, options: DenseInitOptions = {}): DenseParams {
  for (const [name, v] of [['nIn', nIn], ['nOut', nOut]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`initDense: ${name} = ${v}; expected a positive integer`);
  }
  const { init = 'glorotUniform', biasInit = zerosInit, bias = true, dtype } = options;
  const [kw, kb] = split(key, 2);
  const w = resolveInit(init)(kw!, [nIn, nOut], { dtype });
  return bias ? { w, b: resolveInit(biasInit)(kb!, [nOut], { dtype }) } : { w };
}

/** x [..., in] @ w [in, out] + b -> [..., out]. */
export function dense(params: DenseParams, x: Tensor): Tensor {
  const { w, b } = params;
  if (w.ndim !== 2) throw new ShapeError(`dense: weight w must be [in, out], got ${shp(w.shape)}`);
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== w.shape[0]) {
    throw new ShapeError(`dense: input ${shp(x.shape)} has last axis ${x.shape[x.ndim - 1]}, weight w ${shp(w.shape)} expects ${w.shape[0]}`);
  }
  const y = matmul(x, w);
  return b ? add(y, b) : y;
}

export type MlpParams = DenseParams[];

/** Dense layers of widths sizes[0] -> sizes[1] -> ... -> sizes[n-1]. */
export function initMlp(key: RandomKey, sizes: readonly number[], options: DenseInitOptions = {}): MlpParams {
  if (sizes.length < 2) throw new RangeError(`initMlp: sizes [${sizes.join(', ')}] needs at least an input and an output width`);
  const keys = split(key, sizes.length - 1);
  return keys.map((k, i) => initDense(k, sizes[i]!, sizes[i + 1]!, options));
}

export interface MlpOptions {
  /** Between layers (default tanh). */
  activation?: ActivationName | ActivationFn;
  /** After the last layer (default identity). */
  outputActivation?: ActivationName | ActivationFn;
}

/**
 * Multilayer perceptron: `dense` layers in order with `options.activation` (default tanh) between them and
 * `options.outputActivation` (default none) after the last.
 * @param params From `initMlp`: widths sizes[0] -> ... -> sizes[n-1].
 * @param x Input [..., sizes[0]].
 * @returns [..., sizes[n-1]].
 * @throws TypeError when params is not a non-empty array; ShapeError from `dense` on a width mismatch.
 */
export function mlp(params: MlpParams, x: Tensor, options: MlpOptions = {}): Tensor {
  if (!Array.isArray(params) || params.length === 0) throw new TypeError('mlp: params must be a non-empty array of dense layers (from initMlp)');
  const act = resolveActivation(options.activation ?? 'tanh');
  const outAct = options.outputActivation ? resolveActivation(options.outputActivation) : null;
  let h = x;
  for (let i = 0; i < params.length; i++) {
    h = dense(params[i]!, h);
    if (i < params.length - 1) h = act(h);
  }
  return outAct ? outAct(h) : h;
}

export interface LayerNormParams {
  gamma: Tensor;
  beta: Tensor;
}

/** Parameters of `layerNorm` over `features` channels: gamma = ones [features], beta = zeros [features]. */
export function initLayerNorm(features: number, options: { dtype?: DType } = {}): LayerNormParams {
  return { gamma: ones([features], options), beta: zeros([features], options) };
}

/** Layer normalisation over the last axis (biased variance, as in PyTorch/MindSpore). */
export function layerNorm(params: LayerNormParams, x: Tensor, eps = 1e-5): Tensor {
  const d = x.shape[x.ndim - 1];
  if (params.gamma.shape.length !== 1 || params.gamma.shape[0] !== d) {
    throw new ShapeError(`layerNorm: gamma ${shp(params.gamma.shape)} does not match the last axis of input ${shp(x.shape)}`);
  }
  const ax = x.ndim - 1;
  const mu = mean(x, ax, true);
  const xc = sub(x, mu);
  const variance = mean(square(xc), ax, true);
  return add(mul(div(xc, sqrt(add(variance, eps))), params.gamma), params.beta);
}

/**
 * Inverted dropout with an explicit key: each element kept with probability 1 - rate and scaled by
 * 1/(1 - rate), so E[dropout(x)] = x. With training = false it is the identity.
 */
export function dropout(key: RandomKey, x: Tensor, rate: number, training = true): Tensor {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout: rate ${rate}; expected 0 <= rate < 1`);
  if (!training || rate === 0) return x;
  const keep = greaterEqual(uniform(key, x.shape, { dtype: x.dtype }), rate);
  return where(keep, mul(x, 1 / (1 - rate)), 0);
}

/** Residual connection: (params, x) -> x + f(params, x); f must preserve the shape. */
export function residual<P>(f: (params: P, x: Tensor) => Tensor): (params: P, x: Tensor) => Tensor {
  return (params, x) => {
    const y = f(params, x);
    if (y.shape.length !== x.shape.length || y.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`residual: inner layer maps ${shp(x.shape)} to ${shp(y.shape)}; a residual block must preserve the shape`);
    }
    return add(x, y);
  };
}

export interface ResidualBlockParams {
  dense1: DenseParams;
  dense2: DenseParams;
}

/** Parameters of `residualBlock`: two dense layers [width, width] (see `initDense` for `options`). */
export function initResidualBlock(key: RandomKey, width: number, options: DenseInitOptions = {}): ResidualBlockParams {
  const [k1, k2] = split(key, 2);
  return { dense1: initDense(k1!, width, width, options), dense2: initDense(k2!, width, width, options) };
}

/** x + dense2(act(dense1(x))) (the pre-activation-free two-layer block). */
export function residualBlock(params: ResidualBlockParams, x: Tensor, act: ActivationName | ActivationFn = 'relu'): Tensor {
  const a = resolveActivation(act);
  return residual((p: ResidualBlockParams, h: Tensor) => dense(p.dense2, a(dense(p.dense1, h))))(params, x);
}

export interface EmbeddingParams {
  /** [numEmbeddings, dim]. */
  table: Tensor;
}

/** Parameters of `embedding`: a table [numEmbeddings, dim] drawn from N(0, std²) (default std 1, as in PyTorch). */
export function initEmbedding(key: RandomKey, numEmbeddings: number, dim: number, options: { std?: number; dtype?: DType } = {}): EmbeddingParams {
  const { std = 1, dtype } = options;
  return { table: normal(key, [numEmbeddings, dim], { std, dtype }) };
}

/** Rows of the table for integer ids (e.g. atomic numbers): [ids.length, dim]; ids are bounds-checked. */
export function embedding(params: EmbeddingParams, ids: IndexLike): Tensor {
  if (params.table.ndim !== 2) throw new ShapeError(`embedding: table must be [n, dim], got ${shp(params.table.shape)}`);
  return gather(params.table, ids, 0);
}
