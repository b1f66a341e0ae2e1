/**
 * An obviously-correct reference backend for conformance tests: every kernel walks the full
 * multi-index and computes offsets from strides one element at a time — no axis coalescing, no
 * fast paths. Slow by design; never use it for real work.
 */
import type { TypedArray } from '../dtype.ts';
import type { Backend, BinaryOp, StridedArray, UnaryOp } from '../backends/backend.ts';

function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    yield idx;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}
const at = (a: StridedArray, idx: readonly number[]) => {
  let o = a.offset;
  for (let d = 0; d < idx.length; d++) o += idx[d]! * a.strides[d]!;
  return o;
};
const unary: Record<UnaryOp, (v: number) => number> = {
  neg: (v) => -v, exp: Math.exp, log: Math.log, log1p: Math.log1p, sin: Math.sin, cos: Math.cos, tanh: Math.tanh, sqrt: Math.sqrt, sign: Math.sign,
};
const binary: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, div: (a, b) => a / b, pow: Math.pow,
  greater: (a, b) => (a > b ? 1 : 0), greaterEqual: (a, b) => (a >= b ? 1 : 0), equal: (a, b) => (a === b ? 1 : 0),
};
const rowMajor = (shape: readonly number[]) => shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));

export const naiveBackend: Backend = {
  name: 'naive',
  unary(op, x, shape, out) {
    let k = 0;
    for (const i of indices(shape)) out[k++] = unary[op](x.data[at(x, i)]!);
  },
  binary(op, a, b, shape, out) {
    let k = 0;
    for (const i of indices(shape)) out[k++] = binary[op](a.data[at(a, i)]!, b.data[at(b, i)]!);
  },
  where(c, a, b, shape, out) {
    let k = 0;
    for (const i of indices(shape)) out[k++] = c.data[at(c, i)] !== 0 ? a.data[at(a, i)]! : b.data[at(b, i)]!;
  },
  reduce(op, x, shape, axes, out) {
    const oshape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const os = rowMajor(oshape);
    out.fill(op === 'sum' ? 0 : -Infinity);
    for (const i of indices(shape)) {
      let o = 0;
      for (let d = 0; d < i.length; d++) if (!axes.includes(d)) o += i[d]! * os[d]!;
      const v = x.data[at(x, i)]!;
      out[o] = op === 'sum' ? out[o]! + v : v > out[o]! || v !== v ? v : out[o]!;
    }
  },
  matmul(a, b, batch, m, k, n, out) {
    let t = 0;
    for (const bi of indices(batch)) {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a.data[at(a, [...bi, i, p])]! * b.data[at(b, [...bi, p, j])]!;
          out[t * m * n + i * n + j] = s;
        }
      }
      t++;
    }
  },
  gather(x, shape, axis, idx, out) {
    const oshape = shape.slice();
    oshape[axis] = idx.length;
    let k = 0;
    for (const i of indices(oshape)) {
      const src = i.slice();
      src[axis] = idx[i[axis]!]!;
      out[k++] = x.data[at(x, src)]!;
    }
  },
  scatterAdd(src, shape, axis, idx, n, out) {
    const oshape = shape.slice();
    oshape[axis] = n;
    const os = rowMajor(oshape);
    out.fill(0);
    for (const i of indices(shape)) {
      let o = 0;
      for (let d = 0; d < i.length; d++) o += (d === axis ? idx[i[d]!]! : i[d]!) * os[d]!;
      out[o] = out[o]! + src.data[at(src, i)]!;
    }
  },
  copyInto(src, shape, dst) {
    for (const i of indices(shape)) (dst.data as TypedArray)[at(dst, i)] = src.data[at(src, i)]!;
  },
};
