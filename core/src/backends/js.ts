/**
 * Reference JavaScript backend: tight loops over typed arrays. Every kernel first coalesces
 * dimensions (drops size-1 axes, merges axes that are contiguous for all operands), then walks the
 * outer axes with an index counter and runs a row kernel over the innermost axis. The op switch sits
 * outside the element loop; nothing is allocated per element.
 */
import type { TypedArray } from '../dtype.ts';
import type { Backend, BinaryOp, ReduceOp, StridedArray, UnaryOp } from './backend.ts';
import { jsMatmul } from './jsMatmul.ts';
import { advance, coalesce, contiguousStridesOf, isRowMajorTail, sizeOf } from './strided.ts';

export { coalesce };

function unaryRow(op: UnaryOp, x: TypedArray, xo: number, xs: number, out: TypedArray, o: number, n: number): void {
  switch (op) {
    case 'neg': for (let i = 0; i < n; i++) out[o + i] = -x[xo + i * xs]!; break;
    case 'exp': for (let i = 0; i < n; i++) out[o + i] = Math.exp(x[xo + i * xs]!); break;
    case 'log': for (let i = 0; i < n; i++) out[o + i] = Math.log(x[xo + i * xs]!); break;
    case 'log1p': for (let i = 0; i < n; i++) out[o + i] = Math.log1p(x[xo + i * xs]!); break;
    case 'sin': for (let i = 0; i < n; i++) out[o + i] = Math.sin(x[xo + i * xs]!); break;
    case 'cos': for (let i = 0; i < n; i++) out[o + i] = Math.cos(x[xo + i * xs]!); break;
    case 'tanh': for (let i = 0; i < n; i++) out[o + i] = Math.tanh(x[xo + i * xs]!); break;
    case 'sqrt': for (let i = 0; i < n; i++) out[o + i] = Math.sqrt(x[xo + i * xs]!); break;
    case 'sign': for (let i = 0; i < n; i++) out[o + i] = Math.sign(x[xo + i * xs]!); break;
    default: throw new Error(`js backend: unknown unary op '${op as string}'`);
  }
}

function binaryRow(op: BinaryOp, a: TypedArray, ao: number, as: number, b: TypedArray, bo: number, bs: number, out: TypedArray, o: number, n: number): void {
  switch (op) {
    case 'add': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! + b[bo + i * bs]!; break;
    case 'sub': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! - b[bo + i * bs]!; break;
    case 'mul': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! * b[bo + i * bs]!; break;
    case 'div': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! / b[bo + i * bs]!; break;
    case 'pow': for (let i = 0; i < n; i++) out[o + i] = Math.pow(a[ao + i * as]!, b[bo + i * bs]!); break;
    case 'greater': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! > b[bo + i * bs]! ? 1 : 0; break;
    case 'greaterEqual': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! >= b[bo + i * bs]! ? 1 : 0; break;
    case 'equal': for (let i = 0; i < n; i++) out[o + i] = a[ao + i * as]! === b[bo + i * bs]! ? 1 : 0; break;
    default: throw new Error(`js backend: unknown binary op '${op as string}'`);
  }
}

