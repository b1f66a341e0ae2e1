/**
 * Per-point input derivatives for physics-informed networks. For u(params, X) with X [N, d] whose
 * row n of the output depends only on row n of X (true of any pointwise network), the derivative
 * along input coordinate i at every point is ONE jvp with the tangent e_i broadcast over rows —
 * O(N) work, never an N×N Jacobian. Second derivatives nest two jvps. Everything is built from
 * transforms, so the results are differentiable w.r.t. params (grad of a residual loss) to any order.
 */
import { ShapeError, fmtShape } from './errors.ts';
import { Tensor } from './tensor.ts';
import { jvp } from './autodiff/api.ts';
import { add } from './ops/elementwise.ts';

/** A pointwise model: X [N, d] -> output [N, ...] (typically [N] or [N, 1]). */
export type PointwiseFn<P> = (params: P, X: Tensor) => Tensor;

function direction(X: Tensor, i: number): Tensor {
  if (X.ndim !== 2) throw new ShapeError(`pinn: X must have shape [N, d], got ${fmtShape(X.shape)}`);
  const [n, d] = X.shape as [number, number];
  if (!Number.isInteger(i) || i < 0 || i >= d) throw new RangeError(`pinn: input coordinate ${i} is out of range for X with d = ${d}`);
  const buf = X.dtype === 'float32' ? new Float32Array(n * d) : new Float64Array(n * d);
  for (let r = 0; r < n; r++) buf[r * d + i] = 1;
  return Tensor._fromBuffer(buf, [n, d]);
}

/** ∂u/∂x_i at every point (shape of u's output). */
export function partialDerivative<P>(u: PointwiseFn<P>, params: P, X: Tensor, i: number): Tensor {
  return jvp((x: Tensor) => u(params, x), [X], [direction(X, i)])[1];
}

/** ∂²u/∂x_i∂x_j at every point. */
export function secondDerivative<P>(u: PointwiseFn<P>, params: P, X: Tensor, i: number, j: number): Tensor {
  const ui = (x: Tensor) => partialDerivative(u, params, x, i);
  return jvp(ui, [X], [direction(X, j)])[1];
}

/** Σ_i ∂²u/∂x_i² at every point (d nested-jvp passes). `dims` restricts the sum (e.g. spatial axes only). */
export function laplacian<P>(u: PointwiseFn<P>, params: P, X: Tensor, dims?: readonly number[]): Tensor {
  const axes = dims ?? Array.from({ length: X.shape[1] ?? 0 }, (_, i) => i);
  if (axes.length === 0) throw new ShapeError('laplacian: no input dimensions to sum over');
  let acc: Tensor | null = null;
  for (const i of axes) {
    const d2 = secondDerivative(u, params, X, i, i);
    acc = acc === null ? d2 : add(acc, d2);
  }
  return acc!;
}

/** u and its gradient columns at every point: { u, grad: [∂u/∂x_0, ..., ∂u/∂x_{d-1}] }. */
export function valueAndInputGrad<P>(u: PointwiseFn<P>, params: P, X: Tensor): { u: Tensor; grad: Tensor[] } {
  const d = X.shape[1] ?? 0;
  const grads: Tensor[] = [];
  let value: Tensor | null = null;
  for (let i = 0; i < d; i++) {
    const [y, t] = jvp((x: Tensor) => u(params, x), [X], [direction(X, i)]);
    value = y;
    grads.push(t);
  }
  return { u: value ?? u(params, X), grad: grads };
}
