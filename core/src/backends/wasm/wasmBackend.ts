/**
 * The `wasm` backend: the js backend with matmul (and the hot elementwise ops) replaced by WebAssembly SIMD kernels
 * (packed Goto/BLIS blocking, f64x2 / f32x4 micro-kernels; see core/wasm/gemm.ts).
 *
 * Matmul contract (as Backend.matmul): a [...B, m, k] @ b [...B, k, n] -> out [...B, m, n], strided
 * operands, stride-0 batch axes allowed. Each operand matrix is copied once into the kernel memory
 * (contiguous rows/columns by TypedArray.set; the kernel reads transposed layouts directly), the
 * product runs in wasm, the result is copied out. float64 accumulates in float64; float32 accumulates
 * in float32 (like BLAS sgemm and tfjs/XNNPACK), so its error grows like k * 2^-24 * sum|a||b|.
 * Products below `minMatmulFlops` (m*k*n per matrix) stay on the js kernel, where the copies and call
 * overhead would cost more than they save. Large products may be split across worker threads
 * (`threads.ts`).
 *
 * Elementwise: exp, tanh and add/sub/mul/div on dense (or one-value) float32/float64 operands run in
 * wasm SIMD (`wasmUnary`, `wasmBinary`, core/wasm/elementwise.ts) with a copy in and out of the kernel
 * memory; reductions, gather/scatterAdd, copies and other patterns stay on the js kernels.
 */
import type { TypedArray } from '../../dtype.ts';
import type { Backend, BinaryOp, StridedArray } from '../backend.ts';
import { jsBackend } from '../js.ts';
import { jsMatmul } from '../jsMatmul.ts';
import { advance, coalesce, sizeOf } from '../strided.ts';
import { wasmKernels, type WasmKernels } from './instance.ts';
import { startGemmPool, type GemmJob, type GemmPool } from './threads.ts';

export interface WasmBackendOptions {
  /** Per-matrix m*k*n below which the js kernel is used (default 32768 = 32^3). */
  minMatmulFlops?: number;
  /** Elements below which exp/tanh and add/sub/mul/div stay on the js kernels (default 64; the tests use 0). */
  minElementwise?: number;
  /** Name reported by `backend().name` (default 'wasm'). */
  name?: string;
  /**
   * Worker threads besides the main one for large products (default: env MINDSCIENCE_THREADS - 1 if
   * set, else min(cores - 1, 3); 0 = single-threaded). Started on the first large product, in the
   * background; products run single-threaded until the pool is up (or await `ready()`).
   */
  workers?: number;
  /** Per-matrix m*k*n from which a product is split across the threads (default 2^21, about 128^3). */
  minThreadFlops?: number;
  /**
   * Least time (ms) to wait for the workers after the main thread's own slice (default 5000; the wait is
   * max(this, 20 x that slice's time)). A worker that misses it, or has exited, closes the pool with a
   * warning; the product is recomputed on one thread, and so are all later ones.
   */
  poolTimeoutMs?: number;
}

/** The wasm backend object: a Backend plus its thread pool handle. */
export interface WasmBackend extends Backend {
  /** Start the worker pool now (if configured) and resolve to the number of workers running. */
  ready(): Promise<number>;
  /** Workers currently running (0 until the pool is up, and after it was closed). */
  readonly workers: number;
  /** Why the worker pool was closed ('' while it is fine or not started). */
  readonly poolFailure: string;
  /** The running pool, for tests (fault injection); null when not running. */
  readonly pool: GemmPool | null;
  /**
   * Threads large products will use once the pool is up: 1 + the planned workers (see
   * `plannedWorkers`); 1 when MINDSCIENCE_THREADS is invalid (the pool then fails to start, and
   * `ready()` rejects with the reason).
   */
  readonly threads: number;
}

/**
 * First byte used for operands (the module keeps no static data; 64 KiB is slack). Shared by every wasm
 * backend, as they share the kernel memory: moved up, for good, past any area a closed pool's late
 * worker could still write.
 */
let stagingBase = 65536;
const align = (x: number) => (x + 63) & ~63;

