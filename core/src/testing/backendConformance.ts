/**
 * Backend conformance: runs every kernel of a candidate backend on randomly generated strided views
 * (transposed, sliced, stride-0 broadcast, offset, float32 and float64) and compares with the naive
 * reference backend. Returns the mismatches (empty = conformant), so any future backend (wasm SIMD,
 * gpu) is validated by one call. Deterministic for a given seed.
 */
import type { Backend, BinaryOp, StridedArray, UnaryOp } from '../backends/backend.ts';
import { allocate, type DType, type TypedArray } from '../dtype.ts';
import { naiveBackend } from './naiveBackend.ts';
import { mulberry32 } from '../random.ts';

export interface ConformanceMismatch {
  kernel: string;
  detail: string;
}


interface View extends StridedArray { shape: number[] }

/** A random strided view of `shape`: random axis order, padding (so offsets/gaps exist), optional broadcast axes. */
function randomView(r: () => number, shape: number[], dtype: DType, positive: boolean, allowBroadcast: boolean): View {
  const nd = shape.length;
  const order = Array.from({ length: nd }, (_, i) => i).sort(() => r() - 0.5);
  const strides = new Array<number>(nd).fill(0);
  let s = 1 + Math.floor(r() * 2);
  for (const d of order) {
    if (allowBroadcast && r() < 0.2) { strides[d] = 0; continue; }
    strides[d] = s;
    s *= shape[d]! + Math.floor(r() * 2);
  }
  const offset = Math.floor(r() * 3);
  const data = allocate(dtype, offset + s + 1);
  for (let i = 0; i < data.length; i++) data[i] = positive ? 0.1 + 2 * r() : 4 * r() - 2;
  return { data, offset, strides, shape };
}

function compare(kernel: string, a: TypedArray, b: TypedArray, tol: number, out: ConformanceMismatch[], ctx: string): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (x !== y && !(Math.abs(x - y) <= tol * (1 + Math.abs(y))) && !(x !== x && y !== y)) {
      out.push({ kernel, detail: `${ctx}: element ${i} got ${x}, reference ${y}` });
      return;
    }
  }
}

export function backendConformance(candidate: Backend, options: { cases?: number; seed?: number } = {}): ConformanceMismatch[] {
  const { cases = 60, seed = 1 } = options;
  const r = mulberry32(seed);
  const bad: ConformanceMismatch[] = [];
  const unaryOps: UnaryOp[] = ['neg', 'exp', 'log', 'log1p', 'sin', 'cos', 'tanh', 'sqrt', 'sign'];
  const binaryOps: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'greater', 'greaterEqual', 'equal'];
  for (let c = 0; c < cases; c++) {
    const dtype: DType = r() < 0.3 ? 'float32' : 'float64';
    // Summation order may differ between backends (blocked partial sums), hence not exact.
    const tol = dtype === 'float32' ? 1e-6 : 1e-13;
    const nd = Math.floor(r() * 5);
    const shape = Array.from({ length: nd }, () => 1 + Math.floor(r() * 4));
    const size = shape.reduce((a, b) => a * b, 1);
    const ctx = `case ${c} ${dtype} shape [${shape}]`;
    const run = (name: string, f: (b: Backend, out: TypedArray) => void, n = size) => {
      const o1 = allocate(dtype, n), o2 = allocate(dtype, n);
      f(candidate, o1);
      f(naiveBackend, o2);
      compare(name, o1, o2, tol, bad, ctx);
    };
    const op = unaryOps[c % unaryOps.length]!;
    const x = randomView(r, shape, dtype, op === 'log' || op === 'sqrt', true);
    run(`unary.${op}`, (b, out) => b.unary(op, x, shape, out));
    const bop = binaryOps[c % binaryOps.length]!;
    const a = randomView(r, shape, dtype, bop === 'pow', true), y = randomView(r, shape, dtype, false, true);
    run(`binary.${bop}`, (b, out) => b.binary(bop, a, y, shape, out));
    const cond = randomView(r, shape, dtype, false, true);
    for (let i = 0; i < cond.data.length; i++) cond.data[i] = r() < 0.5 ? 0 : 1;
    run('where', (b, out) => b.where(cond, a, y, shape, out));
    const axes = shape.map((_, i) => i).filter(() => r() < 0.5);
    const osize = shape.reduce((p, d, i) => p * (axes.includes(i) ? 1 : d), 1);
    run('reduce.sum', (b, out) => b.reduce('sum', x, shape, axes, out), osize);
    run('reduce.max', (b, out) => b.reduce('max', x, shape, axes, out), osize);
    run('copyInto', (b, out) => b.copyInto(x, shape, { data: out, offset: 0, strides: shape.map((_, i) => shape.slice(i + 1).reduce((p, q) => p * q, 1)) }));
    if (nd >= 1) {
      const axis = Math.floor(r() * nd);
      const m = 1 + Math.floor(r() * 5);
      const idx = Int32Array.from({ length: m }, () => Math.floor(r() * shape[axis]!));
      const gshape = shape.slice();
      gshape[axis] = m;
      run('gather', (b, out) => b.gather(randomView(mulberry32(c), shape, dtype, false, false), shape, axis, idx, out), size / shape[axis]! * m);
      const src = randomView(r, gshape, dtype, false, false);
      const n = shape[axis]!;
      const sidx = Int32Array.from({ length: m }, () => Math.floor(r() * n));
      run('scatterAdd', (b, out) => b.scatterAdd(src, gshape, axis, sidx, n, out), size);
    }
    const batch = Array.from({ length: Math.floor(r() * 3) }, () => 1 + Math.floor(r() * 3));
    const [mm, kk, nn] = [1 + Math.floor(r() * 9), Math.floor(r() * 7), 1 + Math.floor(r() * 9)]; // spans the 4-wide blocks and their remainders
    const A = randomView(r, [...batch, mm, kk], dtype, false, true), B = randomView(r, [...batch, kk, nn], dtype, false, true);
    const bs = batch.reduce((p, q) => p * q, 1);
    run(`matmul [${batch}] ${mm}x${kk}x${nn}`, (b, out) => b.matmul(A, B, batch, mm, kk, nn, out), bs * mm * nn);
  }
  return bad;
}
