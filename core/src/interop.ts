/**
 * Interop with scijs `ndarray`: toNdarray copies into a fresh contiguous Float64Array/Float32Array
 * ndarray; fromNdarray copies any (strided, offset) ndarray into a new Tensor.
 */
import ndarray, { type NdArray } from 'ndarray';
import { backend } from './backends/index.ts';
import { allocate, type DType, type TypedArray } from './dtype.ts';
import { ShapeError } from './errors.ts';
import { contiguousStrides, sizeOf } from './shape.ts';
import { Tensor } from './tensor.ts';

export function toNdarray(t: Tensor): NdArray<TypedArray> {
  return ndarray(t.data(), t.shape.slice());
}

export function fromNdarray(a: NdArray, options: { dtype?: DType } = {}): Tensor {
  const shape = a.shape.slice();
  const strides = a.stride.slice();
  if (strides.length !== shape.length) throw new ShapeError(`fromNdarray: stride [${strides}] does not match shape [${shape}]`);
  const src = a.data as ArrayLike<number>;
  const dtype: DType = options.dtype ?? (src instanceof Float32Array ? 'float32' : 'float64');
  const data: TypedArray = src instanceof Float64Array || src instanceof Float32Array ? src : Float64Array.from(src as ArrayLike<number>);
  const n = sizeOf(shape);
  const out = allocate(dtype, n);
  if (n > 0) backend().copyInto({ data, offset: a.offset, strides }, shape, { data: out, offset: 0, strides: contiguousStrides(shape) });
  return Tensor._fromBuffer(out, shape);
}
