/**
 * Reduction primitives: reduceSum and reduceMax over a set of axes, both keeping the reduced axes
 * (size 1) so their rules are plain broadcasts; the op functions squeeze when keepdims is false.
 * The derivative of max splits the cotangent evenly between tied maxima.
 */
import { backend } from '../backends/index.ts';
import { bind, definePrimitive } from '../primitive.ts';
import { normalizeAxes } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { div, equal, mul, neg } from './elementwise.ts';
import { broadcastTo, reshape } from './movement.ts';
import { kernelOut } from './util.ts';

type AxesParam = { axes: readonly number[] };
const keptShape = (x: Tensor, axes: readonly number[]) => x.shape.map((d, i) => (axes.includes(i) ? 1 : d));

const reduceSumP = definePrimitive<AxesParam>({ name: 'reduceSum',
  impl: ([x], { axes }) => kernelOut(x!.dtype, keptShape(x!, axes), (out) => backend().reduce('sum', x!._view(), x!.shape, axes, out)),
  jvp: (_p, [t], { axes }) => reduceSumKeep(t!, axes),
  vjp: (ct, [x]) => [broadcastTo(ct, x!.shape)] });

function maxMask(x: Tensor, out: Tensor, axes: readonly number[]): [Tensor, Tensor] {
  const mask = equal(x, broadcastTo(out, x.shape));
  return [mask, reduceSumKeep(mask, axes)];
}
const reduceMaxP = definePrimitive<AxesParam>({ name: 'reduceMax',
  impl: ([x], { axes }) => kernelOut(x!.dtype, keptShape(x!, axes), (out) => backend().reduce('max', x!._view(), x!.shape, axes, out)),
  jvp: ([x], [t], { axes }, out) => {
    const [mask, count] = maxMask(x!, out, axes);
    return div(reduceSumKeep(mul(t!, mask), axes), count);
  },
  vjp: (ct, [x], { axes }, out) => {
    const [mask, count] = maxMask(x!, out, axes);
    return [mul(broadcastTo(div(ct, count), x!.shape), mask)];
  } });

/** @internal Sum over normalised axes keeping them. */
export function reduceSumKeep(x: Tensor, axes: readonly number[]): Tensor {
  return axes.length === 0 ? x : bind(reduceSumP, [x], { axes });
}

function finish(x: Tensor, r: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  return keepdims ? r : reshape(r, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Sum over `axes` (default all). */
export function sum(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes('sum', axes, x.ndim);
  return finish(x, reduceSumKeep(x, ax), ax, keepdims);
}

/** Maximum over `axes` (default all); ties share the gradient equally. */
export function max(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  const ax = normalizeAxes('max', axes, x.ndim);
  if (ax.length === 0) return x;
  for (const a of ax) if (x.shape[a] === 0) throw new RangeError(`max: axis ${a} of shape [${x.shape.join(',')}] is empty`);
  return finish(x, bind(reduceMaxP, [x], { axes: ax }), ax, keepdims);
}

/** Minimum over `axes` (default all), as -max(-x). */
export function min(x: Tensor, axes?: number | readonly number[], keepdims = false): Tensor {
  return neg(max(neg(x), axes, keepdims));
}