/** Copy matrix [rows, cols] at data[off + i*rs + j*cs] into dst (from index at); returns the strides it has there. */
function copyMatrix(data: TypedArray, off: number, rs: number, cs: number, rows: number, cols: number, dst: TypedArray, at: number): [number, number] {
  if (rows === 1) rs = cols * cs;
  if (cols === 1) cs = rs === 1 ? rows : 1;
  if (cs === 1 && rs === cols) { dst.set(data.subarray(off, off + rows * cols), at); return [cols, 1]; }
  if (rs === 1 && cs === rows) { dst.set(data.subarray(off, off + rows * cols), at); return [1, rows]; }
  if (cs === 1 && cols >= 16) {
    for (let i = 0; i < rows; i++) dst.set(data.subarray(off + i * rs, off + i * rs + cols), at + i * cols);
    return [cols, 1];
  }
  if (rs === 1 && rows >= 16) {
    for (let j = 0; j < cols; j++) dst.set(data.subarray(off + j * cs, off + j * cs + rows), at + j * rows);
    return [1, rows];
  }
  for (let i = 0, q = at; i < rows; i++) {
    const r = off + i * rs;
    for (let j = 0; j < cols; j++) dst[q++] = data[r + j * cs]!;
  }
  return [cols, 1];
}

interface Threading {
  pool: GemmPool | null;
  minFlops: number;
  /** Why the pool was closed ('' while it is fine). */
  failure: string;
}

/** Split C into `parts` slices of whole micro-tiles (rows by 4, columns by 8): bit-identical to one thread. */
function splitJobs(f64: boolean, es: number, pa: number, rsA: number, csA: number, pb: number, rsB: number, csB: number, pc: number, m: number, k: number, n: number, pw: number, workEach: number, parts: number): GemmJob[] {
  const jobs: GemmJob[] = [];
  const byRows = m >= n;
  const total = byRows ? m : n, unit = byRows ? 4 : 8;
  const chunk = Math.ceil(total / parts / unit) * unit;
  for (let s = 0, t = 0; s < total; s += chunk, t++) {
    const len = Math.min(chunk, total - s);
    const w = pw + t * workEach;
    jobs.push(byRows
      ? [f64 ? 1 : 0, pa + s * rsA * es, rsA, csA, pb, rsB, csB, pc + s * n * es, len, k, n, n, w]
      : [f64 ? 1 : 0, pa, rsA, csA, pb + s * csB * es, rsB, csB, pc + s * es, m, k, len, n, w]);
  }
  return jobs;
}

/** Elementwise kernels stage at most this many elements per operand at a time (cache-sized; the kernel memory does not grow with the tensors). */
const CHUNK = 1 << 16;

/**
 * Unary kernels with a wasm SIMD version (exp, tanh, and neg as x * -1; see core/wasm/elementwise.ts): used for float32 and
 * float64 operands that are dense (after coalescing) with at least `minElements` elements; the input is
 * copied into the kernel memory, transformed in place and copied out. Everything else goes to js.
 */
export function wasmUnary(K: WasmKernels, minElements: number): Backend['unary'] {
  return function unary(op, x, shape, out) {
    const fast = op === 'tanh' || op === 'exp' || op === 'neg';
    const f64 = out instanceof Float64Array;
    const n = out.length;
    if (!fast || n < minElements || !(f64 ? x.data instanceof Float64Array : out instanceof Float32Array && x.data instanceof Float32Array)) {
      jsBackend.unary(op, x, shape, out);
      return;
    }
    const c = coalesce(shape, [x.strides]);
    if (c.shape.length !== 1 || c.strides[0]![0] !== 1) {
      jsBackend.unary(op, x, shape, out);
      return;
    }
    const es = f64 ? 8 : 4;
    const chunk = Math.min(n, CHUNK);
    let buf: ArrayBufferLike;
    try {
      buf = K.reserve(stagingBase + align(chunk * es) + 64);
    } catch {
      jsBackend.unary(op, x, shape, out);
      return;
    }
    const Ctor = f64 ? Float64Array : Float32Array;
    const stage = new Ctor(buf as ArrayBuffer, stagingBase, chunk);
    const minusOne = new Ctor(buf as ArrayBuffer, stagingBase + align(chunk * es), 1);
    minusOne[0] = -1;
    const e = K.exports;
    const kernel = f64 ? (op === 'exp' ? e.exp64 : e.tanh64) : (op === 'exp' ? e.exp32 : e.tanh32);
    const mulBy = f64 ? e.binary64 : e.binary32;
    const src = x.data as InstanceType<typeof Ctor>;
    for (let s = 0; s < n; s += chunk) {
      const len = Math.min(chunk, n - s);
      stage.set(src.subarray(x.offset + s, x.offset + s + len));
      // -x as x * -1 (exact, including the sign of zero; a NaN stays NaN).
      if (op === 'neg') mulBy(2, stagingBase, 1, stagingBase + align(chunk * es), 0, stagingBase, len);
      else kernel(stagingBase, stagingBase, len);
      out.set(len === chunk ? stage : stage.subarray(0, len), s);
    }
  };
}

