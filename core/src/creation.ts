/**
 * Tensor creators. Data is always copied in, so later writes to the caller's arrays cannot change a
 * tensor. Default dtype float64.
 */
import { allocate, checkDType, DEFAULT_DTYPE, type DType, type TypedArray } from './dtype.ts';
import { ShapeError } from './errors.ts';
import { checkShape, sizeOf } from './shape.ts';
import { Tensor, type NestedArray } from './tensor.ts';

export interface CreateOptions {
  dtype?: DType;
}

/** Shape of a rectangular nested array; throws naming the path of the first ragged/non-numeric entry. */
function inferShape(data: NestedArray, path: string): number[] {
  if (typeof data === 'number') return [];
  if (!Array.isArray(data)) throw new TypeError(`tensor: element ${path} is ${typeof data}; expected a number or an array`);
  if (data.length === 0) return [0];
  const inner = inferShape(data[0]!, `${path}[0]`);
  return [data.length, ...inner];
}

function fill(data: NestedArray, shape: readonly number[], d: number, out: TypedArray, pos: { i: number }, path: string): void {
  if (d === shape.length) {
    if (typeof data !== 'number') throw new TypeError(`tensor: ragged nested array at ${path}: expected a number, got ${Array.isArray(data) ? 'an array' : typeof data}`);
    out[pos.i++] = data;
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[d]) {
    throw new ShapeError(`tensor: ragged nested array at ${path}: expected an array of length ${shape[d]}, got ${Array.isArray(data) ? `length ${data.length}` : typeof data}`);
  }
  for (let i = 0; i < data.length; i++) fill(data[i]!, shape, d + 1, out, pos, `${path}[${i}]`);
}

/**
 * Create a tensor from a number, nested arrays, or a flat typed/plain array with `shape`.
 * `tensor([[1, 2], [3, 4]])`, `tensor(new Float64Array(6), { shape: [2, 3] })`.
 */
export function tensor(data: NestedArray | TypedArray | ArrayLike<number> | readonly number[], options: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  // Any numeric typed array (Float64/Float32/Int32/Uint8/...) is flat data; values are converted.
  const isTyped = ArrayBuffer.isView(data) && !(data instanceof DataView) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array);
  const dtype = checkDType(options.dtype ?? (data instanceof Float32Array ? 'float32' : DEFAULT_DTYPE), 'tensor');
  if (isTyped || options.shape !== undefined) {
    const flat = isTyped ? (data as ArrayLike<number>) : (data as readonly number[]);
    if (!isTyped && !Array.isArray(flat)) throw new TypeError('tensor: with options.shape, data must be a flat array or typed array');
    const shape = options.shape ? checkShape('tensor', options.shape) : [flat.length];
    if (sizeOf(shape) !== flat.length) {
      throw new ShapeError(`tensor: ${flat.length} values cannot fill shape [${shape.join(',')}] (${sizeOf(shape)} elements)`);
    }
    const buf = allocate(dtype, flat.length);
    for (let i = 0; i < flat.length; i++) {
      const v = flat[i];
      if (typeof v !== 'number') throw new TypeError(`tensor: element ${i} is ${typeof v}; expected a number`);
      buf[i] = v;
    }
    return Tensor._fromBuffer(buf, shape);
  }
  const shape = inferShape(data as NestedArray, 'data');
  const buf = allocate(dtype, sizeOf(shape));
  fill(data as NestedArray, shape, 0, buf, { i: 0 }, 'data');
  return Tensor._fromBuffer(buf, shape);
}

/**
 * A rank-0 tensor (shape []) holding `value`.
 * @param value The number to store (converted to the dtype's precision).
 * @param dtype 'float64' (default) or 'float32'.
 */
export function scalar(value: number, dtype: DType = DEFAULT_DTYPE): Tensor {
  const buf = allocate(dtype, 1);
  buf[0] = value;
  return Tensor._fromBuffer(buf, []);
}

/**
 * A new tensor of `shape` with every element equal to `value`.
 * @param shape Dimensions, non-negative integers (`[]` gives a scalar).
 * @param value Fill value.
 * @param options.dtype 'float64' (default) or 'float32'.
 * @throws ShapeError when `shape` has a dimension that is not a non-negative integer; TypeError for an unknown dtype.
 */
export function full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
  checkShape('full', shape);
  const buf = allocate(checkDType(options.dtype ?? DEFAULT_DTYPE, 'full'), sizeOf(shape));
  if (value !== 0) buf.fill(value);
  return Tensor._fromBuffer(buf, shape);
}

/** A new tensor of `shape` filled with 0 (dtype float64 unless `options.dtype`); see `full`. */
export function zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A new tensor of `shape` filled with 1 (dtype float64 unless `options.dtype`); see `full`. */
export function ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros with the shape and dtype of `t` (a tracer gives a concrete tensor; no derivative flows through). */
export function zerosLike(t: Tensor): Tensor {
  return full(t.shape, 0, { dtype: t.dtype });
}

/** Ones with the shape and dtype of `t` (a tracer gives a concrete tensor; no derivative flows through). */
export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, { dtype: t.dtype });
}

/** [start, stop) in steps of `step` (numpy semantics). `arange(5)` = 0..4. */
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (!(step !== 0 && Number.isFinite(step))) throw new RangeError(`arange: step ${step} must be finite and non-zero`);
  if (!Number.isFinite(start) || !Number.isFinite(stop)) throw new RangeError(`arange: start ${start} and stop ${stop} must be finite`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const buf = allocate(checkDType(options.dtype ?? DEFAULT_DTYPE, 'arange'), n);
  for (let i = 0; i < n; i++) buf[i] = start + i * step;
  return Tensor._fromBuffer(buf, [n]);
}

/** `num` evenly spaced points from start to stop inclusive. */
export function linspace(start: number, stop: number, num: number, options: CreateOptions = {}): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`linspace: num ${num} must be a non-negative integer`);
  const buf = allocate(checkDType(options.dtype ?? DEFAULT_DTYPE, 'linspace'), num);
  const h = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) buf[i] = start + i * h;
  if (num > 1) buf[num - 1] = stop;
  return Tensor._fromBuffer(buf, [num]);
}

/** n x m identity (m defaults to n). */
export function eye(n: number, m: number = n, options: CreateOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const buf = allocate(checkDType(options.dtype ?? DEFAULT_DTYPE, 'eye'), n * m);
  for (let i = 0; i < Math.min(n, m); i++) buf[i * m + i] = 1;
  return Tensor._fromBuffer(buf, [n, m]);
}
