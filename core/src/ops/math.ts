/**
 * Compositions: ops with no rules of their own (tinygrad spirit). Their derivatives, to any order,
 * follow from the primitives they are built from.
 */
import { normalizeAxes } from '../shape.ts';
import type { Tensor, TensorLike } from '../tensor.ts';
import { add, log1p, cos, div, equal, exp, greater, log, mul, neg, sign, sin, sqrt, stopGradient, sub, tanh, where } from './elementwise.ts';
import { reshape } from './movement.ts';
import { max, sum } from './reduce.ts';

/** x² elementwise (as x · x); differentiable to any order. */
export const square = (x: TensorLike): Tensor => mul(x, x);
/** tan x = sin x / cos x elementwise (x in radians); differentiable to any order. */
export const tan = (x: TensorLike): Tensor => div(sin(x), cos(x));
/** |x| elementwise (as sign(x) · x); derivative sign(x), which is 0 at x = 0. */
export const abs = (x: TensorLike): Tensor => mul(sign(x), x);
/** 1/(1+e^-x), evaluated as (1 + tanh(x/2))/2 so it never overflows. */
export const sigmoid = (x: TensorLike): Tensor => mul(0.5, add(1, tanh(mul(0.5, x))));
/** max(x, 0); derivative 0 at x = 0. */
export const relu = (x: TensorLike): Tensor => where(greater(x, 0), x, 0);
/** log(1 + e^x), evaluated as max(x,0) + log1p(e^-|x|). */
export const softplus = (x: TensorLike): Tensor => add(relu(x), log1p(exp(neg(abs(x)))));
/** Elementwise max(a, b) with broadcasting; the gradient goes to a where a > b, otherwise (ties included) to b. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => where(greater(a, b), a, b);
/** Elementwise min(a, b) with broadcasting; the gradient goes to b where a > b, otherwise (ties included) to a. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => where(greater(a, b), b, a);
/** Clamp to [lo, hi]; derivative 1 strictly inside, 0 outside. */
export const clip = (x: TensorLike, lo: TensorLike, hi: TensorLike): Tensor => minimum(maximum(x, lo), hi);
/** 1 / x elementwise; differentiable. */
export const reciprocal = (x: TensorLike): Tensor => div(1, x);

/** Arithmetic mean over `axes` (default all). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes('mean', axes, x.ndim);
  let n = 1;
  for (const a of ax) n *= x.shape[a]!;
  return div(sum(x, ax, keepdims), n);
}

/** log(sum(exp(x))) over `axes`, shifted by the (gradient-stopped) max for stability. */
export function logsumexp(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes('logsumexp', axes, x.ndim);
  const m0 = stopGradient(max(x, ax, true));
  const m = where(equal(m0, -Infinity), 0, m0); // all -inf: keep -inf, avoid (-inf) - (-inf)
  const r = add(log(sum(exp(sub(x, m)), ax, true)), m);
  return keepdims ? r : reshape(r, x.shape.filter((_, i) => !ax.includes(i)));
}

/** Euclidean (2-)norm over `axes` (default all). Its gradient at exactly 0 is NaN, as in JAX. */
export function norm(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return sqrt(sum(mul(x, x), axes, keepdims));
}

/** Dot product of two 1-D tensors. */
export function dot(a: Tensor, b: Tensor): Tensor {
  return sum(mul(a, b));
}