const ARITH: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3 };

/**
 * How the wasm kernel reads an operand over `shape`, viewed as [rows, p] (p = the last axis after
 * dropping size-1 axes): 1 dense from its offset, 0 one broadcast value, 2 one row of p repeated for
 * every row (a bias), -1 anything else (js).
 */
function layoutOf(x: StridedArray, shape: readonly number[], p: number): number {
  if (x.strides.every((s, i) => s === 0 || shape[i] === 1)) return 0;
  const c = coalesce(shape, [x.strides]);
  if (c.shape.length === 1 && c.strides[0]![0] === 1) return 1;
  if (c.shape.length === 2 && c.shape[1] === p && c.strides[0]![1] === 1 && c.strides[0]![0] === 0) return 2;
  return -1;
}

/** The last axis longer than 1 (the row length of a [rows, p] view), 1 when there is none. */
function rowLength(shape: readonly number[]): number {
  for (let d = shape.length - 1; d >= 0; d--) if (shape[d]! > 1) return shape[d]!;
  return 1;
}

/**
 * add/sub/mul/div in wasm SIMD for float32/float64 operands that are each dense, a single broadcast
 * value, or one row repeated (bias), with at least `minElements` elements: operands are copied into
 * the kernel memory and the result copied out (cheaper than V8's scalar typed-array loop for the
 * cache-sized arrays of a training step: bench/cases/kernels.ts). Other ops, dtypes and broadcast
 * patterns go to js.
 */
export function wasmBinary(K: WasmKernels, minElements: number): Backend['binary'] {
  return function binary(op, a, b, shape, out) {
    const code = ARITH[op];
    const n = out.length;
    const f64 = out instanceof Float64Array;
    const Ctor = f64 ? Float64Array : Float32Array;
    if (code === undefined || n < minElements || !(out instanceof Ctor) || !(a.data instanceof Ctor) || !(b.data instanceof Ctor)) {
      jsBackend.binary(op, a, b, shape, out);
      return;
    }
    const p = rowLength(shape);
    const la = layoutOf(a, shape, p), lb = layoutOf(b, shape, p);
    // Supported: dense with dense/value/row (either side), and value with dense.
    if (la < 0 || lb < 0 || (la !== 1 && lb !== 1)) {
      jsBackend.binary(op, a, b, shape, out);
      return;
    }
    const es = f64 ? 8 : 4;
    const rows = n / p;
    const byRows = la === 2 || lb === 2;
    // Chunks of whole rows (row layout) or of CHUNK elements: the staging stays small and cache-resident.
    const rowsPer = byRows ? Math.max(1, Math.floor(CHUNK / p)) : 0;
    const chunk = byRows ? Math.min(rows, rowsPer) * p : Math.min(n, CHUNK);
    const len = (l: number) => (l === 1 ? chunk : l === 2 ? p : 1);
    const pa = stagingBase, pb = pa + align(len(la) * es), po = pb + align(len(lb) * es);
    let buf: ArrayBufferLike;
    try {
      buf = K.reserve(po + chunk * es + 64);
    } catch {
      jsBackend.binary(op, a, b, shape, out);
      return;
    }
    const mem = buf as ArrayBuffer;
    const A = new Ctor(mem, pa, len(la)), B = new Ctor(mem, pb, len(lb)), O = new Ctor(mem, po, chunk);
    const ad = a.data as InstanceType<typeof Ctor>, bd = b.data as InstanceType<typeof Ctor>;
    // One value or one row: staged once.
    if (la !== 1) A.set(ad.subarray(a.offset, a.offset + A.length));
    if (lb !== 1) B.set(bd.subarray(b.offset, b.offset + B.length));
    const e = K.exports;
    for (let s = 0; s < n; s += chunk) {
      const m = Math.min(chunk, n - s);
      if (la === 1) A.set(ad.subarray(a.offset + s, a.offset + s + m));
      if (lb === 1) B.set(bd.subarray(b.offset + s, b.offset + s + m));
      if (byRows) (f64 ? e.binaryRows64 : e.binaryRows32)(code, pa, la, pb, lb, po, m / p, p);
      else (f64 ? e.binary64 : e.binary32)(code, pa, la, pb, lb, po, m);
      out.set(m === chunk ? O : O.subarray(0, m), s);
    }
  };
}

