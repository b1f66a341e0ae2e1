/**
 * Batched matrix multiply. The primitive takes a [...B, m, k] and b [...B, k, n] with identical
 * batch shapes (the op broadcasts batch axes as stride-0 views first, so nothing is copied) and
 * returns [...B, m, n]. Rules: d(ab) = da b + a db; cotangents ct bᵀ and aᵀ ct.
 */
import { backend } from '../backends/index.ts';
import { ShapeError, fmtShape } from '../errors.ts';
import { bind, definePrimitive, type Primitive } from '../primitive.ts';
import { broadcastShapes } from '../shape.ts';
import type { Tensor } from '../tensor.ts';
import { add } from './elementwise.ts';
import { broadcastTo, expandDims, squeeze, swapLastAxes } from './movement.ts';
import { coercePair, kernelOut } from './util.ts';

const matmulP: Primitive<null> = definePrimitive<null>({ name: 'matmul',
  impl: ([a, b]) => {
    const nd = a!.ndim;
    const batch = a!.shape.slice(0, nd - 2);
    const m = a!.shape[nd - 2]!, k = a!.shape[nd - 1]!, n = b!.shape[nd - 1]!;
    return kernelOut(a!.dtype, [...batch, m, n], (out) => backend().matmul(a!._view(), b!._view(), batch, m, k, n, out));
  },
  jvp: ([a, b], [ta, tb]) => {
    const l: Tensor | null = ta ? bind(matmulP, [ta, b!], null) : null;
    const r: Tensor | null = tb ? bind(matmulP, [a!, tb], null) : null;
    return l && r ? add(l, r) : (l ?? r);
  },
  vjp: (ct, [a, b], _, _o, [wa, wb]) => [
    wa ? bind(matmulP, [ct, swapLastAxes(b!)], null) : null,
    wb ? bind(matmulP, [swapLastAxes(a!), ct], null) : null,
  ] });

/**
 * Matrix product with numpy semantics: 1-D operands are promoted to a row (left) or column (right)
 * vector and the added axis removed; batch axes broadcast. a [..., m, k] @ b [..., k, n].
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  [a, b] = coercePair('matmul', a, b);
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`matmul: operands must have rank >= 1, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const aVec = a.ndim === 1, bVec = b.ndim === 1;
  const A = aVec ? expandDims(a, 0) : a;
  const B = bVec ? expandDims(b, 1) : b;
  const k = A.shape[A.ndim - 1]!;
  if (B.shape[B.ndim - 2] !== k) {
    throw new ShapeError(`matmul: inner dimensions differ: ${fmtShape(a.shape)} @ ${fmtShape(b.shape)} (${k} vs ${B.shape[B.ndim - 2]})`);
  }
  const batch = broadcastShapes('matmul (batch axes)', A.shape.slice(0, -2), B.shape.slice(0, -2));
  const Ab = broadcastTo(A, [...batch, A.shape[A.ndim - 2]!, k]);
  const Bb = broadcastTo(B, [...batch, k, B.shape[B.ndim - 1]!]);
  let out = bind(matmulP, [Ab, Bb], null);
  if (bVec) out = squeeze(out, -1);
  if (aVec) out = squeeze(out, aVec && bVec ? -1 : -2);
  return out;
}