/** Advance an index counter over axes [0, nd-2]; updates offsets in `offs` by the operands' strides. */
export const jsBackend: Backend = {
  name: 'js',

  unary(op, x, shape, out) {
    const c = coalesce(shape, [x.strides]);
    const nd = c.shape.length;
    const inner = c.shape[nd - 1]!;
    const rows = sizeOf(c.shape) / inner;
    const xs = c.strides[0]![nd - 1]!;
    const idx = new Int32Array(nd);
    const offs = [x.offset];
    for (let r = 0, o = 0; r < rows; r++, o += inner) {
      unaryRow(op, x.data, offs[0]!, xs, out, o, inner);
      advance(idx, c.shape, c.strides, offs);
    }
  },

  binary(op, a, b, shape, out) {
    const c = coalesce(shape, [a.strides, b.strides]);
    const nd = c.shape.length;
    const inner = c.shape[nd - 1]!;
    const rows = sizeOf(c.shape) / inner;
    const as = c.strides[0]![nd - 1]!;
    const bs = c.strides[1]![nd - 1]!;
    const idx = new Int32Array(nd);
    const offs = [a.offset, b.offset];
    for (let r = 0, o = 0; r < rows; r++, o += inner) {
      binaryRow(op, a.data, offs[0]!, as, b.data, offs[1]!, bs, out, o, inner);
      advance(idx, c.shape, c.strides, offs);
    }
  },

  where(cond, a, b, shape, out) {
    const c = coalesce(shape, [cond.strides, a.strides, b.strides]);
    const nd = c.shape.length;
    const inner = c.shape[nd - 1]!;
    const rows = sizeOf(c.shape) / inner;
    const cs = c.strides[0]![nd - 1]!;
    const as = c.strides[1]![nd - 1]!;
    const bs = c.strides[2]![nd - 1]!;
    const cd = cond.data, ad = a.data, bd = b.data;
    const idx = new Int32Array(nd);
    const offs = [cond.offset, a.offset, b.offset];
    for (let r = 0, o = 0; r < rows; r++, o += inner) {
      const co = offs[0]!, ao = offs[1]!, bo = offs[2]!;
      for (let i = 0; i < inner; i++) out[o + i] = cd[co + i * cs] !== 0 ? ad[ao + i * as]! : bd[bo + i * bs]!;
      advance(idx, c.shape, c.strides, offs);
    }
  },

  reduce(op: ReduceOp, x, shape, axes, out) {
    // Output viewed with stride 0 along reduced axes; walk the input once and accumulate.
    const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const os = contiguousStridesOf(outShape).map((s, i) => (axes.includes(i) ? 0 : s));
    out.fill(op === 'sum' ? 0 : -Infinity);
    if (sizeOf(shape) === 0) return;
    const c = coalesce(shape, [x.strides, os]);
    const nd = c.shape.length;
    const inner = c.shape[nd - 1]!;
    const rows = sizeOf(c.shape) / inner;
    const xs = c.strides[0]![nd - 1]!;
    const ys = c.strides[1]![nd - 1]!;
    const xd = x.data;
    const idx = new Int32Array(nd);
    const offs = [x.offset, 0];
    for (let r = 0; r < rows; r++) {
      const xo = offs[0]!, yo = offs[1]!;
      if (op === 'sum') {
        if (ys === 0) {
          // Four independent partial sums (instruction-level parallelism; also a little more accurate).
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, i = 0;
          for (; i + 4 <= inner; i += 4) {
            const p = xo + i * xs;
            a0 += xd[p]!;
            a1 += xd[p + xs]!;
            a2 += xd[p + 2 * xs]!;
            a3 += xd[p + 3 * xs]!;
          }
          for (; i < inner; i++) a0 += xd[xo + i * xs]!;
          out[yo] = out[yo]! + (a0 + a1 + (a2 + a3));
        } else {
          for (let i = 0; i < inner; i++) out[yo + i * ys] = out[yo + i * ys]! + xd[xo + i * xs]!;
        }
      } else {
        for (let i = 0; i < inner; i++) {
          const v = xd[xo + i * xs]!;
          const j = yo + i * ys;
          // NaN propagates: a NaN anywhere makes the max NaN.
          if (v > out[j]! || v !== v) out[j] = v;
        }
      }
      advance(idx, c.shape, c.strides, offs);
    }
  },

  matmul: jsMatmul,

  gather(x, shape, axis, idx, out) {
    const { data: xd, offset: xo } = denseView(x, shape);
    let pre = 1, post = 1;
    for (let d = 0; d < axis; d++) pre *= shape[d]!;
    for (let d = axis + 1; d < shape.length; d++) post *= shape[d]!;
    const n = shape[axis]!, m = idx.length;
    if (post === 1) {
      // One element per index (im2col windows, gathers along the last axis): no inner loop (1.6x).
      for (let p = 0; p < pre; p++) {
        const xbase = xo + p * n, obase = p * m;
        for (let j = 0; j < m; j++) out[obase + j] = xd[xbase + idx[j]!]!;
      }
      return;
    }
    for (let p = 0; p < pre; p++) {
      const xbase = xo + p * n * post;
      const obase = p * m * post;
      for (let j = 0; j < m; j++) {
        const src = xbase + idx[j]! * post;
        const dst = obase + j * post;
        for (let q = 0; q < post; q++) out[dst + q] = xd[src + q]!;
      }
    }
  },

  scatterAdd(src, shape, axis, idx, n, out) {
    const { data: sd, offset: so } = denseView(src, shape);
    let pre = 1, post = 1;
    for (let d = 0; d < axis; d++) pre *= shape[d]!;
    for (let d = axis + 1; d < shape.length; d++) post *= shape[d]!;
    const m = shape[axis]!;
    out.fill(0);
    if (post === 1) {
      for (let p = 0; p < pre; p++) {
        const sbase = so + p * m, obase = p * n;
        for (let j = 0; j < m; j++) { const o = obase + idx[j]!; out[o] = out[o]! + sd[sbase + j]!; }
      }
      return;
    }
    for (let p = 0; p < pre; p++) {
      const sbase = so + p * m * post;
      const obase = p * n * post;
      for (let j = 0; j < m; j++) {
        const s = sbase + j * post;
        const o = obase + idx[j]! * post;
        for (let q = 0; q < post; q++) out[o + q] = out[o + q]! + sd[s + q]!;
      }
    }
  },

  copyInto(src, shape, dst) {
    if (sizeOf(shape) === 0) return;
    const c = coalesce(shape, [src.strides, dst.strides]);
    const nd = c.shape.length;
    const inner = c.shape[nd - 1]!;
    const rows = sizeOf(c.shape) / inner;
    const ss = c.strides[0]![nd - 1]!;
    const ds = c.strides[1]![nd - 1]!;
    const sd = src.data, dd = dst.data;
    const row = sd instanceof Float32Array && dd instanceof Float32Array ? copyRowF32 as typeof copyRow
      : sd instanceof Float64Array && dd instanceof Float64Array ? copyRowF64 as typeof copyRow : copyRow;
    const idx = new Int32Array(nd);
    const offs = [src.offset, dst.offset];
    for (let r = 0; r < rows; r++) {
      row(sd, offs[0]!, ss, dd, offs[1]!, ds, inner);
      advance(idx, c.shape, c.strides, offs);
    }
  },
};

