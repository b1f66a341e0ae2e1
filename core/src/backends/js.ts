/**
 * Reference JavaScript backend: tight loops over typed arrays. Every kernel first coalesces
 * dimensions (drops size-1 axes, merges axes that are contiguous for all operands), then walks the
 * outer axes with an index counter and runs a row kernel over the innermost axis. The op switch sits
 * outside the element loop; nothing is allocated per element.
 */
import type { TypedArray } from '../dtype.ts';
import type { Backend, BinaryOp, ReduceOp, StridedArray, UnaryOp } from './backend.ts';

interface Coalesced {
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

function contiguousStridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

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
function advance(idx: Int32Array, shape: number[], strides: number[][], offs: Float64Array | number[]): void {
  for (let d = shape.length - 2; d >= 0; d--) {
    idx[d]!++;
    for (let k = 0; k < strides.length; k++) offs[k]! += strides[k]![d]!;
    if (idx[d]! < shape[d]!) return;
    for (let k = 0; k < strides.length; k++) offs[k]! -= strides[k]![d]! * shape[d]!;
    idx[d] = 0;
  }
}

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
          let acc = 0;
          for (let i = 0; i < inner; i++) acc += xd[xo + i * xs]!;
          out[yo] = out[yo]! + acc;
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

  matmul(a, b, batch, m, k, n, out) {
    const nb = batch.length;
    const nbatch = sizeOf(batch);
    const as0 = a.strides[nb]!, as1 = a.strides[nb + 1]!;
    const bs0 = b.strides[nb]!, bs1 = b.strides[nb + 1]!;
    const ad = a.data, bd = b.data;
    // Accumulate in float64: directly into out, or (float32 out) into a scratch block rounded once.
    const f64 = out instanceof Float64Array;
    const acc = f64 ? (out as Float64Array) : new Float64Array(m * n);
    const idx = new Int32Array(Math.max(nb, 1));
    // advance() walks axes [0, nd-2]; a dummy inner axis makes it walk every batch axis.
    const walkShape = [...batch, 1];
    const walkStr = [[...a.strides.slice(0, nb), 0], [...b.strides.slice(0, nb), 0]];
    const offs = [a.offset, b.offset];
    // Loop order by layout, so the innermost loop reads contiguous memory:
    //   b's columns contiguous (b transposed, or n = 1): dot products  (i-j-p)
    //   a transposed, b row-major (checked first):        p-i-j
    //   otherwise:                                        i-p-j (rows of b stream into rows of out)
    const path = as0 === 1 && as1 !== 1 && (bs1 === 1 || n === 1) ? 1 : bs0 === 1 && (bs1 !== 1 || n === 1) ? 0 : 2;
    for (let t = 0; t < nbatch; t++) {
      const ao = offs[0]!, bo = offs[1]!, oo = f64 ? t * m * n : 0;
      if (path === 0) {
        for (let i = 0; i < m; i++) {
          const arow = ao + i * as0;
          let j0 = 0;
          // Four columns of b at a time share each load of a.
          for (; j0 + 4 <= n; j0 += 4) {
            const c0 = bo + j0 * bs1, c1 = c0 + bs1, c2 = c1 + bs1, c3 = c2 + bs1;
            let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (let p = 0; p < k; p++) {
              const av = ad[arow + p * as1]!;
              s0 += av * bd[c0 + p]!;
              s1 += av * bd[c1 + p]!;
              s2 += av * bd[c2 + p]!;
              s3 += av * bd[c3 + p]!;
            }
            const o = oo + i * n + j0;
            acc[o] = s0;
            acc[o + 1] = s1;
            acc[o + 2] = s2;
            acc[o + 3] = s3;
          }
          for (let j = j0; j < n; j++) {
            const bcol = bo + j * bs1;
            let s = 0;
            if (as1 === 1) for (let p = 0; p < k; p++) s += ad[arow + p]! * bd[bcol + p]!;
            else for (let p = 0; p < k; p++) s += ad[arow + p * as1]! * bd[bcol + p]!;
            acc[oo + i * n + j] = s;
          }
        }
      } else {
        acc.fill(0, oo, oo + m * n);
        if (path === 1) {
          for (let p = 0; p < k; p++) {
            const acol = ao + p * as1, brow = bo + p * bs0;
            let i0 = 0;
            if (bs1 === 1) {
              for (; i0 + 4 <= m; i0 += 4) {
                const v0 = ad[acol + i0]!, v1 = ad[acol + i0 + 1]!, v2 = ad[acol + i0 + 2]!, v3 = ad[acol + i0 + 3]!;
                const o0 = oo + i0 * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
                for (let j = 0; j < n; j++) {
                  const bv = bd[brow + j]!;
                  acc[o0 + j]! += v0 * bv;
                  acc[o1 + j]! += v1 * bv;
                  acc[o2 + j]! += v2 * bv;
                  acc[o3 + j]! += v3 * bv;
                }
              }
            }
            for (let i = i0; i < m; i++) {
              const aip = ad[acol + i]!;
              if (aip === 0) continue;
              const orow = oo + i * n;
              for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j]!;
            }
          }
        } else {
          let i0 = 0;
          if (bs1 === 1) {
            // Four output rows at a time: each loaded element of b feeds four accumulators.
            for (; i0 + 4 <= m; i0 += 4) {
              const a0 = ao + i0 * as0, a1 = a0 + as0, a2 = a1 + as0, a3 = a2 + as0;
              const o0 = oo + i0 * n, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
              for (let p = 0; p < k; p++) {
                const v0 = ad[a0 + p * as1]!, v1 = ad[a1 + p * as1]!, v2 = ad[a2 + p * as1]!, v3 = ad[a3 + p * as1]!;
                const brow = bo + p * bs0;
                for (let j = 0; j < n; j++) {
                  const bv = bd[brow + j]!;
                  acc[o0 + j]! += v0 * bv;
                  acc[o1 + j]! += v1 * bv;
                  acc[o2 + j]! += v2 * bv;
                  acc[o3 + j]! += v3 * bv;
                }
              }
            }
          }
          for (let i = i0; i < m; i++) {
            const arow = ao + i * as0, orow = oo + i * n;
            for (let p = 0; p < k; p++) {
              const aip = ad[arow + p * as1]!;
              if (aip === 0) continue;
              const brow = bo + p * bs0;
              if (bs1 === 1) for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j]!;
              else for (let j = 0; j < n; j++) acc[orow + j]! += aip * bd[brow + j * bs1]!;
            }
          }
        }
      }
      if (!f64) for (let q = 0; q < m * n; q++) out[t * m * n + q] = acc[q]!;
      if (nb > 0) advance(idx, walkShape, walkStr, offs);
    }
  },

  gather(x, shape, axis, idx, out) {
    const { data: xd, offset: xo } = denseView(x, shape);
    let pre = 1, post = 1;
    for (let d = 0; d < axis; d++) pre *= shape[d]!;
    for (let d = axis + 1; d < shape.length; d++) post *= shape[d]!;
    const n = shape[axis]!, m = idx.length;
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
    const idx = new Int32Array(nd);
    const offs = [src.offset, dst.offset];
    for (let r = 0; r < rows; r++) {
      const so = offs[0]!, dof = offs[1]!;
      for (let i = 0; i < inner; i++) dd[dof + i * ds] = sd[so + i * ss]!;
      advance(idx, c.shape, c.strides, offs);
    }
  },
};

/** A row-major dense view of a strided operand: itself when already dense, else a packed copy. */
function denseView(x: StridedArray, shape: readonly number[]): { data: TypedArray; offset: number } {
  if (isRowMajorTail(shape, x.strides, 0)) return x;
  const data = x.data instanceof Float32Array ? new Float32Array(sizeOf(shape)) : new Float64Array(sizeOf(shape));
  jsBackend.copyInto(x, shape, { data, offset: 0, strides: contiguousStridesOf(shape) });
  return { data, offset: 0 };
}

/** Are axes [from, nd) laid out row-major contiguous (ignoring size-1 axes)? */
function isRowMajorTail(shape: readonly number[], strides: readonly number[], from: number): boolean {
  let s = 1;
  for (let d = shape.length - 1; d >= from; d--) {
    if (shape[d] !== 1 && strides[d] !== s) return false;
    s *= shape[d]!;
  }
  return true;
}

export type { StridedArray };
