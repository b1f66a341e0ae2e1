/** Shared helpers for op definitions: coercion of JS numbers, kernel output allocation. */
import { allocate, promote, type DType } from '../dtype.ts';
import { scalar } from '../creation.ts';
import { Tensor, type TensorLike } from '../tensor.ts';
import { cast } from './elementwise.ts';

export function asTensor(x: TensorLike, dtype: DType = 'float64', op = 'op'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return scalar(x, dtype);
  throw new TypeError(`${op}: expected a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
}

/** Numbers take the other operand's dtype; mixed float32/float64 promote to float64. */
export function coercePair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const da = a instanceof Tensor ? a.dtype : null;
  const db = b instanceof Tensor ? b.dtype : null;
  const dtype: DType = da && db ? promote(da, db) : (da ?? db ?? 'float64');
  let A = asTensor(a, dtype, op);
  let B = asTensor(b, dtype, op);
  if (A.dtype !== dtype) A = cast(A, dtype);
  if (B.dtype !== dtype) B = cast(B, dtype);
  return [A, B];
}

/** New contiguous concrete tensor around a freshly allocated buffer filled by `fill`. */
export function kernelOut(dtype: DType, shape: readonly number[], fill: (out: ReturnType<typeof allocate>) => void): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  const out = allocate(dtype, n);
  fill(out);
  return Tensor._fromBuffer(out, shape);
}

/** a + b where null means zero. */
export function addMaybe(a: Tensor | null, b: Tensor | null, add: (x: Tensor, y: Tensor) => Tensor): Tensor | null {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}
