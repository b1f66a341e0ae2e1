/**
 * The kernel interface. A backend supplies the numeric kernels behind the primitives; the primitive
 * registry, autodiff and the ops never touch element loops themselves. Kernels take typed arrays with
 * explicit shapes/strides/offsets (strided views, stride 0 = broadcast) and write into a preallocated
 * contiguous row-major output, so a backend (js today; wasm SIMD or gpu later) can be swapped and the
 * same test suite run against each.
 */
import type { TypedArray } from '../dtype.ts';

/** A strided read-only view: element (i0..ik) lives at data[offset + sum(i_d * strides[d])]. */
export interface StridedArray {
  readonly data: TypedArray;
  readonly offset: number;
  readonly strides: readonly number[];
}

export type UnaryOp = 'neg' | 'exp' | 'log' | 'log1p' | 'sin' | 'cos' | 'tanh' | 'sqrt' | 'sign';
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'greater' | 'greaterEqual' | 'equal';
export type ReduceOp = 'sum' | 'max';

export interface Backend {
  readonly name: string;
  /** out[i] = op(x[i]) over `shape`; out is contiguous. */
  unary(op: UnaryOp, x: StridedArray, shape: readonly number[], out: TypedArray): void;
  /** out[i] = a[i] op b[i]; a, b already broadcast to `shape` (stride 0 where broadcast). */
  binary(op: BinaryOp, a: StridedArray, b: StridedArray, shape: readonly number[], out: TypedArray): void;
  /** out[i] = cond[i] != 0 ? a[i] : b[i]. */
  where(cond: StridedArray, a: StridedArray, b: StridedArray, shape: readonly number[], out: TypedArray): void;
  /** Reduce `x` of `shape` over `axes`; out has the keepdims shape, contiguous. */
  reduce(op: ReduceOp, x: StridedArray, shape: readonly number[], axes: readonly number[], out: TypedArray): void;
  /** Batched matmul: a [...B, m, k], b [...B, k, n] (same B, possibly stride-0) -> out [...B, m, n]. */
  matmul(a: StridedArray, b: StridedArray, batch: readonly number[], m: number, k: number, n: number, out: TypedArray): void;
  /** x viewed as [pre, n, post] -> out [pre, idx.length, post]; out[p, j, q] = x[p, idx[j], q]. */
  gather(x: StridedArray, shape: readonly number[], axis: number, idx: Int32Array, out: TypedArray): void;
  /** src viewed as [pre, m, post] -> out [pre, n, post] (zeroed here); out[p, idx[j], q] += src[p, j, q]. */
  scatterAdd(src: StridedArray, shape: readonly number[], axis: number, idx: Int32Array, n: number, out: TypedArray): void;
  /** Copy a strided view of `shape` into another strided view (used for pad/concat/materialise). */
  copyInto(src: StridedArray, shape: readonly number[], dst: { data: TypedArray; offset: number; strides: readonly number[] }): void;
}
