/**
 * The optional `gpu` backend: float32 matrix products through gpu.js (WebGL via headless-gl in Node,
 * which needs an X display: run under `xvfb-run`), every other kernel and every float64 product from
 * the wasm backend (or js). gpu.js is not a dependency: `scripts/install-gpu.sh` installs it (its `gl`
 * native build takes minutes) into node_modules or MINDSCIENCE_GPU_DIR, and this module loads it
 * synchronously through process.getBuiltinModule('node:module') (Node >= 20.16); where it is absent, or
 * no GL context can be created, `createGpuBackend` returns null and says why (`gpuUnavailableReason`).
 *
 * Matmul contract (as Backend.matmul): a [...B, m, k] @ b [...B, k, n] -> out [...B, m, n]; each matrix
 * of a float32 product with m*k*n >= minMatmulFlops is packed row-major and sent to one gpu.js kernel per
 * (m, k, n) (compiled once, cached); it accumulates in float32 like the wasm sgemm (same error bound).
 * WebGL has no float64, and the GL context, texture upload and readback cost milliseconds per call, so
 * only large float32 products are sent (default m*k*n >= 2^24, 256^3).
 */
import type { TypedArray } from '../../dtype.ts';
import type { Backend, StridedArray } from '../backend.ts';
import { jsBackend } from '../js.ts';
import { advance, sizeOf } from '../strided.ts';
import { wasmBackend } from '../wasm/index.ts';

/** The part of gpu.js this backend uses. */
interface GpuJsKernel {
  (a: Float32Array, b: Float32Array): Float32Array[] | Float32Array;
  destroy?(): void;
}
interface GpuJs {
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  destroy?(): void;
}
type GpuJsCtor = new (settings?: Record<string, unknown>) => GpuJs;

export interface GpuBackendOptions {
  /** Per-matrix m*k*n below which a float32 product stays on the fallback backend (default 2^24). */
  minMatmulFlops?: number;
  /** gpu.js's GPU class (default: loaded from node_modules, MINDSCIENCE_GPU_DIR or ~/.cache/mindscience-gpu). */
  GPU?: GpuJsCtor;
  /** gpu.js mode (default 'headlessgl' in Node; 'cpu' runs its JavaScript fallback, for tests). */
  mode?: string;
  /** Backend for everything not sent to the GPU (default: the wasm backend, else js). */
  fallback?: Backend;
}

let reason = '';

/** Why the last `createGpuBackend` returned null ('' if it did not). */
export function gpuUnavailableReason(): string {
  return reason;
}

type Proc = { env?: Record<string, string | undefined>; getBuiltinModule?: (id: string) => unknown };

