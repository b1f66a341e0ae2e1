/**
 * Parameter initialisers. Every initialiser takes an explicit PRNG key (core/random.ts) and a shape,
 * and returns a fresh tensor — no hidden global state, so the same key gives the same weights.
 * Fan-in/fan-out follow the convention of Glorot & Bengio (2010) / He et al. (2015) for both dense
 * kernels [in, out] and conv kernels [out, in, *k]: see `fans`.
 *   glorotUniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut))     glorotNormal: N(0, 2 / (fanIn + fanOut))
 *   heUniform:     U(-a, a), a = sqrt(6 / fanIn)                 heNormal:     N(0, 2 / fanIn)
 *   lecunNormal:   N(0, 1 / fanIn)
 * (Normal variants are untruncated Gaussians, unlike Keras' truncated ones; documented here so the
 * variance contract is exact.)
 */
import { normal, uniform, zeros, type DType, type RandomKey, type Tensor } from './deps.ts';

export interface InitOptions {
  dtype?: DType;
}

/** An initialiser: (key, shape) -> tensor. */
export type InitFn = (key: RandomKey, shape: readonly number[], options?: InitOptions) => Tensor;

/**
 * Fan-in and fan-out of a weight shape. Dense kernels are [in, out]; conv kernels are
 * [out, in, ...kernel] (PyTorch/MindSpore layout) with the receptive field multiplied in.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

function symmetric(key: RandomKey, shape: readonly number[], a: number, dtype?: DType): Tensor {
  return uniform(key, shape, { minval: -a, maxval: a, dtype });
}

/** Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio 2010); fans from `fans(shape)`. */
export const glorotUniform: InitFn = (key, shape, o = {}) => {
  const { fanIn, fanOut } = fans(shape);
  return symmetric(key, shape, Math.sqrt(6 / (fanIn + fanOut)), o.dtype);
};
/** Glorot/Xavier normal: untruncated N(0, 2 / (fanIn + fanOut)); fans from `fans(shape)`. */
export const glorotNormal: InitFn = (key, shape, o = {}) => {
  const { fanIn, fanOut } = fans(shape);
  return normal(key, shape, { std: Math.sqrt(2 / (fanIn + fanOut)), dtype: o.dtype });
};
/** He/Kaiming uniform: U(-a, a) with a = sqrt(6 / fanIn) (He et al. 2015); suited to ReLU layers. */
export const heUniform: InitFn = (key, shape, o = {}) => symmetric(key, shape, Math.sqrt(6 / fans(shape).fanIn), o.dtype);
/** He/Kaiming normal: untruncated N(0, 2 / fanIn) (He et al. 2015). */
export const heNormal: InitFn = (key, shape, o = {}) => normal(key, shape, { std: Math.sqrt(2 / fans(shape).fanIn), dtype: o.dtype });
/** LeCun normal: untruncated N(0, 1 / fanIn). */
export const lecunNormal: InitFn = (key, shape, o = {}) => normal(key, shape, { std: Math.sqrt(1 / fans(shape).fanIn), dtype: o.dtype });
/** Xavier is Glorot's first name; the aliases match PyTorch/MindSpore naming. */
export const xavierUniform = glorotUniform;
export const xavierNormal = glorotNormal;

/** U(minval, maxval) initialiser. */
export function uniformInit(minval: number, maxval: number): InitFn {
  return (key, shape, o = {}) => uniform(key, shape, { minval, maxval, dtype: o.dtype });
}
/** N(mean, std^2) initialiser. */
export function normalInit(std: number, mean = 0): InitFn {
  return (key, shape, o = {}) => normal(key, shape, { mean, std, dtype: o.dtype });
}
/** All zeros (the key is ignored). */
export const zerosInit: InitFn = (_key, shape, o = {}) => zeros(shape, { dtype: o.dtype });

export type InitName = 'glorotUniform' | 'glorotNormal' | 'xavierUniform' | 'xavierNormal' | 'heUniform' | 'heNormal' | 'lecunNormal' | 'zeros';

const byName: Record<InitName, InitFn> = {
  glorotUniform, glorotNormal, xavierUniform, xavierNormal, heUniform, heNormal, lecunNormal, zeros: zerosInit,
};

/** Resolve an initialiser given by name or as a function. */
export function resolveInit(init: InitName | InitFn): InitFn {
  if (typeof init === 'function') return init;
  const f = byName[init];
  if (!f) throw new RangeError(`init: unknown initialiser '${String(init)}'; expected one of ${Object.keys(byName).join(', ')} or a function`);
  return f;
}