// The same row copy three times (float32, float64, any other array): separate functions keep V8's
// element-access feedback monomorphic in the first two (one function fed every dtype copies a
// transpose 1.4x slower; copies materialise every transposed/padded/concatenated view).
function copyRow(sd: TypedArray, so: number, ss: number, dd: TypedArray, dof: number, ds: number, n: number): void {
  for (let i = 0; i < n; i++) dd[dof + i * ds] = sd[so + i * ss]!;
}
function copyRowF32(sd: Float32Array, so: number, ss: number, dd: Float32Array, dof: number, ds: number, n: number): void {
  for (let i = 0; i < n; i++) dd[dof + i * ds] = sd[so + i * ss]!;
}
function copyRowF64(sd: Float64Array, so: number, ss: number, dd: Float64Array, dof: number, ds: number, n: number): void {
  for (let i = 0; i < n; i++) dd[dof + i * ds] = sd[so + i * ss]!;
}

/** A row-major dense view of a strided operand: itself when already dense, else a packed copy. */
function denseView(x: StridedArray, shape: readonly number[]): { data: TypedArray; offset: number } {
  if (isRowMajorTail(shape, x.strides, 0)) return x;
  const data = x.data instanceof Float32Array ? new Float32Array(sizeOf(shape)) : new Float64Array(sizeOf(shape));
  jsBackend.copyInto(x, shape, { data, offset: 0, strides: contiguousStridesOf(shape) });
  return { data, offset: 0 };
}

export type { StridedArray };
