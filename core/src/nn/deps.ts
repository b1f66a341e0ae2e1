/**
 * The core API that nn/optim/train build on, imported from the defining modules rather than the
 * package barrel (the barrel re-exports nn/optim/train, so importing it here would be a cycle).
 * Only names that core/src/index.ts exports publicly appear here.
 */
export { Tensor, type TensorLike, type NestedArray } from '../tensor.ts';
export type { DType, TypedArray } from '../dtype.ts';
export { ShapeError } from '../errors.ts';
export { tensor, scalar, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye } from '../creation.ts';
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sin, cos, tanh, sqrt, sign, stopGradient, cast,
  greater, greaterEqual, less, lessEqual, equal, notEqual, where,
  reshape, transpose, swapLastAxes, broadcastTo, expandDims, squeeze, slice, pad, concat, stack,
  sum, max, min, matmul, gather, scatterAdd, type IndexLike,
  square, tan, abs, sigmoid, relu, softplus, maximum, minimum, reciprocal, mean, logsumexp, norm, dot,
} from '../ops/index.ts';
export { jvp, vjp, grad, valueAndGrad } from '../autodiff/api.ts';
export { treeFlatten, treeUnflatten, treeMap, treeMap2, treeLeaves, type Tree, type TreeDef } from '../tree.ts';
export { randomKey, split, uniform, normal, permutation, type RandomKey } from '../random.ts';