export function wasmMatmul(K: WasmKernels, minFlops: number, threading: Threading, startPool: () => void) {
  return function matmul(a: StridedArray, b: StridedArray, batch: readonly number[], m: number, k: number, n: number, out: TypedArray): void {
    const f64 = out instanceof Float64Array;
    const Ctor = f64 ? Float64Array : Float32Array;
    if (m * k * n < minFlops || !(a.data instanceof Ctor) || !(b.data instanceof Ctor) || m === 0 || n === 0) {
      jsMatmul(a, b, batch, m, k, n, out);
      return;
    }
    const es = f64 ? 8 : 4;
    const pa = stagingBase, pb = pa + align(m * k * es), pc = pb + align(k * n * es), pw = pc + align(m * n * es);
    const work = align(f64 ? K.exports.workBytes64(m, k, n) : K.exports.workBytes32(m, k, n));
    const big = m * k * n >= threading.minFlops;
    if (big && !threading.pool) startPool();
    const parts = big && threading.pool ? threading.pool.workers + 1 : 1;
    let buf: ArrayBufferLike;
    try {
      buf = K.reserve(pw + parts * work + 64);
    } catch {
      // Beyond the kernel memory's 2 GiB (or the host refused to grow it): the js kernel needs no staging copy.
      jsMatmul(a, b, batch, m, k, n, out);
      return;
    }
    // Views over the shared kernel memory; TS's overloads for a union of typed-array constructors only
    // list ArrayBuffer, while SharedArrayBuffer is accepted at runtime.
    const mem = buf as ArrayBuffer;
    const A = new Ctor(mem, pa, m * k), B = new Ctor(mem, pb, k * n), C = new Ctor(mem, pc, m * n);
    const nb = batch.length, nbatch = sizeOf(batch);
    const rsA = a.strides[nb]!, csA = a.strides[nb + 1]!, rsB = b.strides[nb]!, csB = b.strides[nb + 1]!;
    const walkShape = [...batch, 1];
    const walkStr = [[...a.strides.slice(0, nb), 0], [...b.strides.slice(0, nb), 0]];
    const offs = [a.offset, b.offset];
    const idx = new Int32Array(Math.max(nb, 1));
    let lastA = -1, lastB = -1, sa: [number, number] = [0, 0], sb: [number, number] = [0, 0];
    for (let t = 0; t < nbatch; t++) {
      // Operands broadcast over the batch (stride 0) are copied once.
      if (offs[0] !== lastA) { sa = copyMatrix(a.data, offs[0]!, rsA, csA, m, k, A, 0); lastA = offs[0]!; }
      if (offs[1] !== lastB) { sb = copyMatrix(b.data, offs[1]!, rsB, csB, k, n, B, 0); lastB = offs[1]!; }
      if (parts > 1) {
        const failure = threading.pool!.run(K, splitJobs(f64, es, pa, sa[0], sa[1], pb, sb[0], sb[1], pc, m, k, n, pw, work, parts));
        if (failure) {
          // A stalled worker may still write its slice of C and its scratch later: never stage there again.
          threading.pool = null;
          threading.failure = failure.message;
          stagingBase = Math.max(stagingBase, align(pw + parts * work + 64));
          console.warn(`wasm backend: ${failure.message}; the GEMM worker pool is closed, this and later products run on one thread`);
          matmul(a, b, batch, m, k, n, out);
          return;
        }
      } else if (f64) K.exports.gemm64(pa, sa[0], sa[1], pb, sb[0], sb[1], pc, m, k, n, n, pw);
      else K.exports.gemm32(pa, sa[0], sa[1], pb, sb[0], sb[1], pc, m, k, n, n, pw);
      out.set(C, t * m * n);
      if (nb > 0) advance(idx, walkShape, walkStr, offs);
    }
  };
}

