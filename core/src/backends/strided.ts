/**
 * Strided-iteration helpers shared by the js kernels: axis coalescing, the outer-axis index
 * counter, row-major strides and sizes.
 */

export interface Coalesced {
  shape: number[];
  strides: number[][];
}

/** Merge axes that are jointly contiguous for every operand; drop size-1 axes. */
export function coalesce(shape: readonly number[], stridesList: readonly (readonly number[])[]): Coalesced {
  const outShape: number[] = [];
  const outStrides: number[][] = stridesList.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    if (merge) {
      for (let k = 0; k < stridesList.length; k++) {
        if (outStrides[k]![last] !== stridesList[k]![d]! * n) {
          merge = false;
          break;
        }
      }
    }
    if (merge) {
      outShape[last] = outShape[last]! * n;
      for (let k = 0; k < stridesList.length; k++) outStrides[k]![last] = stridesList[k]![d]!;
    } else {
      outShape.push(n);
      for (let k = 0; k < stridesList.length; k++) outStrides[k]!.push(stridesList[k]![d]!);
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (const s of outStrides) s.push(0);
  }
  return { shape: outShape, strides: outStrides };
}
export function contiguousStridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
export function advance(idx: Int32Array, shape: number[], strides: number[][], offs: Float64Array | number[]): void {
  for (let d = shape.length - 2; d >= 0; d--) {
    idx[d]!++;
    for (let k = 0; k < strides.length; k++) offs[k]! += strides[k]![d]!;
    if (idx[d]! < shape[d]!) return;
    for (let k = 0; k < strides.length; k++) offs[k]! -= strides[k]![d]! * shape[d]!;
    idx[d] = 0;
  }
}

/** Are axes [from, nd) laid out row-major contiguous (ignoring size-1 axes)? */
export function isRowMajorTail(shape: readonly number[], strides: readonly number[], from: number): boolean {
  let s = 1;
  for (let d = shape.length - 1; d >= from; d--) {
    if (shape[d] !== 1 && strides[d] !== s) return false;
    s *= shape[d]!;
  }
  return true;
}
