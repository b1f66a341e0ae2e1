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

/**
 * Copy a tensor into a new contiguous scijs `ndarray` of the same shape over a Float64Array (float64) or
 * Float32Array (float32). The result shares no storage with the tensor; tracers give their concrete value.
 */
export function toNdarray(t: Tensor): NdArray<TypedArray> {
  return ndarray(t.data(), t.shape.slice());
}

/**
 * Copy any scijs `ndarray` (strided, offset, transposed views included) into a new contiguous Tensor of the same shape.
 * @param a Source ndarray; plain-array or integer data is converted to float.
 * @param options.dtype Output dtype; default float32 when `a.data` is a Float32Array, else float64.
 * @throws ShapeError when `a.stride` and `a.shape` differ in length.
 */
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