type Env = { process?: { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown } };

/**
 * Worker threads besides the main one that a backend with `options` will start: options.workers, else
 * env MINDSCIENCE_THREADS - 1, else min(cores - 1, 3). Synchronous (node:os through
 * process.getBuiltinModule, Node >= 20.16), so the planned count can be reported before the pool starts;
 * 0 where the core count cannot be read. A bad MINDSCIENCE_THREADS throws an Error naming it.
 */
export function plannedWorkers(options: Pick<WasmBackendOptions, 'workers'> = {}): number {
  if (options.workers !== undefined) {
    if (!Number.isInteger(options.workers) || options.workers < 0) throw new RangeError(`wasm backend: workers ${options.workers}; expected a whole number >= 0`);
    return options.workers;
  }
  const proc = (globalThis as Env).process;
  const env = proc?.env?.MINDSCIENCE_THREADS;
  if (env !== undefined && env !== '') {
    const t = Number(env);
    if (!Number.isInteger(t) || t < 1) throw new Error(`environment variable MINDSCIENCE_THREADS=${JSON.stringify(env)}: expected a whole number of threads >= 1`);
    return t - 1;
  }
  try {
    const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
    if (os) return Math.max(0, Math.min(os.availableParallelism() - 1, 3));
  } catch { /* no node:os: single-threaded */ }
  return 0;
}

async function defaultWorkers(options: WasmBackendOptions): Promise<number> {
  const planned = plannedWorkers(options);
  if (options.workers !== undefined || planned > 0) return planned;
  // Older Node without process.getBuiltinModule: ask node:os asynchronously.
  const env = (globalThis as Env).process?.env?.MINDSCIENCE_THREADS;
  if (env !== undefined && env !== '') return planned;
  try {
    const os = await import('node:os');
    return Math.max(0, Math.min(os.availableParallelism() - 1, 3));
  } catch {
    return 0;
  }
}

/** A wasm backend, or null when the kernels cannot be loaded on this host. */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend | null {
  const K = wasmKernels();
  if (!K) return null;
  const { minMatmulFlops = 32768, name = 'wasm', minThreadFlops = 2 ** 21, minElementwise = 64 } = options;
  const threading: Threading = { pool: null, minFlops: minThreadFlops, failure: '' };
  let starting: Promise<number> | null = null;
  const ready = (): Promise<number> => {
    starting ??= (async () => {
      const workers = await defaultWorkers(options);
      threading.pool = await startGemmPool(K, workers, { timeoutMs: options.poolTimeoutMs });
      return threading.pool?.workers ?? 0;
    })();
    return starting;
  };
  // A failed pool start leaves the backend single-threaded; the error surfaces through ready().
  const startPool = () => { if (!starting) ready().catch(() => undefined); };
  return {
    ...jsBackend,
    name,
    matmul: wasmMatmul(K, minMatmulFlops, threading, startPool),
    unary: wasmUnary(K, minElementwise),
    binary: wasmBinary(K, minElementwise),
    ready,
    get workers() { return threading.pool?.workers ?? 0; },
    get poolFailure() { return threading.failure; },
    get pool() { return threading.pool; },
    get threads() {
      if (threading.pool) return threading.pool.workers + 1;
      if (threading.failure) return 1;
      try { return plannedWorkers(options) + 1; } catch { return 1; }
    },
  };
}