/** gpu.js's GPU class, or a string saying why it cannot be loaded. */
function loadGpuJs(): GpuJsCtor | string {
  const proc = (globalThis as { process?: Proc }).process;
  const mod = proc?.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
  const path = proc?.getBuiltinModule?.('node:path') as typeof import('node:path') | undefined;
  const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  if (!mod || !path || !os) return 'gpu.js can only be loaded by the gpu backend in Node >= 20.16 (pass options.GPU elsewhere)';
  const dirs = [process.cwd(), proc?.env?.MINDSCIENCE_GPU_DIR, path.join(os.homedir(), '.cache', 'mindscience-gpu')].filter((d): d is string => !!d);
  const tried: string[] = [];
  for (const dir of dirs) {
    try {
      const req = mod.createRequire(path.join(dir, 'package.json'));
      const m = req('gpu.js') as { GPU?: GpuJsCtor };
      if (m.GPU) return m.GPU;
    } catch (e) {
      tried.push(`${dir} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
  }
  return `gpu.js is not installed (run scripts/install-gpu.sh); looked in ${tried.join('; ')}`;
}

const MATMUL_SOURCE = `function (a, b) {
  let s = 0;
  const k = this.constants.k, n = this.constants.n;
  for (let p = 0; p < k; p++) s += a[this.thread.y * k + p] * b[p * n + this.thread.x];
  return s;
}`;

/** Row-major dense copy of matrix [rows, cols] at data[off + i*rs + j*cs]. */
function packed(data: TypedArray, off: number, rs: number, cs: number, rows: number, cols: number, dst: Float32Array): Float32Array {
  if (cs === 1 && rs === cols && data instanceof Float32Array) return data.subarray(off, off + rows * cols);
  for (let i = 0, q = 0; i < rows; i++) for (let j = 0; j < cols; j++) dst[q++] = data[off + i * rs + j * cs]!;
  return dst;
}

/** A gpu backend, or null (with `gpuUnavailableReason()`) when gpu.js or a GL context is unavailable. */
export function createGpuBackend(options: GpuBackendOptions = {}): Backend | null {
  const GPU = options.GPU ?? loadGpuJs();
  if (typeof GPU === 'string') { reason = GPU; return null; }
  let gpu: GpuJs;
  try {
    gpu = new GPU({ mode: options.mode ?? 'headlessgl' });
    // Probe: a 2x2 product proves that a context exists and the kernel compiles (headless-gl needs a display).
    const probe = gpu.createKernel(MATMUL_SOURCE, { output: [2, 2], constants: { k: 2, n: 2 }, precision: 'single' });
    const r = probe(Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8));
    const rows = Array.isArray(r) ? r : [r];
    const flat = rows.flatMap((row) => Array.from(row as ArrayLike<number>));
    if (flat.join(',') !== '19,22,43,50') throw new Error(`self-check gave [${flat.join(', ')}] for [[1,2],[3,4]] @ [[5,6],[7,8]], expected [19, 22, 43, 50]`);
    probe.destroy?.();
  } catch (e) {
    reason = `gpu.js could not run a kernel (mode ${options.mode ?? 'headlessgl'}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; headless-gl needs an X display (run under xvfb-run)`;
    return null;
  }
  reason = '';
  const fallback = options.fallback ?? wasmBackend() ?? jsBackend;
  const { minMatmulFlops = 2 ** 24 } = options;
  const kernels = new Map<string, GpuJsKernel>();
  const kernelFor = (m: number, k: number, n: number) => {
    const key = `${m}x${k}x${n}`;
    let kern = kernels.get(key);
    if (!kern) {
      kern = gpu.createKernel(MATMUL_SOURCE, { output: [n, m], constants: { k, n }, precision: 'single', tactic: 'precision' });
      kernels.set(key, kern);
    }
    return kern;
  };
  function matmul(a: StridedArray, b: StridedArray, batch: readonly number[], m: number, k: number, n: number, out: TypedArray): void {
    if (!(out instanceof Float32Array) || m * k * n < minMatmulFlops || k === 0) {
      fallback.matmul(a, b, batch, m, k, n, out);
      return;
    }
    const kern = kernelFor(m, k, n);
    const nb = batch.length;
    const walkShape = [...batch, 1];
    const walkStr = [[...a.strides.slice(0, nb), 0], [...b.strides.slice(0, nb), 0]];
    const offs = [a.offset, b.offset];
    const idx = new Int32Array(Math.max(nb, 1));
    const abuf = new Float32Array(m * k), bbuf = new Float32Array(k * n);
    for (let t = 0, count = sizeOf(batch); t < count; t++) {
      const A = packed(a.data, offs[0]!, a.strides[nb]!, a.strides[nb + 1]!, m, k, abuf);
      const B = packed(b.data, offs[1]!, b.strides[nb]!, b.strides[nb + 1]!, k, n, bbuf);
      const r = kern(A, B);
      const rows = Array.isArray(r) ? r : [r];
      for (let i = 0; i < m; i++) out.set(rows[i]!, t * m * n + i * n);
      if (nb > 0) advance(idx, walkShape, walkStr, offs);
    }
  }
  return { ...fallback, name: 'gpu', matmul };
}
