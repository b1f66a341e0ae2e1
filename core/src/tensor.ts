/**
 * Tensor: an immutable n-d array of float64 (default) or float32. A concrete tensor is a strided view
 * (shape, strides, offset) over a typed array that is never written after creation, so views
 * (reshape, transpose, slice, broadcastTo, expandDims, squeeze) share storage without copying.
 * Inside a transform (grad, jvp, ...) functions receive tracer tensors: same class, same methods,
 * with a payload that records the derivative information (see autodiff/trace.ts).
 *
 * Reading values (`toArray`, `item`, `data`) on a tracer returns the concrete value underneath;
 * the result is a plain number/array and carries no derivative.
 */
import { allocate, type DType, type TypedArray } from './dtype.ts';
import { contiguousStrides, isContiguous, sizeOf } from './shape.ts';
import type { TracerPayload } from './autodiff/trace.ts';
import type { StridedArray } from './backends/backend.ts';
import { backend } from './backends/index.ts';
import * as ops from './ops/index.ts';

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;

/**
 * An immutable n-d array of float64 (default) or float32: a strided view (shape, strides, offset) over a typed
 * array that is never written, so reshape/transpose/slice/broadcastTo views share storage. Inside transforms
 * functions receive tracer Tensors with the same methods. Create with `tensor`, `zeros`, `arange`, ...; not `new`.
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** @internal Storage (null for tracers). Never mutated after construction. */
  readonly _buf: TypedArray | null;
  /** @internal */
  readonly _strides: readonly number[];
  /** @internal */
  readonly _offset: number;
  /** @internal Derivative payload (null for concrete tensors). */
  readonly _tracer: TracerPayload | null;

  /** @internal Use the creators (tensor, zeros, ...) instead. */
  constructor(shape: readonly number[], dtype: DType, buf: TypedArray | null, strides: readonly number[] | null, offset: number, tracer: TracerPayload | null) {
    this.shape = Object.freeze(shape.slice());
    this.dtype = dtype;
    this._buf = buf;
    this._strides = strides ?? contiguousStrides(shape);
    this._offset = offset;
    this._tracer = tracer;
  }

  /** @internal A contiguous tensor adopting `buf` (caller guarantees no one else writes it). */
  static _fromBuffer(buf: TypedArray, shape: readonly number[]): Tensor {
    return new Tensor(shape, buf instanceof Float32Array ? 'float32' : 'float64', buf, null, 0, null);
  }

  /** @internal */
  static _tracer(payload: TracerPayload, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(shape, dtype, null, [], 0, payload);
  }

  get ndim(): number {
    return this.shape.length;
  }
  get size(): number {
    return sizeOf(this.shape);
  }
  /** True when this tensor is being traced by a transform. */
  get isTracer(): boolean {
    return this._tracer !== null;
  }

  /** @internal The concrete tensor underneath any tracer layers. */
  _concrete(): Tensor {
    let t: Tensor = this;
    while (t._tracer !== null) t = t._tracer.primal;
    return t;
  }

  /** @internal Strided view for kernels (concrete tensors only). */
  _view(): StridedArray {
    if (this._buf === null) throw new Error('internal: kernel called on a tracer');
    return { data: this._buf, offset: this._offset, strides: this._strides };
  }

  /** @internal Is the storage a dense row-major block starting at offset? */
  _isContiguous(): boolean {
    return this._buf !== null && isContiguous(this.shape, this._strides);
  }

  /** Contiguous row-major copy of the values (a fresh array; mutating it does not affect the tensor). */
  data(): TypedArray {
    const c = this._concrete();
    const n = c.size;
    if (c._isContiguous()) return c._buf!.slice(c._offset, c._offset + n);
    const out = allocate(c.dtype, n);
    backend().copyInto(c._view(), c.shape, { data: out, offset: 0, strides: contiguousStrides(c.shape) });
    return out;
  }

  /** Nested JS arrays (a number for a scalar). */
  toArray(): NestedArray {
    const flat = this.data();
    const shape = this.shape;
    if (shape.length === 0) return flat[0]!;
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = new Array(shape[d]!);
      for (let i = 0; i < shape[d]!; i++) out[i] = d === shape.length - 1 ? flat[pos++]! : build(d + 1);
      return out;
    };
    return build(0);
  }

  /** The single value of a size-1 tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor has shape [${this.shape.join(',')}] (${this.size} elements); expected exactly one element`);
    return this.data()[0]!;
  }

  toString(): string {
    const tag = this._tracer ? `Tracer(level ${this._tracer.trace.level})` : 'Tensor';
    return `${tag}(${JSON.stringify(this.toArray())}, shape=[${this.shape.join(',')}], dtype=${this.dtype})`;
  }

  /** console.log / util.inspect show values, not internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- methods mirroring the op functions ----
  add(b: TensorLike): Tensor { return ops.add(this, b); }
  sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  div(b: TensorLike): Tensor { return ops.div(this, b); }
  pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  neg(): Tensor { return ops.neg(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tan(): Tensor { return ops.tan(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  softplus(): Tensor { return ops.softplus(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  abs(): Tensor { return ops.abs(this); }
  square(): Tensor { return ops.square(this); }
  greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  less(b: TensorLike): Tensor { return ops.less(this, b); }
  lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  sum(axes?: number | readonly number[], keepdims = false): Tensor { return ops.sum(this, axes, keepdims); }
  mean(axes?: number | readonly number[], keepdims = false): Tensor { return ops.mean(this, axes, keepdims); }
  max(axes?: number | readonly number[], keepdims = false): Tensor { return ops.max(this, axes, keepdims); }
  min(axes?: number | readonly number[], keepdims = false): Tensor { return ops.min(this, axes, keepdims); }
  logsumexp(axes?: number | readonly number[], keepdims = false): Tensor { return ops.logsumexp(this, axes, keepdims); }
  norm(axes?: number | readonly number[], keepdims = false): Tensor { return ops.norm(this, axes, keepdims); }
  matmul(b: Tensor): Tensor { return ops.matmul(this, b); }
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  transpose(perm?: readonly number[]): Tensor { return ops.transpose(this, perm); }
  /** All axes reversed (numpy .T). */
  get T(): Tensor { return ops.transpose(this); }
  expandDims(axis: number): Tensor { return ops.expandDims(this, axis); }
  squeeze(axes?: number | readonly number[]): Tensor { return ops.squeeze(this, axes); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return ops.slice(this, begin, size); }
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  gather(indices: ops.IndexLike, axis = 0): Tensor { return ops.gather(this, indices, axis); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
}
