/**
 * Element types. Tensors hold IEEE floats only: float64 (the default, used for gradient checks and
 * physics) or float32 (memory/speed). Integer data (indices) travel as Int32Array parameters of the
 * indexing primitives, never as tensors.
 */
export type DType = 'float64' | 'float32';
export type TypedArray = Float64Array | Float32Array;

export const DEFAULT_DTYPE: DType = 'float64';

export function allocate(dtype: DType, size: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

/** Result dtype of a binary op: float64 wins. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

export function dtypeOf(data: TypedArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

export function checkDType(dtype: unknown, where: string): DType {
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new TypeError(`${where}: dtype ${JSON.stringify(dtype)} is not supported; expected 'float64' or 'float32'`);
  }
  return dtype;
}
